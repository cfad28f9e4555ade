#include "lexsim/rules/calendar.hpp"

#include <cstdio>

namespace lexsim::rules {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t days_from_civil(int32_t y, int32_t m, int32_t d) {
    y -= m <= 2 ? 1 : 0;
    const int32_t era = (y >= 0 ? y : y - 399) / 400;
    const int32_t yoe = y - era * 400;
    const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int32_t z) {
    z += 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int32_t doe = z - era * 146097;
    const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int32_t y = yoe + era * 400;
    const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int32_t mp = (5 * doy + 2) / 153;
    const int32_t d = doy - (153 * mp + 2) / 5 + 1;
    const int32_t m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

int32_t days_in_month(int32_t y, int32_t m) {
    static constexpr int32_t lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return lengths[m - 1];
}

bool is_valid_date(int32_t y, int32_t m, int32_t d) {
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int32_t add_months(int32_t days, int32_t months) {
    CivilDate c = civil_from_days(days);
    int32_t total = c.year * 12 + (c.month - 1) + months;
    int32_t y = total / 12;
    int32_t m = total % 12 + 1;
    int32_t d = c.day > days_in_month(y, m) ? days_in_month(y, m) : c.day;
    return days_from_civil(y, m, d);
}

std::optional<int32_t> parse_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-')
        return std::nullopt;
    auto digits = [&](size_t b, size_t n) -> int32_t {
        int32_t v = 0;
        for (size_t i = b; i < b + n; ++i) {
            if (t[i] < '0' || t[i] > '9')
                return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    int32_t y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y < 0 || m < 0 || d < 0 || !is_valid_date(y, m, d))
        return std::nullopt;
    return days_from_civil(y, m, d);
}

std::string format_date(int32_t days) {
    CivilDate c = civil_from_days(days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
}

} // namespace lexsim::rules
