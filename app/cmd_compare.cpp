// lexsim diff OLD NEW and lexsim bounds: semantic comparison and worst-case outlays (rendered by
// lexsim::solver, beside check's findings).
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/solver/compare.hpp"
#include "lexsim/solver/report.hpp"

#include <iostream>

namespace lexsim::app {

namespace {

solver::Lang lang_of(const rules::RuleSet& rs, const std::string& lang) {
    return solver::resolve_lang(rs, lang == "zh"   ? solver::Lang::Zh
                                    : lang == "en" ? solver::Lang::En
                                                   : solver::Lang::Auto);
}

} // namespace

int run_diff(const DiffOptions& o) {
    auto older = load_or_report({o.older});
    if (!older.ok())
        return Exit::bad_input;
    auto newer = load_or_report({o.newer});
    if (!newer.ok())
        return Exit::bad_input;
    solver::CheckOptions opts;
    opts.rlimit = o.rlimit;
    opts.timeout_ms = o.timeout_ms;
    solver::DiffReport d = solver::diff(*older.rules, *newer.rules, opts);
    std::cout << (o.format == "json" ? solver::render_diff_json(d)
                                     : solver::render_diff_text(*older.rules, *newer.rules, d,
                                                                lang_of(*newer.rules, o.lang), o.all));
    for (const auto& e : d.errors)
        std::cerr << "lexsim diff: error: " << e << '\n';
    return d.errors.empty() ? Exit::ok : Exit::findings;
}

int run_bounds(const BoundsOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const rules::RuleSet& rs = *loaded.rules;
    solver::CheckOptions opts;
    opts.rlimit = o.rlimit;
    opts.timeout_ms = o.timeout_ms;
    solver::BoundsReport b = solver::bounds(rs, opts);
    std::cout << (o.format == "json" ? solver::render_bounds_json(rs, b)
                                     : solver::render_bounds_text(rs, b, lang_of(rs, o.lang)));
    return Exit::ok;
}

} // namespace lexsim::app
