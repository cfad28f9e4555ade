#pragma once
/**
 * @brief `lexsim check`: Z3 verification of a RuleSet.
 *
 *     auto report = lexsim::solver::check(rules, {});
 *     for (const auto& f : report.findings) ...
 *
 * Every witness is re-run through rules::evaluate before it is reported; a
 * disagreement is an internal error, never a silent drop. A query the solver
 * cannot decide within its resource limit becomes a finding marked unknown.
 */
#include "lexsim/solver/findings.hpp"

namespace lexsim::solver {

CheckReport check(const rules::RuleSet& rs, const CheckOptions& options);

} // namespace lexsim::solver
