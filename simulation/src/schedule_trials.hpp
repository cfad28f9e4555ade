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
#include <cstdint>
#include <set>
#include <vector>

namespace lexsim::sim::detail {

constexpr int32_t unscheduled = INT32_MIN;
constexpr uint32_t draws_per_node = 16;
//! Trials run together: one 512-bit vector of dates.
constexpr size_t trial_lanes = 16;

//! How often each date occurred: a histogram over the dates seen so far (widened as needed, up to
//! max_span days), and the few dates beyond that span listed one by one.
class DateCounts {
public:
    static constexpr int64_t max_span = int64_t{1} << 20;

    //! Counts dates[0..n).
    void add(const int32_t* dates, size_t n);
    void merge(const DateCounts& other);
    uint64_t total() const { return m_total; }
    //! Nearest-rank P50, P80 and P90 of the dates counted: what a full sort would put at those ranks.
    std::array<int32_t, 3> quantiles() const;
    //! How many dates are <= limit.
    uint64_t at_most(int32_t limit) const;

private:
    void widen(int32_t lo, int32_t hi);
    void add_slow(const int32_t* dates, size_t n);

    int32_t m_base = 0;
    std::vector<uint32_t> m_count; //!< m_count[d - m_base]
    std::vector<int32_t> m_far;    //!< dates outside [m_base, m_base + m_count.size())
    uint64_t m_total = 0;
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

//! A node of the block loop, in topological order (scheduled nodes only).
struct LaneNode {
    int32_t node = 0, own_start = unscheduled;
    int32_t pred_begin = 0, pred_end = 0; //!< into TrialBlocks::m_preds (scheduled predecessors only)
    int32_t draw = -1;                    //!< its row of drawn durations, or -1: `fixed` days
    int32_t fixed = 0;
    uint8_t kind = 0; //!< LaneKind
};

//! Per drawn node: the constants of its draw.
struct LaneDraw {
    double low = 0, likely = 0, high = 0;
    double span = 0, rise = 0, fall = 0; //!< high - low, likely - low, high - likely
    double peak = 0;                     //!< (likely - low) / (high - low): the CDF at the mode
    double cap = 0;                      //!< the largest duration counted (high, capped)
    uint32_t first_draw = 0;             //!< node · draws_per_node
};

//! Per-thread arrays of a block, node-major with trial_lanes dates per node.
struct LaneScratch {
    std::vector<int32_t> start, finish, driver, days;
    std::vector<double> u;
    std::vector<uint8_t> scratch_years; //!< for periods whose years are not reported (deadlines)
};

class TrialBlocks {
public:
    TrialBlocks(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                const std::vector<std::vector<int32_t>>& comps, DurationShape shape, Stream rng);

    LaneScratch scratch() const;
    TrialCounts counts() const;
    //! Trials [first, first + trial_lanes), of which the first `valid` count.
    void run(uint64_t first, size_t valid, LaneScratch& s, TrialCounts& c) const;
    //! Years without calendar data that the counted periods crossed.
    void missing_years(const TrialCounts& c, std::set<int32_t>& out) const;
    bool scheduled(int32_t v) const { return m_scheduled[static_cast<size_t>(v)] != 0; }

private:
    void draw(uint64_t first, LaneScratch& s) const;
    void forward(LaneScratch& s, TrialCounts& c) const;
    void count(LaneScratch& s, size_t valid, TrialCounts& c) const;
    bool on_time(int32_t v, size_t lane, LaneScratch& s) const;
    void bounds(const rules::TaskGraph& g);
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
    std::vector<uint32_t> m_first_draws;            //!< m_draws[k].first_draw, for Stream::uniforms_by_trial
    std::vector<uint8_t> m_scheduled;               //!< per node: it has a start (in every trial alike)
    std::vector<int32_t> m_due_nodes;               //!< scheduled nodes with a deadline
    std::vector<int64_t> m_low, m_high;             //!< per node: duration range (capped)
    std::vector<std::vector<int32_t>> m_comp_nodes; //!< per component: its scheduled nodes, in order
};

} // namespace lexsim::sim::detail
