#pragma once
// The schedule Monte Carlo's trial loop (internal to lexsim::simulation): trials run a block at a time,
// each node's dates for the whole block side by side (structure of arrays), and every result is an
// integer count per thread — date histograms, on-time and driving-path counts — merged after the loop,
// so the outcome is the same for any number of threads.
#include "lexsim/rules/task_graph.hpp"
#include "lexsim/rules/workdays.hpp"
#include "lexsim/simulation/random.hpp"
#include "lexsim/simulation/schedule.hpp"

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <new>
#include <set>
#include <utility>
#include <vector>

namespace lexsim::sim::detail {

constexpr int32_t unscheduled = INT32_MIN;
constexpr uint32_t draws_per_node = 16;
//! Trials run together: one 512-bit vector of dates.
constexpr size_t trial_lanes = 16;

//! How often each date occurred: a histogram over the dates seen so far (widened as needed, up to
//! max_span days), and the few dates beyond that span listed one by one. The histogram counts in 16 bits
//! (half the pages a thread's histograms first touch, each a slow fault on a fresh page): before a count
//! could pass 65 535 (more dates since the last flush), all are added into 64-bit counts kept beside.
class DateCounts {
public:
    static constexpr int64_t max_span = int64_t{1} << 20;
    static constexpr int64_t presize_span = 4096;
    static constexpr uint64_t narrow_max = 0xffff;

    //! Counts dates[0..n).
    void add(const int32_t* dates, size_t n);
    //! Counts dates[0..n), which lie in [lo, hi]: n increments when the histogram reaches that far.
    void add(const int32_t* dates, size_t n, int32_t lo, int32_t hi) {
        if (lo >= m_base && static_cast<int64_t>(hi) - m_base < static_cast<int64_t>(m_count.size()) &&
            m_narrow + n <= narrow_max) {
            uint16_t* count = m_count.data();
            for (size_t i = 0; i < n; ++i)
                ++count[dates[i] - m_base];
            m_total += n;
            m_narrow += n;
        } else {
            add(dates, n);
        }
    }
    //! Sizes the histogram to [lo, hi] (when at most presize_span days): no widening for dates inside.
    void reserve(int32_t lo, int32_t hi);
    //! Counts `date` k times.
    void add_repeated(int32_t date, uint64_t k);
    void merge(const DateCounts& other);
    uint64_t total() const { return m_total; }
    //! Nearest-rank P50, P80 and P90 of the dates counted: what a full sort would put at those ranks.
    std::array<int32_t, 3> quantiles() const;
    //! How many dates are <= limit.
    uint64_t at_most(int32_t limit) const;

private:
    void widen(int32_t lo, int32_t hi);
    //! Moves the 16-bit counts into the 64-bit ones (made on first use).
    void flush();
    //! Room for n more 16-bit increments: flushes when a count could pass narrow_max.
    void make_room(uint64_t n);
    //! The count at m_count[i] and m_wide[i].
    uint64_t at(size_t i) const { return m_count[i] + (m_wide.empty() ? 0 : m_wide[i]); }
    template <class Visit>
    void ascending(Visit visit) const;
    //! merge's histogram part where the other's does not lie inside this one's (beyond max_span).
    void merge_counts(const DateCounts& other);
    void add_slow(const int32_t* dates, size_t n);

    int32_t m_base = 0;
    std::vector<uint16_t> m_count; //!< m_count[d - m_base], since the last flush
    std::vector<uint64_t> m_wide;  //!< empty, or as m_count: the counts flushed
    std::vector<int32_t> m_far;    //!< dates outside [m_base, m_base + m_count.size())
    uint64_t m_total = 0;
    uint64_t m_narrow = 0; //!< dates counted in m_count since the last flush: a bound on any of its counts
};

//! The working-day calendar as two lookup tables over [lo, lo + days): add() is two loads instead of a
//! search. Dates outside go to WorkCalendar::add. The years a period crosses are marked in `touched`
//! (per year from year_lo), so that years without calendar data are reported as WorkCalendar::add does.
class DayTable {
public:
    DayTable(const rules::WorkCalendar& cal, int32_t lo, int32_t days);
    size_t years() const { return m_year.empty() ? 0 : static_cast<size_t>(m_year.back()) + 1; }
    int32_t year_lo() const { return m_year_lo; }
    int32_t lo() const { return m_lo; }
    int32_t hi() const { return m_hi; }
    const int32_t* prefix() const { return m_prefix.data(); }
    const int32_t* workday() const { return m_workday.data(); }
    const int32_t* year() const { return m_year.data(); } //!< per date from lo: its year from year_lo
    size_t workdays() const { return m_workday.size(); }
    //! Whether n working days after any date of [from_lo, from_hi] are two lookups inside the table.
    bool holds(int32_t from_lo, int32_t from_hi, int64_t n) const;
    //! Whether every year of [from, to] has calendar data.
    bool covered(int32_t from, int32_t to) const;

    //! WorkCalendar::add(date, n): the n-th working day strictly after `date`.
    int32_t add(int32_t date, int64_t n, uint8_t* touched, std::set<int32_t>* missing) const;

private:
    const rules::WorkCalendar& m_cal;
    int32_t m_lo = 0, m_hi = 0, m_year_lo = 0;
    std::vector<int32_t> m_prefix;  //!< working days in [lo, date]
    std::vector<int32_t> m_workday; //!< the k-th working day from lo (k from 0)
    std::vector<int32_t> m_year;    //!< year of the date, from year_lo (at most 41: the table spans 40 years)
};

//! One thread's results: integer counts only.
struct TrialCounts {
    std::vector<DateCounts> finish;          //!< per node
    std::vector<DateCounts> ends;            //!< per component: its last finish
    std::vector<uint64_t> on_time, critical; //!< per node: trials on time, on the driving path
    std::vector<uint8_t> touched;            //!< per year of the day table
    uint64_t touched_years = 0;              //!< the same, bit y for year y (from the block loop)
    std::set<int32_t> missing;

    void merge(const TrialCounts& other);
};

//! A scheduled node with a deadline that can be met, as the block loop counts it (rules::resolved_due).
struct LaneDue {
    int32_t node = 0;
    int32_t due = INT32_MAX; //!< the absolute deadline, or INT32_MAX
    int32_t anchor = -1;     //!< a relative deadline's (scheduled) anchor, or -1
    bool from_end = false;   //!< the anchor's finish, or its start
    uint8_t kind = 0;   //!< LaneKind of the relative period (calendar days, table lookups, DayTable::add)
    uint32_t days = 0;  //!< calendar days: max(amount, 0), modulo 2^32 as the 32-bit date sum wraps
    int64_t amount = 0; //!< working days
};

//! A node of the block loop, in topological order (scheduled nodes only).
struct LaneNode {
    int32_t node = 0, own_start = unscheduled;
    int32_t pred_begin = 0, pred_end = 0; //!< into TrialBlocks::m_preds (scheduled predecessors only)
    int32_t draw = -1;                    //!< its row of drawn durations, or -1: `fixed` days
    int32_t fixed = 0;
    uint8_t kind = 0; //!< LaneKind
    //! table_workdays_marked: the years without calendar data (bits, from the table's first year) that its
    //! periods can cross; once a thread has marked them all, its blocks skip the marking.
    uint64_t uncovered = 0;
    //! The working-day rank of a date is prefix[date - lo] (monotone in the date). `carry`: the node keeps
    //! its finish's rank for its successors; `ranked`: the rank of its start is the largest of its own
    //! start's (own_rank) and its predecessors' (all carry), so its lookup needs no gather from a date.
    int32_t own_rank = INT32_MIN;
    bool carry = false, ranked = false;
};

//! Per drawn node: the constants of its draw.
struct LaneDraw {
    double low = 0, likely = 0, high = 0;
    double span = 0, rise = 0, fall = 0; //!< high - low, likely - low, high - likely
    double peak = 0;                     //!< (likely - low) / (high - low): the CDF at the mode
    double cap = 0;                      //!< the largest duration counted (high, capped)
    uint32_t first_draw = 0;             //!< node · draws_per_node
};

//! Memory on 64-byte boundaries: a node's trial_lanes dates are then one cache line and one aligned vector.
template <class T>
struct LineAllocator {
    using value_type = T;
    static constexpr std::align_val_t line{64};
    LineAllocator() = default;
    template <class U>
    LineAllocator(const LineAllocator<U>& /*other*/) noexcept {} // NOLINT(google-explicit-constructor)
    T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), line)); }
    void deallocate(T* p, size_t /*n*/) noexcept { ::operator delete(p, line); }
    friend bool operator==(const LineAllocator& /*a*/, const LineAllocator& /*b*/) { return true; }
    friend bool operator!=(const LineAllocator& /*a*/, const LineAllocator& /*b*/) { return false; }
};
template <class T>
using LineVector = std::vector<T, LineAllocator<T>>;

//! Per-thread arrays of a block, node-major with trial_lanes dates per node, each node's on one cache line.
struct LaneScratch {
    LineVector<int32_t> start, finish, driver, days;
    LineVector<int32_t> rank;           //!< per node that carries it: its finish's working-day rank
    std::vector<uint8_t> scratch_years; //!< for periods whose years are not reported (deadlines)
};

class TrialBlocks {
public:
    TrialBlocks(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                const std::vector<std::vector<int32_t>>& comps, DurationShape shape, Stream rng);

    LaneScratch scratch() const;
    //! A block's scratch for a graph of `nodes` nodes, `draws` of them drawn, and a day table of `years - 1`
    //! years: scratch() is scratch_for(g.size(), its draws, its years + 1), and any larger sizes serve too
    //! (run_schedule makes the other threads' scratch from the graph's size alone, before the plan).
    static LaneScratch scratch_for(size_t nodes, size_t draws, size_t years);
    //! Enough scratch years for any day table (40 years of days cross at most 42 calendar years).
    static constexpr size_t any_years = 64;
    //! Runs the first block (its first `valid` trials) without counting it, and narrows the histograms that
    //! counts() sizes from the bounds to about three times the spread of the block's dates.
    void pilot(size_t valid, LaneScratch& s);
    TrialCounts counts() const;
    //! Trials [first, first + trial_lanes), of which the first `valid` count.
    void run(uint64_t first, size_t valid, LaneScratch& s, TrialCounts& c) const;
    //! Adds what the block loop leaves out: the finish of every node whose finish is the same in all trials,
    //! and the criticality of the nodes alone in their component.
    void add_steady(TrialCounts& total, uint64_t trials) const;
    //! Years without calendar data that the counted periods crossed.
    void missing_years(const TrialCounts& c, std::set<int32_t>& out) const;
    bool scheduled(int32_t v) const { return m_scheduled[static_cast<size_t>(v)] != 0; }

private:
    void draw(uint64_t first, LaneScratch& s) const;
    void forward(LaneScratch& s, TrialCounts& c) const;
    void count(LaneScratch& s, size_t valid, TrialCounts& c) const;
    void plan_counts(const std::vector<int32_t>& start_lo, const std::vector<int32_t>& start_hi,
                     const std::vector<int32_t>& finish_lo, const std::vector<int32_t>& finish_hi);
    void bounds(const rules::TaskGraph& g);
    void plan_ranks(const std::vector<int32_t>& finish_lo, const std::vector<int32_t>& finish_hi);
    void forward_scalar(const std::vector<int64_t>& days, std::vector<int32_t>& start,
                        std::vector<int32_t>& finish) const;

    const rules::TaskGraph& m_g;
    const rules::WorkCalendar& m_cal;
    const std::vector<std::vector<int32_t>>& m_comps;
    DurationShape m_shape;
    Stream m_rng;
    DayTable m_table;
    std::vector<LaneNode> m_nodes;
    std::vector<int32_t> m_preds;
    std::vector<LaneDraw> m_draws;
    std::vector<uint32_t> m_first_draws; //!< m_draws[k].first_draw, for Stream::uniforms_paired16
    std::vector<uint8_t> m_scheduled;    //!< per node: it has a start (in every trial alike)
    std::vector<int32_t> m_varying;      //!< scheduled nodes whose finish varies between trials
    std::vector<std::pair<int32_t, int32_t>> m_steady; //!< the other scheduled nodes, with their finish
    std::vector<LaneDue> m_dues;                       //!< scheduled nodes with a deadline that can be met
    std::vector<std::pair<int32_t, int32_t>> m_finish_range; //!< per node: its earliest and latest finish
    //! The span each histogram is sized to: per node (its finish) and per component (its last finish).
    std::vector<std::pair<int32_t, int32_t>> m_finish_span, m_end_span;
    std::vector<int64_t> m_low, m_high; //!< per node: duration range (capped)
    //! Per component: its scheduled nodes without successors, in order. The last finish is one of theirs
    //! (a successor ends no earlier), and on a tie the latest node in topological order is one too.
    std::vector<std::vector<int32_t>> m_comp_nodes;
    std::vector<int32_t> m_lone;   //!< scheduled nodes alone in their component: critical in every trial
    std::vector<int32_t> m_linked; //!< components of more than one node with a scheduled sink
};

} // namespace lexsim::sim::detail
