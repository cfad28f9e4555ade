// The scenario `lexsim simulate` runs with no file: scenarios/baseline.toml, embedded at build time.
#include "embedded_scenarios.hpp"
#include "lexsim/simulation/scenario.hpp"

namespace lexsim::sim {

std::string_view embedded_baseline_scenario() {
    static const std::string text = detail::embedded_scenario_files().front().second;
    return text;
}

} // namespace lexsim::sim
