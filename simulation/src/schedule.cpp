// Schedule risk: Monte Carlo over a task graph, in parallel with TBB, bit-identical for any thread count.
#include "lexsim/simulation/schedule.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/random.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cmath>
#include <map>
#include <mutex>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace lexsim::sim {

namespace {

constexpr int32_t unscheduled = INT32_MIN;
constexpr uint32_t draws_per_node = 16;

//! Marsaglia and Tsang's gamma(shape >= 1) from uniforms u[0..]; nullopt if the draws run out.
std::optional<double> gamma_draw(double shape, const double* u, int count, int& used) {
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    while (used + 3 <= count) {
        // Box-Muller: a standard normal from two uniforms (1 - u keeps the logarithm finite).
        double z = std::sqrt(-2.0 * std::log(1.0 - u[used])) * std::cos(2.0 * M_PI * u[used + 1]);
        double accept = u[used + 2];
        used += 3;
        double v = 1.0 + c * z;
        if (v <= 0)
            continue;
        v = v * v * v;
        if (std::log(1.0 - accept) < 0.5 * z * z + d - d * v + d * std::log(v))
            return d * v;
    }
    return std::nullopt;
}

//! Nearest-rank P50, P80 and P90 of a sample (reordered): the values a full sort would put at those ranks.
//! Dates span a few hundred days, so a histogram finds them in one pass; a wider sample is selected.
std::array<int32_t, 3> quantiles(std::vector<int32_t>& sample) {
    std::array<int32_t, 3> out{};
    std::array<size_t, 3> ranks{};
    const double qs[] = {0.5, 0.8, 0.9};
    for (size_t i = 0; i < 3; ++i)
        ranks[i] =
            std::max<size_t>(static_cast<size_t>(std::ceil(qs[i] * static_cast<double>(sample.size()))), 1) -
            1;
    auto [lo, hi] = std::minmax_element(sample.begin(), sample.end());
    const int64_t low = *lo, span = static_cast<int64_t>(*hi) - low + 1;
    if (span <= static_cast<int64_t>(4 * sample.size() + 4096)) {
        std::vector<uint32_t> count(static_cast<size_t>(span), 0);
        for (int32_t x : sample)
            ++count[static_cast<size_t>(x - low)];
        size_t seen = 0, i = 0;
        for (size_t v = 0; v < count.size() && i < 3; ++v) {
            seen += count[v];
            while (i < 3 && ranks[i] < seen)
                out[i++] = static_cast<int32_t>(low + static_cast<int64_t>(v));
        }
        return out;
    }
    auto from = sample.begin();
    for (size_t i = 0; i < 3; ++i) {
        auto at = sample.begin() + static_cast<std::ptrdiff_t>(ranks[i]);
        std::nth_element(from, at, sample.end());
        out[i] = *at;
        from = at; // the next rank is at or after this one
    }
    return out;
}

//! The working-day calendar as two lookup tables over [lo, hi): add() is two loads instead of a search.
//! Dates outside them go to WorkCalendar::add. The years a period crosses are marked in `touched` (per
//! year from year_lo), so that years without calendar data are reported as WorkCalendar::add reports them.
class DayTable {
public:
    DayTable(const rules::WorkCalendar& cal, int32_t lo, int32_t days) : m_cal(cal), m_lo(lo) {
        m_year_lo = rules::civil_from_days(lo).year;
        int32_t count = 0;
        for (int32_t d = lo; d < lo + days; ++d) {
            if (cal.is_workday(d))
                m_workday.push_back(d);
            m_prefix.push_back(static_cast<int32_t>(m_workday.size()));
            m_year.push_back(static_cast<int16_t>(rules::civil_from_days(d).year - m_year_lo));
            ++count;
        }
        m_hi = lo + count;
    }
    size_t years() const { return m_year.empty() ? 0 : static_cast<size_t>(m_year.back()) + 1; }
    int32_t year_lo() const { return m_year_lo; }

    //! WorkCalendar::add(date, n): the n-th working day strictly after `date`.
    int32_t add(int32_t date, int64_t n, uint8_t* touched, std::set<int32_t>* missing) const {
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

private:
    const rules::WorkCalendar& m_cal;
    int32_t m_lo = 0, m_hi = 0, m_year_lo = 0;
    std::vector<int32_t> m_prefix;  //!< working days in [lo, date]
    std::vector<int32_t> m_workday; //!< the k-th working day from lo (k from 0)
    std::vector<int16_t> m_year;    //!< year of the date, from year_lo
};

//! The task graph flattened for the trial loop.
struct Flat {
    std::vector<int32_t> order, pred_begin, preds, start;
    std::vector<uint8_t> in_workdays;
    std::vector<int32_t> random_nodes; //!< nodes whose duration is drawn (low < high)
    std::vector<uint32_t> draws;       //!< their first draw: node · draws_per_node
    std::vector<int32_t> due_nodes;    //!< nodes with a deadline, absolute or relative
};

Flat flatten(const rules::TaskGraph& g) {
    Flat f;
    f.order = g.order();
    f.pred_begin.push_back(0);
    for (size_t v = 0; v < g.size(); ++v) {
        const rules::TaskNode& n = g.nodes()[v];
        for (int32_t p : g.preds(static_cast<int32_t>(v)))
            f.preds.push_back(p);
        f.pred_begin.push_back(static_cast<int32_t>(f.preds.size()));
        f.start.push_back(n.start.value_or(unscheduled));
        f.in_workdays.push_back(n.unit != rules::DurationUnit::Days);
        if (n.low < n.high) {
            f.random_nodes.push_back(static_cast<int32_t>(v));
            f.draws.push_back(static_cast<uint32_t>(v * draws_per_node));
        }
        if (n.due || n.relative_due)
            f.due_nodes.push_back(static_cast<int32_t>(v));
    }
    return f;
}

struct Scratch {
    std::vector<int64_t> durations;
    std::vector<int32_t> start, finish, driver;
    std::vector<double> u;
    std::set<int32_t> missing;
    std::vector<uint8_t> touched;            //!< per year of the day table
    std::vector<uint8_t> scratch_years;      //!< the same, for periods whose years are not reported
    std::vector<uint64_t> on_time, critical; //!< per node: trials on time, on the driving path
};

} // namespace

double draw_duration(DurationShape shape, double low, double likely, double high, const double* u,
                     int count) {
    if (high <= low)
        return low;
    switch (shape) {
    case DurationShape::Uniform:
        return low + u[0] * (high - low);
    case DurationShape::Triangular: {
        double fc = (likely - low) / (high - low);
        if (u[0] < fc)
            return low + std::sqrt(u[0] * (high - low) * (likely - low));
        return high - std::sqrt((1.0 - u[0]) * (high - low) * (high - likely));
    }
    case DurationShape::Pert: {
        double alpha = 1.0 + 4.0 * (likely - low) / (high - low);
        double beta = 1.0 + 4.0 * (high - likely) / (high - low);
        int used = 0;
        auto x = gamma_draw(alpha, u, count, used);
        auto y = x ? gamma_draw(beta, u, count, used) : std::nullopt;
        if (!x || !y) // vanishingly rare: every draw rejected
            return (low + 4.0 * likely + high) / 6.0;
        return low + (high - low) * (*x / (*x + *y));
    }
    }
    return low;
}

namespace {

//! The components of more than one node, each in topological order, and each node's component index.
std::vector<std::vector<int32_t>> procedures_of(const rules::TaskGraph& g, std::vector<int32_t>& comp) {
    int32_t count = 0;
    comp = g.components(count);
    std::vector<std::vector<int32_t>> all(static_cast<size_t>(count));
    for (int32_t v : g.order())
        all[static_cast<size_t>(comp[static_cast<size_t>(v)])].push_back(v);
    return all;
}

//! Trial t's durations: whole days, the drawn ones from Philox counters (t, node · 16 + k).
void draw_durations(const rules::TaskGraph& g, const Flat& f, const Stream& rng, DurationShape shape,
                    uint64_t t, Scratch& s) {
    const size_t m = f.random_nodes.size();
    if (shape != DurationShape::Pert) // one uniform per node: all of them in one loop
        rng.uniforms(t, f.draws.data(), s.u.data(), m);
    for (size_t i = 0; i < m; ++i) {
        auto v = static_cast<size_t>(f.random_nodes[i]);
        const rules::TaskNode& node = g.nodes()[v];
        double x;
        if (shape == DurationShape::Pert) {
            for (uint32_t k = 0; k < draws_per_node; ++k)
                s.u[k] = rng.uniform(t, f.draws[i] + k);
            x = draw_duration(shape, static_cast<double>(node.low), static_cast<double>(node.likely),
                              static_cast<double>(node.high), s.u.data(), static_cast<int>(draws_per_node));
        } else {
            x = draw_duration(shape, static_cast<double>(node.low), static_cast<double>(node.likely),
                              static_cast<double>(node.high), &s.u[i], 1);
        }
        s.durations[v] = static_cast<int64_t>(std::ceil(x));
    }
}

//! rules::forward_pass on the flat graph and the day table: the same starts, finishes and drivers.
void forward(const Flat& f, const DayTable& table, Scratch& s) {
    for (int32_t vi : f.order) {
        auto v = static_cast<size_t>(vi);
        int32_t st = f.start[v], driver = -1;
        for (int32_t j = f.pred_begin[v]; j < f.pred_begin[v + 1]; ++j) {
            auto p = static_cast<size_t>(f.preds[static_cast<size_t>(j)]);
            if (s.finish[p] > st) {
                st = s.finish[p];
                driver = static_cast<int32_t>(p);
            }
        }
        s.driver[v] = driver;
        s.start[v] = st;
        if (st == unscheduled) {
            s.finish[v] = unscheduled;
            continue;
        }
        int64_t d = s.durations[v];
        s.finish[v] = f.in_workdays[v] ? table.add(st, d, s.touched.data(), &s.missing)
                                       : static_cast<int32_t>(st + std::max<int64_t>(d, 0));
    }
}

//! rules::resolved_due on this trial's dates.
std::optional<int32_t> due_of(const rules::TaskGraph& g, const DayTable& table, int32_t v, Scratch& s) {
    const rules::TaskNode& n = g.node(v);
    std::optional<int32_t> due = n.due;
    if (n.relative_due) {
        const rules::RelativeDue& r = *n.relative_due;
        int32_t from = (r.from_end ? s.finish : s.start)[static_cast<size_t>(r.anchor)];
        if (from != unscheduled) {
            // As period_end without a set of missing years: a deadline's own period is not reported.
            int32_t d = r.unit == rules::DurationUnit::Days
                            ? static_cast<int32_t>(from + std::max<int64_t>(r.amount, 0))
                            : table.add(from, r.amount, s.scratch_years.data(), nullptr);
            due = due ? std::min(*due, d) : d;
        }
    }
    return due;
}

std::vector<UnitMonth> workload(const rules::TaskGraph& g, const rules::CriticalPath& cp) {
    std::map<std::tuple<std::string, int32_t, int32_t>, int64_t> count;
    for (size_t v = 0; v < g.size(); ++v) {
        if (cp.earliest_start[v] == unscheduled)
            continue;
        rules::CivilDate a = rules::civil_from_days(cp.earliest_start[v]);
        rules::CivilDate b = rules::civil_from_days(std::max(cp.earliest_finish[v], cp.earliest_start[v]));
        for (const std::string& unit : g.nodes()[v].units)
            for (int32_t m = a.year * 12 + a.month - 1; m <= b.year * 12 + b.month - 1; ++m)
                ++count[{unit, m / 12, m % 12 + 1}];
    }
    std::vector<UnitMonth> out;
    for (const auto& [key, n] : count)
        out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return out;
}

//! Trial t: its durations, the forward pass, and its results (finish dates node-major, component ends
//! component-major, on-time and driving-path counts into the thread's scratch).
void one_trial(const rules::TaskGraph& g, const Flat& f, const DayTable& table, const Stream& rng,
               DurationShape shape, const std::vector<std::vector<int32_t>>& comps, uint64_t t,
               uint64_t trials, int32_t* finish, int32_t* ends, Scratch& s) {
    const size_t n = g.size();
    draw_durations(g, f, rng, shape, t, s);
    forward(f, table, s);
    for (size_t v = 0; v < n; ++v)
        finish[v * trials + t] = s.finish[v];
    for (int32_t v : f.due_nodes) {
        auto due = due_of(g, table, v, s);
        s.on_time[static_cast<size_t>(v)] += due && s.finish[static_cast<size_t>(v)] != unscheduled &&
                                             s.finish[static_cast<size_t>(v)] <= *due;
    }
    for (size_t c = 0; c < comps.size(); ++c) {
        // The node that ends last; on a tie the later one in topological order (a successor).
        int32_t last = -1;
        for (int32_t v : comps[c])
            if (s.finish[static_cast<size_t>(v)] != unscheduled &&
                (last < 0 || s.finish[static_cast<size_t>(v)] >= s.finish[static_cast<size_t>(last)]))
                last = v;
        ends[c * trials + t] = last < 0 ? unscheduled : s.finish[static_cast<size_t>(last)];
        for (int32_t v = last; v != -1; v = s.driver[static_cast<size_t>(v)])
            ++s.critical[static_cast<size_t>(v)];
    }
}

//! Serial reductions: integer counts and order statistics, the same whichever thread ran which trial.
//! `finish` is node-major (trials per node), `ends` component-major.
void summarise(const rules::TaskGraph& g, const std::vector<std::vector<int32_t>>& comps, uint64_t trials,
               const std::vector<int32_t>& finish, const std::vector<int32_t>& ends,
               const std::vector<uint64_t>& on_time, const std::vector<uint64_t>& critical,
               ScheduleResult& out) {
    const size_t n = g.size();
    std::vector<int32_t> column;
    for (size_t v = 0; v < n; ++v) {
        TaskRisk r;
        r.node = static_cast<int32_t>(v);
        if (out.cpm.due[v] != INT32_MAX)
            r.due = out.cpm.due[v];
        const int32_t* fv = finish.data() + v * trials;
        column.clear();
        for (uint64_t t = 0; t < trials; ++t)
            if (fv[t] != unscheduled)
                column.push_back(fv[t]);
        if (g.nodes()[v].due || g.nodes()[v].relative_due)
            r.p_on_time = static_cast<double>(on_time[v]) / static_cast<double>(trials);
        r.criticality = static_cast<double>(critical[v]) / static_cast<double>(trials);
        if (column.size() == trials) {
            auto q = quantiles(column);
            r.p50 = q[0];
            r.p80 = q[1];
            r.p90 = q[2];
        }
        out.tasks.push_back(r);
    }
    for (size_t c = 0; c < comps.size(); ++c) {
        if (comps[c].size() < 2 || ends[c * trials] == unscheduled) // trial 0's end
            continue;
        ProcedureRisk p;
        p.nodes = comps[c];
        for (int32_t v : comps[c])
            if (auto e = g.node(v).document_end)
                p.limit = p.limit ? std::min(*p.limit, *e) : *e;
        column.assign(ends.begin() + static_cast<std::ptrdiff_t>(c * trials),
                      ends.begin() + static_cast<std::ptrdiff_t>((c + 1) * trials));
        uint64_t ok = 0;
        for (int32_t e : column)
            ok += p.limit && e <= *p.limit ? 1 : 0;
        auto q = quantiles(column);
        p.p50 = q[0];
        p.p80 = q[1];
        p.p90 = q[2];
        if (p.limit)
            p.p_by_limit = static_cast<double>(ok) / static_cast<double>(trials);
        out.procedures.push_back(std::move(p));
    }
}

} // namespace

ScheduleResult run_schedule(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                            const ScheduleOptions& o) {
    ScheduleResult out;
    out.trials = o.trials;
    out.cpm = rules::critical_path(g, cal, g.likely_durations(), unscheduled);
    out.missing_years = out.cpm.missing_years;
    out.units = workload(g, out.cpm);
    const size_t n = g.size();
    const uint64_t trials = std::max<uint64_t>(o.trials, 1);
    std::vector<int32_t> comp;
    std::vector<std::vector<int32_t>> comps = procedures_of(g, comp);
    const size_t nc = comps.size();

    // Per-trial results, written by index, node by node (a node's finish dates are one contiguous column):
    // finish dates and component ends. On-time and driving-path counts are per thread and summed after.
    std::vector<int32_t> finish(trials * n, unscheduled), ends(trials * nc, unscheduled);
    Stream rng{o.seed, o.stream};
    const Flat f = flatten(g);
    int32_t lo = INT32_MAX;
    for (int32_t st : f.start)
        if (st != unscheduled)
            lo = std::min(lo, st);
    const DayTable table(cal, lo == INT32_MAX ? 0 : lo, lo == INT32_MAX ? 0 : 40 * 366);
    tbb::enumerable_thread_specific<Scratch> scratch([&] {
        Scratch s;
        s.durations.assign(n, 0);
        for (size_t v = 0; v < n; ++v)
            s.durations[v] = g.nodes()[v].low; // the drawn ones are overwritten every trial
        s.start.assign(n, unscheduled);
        s.finish.assign(n, unscheduled);
        s.driver.assign(n, -1);
        s.u.assign(std::max<size_t>(f.draws.size(), draws_per_node), 0.0);
        s.touched.assign(table.years(), 0);
        s.scratch_years.assign(table.years(), 0);
        s.on_time.assign(n, 0);
        s.critical.assign(n, 0);
        return s;
    });
    std::atomic<uint64_t> done{0};
    std::mutex progress_mutex;
    auto body = [&](const tbb::blocked_range<uint64_t>& range) {
        Scratch& s = scratch.local();
        for (uint64_t t = range.begin(); t != range.end(); ++t) {
            one_trial(g, f, table, rng, o.shape, comps, t, trials, finish.data(), ends.data(), s);
        }
        uint64_t now = done.fetch_add(range.size(), std::memory_order_acq_rel) + range.size();
        if (o.progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            o.progress(now, trials);
        }
    };
    auto run = [&] { tbb::parallel_for(tbb::blocked_range<uint64_t>(0, trials, 64), body); };
    if (o.threads > 0) {
        tbb::task_arena arena(o.threads);
        arena.execute(run);
    } else {
        run();
    }
    (void)done.load(std::memory_order_acquire);
    std::vector<uint64_t> on_time(n, 0), critical(n, 0);
    for (const Scratch& s : scratch) {
        out.missing_years.insert(s.missing.begin(), s.missing.end());
        for (size_t y = 0; y < s.touched.size(); ++y)
            if (s.touched[y] && !cal.covers(table.year_lo() + static_cast<int32_t>(y)))
                out.missing_years.insert(table.year_lo() + static_cast<int32_t>(y));
        for (size_t v = 0; v < n; ++v) {
            on_time[v] += s.on_time[v];
            critical[v] += s.critical[v];
        }
    }

    summarise(g, comps, trials, finish, ends, on_time, critical, out);
    return out;
}

} // namespace lexsim::sim
