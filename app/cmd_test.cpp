// lexsim test: run the example blocks through the evaluator.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <iostream>
#include <set>

namespace lexsim::app {

int run_test(const TestOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const rules::RuleSet& rs = *loaded.rules;
    auto failures = rules::run_examples(rs);
    std::set<int32_t> failed;
    for (const auto& f : failures) {
        failed.insert(f.example);
        rules::Diagnostic d{rules::Severity::Error, f.span, f.message, {}};
        rules::render_diagnostic(rs.sources, d, std::cerr);
    }
    size_t total = rs.examples.size();
    std::cout << "examples: " << (total - failed.size()) << " passed, " << failed.size() << " failed\n";
    return failed.empty() ? Exit::ok : Exit::findings;
}

} // namespace lexsim::app
