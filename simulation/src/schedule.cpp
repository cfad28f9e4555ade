// Schedule risk: Monte Carlo over a task graph, in parallel with TBB, bit-identical for any thread count.
#include "lexsim/simulation/schedule.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/random.hpp"
#include "schedule_trials.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

namespace lexsim::sim {

namespace {

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
        if (cp.earliest_start[v] == detail::unscheduled)
            continue;
        rules::CivilDate a = rules::civil_from_days(cp.earliest_start[v]);
        rules::CivilDate b = rules::civil_from_days(std::max(cp.earliest_finish[v], cp.earliest_start[v]));
        for (const std::string& unit : g.nodes()[v].units)
            for (int32_t m = a.year * 12 + a.month - 1; m <= b.year * 12 + b.month - 1; ++m)
                ++count[{unit, m / 12, m % 12 + 1}];
    }
    std::vector<UnitMonth> out;
    out.reserve(count.size());
    for (const auto& [key, n] : count)
        out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return out;
}

//! Integer counts into the results: nearest-rank quantiles from the date histograms, shares over trials.
void summarise(const rules::TaskGraph& g, const std::vector<std::vector<int32_t>>& comps, uint64_t trials,
               const detail::TrialCounts& c, ScheduleResult& out) {
    const auto all = static_cast<double>(trials);
    for (size_t v = 0; v < g.size(); ++v) {
        TaskRisk r;
        r.node = static_cast<int32_t>(v);
        if (out.cpm.due[v] != INT32_MAX)
            r.due = out.cpm.due[v];
        if (g.nodes()[v].due || g.nodes()[v].relative_due)
            r.p_on_time = static_cast<double>(c.on_time[v]) / all;
        r.criticality = static_cast<double>(c.critical[v]) / all;
        if (c.finish[v].total() == trials) { // a node is scheduled in every trial or in none
            auto q = c.finish[v].quantiles();
            r.p50 = q[0];
            r.p80 = q[1];
            r.p90 = q[2];
        }
        out.tasks.push_back(r);
    }
    for (size_t k = 0; k < comps.size(); ++k) {
        if (comps[k].size() < 2 || c.ends[k].total() != trials)
            continue;
        ProcedureRisk p;
        p.nodes = comps[k];
        for (int32_t v : comps[k])
            if (auto e = g.node(v).document_end)
                p.limit = p.limit ? std::min(*p.limit, *e) : *e;
        auto q = c.ends[k].quantiles();
        p.p50 = q[0];
        p.p80 = q[1];
        p.p90 = q[2];
        if (p.limit)
            p.p_by_limit = static_cast<double>(c.ends[k].at_most(*p.limit)) / all;
        out.procedures.push_back(std::move(p));
    }
}

} // namespace

namespace {

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

namespace {

//! LEXSIM_SCHEDULE_STATS: the wall-clock time of run_schedule's phases, printed on one stderr line.
class PhaseLog {
public:
    explicit PhaseLog(bool on) : m_on(on), m_last(on ? wall_seconds() : 0) {}
    bool on() const { return m_on; }
    void mark(const char* name) {
        if (!m_on || m_count == m_marks.size())
            return;
        const double now = wall_seconds();
        m_marks[m_count++] = {name, now - m_last};
        m_last = now;
    }
    void print() const {
        if (!m_on)
            return;
        std::fprintf(stderr, "schedule-phases");
        for (size_t i = 0; i < m_count; ++i)
            std::fprintf(stderr, " %s %.3f ms", m_marks[i].first, m_marks[i].second * 1e3);
        std::fprintf(stderr, "\n");
    }

private:
    bool m_on;
    double m_last;
    std::array<std::pair<const char*, double>, 12> m_marks{};
    size_t m_count = 0;
};

//! LEXSIM_SCHEDULE_STATS: per slot of the block loop (the first eight), when its thread began and ended its
//! blocks (ms from the loop's start) and how many trials it ran, printed as a `schedule-threads` line: a
//! late join or an uneven end shows there. Each slot is written by its own thread only, read after the join.
class SlotTimes {
public:
    SlotTimes(bool on, size_t slots) : m_on(on), m_count(std::min<size_t>(slots, m_first.size())) {
        m_start = on ? wall_seconds() : 0;
    }
    void begin(size_t slot) {
        if (m_on && slot < m_count && m_first[slot] == 0)
            m_first[slot] = wall_seconds();
    }
    void end(size_t slot, uint64_t ran) {
        if (!m_on || slot >= m_count)
            return;
        m_last[slot] = wall_seconds();
        m_ran[slot] += ran;
    }
    void print() const {
        if (!m_on)
            return;
        std::fprintf(stderr, "schedule-threads");
        for (size_t i = 0; i < m_count; ++i)
            if (m_ran[i] != 0)
                std::fprintf(stderr, " slot %zu from %.3f to %.3f ms trials %llu", i,
                             (m_first[i] - m_start) * 1e3, (m_last[i] - m_start) * 1e3,
                             static_cast<unsigned long long>(m_ran[i]));
        std::fprintf(stderr, "\n");
    }

private:
    bool m_on;
    size_t m_count;
    double m_start = 0;
    std::array<double, 8> m_first{}, m_last{};
    std::array<uint64_t, 8> m_ran{};
};

//! Every arena slot's state: its block scratch and its counts, each made once, by whichever thread first
//! asks. The worker threads' scratch is made by tasks of their own from the graph's size as soon as the arena
//! starts, while the calling thread plans the run: its first touch (page faults, costly on some virtual
//! machines) then delays nobody. Their counts, sized by the plan, are made by tasks too, while the calling
//! thread makes its own and starts the loop.
class SlotStates {
public:
    SlotStates(size_t count, size_t nodes) : m_nodes(nodes), m_count(count), m_slots(new Slot[count]) {}
    size_t size() const { return m_count; }
    //! Slot i's scratch, made in a task of `arena`.
    void scratch_early(tbb::task_arena& arena, size_t i) {
        arena.enqueue(m_early.defer([this, i] { scratch(i); }));
    }
    //! Slot i's counts, made in a task of `arena` (after plan()).
    void counts_early(tbb::task_arena& arena, size_t i) {
        arena.enqueue(m_early.defer([this, i] { counts(i); }));
    }
    //! The plan (before any slot's counts are made), and the first slot's scratch (the pilot block's).
    void plan(const detail::TrialBlocks& blocks, detail::LaneScratch first) {
        m_blocks = &blocks;
        std::call_once(m_slots[0].scratch_once, [&] { m_slots[0].scratch = std::move(first); });
    }
    detail::LaneScratch& scratch(size_t i) {
        Slot& s = m_slots[i];
        std::call_once(s.scratch_once, [&] {
            s.scratch = detail::TrialBlocks::scratch_for(m_nodes, m_nodes, detail::TrialBlocks::any_years);
        });
        return s.scratch;
    }
    detail::TrialCounts& counts(size_t i) {
        Slot& s = m_slots[i];
        std::call_once(s.counts_once, [&] {
            s.counts = m_blocks->counts();
            s.made = true;
        });
        return s.counts;
    }
    //! Waits for the tasks of scratch_early (inside the arena).
    void wait() { m_early.wait(); }
    //! Slot i's counts if made.
    const detail::TrialCounts* made(size_t i) const { return m_slots[i].made ? &m_slots[i].counts : nullptr; }

private:
    struct Slot {
        std::once_flag scratch_once, counts_once;
        detail::LaneScratch scratch;
        detail::TrialCounts counts;
        bool made = false;
    };
    size_t m_nodes, m_count;
    std::unique_ptr<Slot[]> m_slots;
    const detail::TrialBlocks* m_blocks = nullptr;
    tbb::task_group m_early;
};

//! The blocks of trial_lanes trials, in parallel in `arena`; each thread counts into its own slot's
//! histograms and totals (made here if the caller did not), merged into the first slot after.
detail::TrialCounts& run_blocks(tbb::task_arena& arena, const detail::TrialBlocks& blocks, uint64_t trials,
                                const ScheduleOptions& o, SlotStates& slots, PhaseLog& phases) {
    constexpr uint64_t lanes = detail::trial_lanes, grain = 4;
    const uint64_t block_count = (trials + lanes - 1) / lanes;
    std::atomic<uint64_t> done{0};
    std::mutex progress_mutex;
    SlotTimes times(phases.on(), slots.size());
    auto body = [&](const tbb::blocked_range<uint64_t>& range) {
        const auto slot = static_cast<size_t>(tbb::this_task_arena::current_thread_index());
        detail::LaneScratch& scratch = slots.scratch(slot);
        detail::TrialCounts& counts = slots.counts(slot);
        times.begin(slot);
        uint64_t ran = 0;
        for (uint64_t b = range.begin(); b != range.end(); ++b) {
            const uint64_t first = b * lanes, valid = std::min(lanes, trials - first);
            blocks.run(first, static_cast<size_t>(valid), scratch, counts);
            ran += valid;
        }
        times.end(slot, ran);
        uint64_t now = done.fetch_add(ran, std::memory_order_acq_rel) + ran;
        if (o.progress) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            o.progress(now, trials);
        }
    };
    arena.execute([&] { tbb::parallel_for(tbb::blocked_range<uint64_t>(0, block_count, grain), body); });
    (void)done.load(std::memory_order_acquire);
    phases.mark("trials");
    times.print();
    arena.execute([&] { slots.wait(); });
    detail::TrialCounts& total = slots.counts(0); // the other slots' counts added to the first's
    for (size_t i = 1; i < slots.size(); ++i)
        if (const detail::TrialCounts* other = slots.made(i))
            total.merge(*other);
    return total;
}

} // namespace

ScheduleResult run_schedule(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                            const ScheduleOptions& o) {
    // LEXSIM_SCHEDULE_STATS=1: this call's wall-clock and CPU time (all threads) on stderr, for
    // bench/schedule_bench.py: a run's per-trial cost without the noise of loading rules and writing output.
    const char* want_stats = std::getenv("LEXSIM_SCHEDULE_STATS");
    const bool stats = want_stats != nullptr && *want_stats != '\0' && *want_stats != '0';
    const double wall0 = stats ? wall_seconds() : 0, cpu0 = stats ? process_cpu_seconds() : 0;
    PhaseLog phases(stats);
    // The arena first, and tasks into it that make the workers' scratch and then counts: its worker threads
    // start (and fault their memory in) while this thread plans the run and finds the critical path, rather
    // than after the loop has begun.
    tbb::task_arena arena(o.threads > 0 ? o.threads : tbb::task_arena::automatic);
    arena.initialize();
    const uint64_t trials = std::max<uint64_t>(o.trials, 1);
    SlotStates slots(static_cast<size_t>(arena.max_concurrency()), g.size());
    const uint64_t groups = (trials + detail::trial_lanes * 4 - 1) / (detail::trial_lanes * 4);
    const size_t eager = std::min<uint64_t>({slots.size(), groups, 8});
    for (size_t i = 1; i < eager; ++i) // beyond the first few, a slot is made by its thread if it ever runs
        slots.scratch_early(arena, i);
    phases.mark("arena");
    std::vector<int32_t> comp;
    const std::vector<std::vector<int32_t>> comps = procedures_of(g, comp);
    detail::TrialBlocks plan(g, cal, comps, o.shape, Stream{o.seed, o.stream});
    detail::LaneScratch first_scratch = plan.scratch();
    plan.pilot(static_cast<size_t>(std::min<uint64_t>(trials, detail::trial_lanes)), first_scratch);
    const detail::TrialBlocks& blocks = plan;
    slots.plan(blocks, std::move(first_scratch));
    for (size_t i = 1; i < eager; ++i) // made while this thread finds the critical path
        slots.counts_early(arena, i);
    phases.mark("plan");
    ScheduleResult out;
    out.trials = o.trials;
    out.cpm = rules::critical_path(g, cal, g.likely_durations(), detail::unscheduled);
    out.missing_years = out.cpm.missing_years;
    out.units = workload(g, out.cpm);
    phases.mark("cpm");
    slots.counts(0);
    phases.mark("slots");
    detail::TrialCounts& total = run_blocks(arena, blocks, trials, o, slots, phases);
    phases.mark("merge");
    blocks.add_steady(total, trials);
    blocks.missing_years(total, out.missing_years);
    summarise(g, comps, trials, total, out);
    phases.mark("summary");
    if (stats) {
        phases.print();
        std::fprintf(stderr, "schedule-stats trials %llu wall %.6f s cpu %.6f s\n",
                     static_cast<unsigned long long>(trials), wall_seconds() - wall0,
                     process_cpu_seconds() - cpu0);
    }
    return out;
}

} // namespace lexsim::sim
