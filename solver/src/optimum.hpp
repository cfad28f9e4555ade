#pragma once
// Worst cases with z3::optimize, told apart from artefacts of the witness bounds.
#include <cstdint>
#include <optional>
#include <vector>
#include <z3++.h>

namespace lexsim::solver::detail {

//! Optimum of `objective` under `facts`; nullopt when it grows with an input: `wider` are the same facts with
//! every value bound ten times wider, and if the objective can pass the optimum there, the optimum was only
//! the witness bound's doing.
std::optional<int64_t> maximum(z3::context& ctx, const std::vector<z3::expr>& facts,
                               const std::vector<z3::expr>& wider, const z3::expr& objective, uint64_t rlimit,
                               bool& unknown);

} // namespace lexsim::solver::detail
