#pragma once
// Worst cases with z3::optimize, told apart from artefacts of the witness bounds.
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
std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& narrower, const std::vector<z3::expr>& narrowest,
                               const z3::expr& objective, uint64_t rlimit, unsigned timeout_ms,
                               bool& unknown);

} // namespace lexsim::solver::detail
