// lexsim check: Z3 verification with witnesses and citations.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/solver/check.hpp"
#include "lexsim/solver/report.hpp"

#include <iostream>

namespace lexsim::app {

int run_check(const CheckOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
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
    bool errors = report.count(solver::Severity::Error) > 0 || !report.internal_errors.empty();
    return errors ? Exit::findings : Exit::ok;
}

} // namespace lexsim::app
