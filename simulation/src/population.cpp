#include "lexsim/simulation/population.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/decide.hpp"

#include <atomic>
#include <memory>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace lexsim::sim {

Population::Population(const rules::RuleSet& rs, int32_t entity, size_t rows)
    : m_entity(entity), m_rows(rows) {
    rules::EntityRow defaults = rules::make_row(rs, entity);
    for (size_t i = 0; i < defaults.values.size(); ++i)
        m_columns.emplace_back(rows, defaults.values[i]);
}

void Population::fill(int32_t slot, int64_t value) {
    auto& c = m_columns[static_cast<size_t>(slot)];
    std::fill(c.begin(), c.end(), value);
}

namespace {

//! One thread's running sums and its scratch space (sized once, reused for every row).
struct Partial {
    rules::Decider::Scratch scratch;
    std::vector<int64_t> row;
    std::vector<int64_t> recipients;
    std::vector<int64_t> amounts;
    std::vector<int64_t> grant_amounts; //!< per grant (flat, as the Decider numbers them)
    int64_t undetermined = 0;
};

} // namespace

Outlays evaluate_population(const rules::RuleSet& rs, const Population& pop, int32_t date,
                            const rules::ParamRow& params, int threads) {
    rules::Decider decider(rs, pop.entity());
    rules::Decider::Day day = decider.day(date);
    size_t n = decider.clauses().size();
    size_t attrs = pop.attributes();
    tbb::enumerable_thread_specific<Partial> partials([&] {
        Partial p;
        p.scratch = decider.scratch();
        p.row.assign(attrs, 0);
        p.recipients.assign(n, 0);
        p.amounts.assign(n, 0);
        p.grant_amounts.assign(decider.grant_count(), 0);
        return p;
    });
    // TBB's own synchronisation is invisible to ThreadSanitizer (libtbb is not instrumented), so each chunk
    // also publishes its writes with a release increment that the caller acquires after the loop.
    std::atomic<size_t> chunks_done{0};
    auto body = [&](const tbb::blocked_range<size_t>& range) {
        Partial& p = partials.local();
        rules::EvalInput in{p.row.data(), nullptr, params.values.data(), params.present.data(), date};
        for (size_t r = range.begin(); r != range.end(); ++r) {
            for (size_t a = 0; a < attrs; ++a)
                p.row[a] = pop.column(static_cast<int32_t>(a))[r];
            decider.decide(in, day, p.scratch);
            bool undetermined = false;
            for (size_t k = 0; k < n; ++k) {
                if (p.scratch.status[k] == rules::ClauseStatus::Applied) {
                    ++p.recipients[k];
                    p.amounts[k] += p.scratch.amount[k];
                    for (uint32_t g = decider.grant_begin(k); g < decider.grant_begin(k + 1); ++g)
                        p.grant_amounts[g] += p.scratch.grant_amount[g];
                } else if (p.scratch.status[k] == rules::ClauseStatus::Undetermined) {
                    undetermined = true;
                }
            }
            p.undetermined += undetermined;
        }
        chunks_done.fetch_add(1, std::memory_order_release);
    };
    auto run = [&] { tbb::parallel_for(tbb::blocked_range<size_t>(0, pop.rows(), 1024), body); };
    if (threads > 0) {
        tbb::task_arena arena(threads);
        arena.execute(run);
    } else {
        run();
    }
    (void)chunks_done.load(std::memory_order_acquire);
    // Integer sums: the same result whichever thread summed which rows.
    Outlays out;
    out.clauses.resize(n);
    for (size_t k = 0; k < n; ++k)
        out.clauses[k].clause = decider.clauses()[k];
    for (const Partial& p : partials) {
        for (size_t k = 0; k < n; ++k) {
            out.clauses[k].recipients += p.recipients[k];
            out.clauses[k].amount += p.amounts[k];
        }
        out.undetermined += p.undetermined;
    }
    std::vector<int64_t> per_benefit(rs.benefits.size(), 0);
    for (const Partial& p : partials) {
        for (size_t k = 0; k < n; ++k) {
            const rules::Clause& c = rs.clauses[static_cast<size_t>(out.clauses[k].clause)];
            for (size_t g = 0; g < c.grants.size(); ++g)
                per_benefit[static_cast<size_t>(c.grants[g].benefit)] +=
                    p.grant_amounts[decider.grant_begin(k) + g];
        }
    }
    for (const auto& c : out.clauses)
        out.total += c.amount;
    for (size_t b = 0; b < per_benefit.size(); ++b)
        if (per_benefit[b] != 0)
            out.benefits.emplace_back(static_cast<int32_t>(b), per_benefit[b]);
    return out;
}

} // namespace lexsim::sim
