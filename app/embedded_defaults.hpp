#pragma once
// scenarios/schedule-defaults.toml, compiled into the binary (cmake/LexsimEmbed.cmake): the estimates
// `lexsim schedule` uses without a scenario file.
#include <string>
#include <utility>
#include <vector>

namespace lexsim::app {

//! (path relative to the repository, text) of the default schedule scenario.
std::vector<std::pair<std::string, std::string>> embedded_schedule_defaults();

} // namespace lexsim::app
