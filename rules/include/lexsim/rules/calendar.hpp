#pragma once
/**
 * @brief Civil dates as day counts (days since 1970-01-01), proleptic Gregorian.
 */
#include <cstdint>
#include <optional>
#include <string>

namespace lexsim::rules {

struct CivilDate {
    int32_t year = 1970;
    int32_t month = 1;
    int32_t day = 1;
};

int32_t days_from_civil(int32_t y, int32_t m, int32_t d);
CivilDate civil_from_days(int32_t days);
bool is_valid_date(int32_t y, int32_t m, int32_t d);
int32_t days_in_month(int32_t y, int32_t m);
//! Adds calendar months, clamping the day to the end of the target month.
int32_t add_months(int32_t days, int32_t months);
//! Parses "YYYY-MM-DD"; nullopt if malformed or not a calendar date.
std::optional<int32_t> parse_date(std::string_view text);
std::string format_date(int32_t days);
inline int32_t year_of(int32_t days) {
    return civil_from_days(days).year;
}

} // namespace lexsim::rules
