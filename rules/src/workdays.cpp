#include "lexsim/rules/workdays.hpp"

#include "embedded_calendar.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <chrono>

namespace lexsim::rules {

namespace {

// The dense table's range: every date a schedule of the corpus can reach, with room to spare.
const int32_t table_first = days_from_civil(2000, 1, 1);
const int32_t table_end = days_from_civil(2101, 1, 1);

bool is_weekend(int32_t date) {
    std::chrono::weekday wd{std::chrono::sys_days{std::chrono::days{date}}};
    return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

//! One line of a calendar file, split into words, quoted strings and `..`, each with its byte span.
struct Word {
    std::string text;
    bool quoted = false;
    Span span;
};

std::vector<Word> split_line(std::string_view line, uint32_t file, uint32_t offset, Diagnostics& diags) {
    std::vector<Word> out;
    size_t i = 0;
    while (i < line.size()) {
        char ch = line[i];
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            ++i;
            continue;
        }
        if (ch == '#')
            break;
        size_t b = i;
        Word w;
        if (ch == '"') {
            size_t e = line.find('"', i + 1);
            if (e == std::string_view::npos) {
                diags.error(
                    {file, offset + static_cast<uint32_t>(b), offset + static_cast<uint32_t>(line.size())},
                    "unterminated string");
                return {};
            }
            w.text = std::string(line.substr(i + 1, e - i - 1));
            w.quoted = true;
            i = e + 1;
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '#')
                ++i;
            w.text = std::string(line.substr(b, i - b));
        }
        w.span = {file, offset + static_cast<uint32_t>(b), offset + static_cast<uint32_t>(i)};
        out.push_back(std::move(w));
    }
    return out;
}

struct FileParser {
    const SourceManager& sources;
    uint32_t file;
    Diagnostics& diags;
    CalendarYear year;
    Span year_span{};

    std::optional<int32_t> date(const Word& w) {
        auto d = w.quoted ? std::nullopt : parse_date(w.text);
        if (!d)
            diags.error(w.span, "expected a date YYYY-MM-DD");
        else if (year.year != 0 && year_of(*d) != year.year)
            diags
                .error(w.span,
                       "date " + w.text + " is not in " + std::to_string(year.year) + " (the file's `year`)")
                .note(year_span, "year declared here");
        return d && (year.year == 0 || year_of(*d) == year.year) ? d : std::nullopt;
    }

    const std::string* quoted(const std::vector<Word>& ws, size_t i, const Span& after) {
        if (i < ws.size() && ws[i].quoted)
            return &ws[i].text;
        diags.error(i < ws.size() ? ws[i].span : Span{after.file, after.end, after.end},
                    "expected a name in double quotes");
        return nullptr;
    }

    void line(const std::vector<Word>& ws) {
        const Word& key = ws.front();
        auto extra = [&](size_t i) {
            if (i < ws.size())
                diags.error(ws[i].span, "unexpected text after the entry");
        };
        if (key.text == "year") {
            if (ws.size() < 2 || ws[1].quoted || ws[1].text.size() != 4 ||
                !std::all_of(ws[1].text.begin(), ws[1].text.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
                diags.error(ws.size() < 2 ? key.span : ws[1].span, "expected a year such as 2024");
                return;
            }
            year.year = std::stoi(ws[1].text);
            year_span = ws[1].span;
            extra(2);
        } else if (key.text == "notice" || key.text == "title") {
            if (const std::string* s = quoted(ws, 1, key.span))
                (key.text == "notice" ? year.notice : year.title) = *s;
            extra(2);
        } else if (key.text == "holiday" || key.text == "workday") {
            if (year.year == 0) {
                diags.error(key.span, "`year` must come before the days it lists");
                return;
            }
            if (ws.size() < 2) {
                diags.error(key.span, "expected a date YYYY-MM-DD");
                return;
            }
            auto from = date(ws[1]);
            std::optional<int32_t> to = from;
            size_t i = 2;
            if (key.text == "holiday" && i < ws.size() && !ws[i].quoted && ws[i].text == "..") {
                to = i + 1 < ws.size()
                         ? date(ws[i + 1])
                         : (diags.error(ws[i].span, "expected a date after `..`"), std::nullopt);
                i += 2;
                if (from && to && *to < *from) {
                    diags.error(ws[i - 1].span, "a holiday ends before it starts");
                    to.reset();
                }
            }
            const std::string* name = quoted(ws, i, ws[i - 1].span);
            extra(i + 1);
            if (!from || !to || !name)
                return;
            for (int32_t d = *from; d <= *to; ++d)
                year.days.push_back({d, key.text == "workday", *name});
        } else {
            diags.error(key.span, "expected `year`, `notice`, `title`, `holiday` or `workday`");
        }
    }
};

} // namespace

std::optional<WorkCalendar> WorkCalendar::parse(SourceManager& sources, const std::vector<uint32_t>& files,
                                                Diagnostics& diags) {
    WorkCalendar cal;
    size_t errors = diags.error_count();
    for (uint32_t f : files) {
        FileParser p{sources, f, diags, {}, {}};
        const std::string& text = sources.text(f);
        size_t start = 0;
        while (start <= text.size()) {
            size_t nl = text.find('\n', start);
            size_t end = nl == std::string::npos ? text.size() : nl;
            auto ws = split_line(std::string_view(text).substr(start, end - start), f,
                                 static_cast<uint32_t>(start), diags);
            if (!ws.empty())
                p.line(ws);
            if (nl == std::string::npos)
                break;
            start = nl + 1;
        }
        if (p.year.year == 0) {
            diags.error({f, 0, 0}, "a calendar file needs a `year`");
            continue;
        }
        if (p.year.notice.empty())
            diags.error({f, 0, 0}, "a calendar file needs the `notice` it follows");
        std::sort(p.year.days.begin(), p.year.days.end(),
                  [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
        for (size_t i = 1; i < p.year.days.size(); ++i)
            if (p.year.days[i].date == p.year.days[i - 1].date)
                diags.error({f, 0, 0}, format_date(p.year.days[i].date) + " is listed twice");
        if (cal.covers(p.year.year))
            diags.error(p.year_span, "a second calendar file for " + std::to_string(p.year.year));
        p.year.file = sources.path(f);
        cal.m_years.push_back(std::move(p.year));
    }
    if (diags.error_count() > errors)
        return std::nullopt;
    std::sort(cal.m_years.begin(), cal.m_years.end(),
              [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
    cal.index();
    return cal;
}

const WorkCalendar& WorkCalendar::official() {
    static const WorkCalendar cal = [] {
        SourceManager sources;
        std::vector<uint32_t> files;
        for (auto& [path, text] : detail::embedded_calendar_files())
            files.push_back(sources.add(path, text));
        Diagnostics diags;
        auto parsed = parse(sources, files, diags);
        // The embedded files are tested; a broken one is a build defect, not user input.
        return parsed ? std::move(*parsed) : WorkCalendar{};
    }();
    return cal;
}

void WorkCalendar::index() {
    m_first = table_first;
    m_flags.assign(static_cast<size_t>(table_end - table_first), 0);
    m_prefix.assign(m_flags.size() + 1, 0);
    for (int32_t d = table_first; d < table_end; ++d) {
        size_t i = static_cast<size_t>(d - table_first);
        m_flags[i] = workday_at(d) ? 1 : 0;
        m_prefix[i + 1] = m_prefix[i] + m_flags[i];
    }
}

bool WorkCalendar::covers(int32_t y) const {
    return year(y) != nullptr;
}

const CalendarYear* WorkCalendar::year(int32_t y) const {
    for (const auto& cy : m_years)
        if (cy.year == y)
            return &cy;
    return nullptr;
}

const CalendarDay* WorkCalendar::listed(int32_t date) const {
    const CalendarYear* cy = year(year_of(date));
    if (!cy)
        return nullptr;
    auto it = std::lower_bound(cy->days.begin(), cy->days.end(), date,
                               [](const CalendarDay& d, int32_t v) { return d.date < v; });
    return it != cy->days.end() && it->date == date ? &*it : nullptr;
}

bool WorkCalendar::workday_at(int32_t date) const {
    if (const CalendarDay* d = listed(date))
        return d->workday;
    return !is_weekend(date);
}

void WorkCalendar::note_year(int32_t date, std::set<int32_t>* missing) const {
    if (missing && !covers(year_of(date)))
        missing->insert(year_of(date));
}

bool WorkCalendar::is_workday(int32_t date, std::set<int32_t>* missing) const {
    note_year(date, missing);
    if (date >= m_first && date < m_first + static_cast<int32_t>(m_flags.size()))
        return m_flags[static_cast<size_t>(date - m_first)] != 0;
    return workday_at(date);
}

namespace {
//! Notes every year in [from, to] that has no calendar data.
void note_years(const WorkCalendar& cal, int32_t from, int32_t to, std::set<int32_t>* missing) {
    if (!missing || to < from)
        return;
    for (int32_t y = year_of(from); y <= year_of(to); ++y)
        if (!cal.covers(y))
            missing->insert(y);
}
} // namespace

int32_t WorkCalendar::add(int32_t date, int64_t n, std::set<int32_t>* missing) const {
    if (n <= 0)
        return date;
    int32_t end = m_first + static_cast<int32_t>(m_flags.size());
    int32_t out = date;
    if (date >= m_first && date < end) {
        int64_t target = m_prefix[static_cast<size_t>(date - m_first) + 1] + n;
        if (target <= m_prefix.back()) {
            auto it = std::lower_bound(m_prefix.begin(), m_prefix.end(), target);
            out = m_first + static_cast<int32_t>(it - m_prefix.begin()) - 1;
            note_years(*this, date + 1, out, missing);
            return out;
        }
    }
    for (int64_t left = n; left > 0;)
        left -= workday_at(++out) ? 1 : 0;
    note_years(*this, date + 1, out, missing);
    return out;
}

int32_t WorkCalendar::latest_start(int32_t date, int64_t n, std::set<int32_t>* missing) const {
    if (n <= 0)
        return date;
    int32_t end = m_first + static_cast<int32_t>(m_flags.size());
    int32_t out = date;
    if (date >= m_first && date < end) {
        int64_t ordinal = m_prefix[static_cast<size_t>(date - m_first) + 1] - n + 1; // of the first day used
        if (ordinal >= 1) {
            auto it = std::lower_bound(m_prefix.begin(), m_prefix.end(), ordinal);
            out = m_first + static_cast<int32_t>(it - m_prefix.begin()) - 2;
            note_years(*this, out + 1, date, missing);
            return out;
        }
    }
    // Walk back to the N-th working day at or before `date`; the period starts the day before it.
    int32_t d = date + 1;
    for (int64_t left = n; left > 0;)
        left -= workday_at(--d) ? 1 : 0;
    out = d - 1;
    note_years(*this, out + 1, date, missing);
    return out;
}

int64_t WorkCalendar::between(int32_t from, int32_t to, std::set<int32_t>* missing) const {
    if (to < from)
        return -between(to, from, missing);
    note_years(*this, from + 1, to, missing);
    int32_t end = m_first + static_cast<int32_t>(m_flags.size());
    if (from >= m_first && to < end)
        return m_prefix[static_cast<size_t>(to - m_first) + 1] -
               m_prefix[static_cast<size_t>(from - m_first) + 1];
    int64_t count = 0;
    for (int32_t d = from + 1; d <= to; ++d)
        count += workday_at(d) ? 1 : 0;
    return count;
}

std::string years_text(const std::set<int32_t>& years) {
    std::string out;
    for (int32_t y : years)
        out += (out.empty() ? "" : ", ") + std::to_string(y);
    return out;
}

} // namespace lexsim::rules
