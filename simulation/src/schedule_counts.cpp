// Date histograms and the working-day table of the schedule Monte Carlo.
#include "lexsim/rules/calendar.hpp"
#include "schedule_trials.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace lexsim::sim::detail {

//! Visits the distinct dates of the histogram and the far list in ascending order, with their counts,
//! until `visit` returns false.
template <class Visit>
void DateCounts::ascending(Visit visit) const {
    std::vector<int32_t> far = m_far;
    std::sort(far.begin(), far.end());
    auto it = far.begin();
    for (; it != far.end() && *it < m_base; ++it)
        if (!visit(*it, uint64_t{1}))
            return;
    for (size_t i = 0; i < m_count.size(); ++i)
        if (at(i) != 0 && !visit(static_cast<int32_t>(m_base + static_cast<int64_t>(i)), at(i)))
            return;
    for (; it != far.end(); ++it)
        if (!visit(*it, uint64_t{1}))
            return;
}

void DateCounts::flush() {
    if (m_wide.size() != m_count.size())
        m_wide.assign(m_count.size(), 0); // only when empty: widen() keeps both the same size
    for (size_t i = 0; i < m_count.size(); ++i)
        m_wide[i] += m_count[i];
    std::fill(m_count.begin(), m_count.end(), uint16_t{0});
    m_narrow = 0;
}

void DateCounts::make_room(uint64_t n) {
    if (m_narrow + n > narrow_max)
        flush();
    m_narrow += n;
}

void DateCounts::widen(int32_t lo, int32_t hi) {
    const auto size = static_cast<int64_t>(m_count.size());
    int64_t base = m_count.empty() ? lo : std::min<int64_t>(lo, m_base);
    int64_t top = m_count.empty() ? hi : std::max<int64_t>(hi, m_base + size - 1);
    int64_t slack = (top - base + 1) / 4 + 8; // room for the next few trials' spread
    base = std::max<int64_t>(base - slack, INT32_MIN + 1);
    top = std::min<int64_t>(top + slack, INT32_MAX);
    if (top - base + 1 > max_span) {
        if (!m_count.empty())
            return; // dates beyond the span go to the far list
        base = lo;
        top = std::min<int64_t>(base + max_span - 1, INT32_MAX);
    }
    const auto moved = [&](const auto& from) {
        std::remove_cvref_t<decltype(from)> to(static_cast<size_t>(top - base + 1), 0);
        if (!from.empty())
            std::copy(from.begin(), from.end(), to.begin() + (m_base - base));
        return to;
    };
    m_count = moved(m_count);
    if (!m_wide.empty())
        m_wide = moved(m_wide);
    m_base = static_cast<int32_t>(base);
}

void DateCounts::add_slow(const int32_t* dates, size_t n) {
    const auto size = static_cast<int64_t>(m_count.size());
    for (size_t i = 0; i < n; ++i) {
        int64_t at = static_cast<int64_t>(dates[i]) - m_base;
        if (at >= 0 && at < size) {
            make_room(1);
            ++m_count[static_cast<size_t>(at)];
        } else {
            m_far.push_back(dates[i]);
        }
    }
}

void DateCounts::add(const int32_t* dates, size_t n) {
    if (n == 0)
        return;
    int32_t lo = dates[0], hi = dates[0];
    for (size_t i = 1; i < n; ++i) {
        lo = std::min(lo, dates[i]);
        hi = std::max(hi, dates[i]);
    }
    m_total += n;
    auto fits = [&] {
        return !m_count.empty() && lo >= m_base &&
               static_cast<int64_t>(hi) - m_base < static_cast<int64_t>(m_count.size());
    };
    if (!fits()) {
        widen(lo, hi);
        if (!fits()) {
            add_slow(dates, n);
            return;
        }
    }
    make_room(n); // n is at most trial_lanes
    uint16_t* count = m_count.data();
    for (size_t i = 0; i < n; ++i)
        ++count[dates[i] - m_base];
}

void DateCounts::reserve(int32_t lo, int32_t hi) {
    if (!m_count.empty() || hi < lo || static_cast<int64_t>(hi) - lo >= presize_span)
        return;
    m_base = lo;
    m_count.assign(static_cast<size_t>(static_cast<int64_t>(hi) - lo + 1), 0);
}

void DateCounts::add_repeated(int32_t date, uint64_t k) {
    if (k == 0)
        return;
    const auto fits = [&] {
        return !m_count.empty() && date >= m_base &&
               static_cast<int64_t>(date) - m_base < static_cast<int64_t>(m_count.size());
    };
    if (!fits())
        widen(date, date);
    if (fits()) {
        if (m_wide.empty())
            flush();
        m_wide[static_cast<size_t>(static_cast<int64_t>(date) - m_base)] += k;
    } else {
        m_far.insert(m_far.end(), k, date);
    }
    m_total += k;
}

void DateCounts::merge(const DateCounts& other) {
    if (!other.m_count.empty()) {
        const auto size = static_cast<int64_t>(other.m_count.size());
        if (m_count.empty() || other.m_base < m_base ||
            other.m_base + size > m_base + static_cast<int64_t>(m_count.size()))
            widen(other.m_base, static_cast<int32_t>(other.m_base + size - 1));
        const auto mine = static_cast<int64_t>(m_count.size());
        if (other.m_base >= m_base && other.m_base + size <= m_base + mine) { // inside: a vector add
            make_room(other.m_narrow);
            uint16_t* to = m_count.data() + (other.m_base - m_base);
            const uint16_t* from = other.m_count.data();
            for (int64_t i = 0; i < size; ++i)
                to[i] = static_cast<uint16_t>(to[i] + from[i]);
            if (!other.m_wide.empty()) {
                if (m_wide.empty())
                    flush();
                uint64_t* wide = m_wide.data() + (other.m_base - m_base);
                for (int64_t i = 0; i < size; ++i)
                    wide[i] += other.m_wide[static_cast<size_t>(i)];
            }
        } else {
            merge_counts(other);
        }
    }
    add_slow(other.m_far.data(), other.m_far.size());
    m_total += other.m_total;
}

void DateCounts::merge_counts(const DateCounts& other) {
    const auto size = static_cast<int64_t>(other.m_count.size());
    const auto mine = static_cast<int64_t>(m_count.size());
    if (m_wide.empty())
        flush();
    for (int64_t i = 0; i < size; ++i) {
        uint64_t k = other.at(static_cast<size_t>(i));
        int64_t at = other.m_base + i - m_base;
        if (k == 0)
            continue;
        if (at >= 0 && at < mine)
            m_wide[static_cast<size_t>(at)] += k;
        else
            m_far.insert(m_far.end(), k, static_cast<int32_t>(other.m_base + i));
    }
}

std::array<int32_t, 3> DateCounts::quantiles() const {
    std::array<int32_t, 3> out{};
    std::array<uint64_t, 3> ranks{};
    const double qs[] = {0.5, 0.8, 0.9};
    for (size_t i = 0; i < 3; ++i)
        ranks[i] =
            std::max<uint64_t>(static_cast<uint64_t>(std::ceil(qs[i] * static_cast<double>(m_total))), 1) - 1;
    uint64_t seen = 0;
    size_t i = 0;
    ascending([&](int32_t date, uint64_t k) {
        seen += k;
        while (i < 3 && ranks[i] < seen)
            out[i++] = date;
        return i < 3;
    });
    return out;
}

uint64_t DateCounts::at_most(int32_t limit) const {
    uint64_t n = 0;
    ascending([&](int32_t date, uint64_t k) {
        if (date > limit)
            return false;
        n += k;
        return true;
    });
    return n;
}

void TrialCounts::merge(const TrialCounts& other) {
    for (size_t v = 0; v < finish.size(); ++v)
        finish[v].merge(other.finish[v]);
    for (size_t c = 0; c < ends.size(); ++c)
        ends[c].merge(other.ends[c]);
    for (size_t v = 0; v < on_time.size(); ++v) {
        on_time[v] += other.on_time[v];
        critical[v] += other.critical[v];
    }
    for (size_t y = 0; y < touched.size(); ++y)
        touched[y] |= other.touched[y];
    touched_years |= other.touched_years;
    missing.insert(other.missing.begin(), other.missing.end());
}

DayTable::DayTable(const rules::WorkCalendar& cal, int32_t lo, int32_t days) : m_cal(cal), m_lo(lo) {
    m_year_lo = rules::civil_from_days(lo).year;
    int32_t count = 0;
    for (int32_t d = lo; d < lo + days; ++d) {
        if (cal.is_workday(d))
            m_workday.push_back(d);
        m_prefix.push_back(static_cast<int32_t>(m_workday.size()));
        m_year.push_back(rules::civil_from_days(d).year - m_year_lo);
        ++count;
    }
    m_hi = lo + count;
}

bool DayTable::holds(int32_t from_lo, int32_t from_hi, int64_t n) const {
    if (from_lo < m_lo || from_hi >= m_hi || from_lo > from_hi || n >= static_cast<int64_t>(m_workday.size()))
        return false;
    const auto last =
        static_cast<int64_t>(m_prefix[static_cast<size_t>(from_hi - m_lo)]) + std::max<int64_t>(n, 1) - 1;
    return last < static_cast<int64_t>(m_workday.size());
}

bool DayTable::covered(int32_t from, int32_t to) const {
    if (to < from)
        return true;
    for (int32_t y = rules::civil_from_days(from).year; y <= rules::civil_from_days(to).year; ++y)
        if (!m_cal.covers(y))
            return false;
    return true;
}

int32_t DayTable::add(int32_t date, int64_t n, uint8_t* touched, std::set<int32_t>* missing) const {
    if (n <= 0)
        return date;
    if (date >= m_lo && date < m_hi) {
        auto k = static_cast<size_t>(m_prefix[static_cast<size_t>(date - m_lo)] + n - 1);
        if (k < m_workday.size()) {
            int32_t out = m_workday[k];
            for (int32_t y = m_year[static_cast<size_t>(date + 1 - m_lo)];
                 y <= m_year[static_cast<size_t>(out - m_lo)]; ++y)
                touched[y] = 1;
            return out;
        }
    }
    return m_cal.add(date, n, missing);
}

} // namespace lexsim::sim::detail
