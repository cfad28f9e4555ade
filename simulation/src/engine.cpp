#include "lexsim/simulation/engine.hpp"

#include "trial.hpp"

#include <atomic>
#include <cmath>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace lexsim::sim {

namespace {

//! Standard error (yuan) of the horizon total over the first `n` trials.
double total_se_yuan(const SimulationRun& run, int64_t n) {
    if (n < 2)
        return INFINITY;
    size_t cells = run.cells.size();
    long double sum = 0, sum2 = 0;
    for (int64_t t = 0; t < n; ++t) {
        int64_t total = 0;
        for (size_t c = 0; c < cells; ++c)
            total += run.value(t, c);
        auto x = static_cast<long double>(total);
        sum += x;
        sum2 += x * x;
    }
    long double mean = sum / n;
    long double var = (sum2 - n * mean * mean) / (n - 1);
    return static_cast<double>(std::sqrt(std::max<long double>(var, 0) / n) / 100);
}

} // namespace

SimulationRun simulate(const rules::RuleSet& rs, const Scenario& s, const SimulationOptions& options) {
    Plan plan = make_plan(rs, s);
    SimulationRun run;
    run.years = plan.years;
    for (int32_t y : plan.years)
        for (Cell c : plan.cells) {
            c.year = y;
            run.cells.push_back(c);
        }
    run.budget_count = s.budgets.size();
    size_t row = run.cells.size(), demand_row = s.budgets.size() * plan.years.size();
    int64_t planned = std::max<int64_t>(options.trials, 1);
    run.values.assign(static_cast<size_t>(planned) * row, 0);
    run.budget_demand.assign(static_cast<size_t>(planned) * demand_row, 0);
    std::vector<TrialCounts> counts(static_cast<size_t>(planned));

    tbb::enumerable_thread_specific<std::unique_ptr<TrialWorker>> workers;
    // TBB's own synchronisation is invisible to ThreadSanitizer (libtbb is not instrumented), so each chunk
    // also publishes its writes with a release increment that the caller acquires after the loop.
    std::atomic<size_t> chunks_done{0};
    auto body = [&](const tbb::blocked_range<int64_t>& r) {
        auto& w = workers.local();
        if (!w)
            w = std::make_unique<TrialWorker>(plan);
        for (int64_t t = r.begin(); t != r.end(); ++t)
            counts[static_cast<size_t>(t)] =
                w->run(static_cast<uint64_t>(t), run.values.data() + static_cast<size_t>(t) * row,
                       run.budget_demand.data() + static_cast<size_t>(t) * demand_row);
        chunks_done.fetch_add(1, std::memory_order_release);
    };
    // Batches: the progress callback and the --until-se test run between them, on this thread.
    int64_t batch = std::clamp<int64_t>(planned / 50, 8, 1000);
    int64_t done = 0;
    std::unique_ptr<tbb::task_arena> arena;
    if (options.threads > 0)
        arena = std::make_unique<tbb::task_arena>(options.threads);
    while (done < planned) {
        int64_t end = std::min(planned, done + batch);
        auto step = [&] { tbb::parallel_for(tbb::blocked_range<int64_t>(done, end, 1), body); };
        if (arena)
            arena->execute(step);
        else
            step();
        (void)chunks_done.load(std::memory_order_acquire);
        done = end;
        if (options.progress)
            options.progress(done, planned);
        if (options.until_se > 0 && done >= 32 && total_se_yuan(run, done) < options.until_se)
            break;
    }
    run.trials = done;
    run.values.resize(static_cast<size_t>(done) * row);
    run.budget_demand.resize(static_cast<size_t>(done) * demand_row);
    for (int64_t t = 0; t < done; ++t) {
        const TrialCounts& c = counts[static_cast<size_t>(t)];
        run.entity_years += c.entity_years;
        run.undetermined += c.undetermined;
        run.quota_breaches += c.quota_breaches;
        run.pool_breaches += c.pool_breaches;
    }
    return run;
}

} // namespace lexsim::sim
