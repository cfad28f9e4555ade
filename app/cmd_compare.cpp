// lexsim diff OLD NEW and lexsim bounds: semantic comparison and worst-case outlays.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/solver/compare.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace lexsim::app {

namespace {

using nlohmann::ordered_json;

std::string money_or_unbounded(const std::optional<int64_t>& v) {
    return v ? rules::format_money(*v) : std::string("unbounded (grows with an input)");
}

ordered_json witness_json(const solver::DiffWitness& w) {
    ordered_json attrs = ordered_json::object();
    for (const auto& [k, v] : w.attributes)
        attrs[k] = v;
    return {{"entity", w.entity},
            {"date", rules::format_date(w.date)},
            {"attributes", attrs},
            {"old", rules::format_money(w.old_total)},
            {"new", rules::format_money(w.new_total)},
            {"old_fen", w.old_total},
            {"new_fen", w.new_total},
            {"verified", w.verified}};
}

std::string witness_text(const solver::DiffWitness& w) {
    std::string s = w.entity + " on " + rules::format_date(w.date);
    std::string sep = ": ";
    for (const auto& [k, v] : w.attributes) {
        s += sep + k + " = " + v;
        sep = ", ";
    }
    return s + " → old " + rules::format_money(w.old_total) + ", new " + rules::format_money(w.new_total);
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
    solver::DiffReport d = solver::diff(*older.rules, *newer.rules, opts);
    if (o.format == "json") {
        ordered_json out = ordered_json::array();
        for (const auto& b : d.benefits) {
            ordered_json j{{"benefit", b.benefit},
                           {"entity", b.entity},
                           {"verdict", solver::diff_verdict_name(b.verdict)}};
            if (b.more)
                j["more_generous_witness"] = witness_json(*b.more);
            if (b.less)
                j["less_generous_witness"] = witness_json(*b.less);
            if (!b.reason.empty())
                j["reason"] = b.reason;
            out.push_back(j);
        }
        std::cout << ordered_json{{"benefits", out}, {"errors", d.errors}}.dump(
                         2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
    } else {
        for (const auto& b : d.benefits) {
            std::cout << b.benefit << " (" << b.entity << "): " << solver::diff_verdict_name(b.verdict)
                      << '\n';
            if (b.more)
                std::cout << "  new pays more: " << witness_text(*b.more) << '\n';
            if (b.less)
                std::cout << "  new pays less: " << witness_text(*b.less) << '\n';
            if (!b.reason.empty())
                std::cout << "  solver: " << b.reason << '\n';
        }
    }
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
    solver::BoundsReport b = solver::bounds(rs, opts);
    if (o.format == "json") {
        ordered_json clauses = ordered_json::array();
        for (const auto& c : b.clauses) {
            const rules::Clause& cl = rs.clauses[static_cast<size_t>(c.clause)];
            ordered_json j{
                {"clause", cl.id},
                {"document", rs.documents[static_cast<size_t>(cl.document)].number},
                {"article", cl.article},
                {"benefit",
                 rs.benefits[static_cast<size_t>(cl.grants[static_cast<size_t>(c.grant)].benefit)].name}};
            j["per_entity_fen"] = c.per_entity ? ordered_json(*c.per_entity) : ordered_json(nullptr);
            j["per_year_fen"] = c.per_year ? ordered_json(*c.per_year) : ordered_json(nullptr);
            if (c.per_year_overflow)
                j["per_year_overflow"] = true;
            if (c.unknown)
                j["unknown"] = true;
            clauses.push_back(j);
        }
        ordered_json benefits = ordered_json::array();
        for (const auto& x : b.benefits)
            benefits.push_back(
                {{"benefit", x.benefit},
                 {"entity", x.entity},
                 {"per_entity_fen", x.per_entity ? ordered_json(*x.per_entity) : ordered_json(nullptr)}});
        ordered_json entities = ordered_json::array();
        for (const auto& [name, v] : b.entities)
            entities.push_back(
                {{"entity", name}, {"per_entity_fen", v ? ordered_json(*v) : ordered_json(nullptr)}});
        std::cout << ordered_json{{"clauses", clauses}, {"benefits", benefits}, {"entities", entities}}.dump(
                         2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
        return Exit::ok;
    }
    std::cout << "Most one entity can receive in one year, per clause\n";
    for (const auto& c : b.clauses) {
        const rules::Clause& cl = rs.clauses[static_cast<size_t>(c.clause)];
        std::cout << "  " << cl.id << "  " << rs.documents[static_cast<size_t>(cl.document)].number << ' '
                  << cl.article << "  " << (c.unknown ? "unknown" : money_or_unbounded(c.per_entity));
        if (c.per_year)
            std::cout << "; all recipients together at most " << rules::format_money(*c.per_year)
                      << " a year";
        if (c.per_year_overflow)
            std::cout << "; all recipients together: too large to compute exactly (overflow)";
        std::cout << '\n';
    }
    std::cout << "\nPer benefit, one entity, one year\n";
    for (const auto& x : b.benefits)
        std::cout << "  " << x.benefit << " (" << x.entity
                  << "): " << (x.unknown ? "unknown" : money_or_unbounded(x.per_entity)) << '\n';
    std::cout << "\nAll benefits, one entity, one year\n";
    for (const auto& [name, v] : b.entities)
        std::cout << "  " << name << ": " << money_or_unbounded(v) << '\n';
    return Exit::ok;
}

} // namespace lexsim::app
