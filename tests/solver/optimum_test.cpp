// upper_bound(): the bound of an amount read from its expression alone, which lets maximum() accept an
// optimum as a cap without the growth tests. A wrong bound would report a cap that is not one, so each shape
// is pinned.
#include "lexsim/rules/loader.hpp"
#include "optimum.hpp"

#include <catch2/catch.hpp>
#include <functional>
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

namespace {

//! maximum() of `objective(x)` for one input 0 <= x <= 10^15, with the tighter ranges 10^14 and 10^13.
std::optional<int64_t> maximum_of(const std::function<z3::expr(z3::context&, const z3::expr&)>& objective,
                                  bool& unknown, std::optional<int64_t> bound = std::nullopt) {
    z3::context ctx;
    z3::expr x = ctx.int_const("x");
    auto range = [&](int64_t high) { return std::vector<z3::expr>{x >= 0, x <= ctx.int_val(high)}; };
    constexpr int64_t top = 1'000'000'000'000'000;
    return solver::detail::maximum(ctx, range(top), range(top / 10), range(top / 100), objective(ctx, x),
                                   1'000'000, 0, unknown, bound);
}

} // namespace

TEST_CASE("maximum: growth, caps inside the ranges, amounts paid only for extreme inputs",
          "[solver][optimum]") {
    bool unknown = false;
    // Grows with its input: no maximum.
    CHECK_FALSE(maximum_of([](z3::context&, const z3::expr& x) { return x; }, unknown).has_value());
    // Paid up to a level between a hundredth and a tenth of the range: a cap, whichever way it is found.
    auto capped = [](z3::context& c, const z3::expr& x) {
        return z3::ite(x <= c.int_val(int64_t{50'000'000'000'000}), x, c.int_val(0));
    };
    CHECK(maximum_of(capped, unknown) == 50'000'000'000'000);
    // Paid only for extreme inputs: it keeps the whole range's optimum.
    auto extreme = [](z3::context& c, const z3::expr& x) {
        return z3::ite(x >= c.int_val(int64_t{500'000'000'000'000}), c.int_val(100), c.int_val(0));
    };
    CHECK(maximum_of(extreme, unknown) == 100);
    // A bound the objective reaches is the maximum.
    auto least = [](z3::context& c, const z3::expr& x) {
        return z3::ite(x <= c.int_val(100), x, c.int_val(100));
    };
    CHECK(maximum_of(least, unknown, 100) == 100);
    CHECK_FALSE(unknown);
}
