#pragma once
// Plausible witnesses: after any objective a finding needs (the combined maximum of a double payment, by
// z3::optimize), tiered preferences pick values that read like the corpus's own cases.
#include "checker.hpp"

#include <optional>
#include <vector>
#include <z3++.h>

namespace lexsim::solver::detail {

/**
 * @brief The witness of a finding: with `maximise`, first the largest value of it (z3::optimize), kept as a
 * hard fact; then values that read like the corpus's own cases, in tiers tried strongest first (a
 * z3::solver check each, so the cost stays that of a few queries):
 *
 *   1. tidy() (a date in the corpus's first two years, whole 万元 below 1 亿元, small counts) and every money
 *      input 0, a whole 100 万元 from 1000 万元 to 1 亿元, or a value the rules' `example` blocks give it;
 *   2. tidy() and every money input 0 or such a round figure (plausible());
 *   3. tidy(); 4. nothing more.
 *
 * The hard facts are the entity's domain, the open parameters' domains and `must`. Returns the model, or
 * nullopt when Z3 finds none within the resource limit (the caller keeps the model it had).
 * `known` is the largest value of `maximise` under the same hard facts when the caller has it already
 * (maximum() of optimum.hpp): no z3::optimize then, whose cost grew with the context (0.3 s a call at
 * 3 000 clauses).
 */
std::optional<z3::model> plausible_model(Checker& c, int32_t entity, const std::vector<z3::expr>& must,
                                         const z3::expr* maximise = nullptr,
                                         std::optional<int64_t> known = std::nullopt);

} // namespace lexsim::solver::detail
