// lexsim check: Z3 verification with witnesses and citations; lexsim explain-finding: what a code means.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/solver/check.hpp"
#include "lexsim/solver/report.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace lexsim::app {

namespace {

solver::Lang lang_of(const std::string& lang) {
    return lang == "zh" ? solver::Lang::Zh : lang == "en" ? solver::Lang::En : solver::Lang::Auto;
}

//! The loaded files a --focus argument names (a file, or every file under a directory); empty when none.
std::vector<std::string> focused_files(const rules::RuleSet& rs, const std::string& focus) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path want = fs::weakly_canonical(fs::path(focus), ec);
    std::vector<std::string> out;
    if (ec)
        return out;
    for (uint32_t i = 0; i < rs.sources.size(); ++i) {
        fs::path have = fs::weakly_canonical(fs::path(rs.sources.path(i)), ec);
        if (ec)
            continue;
        auto [w, h] = std::mismatch(want.begin(), want.end(), have.begin(), have.end());
        if (w == want.end())
            out.push_back(rs.sources.path(i));
    }
    return out;
}

bool read_review(const CheckOptions& o, const rules::RuleSet& rs, solver::Review& review) {
    if (!o.baseline.empty()) {
        std::ifstream in(o.baseline, std::ios::binary);
        if (!in) {
            std::cerr << "lexsim check: cannot read the baseline " << o.baseline << '\n';
            return false;
        }
        std::ostringstream text;
        text << in.rdbuf();
        std::string error;
        review.baseline = solver::read_baseline(text.str(), error);
        if (!review.baseline) {
            std::cerr << "lexsim check: " << o.baseline << ": " << error << '\n';
            return false;
        }
    }
    for (const auto& f : o.focus) {
        auto files = focused_files(rs, f);
        if (files.empty()) {
            std::cerr << "lexsim check: --focus " << f << " names none of the rules files being checked\n";
            return false;
        }
        review.focus.insert(review.focus.end(), files.begin(), files.end());
    }
    return true;
}

} // namespace

int run_check(const CheckOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    solver::Review review;
    if (!read_review(o, *loaded.rules, review))
        return Exit::bad_input;
    std::unique_ptr<StagedDirectory> smt; // --emit-smt: in place only when the whole run succeeds
    if (!o.emit_smt.empty()) {
        std::error_code ec;
        // Old query files mixed with new ones would mislead: a directory with anything in it is refused.
        if (std::filesystem::is_directory(o.emit_smt, ec) && !std::filesystem::is_empty(o.emit_smt, ec)) {
            std::cerr << "lexsim check: --emit-smt " << o.emit_smt
                      << " is not empty; give a new or empty directory\n";
            return Exit::bad_input;
        }
        std::string err;
        smt = std::make_unique<StagedDirectory>(o.emit_smt, err);
        if (smt->path().empty()) {
            std::cerr << "lexsim check: " << err << '\n';
            return Exit::bad_input;
        }
    }
    solver::CheckOptions opts;
    opts.rlimit = o.rlimit;
    opts.timeout_ms = o.timeout_ms;
    opts.emit_smt_dir = smt ? smt->path() : std::string();
    opts.lang = lang_of(o.lang);
    solver::CheckReport report = solver::check(*loaded.rules, opts);
    solver::apply_review(*loaded.rules, report, review);
    std::string out = o.format == "json"    ? solver::render_json(*loaded.rules, report)
                      : o.format == "sarif" ? solver::render_sarif(*loaded.rules, report)
                                            : solver::render_text(*loaded.rules, report);
    if (!o.output.empty()) {
        std::string err;
        if (!write_file_atomically(o.output, out, err)) {
            std::cerr << "lexsim check: " << err << '\n';
            return Exit::bad_input;
        }
    } else {
        std::cout << out;
        if (smt && !flush_stdout("check")) // the report is lost: so are its queries
            return Exit::bad_input;
    }
    for (const auto& e : report.output_errors)
        std::cerr << "lexsim check: " << e << '\n';
    if (!report.output_errors.empty())
        return Exit::bad_input;
    if (smt) {
        std::string err;
        if (!smt->commit(err)) {
            std::cerr << "lexsim check: " << err << '\n';
            return Exit::bad_input;
        }
    }
    // Queries Z3 could not decide leave checks incomplete: not the clean result exit 0 promises.
    bool errors = report.count(solver::Severity::Error) > 0 || !report.internal_errors.empty() ||
                  report.stats.unknown > 0;
    return errors ? Exit::findings : Exit::ok;
}

int run_explain_finding(const ExplainFindingOptions& o) {
    const bool zh = o.lang != "en";
    if (o.code.empty()) {
        for (const auto& k : solver::finding_kinds())
            std::cout << k.code << "  " << k.id << "  " << (zh ? k.summary_zh : k.summary) << '\n';
        return Exit::ok;
    }
    const solver::KindInfo* k = solver::find_kind(o.code);
    if (!k) {
        std::cerr << "lexsim explain-finding: no finding kind has the code or name '" << o.code
                  << "' (`lexsim explain-finding` lists them)\n";
        return Exit::bad_input;
    }
    std::cout << k->code << ' ' << k->id << (zh ? "：" : ": ") << (zh ? k->summary_zh : k->summary) << "\n\n"
              << (zh ? k->explanation_zh : k->explanation) << '\n';
    return Exit::ok;
}

} // namespace lexsim::app
