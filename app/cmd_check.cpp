// lexsim check: Z3 verification with witnesses and citations.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/solver/check.hpp"
#include "lexsim/solver/report.hpp"

#include <filesystem>
#include <iostream>

namespace lexsim::app {

int run_check(const CheckOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    if (!o.emit_smt.empty()) {
        std::error_code ec;
        // Old query files mixed with new ones would mislead: a directory with anything in it is refused.
        if (std::filesystem::is_directory(o.emit_smt, ec) && !std::filesystem::is_empty(o.emit_smt, ec)) {
            std::cerr << "lexsim check: --emit-smt " << o.emit_smt
                      << " is not empty; give a new or empty directory\n";
            return Exit::bad_input;
        }
        std::filesystem::create_directories(o.emit_smt, ec);
        if (ec || !std::filesystem::is_directory(o.emit_smt)) {
            std::cerr << "lexsim check: cannot create the directory " << o.emit_smt
                      << (ec ? ": " + ec.message() : std::string()) << '\n';
            return Exit::bad_input;
        }
    }
    solver::CheckOptions opts;
    opts.rlimit = o.rlimit;
    opts.emit_smt_dir = o.emit_smt;
    solver::CheckReport report = solver::check(*loaded.rules, opts);
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
    }
    for (const auto& e : report.output_errors)
        std::cerr << "lexsim check: " << e << '\n';
    if (!report.output_errors.empty())
        return Exit::bad_input;
    // Queries Z3 could not decide leave checks incomplete: not the clean result exit 0 promises.
    bool errors = report.count(solver::Severity::Error) > 0 || !report.internal_errors.empty() ||
                  report.stats.unknown > 0;
    return errors ? Exit::findings : Exit::ok;
}

} // namespace lexsim::app
