// upper_bound(): the bound of an amount read from its expression alone, which lets maximum() accept an
// optimum as a cap without the growth tests. A wrong bound would report a cap that is not one, so each shape
// is pinned.
#include "lexsim/rules/loader.hpp"
#include "optimum.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <sstream>
#include <string>

using namespace lexsim;

namespace {

//! The bound of the amount of the one grant of clause `k` in a small rule set.
std::optional<int64_t> bound_of(const std::string& grant) {
    std::string text = R"(
enum level { none, municipal, national }
entity firm {
  level : level = none
  contribution : money = 0 CNY
  years : int = 0
}
param rate "比例" : rate = 5%
benefit award "奖励"
document a { number "A号" issued 2024-01-01 }
clause k { article "一" applies to firm when true
  grant award )" + grant +
                       " }\n";
    auto r = rules::load_texts({{"a.rules", text}});
    std::ostringstream diags;
    r.diagnostics.render(r.sources, diags);
    INFO(diags.str());
    REQUIRE(r.ok());
    const rules::RuleSet& rs = *r.rules;
    return solver::detail::upper_bound(rs, rs.clause(*rs.clause_ids().begin()).grants[0].amount);
}

constexpr int64_t wan = 1'000'000; // 1 万元 in fen

} // namespace

TEST_CASE("upper_bound: fixed amounts and caps read from the expression", "[solver][optimum]") {
    CHECK(bound_of("up to 500 万元") == 500 * wan);
    CHECK(bound_of("up to min(70% of contribution, 500 万元)") == 500 * wan);
    CHECK(bound_of("up to min(70% of contribution, 500 万元, 300 万元)") == 300 * wan);
    CHECK(bound_of("up to if level == national then 500 万元 else 200 万元") == 500 * wan);
    CHECK(bound_of("up to max(100 万元, 200 万元)") == 200 * wan);
    CHECK(bound_of("up to 100 万元 + min(contribution, 50 万元)") == 150 * wan);
    CHECK(bound_of("up to min(contribution, 50 万元) - 10 万元") == 40 * wan);
    CHECK(bound_of("up to 30% of min(contribution, 100 万元)") == 30 * wan);
}

TEST_CASE("upper_bound: amounts that grow with an input or a parameter have none", "[solver][optimum]") {
    CHECK_FALSE(bound_of("up to 70% of contribution").has_value());
    CHECK_FALSE(bound_of("up to max(contribution, 100 万元)").has_value());
    CHECK_FALSE(bound_of("up to if level == national then contribution else 200 万元").has_value());
    CHECK_FALSE(bound_of("up to 100 万元 - min(contribution, 50 万元)").has_value());
    CHECK_FALSE(bound_of("up to rate of 100 万元").has_value());
    CHECK_FALSE(bound_of("up to 10 万元 * years").has_value());
}

TEST_CASE("combined_bound: the sum of bounds, each at least 0, or none", "[solver][optimum]") {
    std::string text = R"(
entity firm { contribution : money = 0 CNY }
benefit award "奖励"
document a { number "A号" issued 2024-01-01 }
clause p { article "一" applies to firm when true grant award up to 500 万元 }
clause q { article "二" applies to firm when true grant award up to min(contribution, 200 万元) }
clause r { article "三" applies to firm when true grant award up to contribution }
)";
    auto r = rules::load_texts({{"a.rules", text}});
    REQUIRE(r.ok());
    const rules::RuleSet& rs = *r.rules;
    std::vector<rules::ExprId> amounts;
    for (rules::ClauseId id : rs.clause_ids())
        amounts.push_back(rs.clause(id).grants[0].amount);
    CHECK(solver::detail::combined_bound(rs, {amounts[0], amounts[1]}) == 700 * wan);
    CHECK_FALSE(solver::detail::combined_bound(rs, amounts).has_value());
}
