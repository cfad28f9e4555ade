#include "lexsim/rules/calendar.hpp"

#include <catch2/catch.hpp>

using namespace lexsim::rules;

TEST_CASE("dates round-trip through day counts", "[calendar]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2024, 7, 1) == 19905);
    CHECK(format_date(19905) == "2024-07-01");
    for (int32_t d = days_from_civil(1999, 12, 25); d < days_from_civil(2031, 3, 1); d += 17) {
        CivilDate c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
    }
}

TEST_CASE("calendar validation knows leap years", "[calendar]") {
    CHECK(parse_date("2024-02-29").has_value());
    CHECK_FALSE(parse_date("2023-02-29").has_value());
    CHECK_FALSE(parse_date("2024-02-30").has_value());
    CHECK_FALSE(parse_date("2024-13-01").has_value());
    CHECK_FALSE(parse_date("2024-7-01").has_value());
    CHECK(parse_date("2000-02-29").has_value());
    CHECK_FALSE(parse_date("2100-02-29").has_value());
}

TEST_CASE("adding months clamps to the month's end", "[calendar]") {
    CHECK(format_date(add_months(*parse_date("2024-04-30"), 12)) == "2025-04-30");
    CHECK(format_date(add_months(*parse_date("2024-01-31"), 1)) == "2024-02-29");
    CHECK(format_date(add_months(*parse_date("2024-11-15"), 3)) == "2025-02-15");
}
