#pragma once
// The value a parameter-only expression (a target's, a reported figure's) has on a date, with the
// parameters in force that day. Used by check_targets.cpp and check_reported.cpp.
#include "lexsim/rules/evaluator.hpp"

#include <cstdint>
#include <optional>

namespace lexsim::solver::detail {

//! The expression's value on `date`, or nullopt when the evaluator cannot fix it (a parameter not yet
//! set, an attribute read, …).
inline std::optional<int64_t> value_on(const rules::RuleSet& rs, rules::ExprId value, int32_t date) {
    rules::ParamRow params = rules::resolve_params(rs, date);
    rules::EvalInput in;
    in.params = params.values.data();
    in.param_present = params.present.data();
    in.today = date;
    rules::EvalValue v = rules::eval_expr(rs, value, in);
    if (v.status != rules::EvalStatus::Ok)
        return std::nullopt;
    return v.value;
}

} // namespace lexsim::solver::detail
