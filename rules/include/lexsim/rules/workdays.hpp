#pragma once
/**
 * @brief The official working-day calendar: weekends, public holidays and make-up working days (调休).
 *
 * Each year is a data file citing the State Council General Office notice that publishes it
 * (`rules/calendar/cn-YYYY.calendar`, compiled into the binary). Counting follows the civil-law rule
 * (the day a period starts is not counted): N working days after day d end on the N-th working day
 * strictly after d, and `between(a, b)` counts the working days in (a, b], so `between(d, add(d, n)) == n`.
 *
 * A date in a year without a data file is counted with weekends only, and the year is reported in
 * `missing_years` so that callers can warn; it is never a silent guess.
 *
 *     const WorkCalendar& cal = WorkCalendar::official();
 *     std::set<int32_t> missing;
 *     int32_t due = cal.add(*parse_date("2024-02-08"), 3, &missing); // 2024-02-19
 */
#include "lexsim/rules/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lexsim::rules {

struct CalendarDay {
    int32_t date = 0;
    bool workday = false; //!< true: a make-up working day; false: a holiday
    std::string name;     //!< "春节", "春节调休上班"
};

struct CalendarYear {
    int32_t year = 0;
    std::string notice; //!< "国办发明电〔2023〕7号"
    std::string title;
    std::string file;
    std::vector<CalendarDay> days; //!< every listed day, sorted by date
};

class WorkCalendar {
public:
    //! The embedded official calendar (every data file under rules/calendar/).
    static const WorkCalendar& official();
    //! Parses calendar data files; errors (file:line:col) go to `diags` and the result is empty.
    static std::optional<WorkCalendar> parse(SourceManager& sources, const std::vector<uint32_t>& files,
                                             Diagnostics& diags);

    bool covers(int32_t year) const;
    const CalendarYear* year(int32_t y) const;
    const std::vector<CalendarYear>& years() const { return m_years; }
    //! The listed day (holiday or make-up working day), if `date` is one.
    const CalendarDay* listed(int32_t date) const;

    //! Whether `date` is a working day; a date in a year without data adds that year to `missing`.
    bool is_workday(int32_t date, std::set<int32_t>* missing = nullptr) const;
    //! The N-th working day strictly after `date` (N >= 0; N = 0 gives `date`).
    int32_t add(int32_t date, int64_t n, std::set<int32_t>* missing = nullptr) const;
    //! The latest day s with add(s, n) <= `date` (N >= 0): the last day a period of N working days can
    //! start and still end by `date`.
    int32_t latest_start(int32_t date, int64_t n, std::set<int32_t>* missing = nullptr) const;
    //! Working days in (from, to]; negative when to < from.
    int64_t between(int32_t from, int32_t to, std::set<int32_t>* missing = nullptr) const;

private:
    void index();
    bool workday_at(int32_t date) const;
    void note_year(int32_t date, std::set<int32_t>* missing) const;

    std::vector<CalendarYear> m_years;
    // A dense table over [m_first, m_first + m_flags.size()): working-day flags and their prefix counts,
    // so add/between are a binary search, not a walk, inside the table's range.
    int32_t m_first = 0;
    std::vector<uint8_t> m_flags;
    std::vector<int32_t> m_prefix; //!< working days in [m_first, m_first + i)
};

//! "2024, 2026" for a warning naming years without calendar data.
std::string years_text(const std::set<int32_t>& years);

} // namespace lexsim::rules
