#pragma once
/**
 * @brief The Monte Carlo engine: trials of a Scenario over its horizon, per-trial totals only.
 *
 * Each trial draws the scenario's open parameters, then for every population group and entry year a
 * number of new entities and their attributes. Entities persist to the end of the horizon and are
 * evaluated each year with rules::Decider (the one semantics); grants are paid by their timing (`once`
 * and one-off grants in the first year they apply, `per year for N years` for N years from the first),
 * after take-up, the paid fraction of `up to` ceilings, quotas, pools and budget ceilings. A trial
 * keeps only its totals per (year, clause, grant) in fen and the demand on each budget, and a Simulator
 * holds one batch of trials at a time, so memory is flat in the number of entities and of trials. Random
 * numbers come from Philox keyed by (seed, stream) with counter (trial, entity, draw): results are
 * bit-identical for any number of threads.
 *
 *     rules::RuleSet rs = ...;           // apply_what_if(scenario, rs) first
 *     sim::Simulator engine(rs, scenario, 0);
 *     engine.run(0, 100);
 *     int64_t fen = engine.value(trial, cell);
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/simulation/scenario.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace lexsim::sim {

//! One (year, clause, grant) total: the unit of the per-trial results.
struct Cell {
    int32_t year = 0;
    rules::ClauseId clause;
    int32_t grant = 0; //!< index in the clause's grants
    int32_t benefit = -1;
    int32_t payer = -1;     //!< unit, -1 = not stated
    int32_t recipient = -1; //!< entity kind paid (the grant's `to`, else the clause's entity)
    //! A receipt instead of an outlay: a `range` on a money measure whose ends agree (e.g. 土地收益调节金
    //! at a given rate), collected once, in the year the entity enters. -1 for grants.
    int32_t range = -1;
    int32_t measure = -1;
};

struct SimulationOptions {
    int64_t trials = 1000; //!< with until_se: the most trials run
    int threads = 0;       //!< 0 = every core
    double until_se = 0;   //!< > 0: stop once the horizon total's standard error (yuan) is below this
    //! Called between batches on the calling thread: trials done, trials planned.
    std::function<void(int64_t, int64_t)> progress;
};

//! Entity-years, undetermined entity-years and rationing events, summed over the trials run.
struct RunCounts {
    int64_t entity_years = 0;   //!< summed over trials
    int64_t undetermined = 0;   //!< entity-years with a simulated clause that needed a missing value
    int64_t quota_breaches = 0; //!< (trial, year, grant)s where a quota bound
    int64_t pool_breaches = 0;  //!< (trial, year, grant)s where a pool bound
};

/**
 * @brief Runs a scenario's trials a batch at a time; only the current batch's totals are held.
 *
 *     sim::Simulator s(rs, scenario, 0);
 *     s.run(0, 100);                       // trials 0..99, in parallel
 *     int64_t fen = s.value(42, cell);     // trial 42's total of that cell
 */
class Simulator {
public:
    //! `rs` is the rules with the scenario's what-if applied; both must outlive the Simulator.
    Simulator(const rules::RuleSet& rs, const Scenario& s, int threads);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    const std::vector<int32_t>& years() const;
    const std::vector<Cell>& cells() const; //!< year-major: cells for years[0], then years[1], …
    size_t budget_count() const;

    //! Runs trials [first, end) in parallel; their totals replace the previous batch's.
    void run(int64_t first, int64_t end);
    //! A total of the last batch, fen (first <= trial < end).
    int64_t value(int64_t trial, size_t cell) const;
    //! Outlays under budget b in year y before the budget binds (first <= trial < end).
    int64_t demand(int64_t trial, size_t budget, size_t year_index) const;
    const RunCounts& counts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

//! Trials per batch for a run of `planned` trials: progress and --until-se are checked between batches.
int64_t batch_size(int64_t planned);

} // namespace lexsim::sim
