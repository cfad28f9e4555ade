#pragma once
// The calendar data files under rules/calendar/, compiled into the library (cmake/LexsimEmbed.cmake).
#include <string>
#include <utility>
#include <vector>

namespace lexsim::rules::detail {

//! (path relative to the repository, text) for every `rules/calendar/*.calendar` file, sorted by path.
std::vector<std::pair<std::string, std::string>> embedded_calendar_files();

} // namespace lexsim::rules::detail
