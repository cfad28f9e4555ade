// deadline-inconsistent: a task row whose deadline is earlier than a date written in its own text, and rows
// with a blank deadline cell in a table whose other rows have one. A table is the task rows of one document
// in one file (7号's attachments are files of their own). No solver: both are facts of the text.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <regex>

namespace lexsim::solver::detail {

namespace {

//! A date the text writes, with the words that write it.
struct TextDate {
    int32_t day = 0;
    std::string words;
};

//! The text without ASCII spaces: the seed spaces numbers ("2024 年 9 月底") irregularly.
std::string unspaced(const std::string& s) {
    std::string out;
    for (char ch : s)
        if (ch != ' ')
            out += ch;
    return out;
}

//! The end dates a text writes: "2024年9月底", "2024年底", "到2026年", "9月底" (in the deadline's year).
//! A bare year ("（2023年－2025年）") names a plan, not a date, and is not read.
std::vector<TextDate> text_dates(const std::string& text, int32_t deadline_year) {
    std::vector<TextDate> out;
    std::string s = unspaced(text);
    static const std::regex year_month("(\\d{4})年(\\d{1,2})月(底|末)");
    static const std::regex year_end("(\\d{4})年(底|末|年底)");
    static const std::regex by_year("(到|至)(\\d{4})年");
    static const std::regex month_end("(\\d{1,2})月(底|末)");
    auto add = [&](int32_t y, int32_t m, const std::string& words) {
        if (y < 1900 || y > 2200 || m < 1 || m > 12)
            return;
        out.push_back({rules::days_from_civil(y, m, rules::days_in_month(y, m)), words});
    };
    for (std::sregex_iterator it(s.begin(), s.end(), year_month), end; it != end; ++it)
        add(std::stoi((*it)[1]), std::stoi((*it)[2]), it->str());
    for (std::sregex_iterator it(s.begin(), s.end(), year_end), end; it != end; ++it)
        add(std::stoi((*it)[1]), 12, it->str());
    for (std::sregex_iterator it(s.begin(), s.end(), by_year), end; it != end; ++it)
        add(std::stoi((*it)[2]), 12, it->str());
    // A month without a year ("2月底、8月底前") is in the deadline's year; one after "年" was read above.
    const std::string nian = "年";
    for (std::sregex_iterator it(s.begin(), s.end(), month_end), end; it != end; ++it) {
        auto at = static_cast<size_t>(it->position());
        bool after_year = at >= nian.size() && s.compare(at - nian.size(), nian.size(), nian) == 0;
        bool after_digit = at > 0 && std::isdigit(static_cast<unsigned char>(s[at - 1]));
        if (!after_year && !after_digit)
            add(deadline_year, std::stoi((*it)[1]), it->str());
    }
    return out;
}

void report_late_text(Checker& c, int32_t task, const TextDate& d) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Task& t = rs.tasks[static_cast<size_t>(task)];
    const std::string& number = rs.document(t.document).number;
    std::string due = rules::format_date(t.deadline.date);
    Finding f;
    f.kind = "deadline-inconsistent";
    f.severity = Severity::Warning;
    f.tasks = {task};
    f.subject = t.id + "@" + rules::format_date(d.day);
    if (w.zh())
        f.message = number + " " + t.article + " 的完成时限为 " + due + "（“" + t.deadline.wording +
                    "”），早于其任务内容中写明的“" + d.words + "”（" + rules::format_date(d.day) + "）";
    else
        f.message = number + " " + t.article + " is due " + due + " (\"" + t.deadline.wording +
                    "\"), before the date its own text writes, \"" + d.words + "\" (" +
                    rules::format_date(d.day) + ")";
    f.readings = {w.pick("若以完成时限为准：任务内容中的日期应提前",
                         "if the deadline governs: the date in the "
                         "text should be earlier"),
                  w.pick("若以任务内容为准：完成时限应改为 " + rules::format_date(d.day),
                         "if the text governs: the deadline should be " + rules::format_date(d.day))};
    c.add(std::move(f));
}

//! A row whose deadline is a date earlier than the latest end date its own text writes.
void check_text_dates(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    for (size_t i = 0; i < rs.tasks.size(); ++i) {
        const rules::Task& t = rs.tasks[i];
        if (t.kind != rules::TaskKind::Task || t.deadline.kind != rules::DeadlineKind::Date)
            continue;
        std::optional<TextDate> latest;
        for (const auto& d : text_dates(t.text, rules::year_of(t.deadline.date)))
            if (d.day > t.deadline.date && (!latest || d.day > latest->day))
                latest = d;
        if (latest)
            report_late_text(c, static_cast<int32_t>(i), *latest);
    }
}

bool blank(const rules::Deadline& d) {
    return d.kind == rules::DeadlineKind::Unset || (d.kind == rules::DeadlineKind::None && d.wording.empty());
}

//! Rows with a blank deadline cell among rows that have one: fewer blanks than filled cells, so the table
//! has a deadline column (11号's table has none: every row is blank, and nothing is reported).
void check_blank_cells(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::map<std::pair<rules::DocumentId, uint32_t>, std::vector<int32_t>> tables;
    for (size_t i = 0; i < rs.tasks.size(); ++i)
        if (rs.tasks[i].kind == rules::TaskKind::Task)
            tables[{rs.tasks[i].document, rs.tasks[i].span.file}].push_back(static_cast<int32_t>(i));
    for (const auto& [key, rows] : tables) {
        std::vector<int32_t> blanks;
        for (int32_t r : rows)
            if (blank(rs.tasks[static_cast<size_t>(r)].deadline))
                blanks.push_back(r);
        if (blanks.empty() || blanks.size() * 2 >= rows.size())
            continue;
        std::vector<std::string> labels;
        labels.reserve(blanks.size());
        for (int32_t r : blanks)
            labels.push_back(rs.tasks[static_cast<size_t>(r)].article);
        const std::string& number = rs.document(key.first).number;
        std::string n = std::to_string(rows.size() - blanks.size()), all = std::to_string(rows.size());
        Finding f;
        f.kind = "deadline-inconsistent";
        f.severity = Severity::Warning;
        f.tasks = blanks;
        f.subject = "blank-deadline";
        f.message = w.zh() ? number + " 任务表 " + all + " 行中 " + n + " 行有完成时限，" + w.list(labels) +
                                 " 的完成时限栏空白"
                           : number + ": " + n + " of the table's " + all + " rows have a deadline; " +
                                 (blanks.size() > 1 ? "the deadline cells of " : "the deadline cell of ") +
                                 w.list(labels) + (blanks.size() > 1 ? " are blank" : " is blank");
        c.add(std::move(f));
    }
}

} // namespace

void check_deadlines(Checker& c) {
    check_text_dates(c);
    check_blank_cells(c);
}

} // namespace lexsim::solver::detail
