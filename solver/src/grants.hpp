#pragma once
// The grants findings share: a reference to one grant of one clause, what it pays in an evaluation,
// whether an amount takes a share of an attribute, and the "paid together" machinery (grouping by
// union-find, the combined maximum and its words). Used by check_grants.cpp, check_stacking.cpp and
// check_costs.cpp.
#include "checker.hpp"
#include "optimum.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::solver::detail {

struct GrantRef {
    rules::ClauseId clause;
    size_t grant;
};

inline bool quantified(const rules::Grant& g) {
    return g.amount_kind == rules::AmountKind::UpTo || g.amount_kind == rules::AmountKind::Exact;
}

inline const rules::Grant& grant_of(const rules::RuleSet& rs, const GrantRef& g) {
    return rs.clause(g.clause).grants[g.grant];
}

inline bool reads_attr(const rules::RuleSet& rs, rules::ExprId id, int32_t slot) {
    std::vector<int32_t> attrs;
    Checker::collect_attrs(rs, id, attrs);
    return std::find(attrs.begin(), attrs.end(), slot) != attrs.end();
}

//! Does the expression take a share (`rate * x`) of something computed from attribute `slot`
//! (70% of contribution, 70% of (contribution - standard), …)?
inline bool has_share_of(const rules::RuleSet& rs, rules::ExprId id, int32_t slot) {
    if (id == rules::no_expr)
        return false;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::Mul && e.value == rules::micro) {
        for (rules::ExprId side : {e.a, e.b})
            if (rs.expr(side).type.kind == rules::TypeKind::Money && reads_attr(rs, side, slot))
                return true;
    }
    if (has_share_of(rs, e.a, slot) || has_share_of(rs, e.b, slot) || has_share_of(rs, e.c, slot))
        return true;
    if (e.op == rules::ExprOp::Min || e.op == rules::ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            if (has_share_of(rs, static_cast<rules::ExprId>(rs.lists[e.list_begin + i]), slot))
                return true;
    return false;
}

//! The evaluator's amount for a clause's grant in the witness's evaluation, or -1.
inline int64_t evaluated_amount(const rules::Evaluation& ev, const GrantRef& g) {
    for (const auto& o : ev.grants)
        if (o.clause == g.clause && o.grant == static_cast<int32_t>(g.grant))
            return o.amount;
    return -1;
}

//! The root of `i` in a union-find forest, halving the path on the way.
inline int32_t union_root(std::vector<int32_t>& parent, int32_t i) {
    while (parent[static_cast<size_t>(i)] != i)
        i = parent[static_cast<size_t>(i)] = parent[static_cast<size_t>(parent[static_cast<size_t>(i)])];
    return i;
}

//! How many of `flags` hold, as a Z3 integer.
inline z3::expr count_true(z3::context& ctx, const std::vector<z3::expr>& flags) {
    z3::expr sum = ctx.int_val(0);
    for (const auto& f : flags)
        sum = sum + z3::ite(f, ctx.int_val(1), ctx.int_val(0));
    return sum;
}

//! The combined maximum of `total` over every situation of `entity` in which `together` holds (nullopt:
//! it grows with an input, or `undecided` when the solver could not tell).
inline std::optional<int64_t> combined_maximum(Checker& c, int32_t entity, const z3::expr& together,
                                               const z3::expr& total, bool& undecided) {
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    std::vector<z3::expr> facts = enc.domain(s), narrower = enc.domain(s, 10), narrowest = enc.domain(s, 100);
    for (const auto& f : enc.param_domain())
        facts.push_back(f);
    for (const auto& f : enc.param_domain(10))
        narrower.push_back(f);
    for (const auto& f : enc.param_domain(100))
        narrowest.push_back(f);
    facts.push_back(together);
    narrower.push_back(together);
    narrowest.push_back(together);
    return maximum(enc.ctx(), facts, narrower, narrowest, total, c.rlimit() * 4, c.timeout_ms(), undecided);
}

//! "最高 1000 万元（每年）", or why there is no maximum.
inline std::string combined_text(const Words& w, const std::optional<int64_t>& most, bool yearly,
                                 bool undecided) {
    return most        ? Words::money(*most) + (yearly ? w.pick("（每年）", " a year") : std::string())
           : undecided ? w.pick("未知（求解器未能判定）", "unknown (the solver could not decide)")
                       : w.pick("无上限（金额随输入增长）", "unbounded (an amount grows with an input)");
}

//! stacking: percentage grants on one base whose sum can exceed the base itself. When the grants are all
//! in one finding of `grouped` already (one benefit paid twice), the stacking is a reading of that finding.
void check_stacking(Checker& c, std::vector<Finding>& grouped);

} // namespace lexsim::solver::detail
