#include "lexsim/simulation/engine.hpp"

#include "trial.hpp"

#include <algorithm>
#include <atomic>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace lexsim::sim {

struct Simulator::Impl {
    Plan plan;
    std::vector<Cell> cells;
    size_t row = 0, demand_row = 0;
    int64_t first = 0, end = 0;  //!< the batch held
    std::vector<int64_t> values; //!< batch × cells, fen
    std::vector<int64_t> demand; //!< batch × budgets × years
    std::vector<TrialCounts> trial_counts;
    RunCounts counts;
    tbb::enumerable_thread_specific<std::unique_ptr<TrialWorker>> workers;
    std::unique_ptr<tbb::task_arena> arena;

    Impl(const rules::RuleSet& rs, const Scenario& s, int threads) : plan(make_plan(rs, s)) {
        for (int32_t y : plan.years)
            for (Cell c : plan.cells) {
                c.year = y;
                cells.push_back(c);
            }
        row = cells.size();
        demand_row = s.budgets.size() * plan.years.size();
        if (threads > 0)
            arena = std::make_unique<tbb::task_arena>(threads);
    }

    void run(int64_t from, int64_t to) {
        auto n = static_cast<size_t>(to - from);
        first = from;
        end = to;
        values.assign(n * row, 0);
        demand.assign(n * demand_row, 0);
        trial_counts.assign(n, {});
        // TBB's own synchronisation is invisible to ThreadSanitizer (libtbb is not instrumented), so each
        // chunk also publishes its writes with a release increment that the caller acquires after the loop.
        std::atomic<size_t> chunks_done{0};
        auto body = [&](const tbb::blocked_range<int64_t>& r) {
            auto& w = workers.local();
            if (!w)
                w = std::make_unique<TrialWorker>(plan);
            for (int64_t t = r.begin(); t != r.end(); ++t) {
                auto i = static_cast<size_t>(t - from);
                trial_counts[i] =
                    w->run(static_cast<uint64_t>(t), values.data() + i * row, demand.data() + i * demand_row);
            }
            chunks_done.fetch_add(1, std::memory_order_release);
        };
        auto step = [&] { tbb::parallel_for(tbb::blocked_range<int64_t>(from, to, 1), body); };
        if (arena)
            arena->execute(step);
        else
            step();
        (void)chunks_done.load(std::memory_order_acquire);
        for (const TrialCounts& c : trial_counts) {
            counts.entity_years += c.entity_years;
            counts.undetermined += c.undetermined;
            counts.quota_breaches += c.quota_breaches;
            counts.pool_breaches += c.pool_breaches;
        }
    }
};

Simulator::Simulator(const rules::RuleSet& rs, const Scenario& s, int threads)
    : m_impl(std::make_unique<Impl>(rs, s, threads)) {}
Simulator::~Simulator() = default;

const std::vector<int32_t>& Simulator::years() const {
    return m_impl->plan.years;
}
const std::vector<Cell>& Simulator::cells() const {
    return m_impl->cells;
}
size_t Simulator::budget_count() const {
    return m_impl->plan.scenario->budgets.size();
}
const RunCounts& Simulator::counts() const {
    return m_impl->counts;
}

void Simulator::run(int64_t first, int64_t end) {
    m_impl->run(first, end);
}

int64_t Simulator::value(int64_t trial, size_t cell) const {
    return m_impl->values[static_cast<size_t>(trial - m_impl->first) * m_impl->row + cell];
}

int64_t Simulator::demand(int64_t trial, size_t budget, size_t year_index) const {
    return m_impl->demand[static_cast<size_t>(trial - m_impl->first) * m_impl->demand_row +
                          budget * m_impl->plan.years.size() + year_index];
}

int64_t batch_size(int64_t planned) {
    return std::clamp<int64_t>(planned / 50, 8, 1000);
}

} // namespace lexsim::sim
