#pragma once
/**
 * @brief Which inputs drive the total: a tornado table with common random numbers.
 *
 * Each random input (an open parameter drawn from a distribution, a take-up rate, a payout fraction) is
 * fixed at a low and a high value — its 10% and 90% quantiles; a fixed take-up rate p at p/2 and
 * min(1, 1.5 p) — and the scenario is run again with the same seed and stream, so the two runs differ
 * only by that input. Rows are ranked by the swing of the mean horizon total.
 *
 *     auto rows = sim::sensitivity(rs, scenario, {.trials = 200});
 */
#include "lexsim/simulation/engine.hpp"
#include "lexsim/simulation/report.hpp"

#include <vector>

namespace lexsim::sim {

std::vector<SensitivityRow> sensitivity(const rules::RuleSet& rs, const Scenario& s,
                                        const SimulationOptions& options);

} // namespace lexsim::sim
