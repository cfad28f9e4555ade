#pragma once
// scenarios/baseline.toml, compiled into the library (cmake/LexsimEmbed.cmake).
#include <string>
#include <utility>
#include <vector>

namespace lexsim::sim::detail {

//! (path relative to the repository, text) of the embedded scenarios.
std::vector<std::pair<std::string, std::string>> embedded_scenario_files();

} // namespace lexsim::sim::detail
