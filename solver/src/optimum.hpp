#pragma once
// Worst cases with z3::optimize, told apart from artefacts of the witness bounds.
#include "lexsim/rules/ast.hpp"

#include <cstdint>
#include <optional>
#include <vector>
#include <z3++.h>

namespace lexsim::solver::detail {

//! Optimum of `objective` under `facts` (values over their whole range); nullopt when it grows with an input.
//! `narrower` and `narrowest` are the same facts with every value bound ten and a hundred times tighter: an
//! amount grows when its optimum passes a tenth of the 64-bit range, or when it keeps growing from the
//! narrowest range to the narrower one (an amount paid only for extreme inputs keeps its optimum).
//! `timeout_ms` is the wall-clock budget of each of its Z3 calls, as `rlimit` is their resource limit.
//! `bound`, when the caller has one, is a value the objective never exceeds, proved from the rules' text
//! (upper_bound()): an optimum equal to it is a cap the rules set, and the growth tests are skipped.
std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& narrower, const std::vector<z3::expr>& narrowest,
                               const z3::expr& objective, uint64_t rlimit, unsigned timeout_ms, bool& unknown,
                               std::optional<int64_t> bound = std::nullopt);

//! A value the evaluator's result of `id` never exceeds, read from the expression alone: a literal is its own
//! bound, `min` is bounded by any bounded member, `max`, `if`, `+` by their bounded parts, and a product or
//! quotient by a non-negative literal by the bound of its other side. nullopt when an input or a parameter
//! can make it grow (`70% × contribution`) or the bound passes the 64-bit range.
std::optional<int64_t> upper_bound(const rules::RuleSet& rs, rules::ExprId id);

//! The bound of a combined amount that pays each of `amounts` (clamped at 0, as a grant pays) at most once:
//! the sum of their bounds, or nullopt when one has none.
std::optional<int64_t> combined_bound(const rules::RuleSet& rs, const std::vector<rules::ExprId>& amounts);

} // namespace lexsim::solver::detail
