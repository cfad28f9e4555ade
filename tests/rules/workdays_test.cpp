#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/workdays.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim::rules;

namespace {
int32_t d(const char* s) {
    return *parse_date(s);
}
std::string add(const char* s, int64_t n) {
    return format_date(WorkCalendar::official().add(d(s), n));
}
} // namespace

TEST_CASE("the official calendar cites its notices", "[workdays]") {
    const WorkCalendar& cal = WorkCalendar::official();
    REQUIRE(cal.years().size() == 2);
    CHECK(cal.year(2024)->notice == "国办发明电〔2023〕7号");
    CHECK(cal.year(2025)->notice == "国办发明电〔2024〕12号");
    CHECK(cal.year(2024)->file == "rules/calendar/cn-2024.calendar");
    CHECK_FALSE(cal.covers(2026));
    // 2024 has 251 working days, 2025 has 248 (two more public holidays from 2025).
    CHECK(cal.between(d("2023-12-31"), d("2024-12-31")) == 251);
    CHECK(cal.between(d("2024-12-31"), d("2025-12-31")) == 248);
}

TEST_CASE("working days across the 2024 Spring Festival, with its make-up Sundays", "[workdays]") {
    const WorkCalendar& cal = WorkCalendar::official();
    CHECK(cal.is_workday(d("2024-02-04"))); // Sunday, 调休上班
    CHECK_FALSE(cal.is_workday(d("2024-02-12")));
    CHECK(cal.listed(d("2024-02-12"))->name == "春节");
    CHECK(add("2024-02-08", 3) == "2024-02-19"); // Fri 9th, Sun 18th (make-up), Mon 19th
    CHECK(add("2024-02-09", 1) == "2024-02-18");
    CHECK(add("2024-02-02", 1) == "2024-02-04");
    CHECK(cal.between(d("2024-01-31"), d("2024-02-29")) == 18);
}

TEST_CASE("working days across 2024 Labour Day and National Day", "[workdays]") {
    CHECK(add("2024-04-26", 1) == "2024-04-28"); // Sunday 4-28 is a working day
    CHECK(add("2024-04-30", 1) == "2024-05-06"); // 5-1 .. 5-5 off
    CHECK(add("2024-05-10", 1) == "2024-05-11"); // Saturday 5-11 is a working day
    CHECK(add("2024-04-30", 20) == "2024-05-30");
    CHECK(add("2024-09-12", 2) == "2024-09-14"); // Saturday 9-14 (中秋 make-up)
    CHECK(add("2024-09-27", 1) == "2024-09-29"); // Sunday 9-29 (国庆 make-up)
    CHECK(add("2024-09-30", 1) == "2024-10-08");
    CHECK(add("2024-10-11", 1) == "2024-10-12"); // Saturday 10-12
}

TEST_CASE("working days across the 2025 Spring Festival", "[workdays]") {
    CHECK(add("2025-01-24", 1) == "2025-01-26"); // Sunday 1-26 is a working day
    CHECK(add("2025-01-27", 1) == "2025-02-05"); // 1-28 .. 2-4 off
    CHECK(add("2025-02-07", 1) == "2025-02-08"); // Saturday 2-8
    CHECK(WorkCalendar::official().between(d("2024-12-31"), d("2025-02-28")) == 38);
}

TEST_CASE("zero working days, and add, latest_start and between agree", "[workdays]") {
    const WorkCalendar& cal = WorkCalendar::official();
    CHECK(add("2024-02-10", 0) == "2024-02-10");
    for (int32_t day = d("2023-12-20"); day < d("2026-01-10"); day += 3) {
        for (int64_t n : {0, 1, 2, 5, 15, 20, 40}) {
            int32_t end = cal.add(day, n);
            CHECK(cal.between(day, end) == n);
            int32_t s = cal.latest_start(day, n);
            CHECK(cal.add(s, n) <= day);
            CHECK(cal.add(s + 1, n) > day);
        }
    }
}

TEST_CASE("counting into a year without calendar data names the year", "[workdays]") {
    const WorkCalendar& cal = WorkCalendar::official();
    std::set<int32_t> missing;
    cal.add(d("2024-12-20"), 5, &missing);
    CHECK(missing.empty());
    cal.add(d("2025-12-25"), 10, &missing);
    CHECK(missing == std::set<int32_t>{2026});
    missing.clear();
    CHECK(cal.between(d("2023-12-25"), d("2024-01-05"), &missing) == 8); // 2023 counted as weekends only
    CHECK(missing == std::set<int32_t>{2023});
    CHECK(years_text({2023, 2026}) == "2023, 2026");
}

TEST_CASE("a malformed calendar file is reported at file:line:col", "[workdays]") {
    SourceManager sources;
    uint32_t f = sources.add("cal/cn-2030.calendar", "year 2030\nnotice \"国办发明电〔2029〕1号\"\n"
                                                     "holiday 2030-02-01 .. 2030-01-30 \"春节\"\n"
                                                     "workday 2031-01-05 \"调休\"\n");
    Diagnostics diags;
    CHECK_FALSE(WorkCalendar::parse(sources, {f}, diags).has_value());
    std::ostringstream out;
    diags.render(sources, out);
    CHECK(out.str() == "cal/cn-2030.calendar:3:23: error: a holiday ends before it starts\n"
                       " 3 | holiday 2030-02-01 .. 2030-01-30 \"春节\"\n"
                       "   |                       ^^^^^^^^^^\n"
                       "cal/cn-2030.calendar:4:9: error: date 2031-01-05 is not in 2030 (the file's `year`)\n"
                       " 4 | workday 2031-01-05 \"调休\"\n"
                       "   |         ^^^^^^^^^^\n"
                       "cal/cn-2030.calendar:1:6: note: year declared here\n"
                       " 1 | year 2030\n"
                       "   |      ^^^^\n");
}
