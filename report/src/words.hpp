#pragma once
// The words of the report, in Chinese and English: the one place that knows them.
#include "lexsim/report/report.hpp"

#include <string_view>

namespace lexsim::report::detail {

//! The text for `key` in `lang`; the key itself when it is not in the table (a bug a test catches).
std::string_view word(Lang lang, std::string_view key);

} // namespace lexsim::report::detail
