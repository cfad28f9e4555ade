#include "lexsim/rules/calendar.hpp"

#include <chrono>
#include <cstdio>

namespace lexsim::rules {

// Civil dates on C++20 <chrono> calendar types: sys_days counts days since 1970-01-01.
int32_t days_from_civil(int32_t y, int32_t m, int32_t d) {
    using namespace std::chrono;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    return static_cast<int32_t>(sys_days{ymd}.time_since_epoch().count());
}

CivilDate civil_from_days(int32_t days) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{std::chrono::days{days}}};
    return {static_cast<int32_t>(int{ymd.year()}), static_cast<int32_t>(unsigned{ymd.month()}),
            static_cast<int32_t>(unsigned{ymd.day()})};
}

int32_t days_in_month(int32_t y, int32_t m) {
    using namespace std::chrono;
    const year_month_day_last last{year{y}, month_day_last{month{static_cast<unsigned>(m)}}};
    return static_cast<int32_t>(unsigned{last.day()});
}

bool is_valid_date(int32_t y, int32_t m, int32_t d) {
    using namespace std::chrono;
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
           year_month_day{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}}.ok();
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
