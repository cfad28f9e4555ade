// The schedule Monte Carlo's trial loop: a block of trial_lanes trials at a time, node by node in
// topological order, each step a loop over the block's trials that the compiler runs in vector registers.
// Built with -ffp-contract=off and -fno-math-errno (simulation/CMakeLists.txt): no fused multiply-add in
// any target_clones version, so every version computes every duration to the same bits, and sqrt is the
// vector instruction (exact in IEEE arithmetic).
#include "schedule_trials.hpp"

#include "clones.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lexsim::sim::detail {

namespace {

constexpr size_t L = trial_lanes;
//! Durations are capped at 2^24 days (46 000 years) so that dates stay 32-bit integers.
constexpr int64_t max_duration = int64_t{1} << 24;

//! How a node's period ends: calendar days; working days inside the day table, in years with calendar data
//! (two lookups) or not all (two lookups and the years marked); working days through DayTable::add.
enum LaneKind : uint8_t { calendar_days, table_workdays, table_workdays_marked, other_workdays };

//! Whole days: the duration kept in [low, cap] (it always is: a no-op that the table lookups rely on) and
//! rounded up — std::ceil, written so that the compiler vectorises it (ceil commutes with clamping to
//! whole numbers; the conversion truncates towards zero, which is ceil below zero and floor above).
// A loop over the lanes of a block: kept a loop (GCC would unroll 16 iterations first, then fail to
// vectorise the straight-line code), so that the vectoriser makes it one or two vector operations.
#define LANES _Pragma("GCC unroll 1")

[[gnu::always_inline]] inline int32_t whole_days(double x, double low, double cap) {
    x = x < low ? low : x;
    x = x > cap ? cap : x;
    auto t = static_cast<int32_t>(x);
    return t + (static_cast<double>(t) < x ? 1 : 0);
}

//! Drawn durations in whole days from the block's uniforms (triangular or uniform): row k, lane i.
LEXSIM_CLONES void durations_of(const LaneDraw* draws, size_t m, bool uniform, const double* u,
                                int32_t* out) {
    for (size_t k = 0; k < m; ++k) {
        const double low = draws[k].low, high = draws[k].high, span = draws[k].span, rise = draws[k].rise,
                     fall = draws[k].fall, peak = draws[k].peak, cap = draws[k].cap;
        const double* uk = u + k * L;
        int32_t dk[L];
        if (uniform) {
            LANES
            for (size_t i = 0; i < L; ++i)
                dk[i] = whole_days(low + uk[i] * span, low, cap);
        } else {
            // draw_duration's triangular inverse CDF: low + sqrt(u·span·rise) below the mode, else
            // high - sqrt((1 - u)·span·fall). Both radicands, then one sqrt of the lane's: picked by bits, as
            // from a plain select GCC took the sqrt of both under masks (four vsqrtpd per 16 lanes, not two).
            LANES
            for (size_t i = 0; i < L; ++i) {
                const bool rising = uk[i] < peak;
                const uint64_t pick = rising ? ~uint64_t{0} : 0;
                const auto a = std::bit_cast<uint64_t>(uk[i] * span * rise);
                const auto b = std::bit_cast<uint64_t>((1.0 - uk[i]) * span * fall);
                const double r = std::sqrt(std::bit_cast<double>((a & pick) | (b & ~pick)));
                dk[i] = whole_days(rising ? low + r : high - r, low, cap);
            }
        }
        std::copy(dk, dk + L, out + k * L);
    }
}

//! As DayTable::add, the years from the day after a start to the end (when d > 0) that lack calendar data,
//! as bits of `touched`: of the node's possible such years (`uncovered`), those not yet marked, each by a
//! compare over the lanes (the years of the lanes' first and last days looked up once).
[[gnu::always_inline]] inline void mark_years(uint64_t uncovered, const int32_t* st, const int32_t* d,
                                              const int32_t* out, const int32_t* year, int32_t lo,
                                              uint64_t& touched) {
    uint64_t todo = uncovered & ~touched;
    if (todo == 0)
        return;
    int32_t first[L], last[L];
    LANES
    for (size_t i = 0; i < L; ++i) {
        first[i] = d[i] > 0 ? year[st[i] + 1 - lo] : INT32_MAX; // no period: no year
        last[i] = year[out[i] - lo];
    }
    for (; todo != 0; todo &= todo - 1) {
        const int32_t y = std::countr_zero(todo);
        int32_t hit = 0;
        LANES
        for (size_t i = 0; i < L; ++i)
            hit |= first[i] <= y && y <= last[i] ? 1 : 0;
        touched |= hit != 0 ? uint64_t{1} << y : 0;
    }
}

struct ForwardArgs {
    const LaneNode* nodes;
    size_t count;
    const int32_t* preds;
    const int32_t* days;
    const DayTable* table;
    int32_t *start, *finish, *driver, *rank;
    TrialCounts* counts;
};

//! A working-day period inside the day table, lane by lane: the end `d` working days after the start (the
//! start when d <= 0), from the start's rank `pr` (prefix[st - lo]), and the end's rank.
[[gnu::always_inline]] inline void table_period(const int32_t* st, const int32_t* d, const int32_t* pr,
                                                const int32_t* workday, int32_t* out, int32_t* rk) {
    LANES
    for (size_t i = 0; i < L; ++i) {
        const int32_t k = pr[i] + (d[i] > 1 ? d[i] : 1) - 1;
        const int32_t w = workday[k];
        out[i] = d[i] > 0 ? w : st[i];
        rk[i] = d[i] > 0 ? k + 1 : pr[i]; // workday[k] is the (k + 1)-th working day from lo
    }
}

//! The forward pass of the critical path method for a block: rules::forward_pass, lane by lane.
LEXSIM_CLONES void forward_lanes(const ForwardArgs& a) {
    const int32_t* prefix = a.table->prefix();
    const int32_t* workday = a.table->workday();
    const int32_t* year = a.table->year();
    const int32_t lo = a.table->lo();
    for (size_t x = 0; x < a.count; ++x) {
        const LaneNode& n = a.nodes[x];
        const auto v = static_cast<size_t>(n.node);
        int32_t st[L], dr[L], d[L] = {}, out[L], pr[L], rk[L]; // local: no aliasing with the tables
        LANES
        for (size_t i = 0; i < L; ++i) {
            st[i] = n.own_start;
            dr[i] = -1;
            pr[i] = n.own_rank;
        }
        for (int32_t j = n.pred_begin; j < n.pred_end; ++j) {
            const int32_t p = a.preds[j];
            const int32_t* f = a.finish + static_cast<size_t>(p) * L;
            LANES
            for (size_t i = 0; i < L; ++i) { // the first latest predecessor drives
                bool later = f[i] > st[i];
                st[i] = later ? f[i] : st[i];
                dr[i] = later ? p : dr[i];
            }
            if (n.ranked) { // the rank of the latest finish is the largest rank
                const int32_t* r = a.rank + static_cast<size_t>(p) * L;
                LANES
                for (size_t i = 0; i < L; ++i) { // written as the select above: std::max was not vectorised
                    bool later = r[i] > pr[i];
                    pr[i] = later ? r[i] : pr[i];
                }
            }
        }
        if (n.draw >= 0)
            std::copy(a.days + static_cast<size_t>(n.draw) * L, a.days + static_cast<size_t>(n.draw + 1) * L,
                      d);
        else
            std::fill(d, d + L, n.fixed);
        if (n.kind == table_workdays || n.kind == table_workdays_marked) {
            // The node's dates lie inside the table in every trial.
            if (!n.ranked) {
                LANES
                for (size_t i = 0; i < L; ++i)
                    pr[i] = prefix[st[i] - lo];
            }
            table_period(st, d, pr, workday, out, rk);
            if (n.kind == table_workdays_marked)
                mark_years(n.uncovered, st, d, out, year, lo, a.counts->touched_years);
        } else {
            if (n.kind == calendar_days) {
                LANES
                for (size_t i = 0; i < L; ++i)
                    out[i] = st[i] + (d[i] > 0 ? d[i] : 0);
            } else {
                LANES
                for (size_t i = 0; i < L; ++i)
                    out[i] = a.table->add(st[i], d[i], a.counts->touched.data(), &a.counts->missing);
            }
            if (n.carry) { // its finish lies inside the table in every trial
                LANES
                for (size_t i = 0; i < L; ++i)
                    rk[i] = prefix[out[i] - lo];
            }
        }
        if (n.carry)
            std::copy(rk, rk + L, a.rank + v * L);
        std::copy(st, st + L, a.start + v * L);
        std::copy(dr, dr + L, a.driver + v * L);
        std::copy(out, out + L, a.finish + v * L);
    }
}

//! Each listed node's finish dates into its histogram: the block's earliest and latest date (a vector
//! reduction), then one increment per lane.
LEXSIM_CLONES void count_finishes(const int32_t* nodes, size_t count, const int32_t* finish, size_t valid,
                                  DateCounts* hist) {
    for (size_t x = 0; x < count; ++x) {
        const auto v = static_cast<size_t>(nodes[x]);
        const int32_t* f = finish + v * L;
        if (valid < L) {
            hist[v].add(f, valid);
            continue;
        }
        int32_t lo = f[0], hi = f[0];
        LANES
        for (size_t i = 0; i < L; ++i) { // selects: std::min/max here were compiled to a scalar loop
            lo = f[i] < lo ? f[i] : lo;
            hi = f[i] > hi ? f[i] : hi;
        }
        hist[v].add(f, L, lo, hi);
    }
}

struct DueArgs {
    const LaneDue* dues;
    size_t count;
    const int32_t *start, *finish;
    const DayTable* table;
    uint8_t* scratch_years;
    uint64_t* on_time;
};

//! The trials of the block that end by their deadline (rules::resolved_due), node by node, the deadline
//! computed for the whole block: at most the absolute one, and a relative one from the anchor's dates.
LEXSIM_CLONES void count_on_time(const DueArgs& a, size_t valid) {
    const int32_t* prefix = a.table->prefix();
    const int32_t* workday = a.table->workday();
    const int32_t lo = a.table->lo();
    for (size_t x = 0; x < a.count; ++x) {
        const LaneDue& d = a.dues[x];
        int32_t due[L];
        LANES
        for (size_t i = 0; i < L; ++i)
            due[i] = d.due;
        if (d.anchor >= 0) {
            const int32_t* from = (d.from_end ? a.finish : a.start) + static_cast<size_t>(d.anchor) * L;
            if (d.kind == calendar_days) {
                LANES
                for (size_t i = 0; i < L; ++i) // the 32-bit sum, as static_cast<int32_t>(from + days)
                    due[i] = std::min(due[i], static_cast<int32_t>(static_cast<uint32_t>(from[i]) + d.days));
            } else if (d.kind == table_workdays) {
                const int32_t k = static_cast<int32_t>(std::max<int64_t>(d.amount, 1)) - 1;
                const bool counts = d.amount > 0;
                LANES
                for (size_t i = 0; i < L; ++i) {
                    int32_t w = workday[prefix[from[i] - lo] + k];
                    due[i] = std::min(due[i], counts ? w : from[i]);
                }
            } else { // as period_end without a set of missing years: a deadline's own period is not reported
                for (size_t i = 0; i < valid; ++i)
                    due[i] = std::min(due[i], a.table->add(from[i], d.amount, a.scratch_years, nullptr));
            }
        }
        const int32_t* f = a.finish + static_cast<size_t>(d.node) * L;
        uint32_t n = 0;
        LANES
        for (size_t i = 0; i < L; ++i)
            n += i < valid && f[i] <= due[i] ? 1 : 0;
        a.on_time[static_cast<size_t>(d.node)] += n;
    }
}

//! The components' last finishes lane by lane: on a tie the later node in topological order.
LEXSIM_CLONES void last_lanes(const int32_t* nodes, size_t count, const int32_t* finish, int32_t* end,
                              int32_t* last) {
    LANES
    for (size_t i = 0; i < L; ++i) {
        end[i] = unscheduled;
        last[i] = -1;
    }
    for (size_t x = 0; x < count; ++x) {
        const int32_t v = nodes[x];
        const int32_t* f = finish + static_cast<size_t>(v) * L;
        LANES
        for (size_t i = 0; i < L; ++i) {
            bool later = f[i] >= end[i];
            end[i] = later ? f[i] : end[i];
            last[i] = later ? v : last[i];
        }
    }
}

} // namespace

TrialBlocks::TrialBlocks(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                         const std::vector<std::vector<int32_t>>& comps, DurationShape shape, Stream rng)
    : m_g(g), m_cal(cal), m_comps(comps), m_shape(shape), m_rng(rng), m_table([&] {
          int32_t lo = INT32_MAX;
          for (const rules::TaskNode& n : g.nodes())
              if (n.start)
                  lo = std::min(lo, *n.start);
          return lo == INT32_MAX ? DayTable(cal, 0, 0) : DayTable(cal, lo, 40 * 366);
      }()) {
    for (const rules::TaskNode& n : g.nodes()) {
        m_low.push_back(std::min(n.low, max_duration));
        m_high.push_back(std::clamp(n.high, m_low.back(), max_duration));
    }
    bounds(g);
    for (size_t k = 0; k < comps.size(); ++k) {
        m_comp_nodes.emplace_back();
        for (int32_t v : comps[k])
            if (scheduled(v) && g.succs(v).empty())
                m_comp_nodes.back().push_back(v);
        if (comps[k].size() == 1 && !m_comp_nodes.back().empty())
            m_lone.push_back(comps[k][0]); // drives its own end in every trial
        else if (comps[k].size() > 1 && !m_comp_nodes.back().empty())
            m_linked.push_back(static_cast<int32_t>(k));
    }
}

//! The forward pass on one set of durations, scalar (for the bounds).
void TrialBlocks::forward_scalar(const std::vector<int64_t>& days, std::vector<int32_t>& start,
                                 std::vector<int32_t>& finish) const {
    std::vector<uint8_t> touched(m_table.years() + 1, 0);
    start.assign(m_g.size(), unscheduled);
    finish.assign(m_g.size(), unscheduled);
    for (int32_t vi : m_g.order()) {
        auto v = static_cast<size_t>(vi);
        int32_t st = m_g.node(vi).start.value_or(unscheduled);
        for (int32_t p : m_g.preds(vi))
            st = std::max(st, finish[static_cast<size_t>(p)]);
        start[v] = st;
        if (st == unscheduled)
            continue;
        finish[v] = m_g.node(vi).unit == rules::DurationUnit::Days
                        ? static_cast<int32_t>(st + std::max<int64_t>(days[v], 0))
                        : m_table.add(st, days[v], touched.data(), nullptr);
    }
}

//! Every trial's dates lie between the forward pass on the low durations and on the high ones (a finish
//! grows with its start and its duration): which nodes are scheduled, and which stay inside the day table
//! in years with calendar data. Then the block loop's plan.
void TrialBlocks::bounds(const rules::TaskGraph& g) {
    std::vector<int32_t> start_lo, finish_lo, start_hi, finish_hi;
    forward_scalar(m_low, start_lo, finish_lo);
    forward_scalar(m_high, start_hi, finish_hi);
    for (size_t v = 0; v < g.size(); ++v)
        m_scheduled.push_back(start_lo[v] != unscheduled);
    for (int32_t vi : g.order()) {
        auto v = static_cast<size_t>(vi);
        if (!m_scheduled[v])
            continue;
        const rules::TaskNode& n = g.node(vi);
        LaneNode ln;
        ln.node = vi;
        ln.own_start = n.start.value_or(unscheduled);
        ln.pred_begin = static_cast<int32_t>(m_preds.size());
        for (int32_t p : g.preds(vi))
            if (m_scheduled[static_cast<size_t>(p)])
                m_preds.push_back(p);
        ln.pred_end = static_cast<int32_t>(m_preds.size());
        ln.fixed = static_cast<int32_t>(m_low[v]);
        if (n.low < n.high) {
            ln.draw = static_cast<int32_t>(m_draws.size());
            auto lo = static_cast<double>(n.low), likely = static_cast<double>(n.likely),
                 hi = static_cast<double>(n.high);
            m_draws.push_back({lo, likely, hi, hi - lo, likely - lo, hi - likely, (likely - lo) / (hi - lo),
                               static_cast<double>(m_high[v]), static_cast<uint32_t>(v * draws_per_node)});
            m_first_draws.push_back(m_draws.back().first_draw);
        }
        const bool in_table = m_table.holds(start_lo[v], start_hi[v], m_high[v]);
        if (n.unit == rules::DurationUnit::Days)
            ln.kind = calendar_days;
        else if (in_table && m_table.years() < 64) // years as bits of a 64-bit mask
            ln.kind = m_table.covered(start_lo[v] + 1, finish_hi[v]) ? table_workdays : table_workdays_marked;
        else
            ln.kind = other_workdays;
        for (int32_t y = rules::civil_from_days(start_lo[v] + 1).year;
             ln.kind == table_workdays_marked && y <= rules::civil_from_days(finish_hi[v]).year; ++y)
            if (!m_cal.covers(y))
                ln.uncovered |= uint64_t{1} << (y - m_table.year_lo());
        m_nodes.push_back(ln);
    }
    plan_ranks(finish_lo, finish_hi);
    plan_counts(start_lo, start_hi, finish_lo, finish_hi);
}

//! Which nodes keep their finish's working-day rank (those whose finish stays inside the day table and that
//! precede a node with two table lookups), and which table nodes take their start's rank from those.
void TrialBlocks::plan_ranks(const std::vector<int32_t>& finish_lo, const std::vector<int32_t>& finish_hi) {
    std::vector<int32_t> at(m_g.size(), -1); // node -> its LaneNode
    for (size_t x = 0; x < m_nodes.size(); ++x)
        at[static_cast<size_t>(m_nodes[x].node)] = static_cast<int32_t>(x);
    auto table = [](const LaneNode& n) {
        return n.kind == table_workdays || n.kind == table_workdays_marked;
    };
    for (LaneNode& n : m_nodes) {
        const auto v = static_cast<size_t>(n.node);
        if (finish_lo[v] < m_table.lo() || finish_hi[v] >= m_table.hi())
            continue;
        for (int32_t s : m_g.succs(n.node))
            n.carry = n.carry || (at[static_cast<size_t>(s)] >= 0 &&
                                  table(m_nodes[static_cast<size_t>(at[static_cast<size_t>(s)])]));
    }
    for (LaneNode& n : m_nodes) {
        if (!table(n) || (n.own_start != unscheduled && n.own_start >= m_table.hi()))
            continue;
        n.ranked = true;
        for (int32_t j = n.pred_begin; j < n.pred_end; ++j)
            n.ranked =
                n.ranked &&
                m_nodes[static_cast<size_t>(at[static_cast<size_t>(m_preds[static_cast<size_t>(j)])])].carry;
        if (n.own_start != unscheduled)
            n.own_rank = m_table.prefix()[n.own_start - m_table.lo()];
    }
}

//! What the block loop counts, decided once from the bounds: the histograms of the nodes whose finish varies
//! (the others' finish is added after the loop), and every deadline that can be met, with its relative
//! period's path (calendar days, two lookups when the anchor's dates keep it inside the day table, or
//! DayTable::add). A deadline relative to an unscheduled anchor and no absolute one is never met.
void TrialBlocks::plan_counts(const std::vector<int32_t>& start_lo, const std::vector<int32_t>& start_hi,
                              const std::vector<int32_t>& finish_lo, const std::vector<int32_t>& finish_hi) {
    m_finish_range.assign(m_g.size(), {0, -1});
    for (const LaneNode& ln : m_nodes) {
        const auto v = static_cast<size_t>(ln.node);
        m_finish_range[v] = {finish_lo[v], finish_hi[v]};
        if (finish_lo[v] == finish_hi[v])
            m_steady.emplace_back(ln.node, finish_lo[v]);
        else
            m_varying.push_back(ln.node);
        const rules::TaskNode& n = m_g.node(ln.node);
        LaneDue d;
        d.node = ln.node;
        d.due = n.due.value_or(INT32_MAX);
        if (n.relative_due && scheduled(n.relative_due->anchor)) {
            const rules::RelativeDue& r = *n.relative_due;
            const auto a = static_cast<size_t>(r.anchor);
            d.anchor = r.anchor;
            d.from_end = r.from_end;
            d.amount = r.amount;
            d.days = static_cast<uint32_t>(std::max<int64_t>(r.amount, 0));
            const bool in_table = m_table.holds((r.from_end ? finish_lo : start_lo)[a],
                                                (r.from_end ? finish_hi : start_hi)[a], r.amount);
            d.kind = r.unit == rules::DurationUnit::Days ? calendar_days
                     : in_table                          ? table_workdays
                                                         : other_workdays;
        } else if (!n.due) {
            continue;
        }
        m_dues.push_back(d);
    }
}

LaneScratch TrialBlocks::scratch() const {
    return scratch_for(m_g.size(), m_draws.size(), m_table.years() + 1);
}

LaneScratch TrialBlocks::scratch_for(size_t nodes, size_t draws, size_t years) {
    LaneScratch s;
    s.start.assign(nodes * L, unscheduled);
    s.finish.assign(nodes * L, unscheduled);
    s.driver.assign(nodes * L, -1);
    s.rank.assign(nodes * L, 0);
    s.days.assign(std::max<size_t>(draws, 1) * L, 0);
    s.scratch_years.assign(years, 0);
    return s;
}

TrialCounts TrialBlocks::counts() const {
    TrialCounts c;
    c.finish.resize(m_g.size());
    c.ends.resize(m_comps.size());
    // Histograms sized once, so that the loop seldom widens them.
    for (int32_t v : m_varying)
        c.finish[static_cast<size_t>(v)].reserve(m_finish_span[static_cast<size_t>(v)].first,
                                                 m_finish_span[static_cast<size_t>(v)].second);
    for (int32_t k : m_linked)
        c.ends[static_cast<size_t>(k)].reserve(m_end_span[static_cast<size_t>(k)].first,
                                               m_end_span[static_cast<size_t>(k)].second);
    c.on_time.assign(m_g.size(), 0);
    c.critical.assign(m_g.size(), 0);
    c.touched.assign(m_table.years() + 1, 0);
    return c;
}

void TrialBlocks::pilot(size_t valid, LaneScratch& s) {
    m_finish_span = m_finish_range;
    m_end_span.assign(m_comps.size(), {0, -1});
    for (int32_t k : m_linked) { // a component ends at its latest finish
        auto& [lo, hi] = m_end_span[static_cast<size_t>(k)];
        lo = hi = unscheduled;
        for (int32_t v : m_comp_nodes[static_cast<size_t>(k)]) {
            lo = std::max(lo, m_finish_range[static_cast<size_t>(v)].first);
            hi = std::max(hi, m_finish_range[static_cast<size_t>(v)].second);
        }
    }
    // The bounds (low and high durations everywhere) are far wider than the spread of a node's finish over
    // trials: sized to them, the generated graph's histograms took up to 0.9 MB per thread, whose first touch
    // (page faults) cost a tenth of the run. Sized around the first block's dates instead (three times their
    // spread); dates outside widen them.
    TrialCounts c;
    c.touched.assign(m_table.years() + 1, 0);
    draw(0, s);
    forward_lanes({m_nodes.data(), m_nodes.size(), m_preds.data(), s.days.data(), &m_table, s.start.data(),
                   s.finish.data(), s.driver.data(), s.rank.data(), &c});
    const auto around = [valid](const int32_t* dates, std::pair<int32_t, int32_t>& span) {
        int32_t lo = dates[0], hi = dates[0];
        for (size_t i = 1; i < valid; ++i) {
            lo = std::min(lo, dates[i]);
            hi = std::max(hi, dates[i]);
        }
        const int64_t slack = int64_t{hi} - lo + 8;
        span = {static_cast<int32_t>(std::max<int64_t>(span.first, lo - slack)),
                static_cast<int32_t>(std::min<int64_t>(span.second, hi + slack))};
    };
    for (int32_t v : m_varying)
        around(s.finish.data() + static_cast<size_t>(v) * L, m_finish_span[static_cast<size_t>(v)]);
    int32_t end[L], last[L];
    for (int32_t k : m_linked) {
        const std::vector<int32_t>& nodes = m_comp_nodes[static_cast<size_t>(k)];
        last_lanes(nodes.data(), nodes.size(), s.finish.data(), end, last);
        around(end, m_end_span[static_cast<size_t>(k)]);
    }
}

void TrialBlocks::draw(uint64_t first, LaneScratch& s) const {
    const size_t m = m_draws.size();
    if (m == 0)
        return;
    if (m_shape != DurationShape::Pert) {
        // Half a Philox number per node and trial: the block's trials pair up on one number each. A few
        // rows at a time, so that the uniforms stay in L1 and no thread keeps (and first touches) a
        // block-sized array of them.
        constexpr size_t rows = 16;
        alignas(64) double u[rows * L];
        for (size_t k = 0; k < m; k += rows) {
            const size_t n = std::min(rows, m - k);
            m_rng.uniforms_paired16(first, m_first_draws.data() + k, n, u);
            durations_of(m_draws.data() + k, n, m_shape == DurationShape::Uniform, u, s.days.data() + k * L);
        }
        return;
    }
    double u[draws_per_node];
    for (size_t k = 0; k < m; ++k) {
        const LaneDraw& d = m_draws[k];
        for (size_t i = 0; i < L; ++i) {
            for (uint32_t j = 0; j < draws_per_node; ++j)
                u[j] = m_rng.uniform(first + i, d.first_draw + j);
            double x = draw_duration(DurationShape::Pert, d.low, d.likely, d.high, u,
                                     static_cast<int>(draws_per_node));
            s.days[k * L + i] = whole_days(x, d.low, d.cap);
        }
    }
}

void TrialBlocks::count(LaneScratch& s, size_t valid, TrialCounts& c) const {
    count_finishes(m_varying.data(), m_varying.size(), s.finish.data(), valid, c.finish.data());
    count_on_time({m_dues.data(), m_dues.size(), s.start.data(), s.finish.data(), &m_table,
                   s.scratch_years.data(), c.on_time.data()},
                  valid);
    int32_t end[L], last[L];
    for (int32_t ki : m_linked) {
        const auto k = static_cast<size_t>(ki);
        const std::vector<int32_t>& nodes = m_comp_nodes[k];
        last_lanes(nodes.data(), nodes.size(), s.finish.data(), end, last);
        c.ends[k].add(end, valid);
        for (size_t i = 0; i < valid; ++i)
            for (int32_t v = last[i]; v != -1; v = s.driver[static_cast<size_t>(v) * L + i])
                ++c.critical[static_cast<size_t>(v)];
    }
}

void TrialBlocks::run(uint64_t first, size_t valid, LaneScratch& s, TrialCounts& c) const {
    draw(first, s);
    forward_lanes({m_nodes.data(), m_nodes.size(), m_preds.data(), s.days.data(), &m_table, s.start.data(),
                   s.finish.data(), s.driver.data(), s.rank.data(), &c});
    count(s, valid, c);
}

void TrialBlocks::add_steady(TrialCounts& total, uint64_t trials) const {
    for (const auto& [v, date] : m_steady)
        total.finish[static_cast<size_t>(v)].add_repeated(date, trials);
    for (int32_t v : m_lone)
        total.critical[static_cast<size_t>(v)] += trials;
}

void TrialBlocks::missing_years(const TrialCounts& c, std::set<int32_t>& out) const {
    out.insert(c.missing.begin(), c.missing.end());
    for (size_t y = 0; y < c.touched.size(); ++y)
        if ((c.touched[y] || (y < 64 && (c.touched_years >> y & 1))) &&
            !m_cal.covers(m_table.year_lo() + static_cast<int32_t>(y)))
            out.insert(m_table.year_lo() + static_cast<int32_t>(y));
}

} // namespace lexsim::sim::detail
