#pragma once
// The grants findings share: a reference to one grant of one clause, what it pays in an evaluation, and
// whether an amount takes a share of an attribute. Used by check_grants.cpp and check_stacking.cpp.
#include "checker.hpp"

#include <algorithm>
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

//! stacking: percentage grants on one base whose sum can exceed the base itself. When the grants are all
//! in one finding of `grouped` already (one benefit paid twice), the stacking is a reading of that finding.
void check_stacking(Checker& c, std::vector<Finding>& grouped);

} // namespace lexsim::solver::detail
