// lexsim workdays: due dates and working-day counts on the official calendar, for drafters.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/workdays.hpp"

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

namespace lexsim::app {

namespace {

using rules::WorkCalendar;

int usage_error(const std::string& msg) {
    std::cerr << "lexsim workdays: error: " << msg << '\n';
    return Exit::bad_input;
}

std::string weekday_name(int32_t date) {
    static const char* names[] = {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"};
    std::chrono::weekday wd{std::chrono::sys_days{std::chrono::days{date}}};
    return names[wd.c_encoding()];
}

std::string dated(int32_t date) {
    return rules::format_date(date) + "（" + weekday_name(date) + "）";
}

//! Holidays and make-up working days in (from, to], holiday runs merged: "春节 2024-02-10 至 2024-02-17
//! 放假".
struct Listed {
    std::vector<std::string> lines;
    nlohmann::json json = nlohmann::json::array();
};

Listed listed_between(const WorkCalendar& cal, int32_t from, int32_t to) {
    Listed out;
    for (int32_t d = from + 1; d <= to; ++d) {
        const rules::CalendarDay* day = cal.listed(d);
        if (!day)
            continue;
        int32_t last = d;
        while (!day->workday && last < to && cal.listed(last + 1) && !cal.listed(last + 1)->workday &&
               cal.listed(last + 1)->name == day->name)
            ++last;
        if (day->workday)
            out.lines.push_back(dated(d) + " " + day->name);
        else
            out.lines.push_back(day->name + " " + rules::format_date(d) +
                                (last > d ? " 至 " + rules::format_date(last) : "") + " 放假");
        out.json.push_back({{"from", rules::format_date(d)},
                            {"to", rules::format_date(last)},
                            {"name", day->name},
                            {"workday", day->workday}});
        d = last;
    }
    return out;
}

void sources(const WorkCalendar& cal, int32_t from, int32_t to, std::vector<std::string>& text,
             nlohmann::json& json) {
    json = nlohmann::json::array();
    for (int32_t y = rules::year_of(from); y <= rules::year_of(to); ++y) {
        if (const rules::CalendarYear* cy = cal.year(y)) {
            text.push_back(cy->notice + "《" + cy->title + "》");
            json.push_back({{"year", y}, {"notice", cy->notice}, {"title", cy->title}, {"file", cy->file}});
        }
    }
}

void warn_missing(const std::set<int32_t>& missing) {
    if (!missing.empty())
        std::cerr << "lexsim workdays: warning: " << rules::years_text(missing)
                  << " 年没有官方节假日安排数据，这些年份只按周末计算（请补充该年的日历文件）\n";
}

} // namespace

int run_workdays(const WorkdaysOptions& o) {
    const WorkCalendar& cal = WorkCalendar::official();
    auto from = rules::parse_date(o.first);
    if (!from)
        return usage_error("'" + o.first + "' is not a date YYYY-MM-DD");
    std::set<int32_t> missing;
    int32_t to = 0;
    int64_t count = 0;
    if (o.action == "add") {
        char* end = nullptr;
        long long n = std::strtoll(o.second.c_str(), &end, 10);
        if (o.second.empty() || *end != '\0' || n < 0 || n > 100000)
            return usage_error("'" + o.second + "' is not a number of working days (0 to 100000)");
        count = n;
        to = cal.add(*from, count, &missing);
    } else {
        auto d = rules::parse_date(o.second);
        if (!d)
            return usage_error("'" + o.second + "' is not a date YYYY-MM-DD");
        if (*d < *from)
            return usage_error("the second date " + o.second + " is before the first " + o.first);
        to = *d;
        count = cal.between(*from, to, &missing);
    }
    Listed days = listed_between(cal, *from, to);
    std::vector<std::string> cited;
    nlohmann::json cited_json;
    sources(cal, *from + 1, std::max(to, *from + 1), cited, cited_json);
    warn_missing(missing);

    if (o.format == "json") {
        nlohmann::json j{
            {"from", rules::format_date(*from)}, {"to", rules::format_date(to)}, {"workdays", count},
            {"listed_days", days.json},          {"sources", cited_json},        {"missing_years", missing}};
        std::cout << j.dump(2) << '\n';
        return Exit::ok;
    }
    if (o.action == "add")
        std::cout << dated(*from) << " 起 " << count << " 个工作日（起算日不计入）：" << dated(to) << '\n';
    else
        std::cout << dated(*from) << " 至 " << dated(to) << "：" << count << " 个工作日（不含 "
                  << rules::format_date(*from) << "，含 " << rules::format_date(to) << "）\n";
    for (const auto& line : days.lines)
        std::cout << "  " << line << '\n';
    for (const auto& c : cited)
        std::cout << "依据：" << c << '\n';
    return Exit::ok;
}

} // namespace lexsim::app
