// Schedule risk: Monte Carlo over a task graph, in parallel with TBB, bit-identical for any thread count.
#include "lexsim/simulation/schedule.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/random.hpp"

#include <algorithm>
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

//! Nearest-rank quantile of a sorted sample.
int32_t quantile(const std::vector<int32_t>& sorted, double q) {
    auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::max<size_t>(rank, 1) - 1];
}

struct Scratch {
    std::vector<int64_t> durations;
    std::vector<int32_t> start, finish, driver;
    std::vector<double> u;
    std::set<int32_t> missing;
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

    // Per-trial results, written by index: finish dates, on-time and on-driving-path flags, component ends.
    std::vector<int32_t> finish(trials * n, unscheduled), ends(trials * nc, unscheduled);
    std::vector<uint8_t> on_time(trials * n, 0), critical(trials * n, 0);
    Stream rng{o.seed, o.stream};
    int ucount = o.shape == DurationShape::Pert ? static_cast<int>(draws_per_node) : 1;
    tbb::enumerable_thread_specific<Scratch> scratch([&] {
        Scratch s;
        s.durations.assign(n, 0);
        s.u.assign(draws_per_node, 0.0);
        return s;
    });
    std::atomic<uint64_t> done{0};
    std::mutex progress_mutex;
    auto body = [&](const tbb::blocked_range<uint64_t>& range) {
        Scratch& s = scratch.local();
        for (uint64_t t = range.begin(); t != range.end(); ++t) {
            for (size_t v = 0; v < n; ++v) {
                const rules::TaskNode& node = g.nodes()[v];
                if (node.low >= node.high) {
                    s.durations[v] = node.low;
                    continue;
                }
                for (int k = 0; k < ucount; ++k)
                    s.u[static_cast<size_t>(k)] =
                        rng.uniform(t, static_cast<uint32_t>(v * draws_per_node) + static_cast<uint32_t>(k));
                double x =
                    draw_duration(o.shape, static_cast<double>(node.low), static_cast<double>(node.likely),
                                  static_cast<double>(node.high), s.u.data(), ucount);
                s.durations[v] = static_cast<int64_t>(std::ceil(x));
            }
            rules::forward_pass(g, cal, s.durations, unscheduled, s.start, s.finish, s.driver, &s.missing);
            for (size_t v = 0; v < n; ++v) {
                finish[t * n + v] = s.finish[v];
                auto due = rules::resolved_due(g, cal, static_cast<int32_t>(v), s.start, s.finish);
                on_time[t * n + v] = due && s.finish[v] != unscheduled && s.finish[v] <= *due ? 1 : 0;
            }
            for (size_t c = 0; c < nc; ++c) {
                // The node that ends last; on a tie the later one in topological order (a successor).
                int32_t last = -1;
                for (int32_t v : comps[c])
                    if (s.finish[static_cast<size_t>(v)] != unscheduled &&
                        (last < 0 || s.finish[static_cast<size_t>(v)] >= s.finish[static_cast<size_t>(last)]))
                        last = v;
                ends[t * nc + c] = last < 0 ? unscheduled : s.finish[static_cast<size_t>(last)];
                for (int32_t v = last; v != -1; v = s.driver[static_cast<size_t>(v)])
                    critical[t * n + static_cast<size_t>(v)] = 1;
            }
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
    for (const Scratch& s : scratch)
        out.missing_years.insert(s.missing.begin(), s.missing.end());

    // Serial reductions: integer counts and sorted samples, the same whichever thread ran which trial.
    std::vector<int32_t> column;
    for (size_t v = 0; v < n; ++v) {
        TaskRisk r;
        r.node = static_cast<int32_t>(v);
        if (out.cpm.due[v] != INT32_MAX)
            r.due = out.cpm.due[v];
        uint64_t ok = 0, crit = 0;
        column.clear();
        for (uint64_t t = 0; t < trials; ++t) {
            ok += on_time[t * n + v];
            crit += critical[t * n + v];
            if (finish[t * n + v] != unscheduled)
                column.push_back(finish[t * n + v]);
        }
        if (g.nodes()[v].due || g.nodes()[v].relative_due)
            r.p_on_time = static_cast<double>(ok) / static_cast<double>(trials);
        r.criticality = static_cast<double>(crit) / static_cast<double>(trials);
        if (column.size() == trials) {
            std::sort(column.begin(), column.end());
            r.p50 = quantile(column, 0.5);
            r.p80 = quantile(column, 0.8);
            r.p90 = quantile(column, 0.9);
        }
        out.tasks.push_back(r);
    }
    for (size_t c = 0; c < nc; ++c) {
        if (comps[c].size() < 2 || ends[c] == unscheduled)
            continue;
        ProcedureRisk p;
        p.nodes = comps[c];
        for (int32_t v : comps[c])
            if (auto e = g.node(v).document_end)
                p.limit = p.limit ? std::min(*p.limit, *e) : *e;
        column.clear();
        uint64_t ok = 0;
        for (uint64_t t = 0; t < trials; ++t) {
            column.push_back(ends[t * nc + c]);
            ok += p.limit && ends[t * nc + c] <= *p.limit ? 1 : 0;
        }
        std::sort(column.begin(), column.end());
        p.p50 = quantile(column, 0.5);
        p.p80 = quantile(column, 0.8);
        p.p90 = quantile(column, 0.9);
        if (p.limit)
            p.p_by_limit = static_cast<double>(ok) / static_cast<double>(trials);
        out.procedures.push_back(std::move(p));
    }
    return out;
}

} // namespace lexsim::sim
