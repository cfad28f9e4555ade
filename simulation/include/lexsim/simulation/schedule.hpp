#pragma once
/**
 * @brief Schedule risk: Monte Carlo over a task graph on the working-day calendar.
 *
 * Each trial draws every node's duration from its low / most likely / high range (triangular, PERT-beta
 * or uniform), rounds it up to whole days or working days, and runs the forward pass of the critical path
 * method. Trial t's draws for node v come from Philox keyed by (seed, stream) with counter (t, v·16 + k),
 * the same keying as `simulate`. Trials run in blocks of 16 side by side, and each thread keeps integer
 * counts only (date histograms per node and procedure, on-time and driving-path counts), merged after the
 * loop: quantiles are exact order statistics and the result is bit-identical for any number of threads.
 *
 *     rules::TaskGraph g = rules::task_graph_of(rs, true);
 *     rules::Diagnostics diags;
 *     if (g.validate(diags) && g.sort(diags)) {
 *         sim::ScheduleOptions o;
 *         o.trials = 10'000;
 *         sim::ScheduleResult r = sim::run_schedule(g, rules::WorkCalendar::official(), o);
 *     }
 */
#include "lexsim/rules/task_graph.hpp"
#include "lexsim/rules/workdays.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lexsim::sim {

enum class DurationShape : uint8_t { Triangular, Pert, Uniform };

struct ScheduleOptions {
    uint64_t trials = 10'000;
    uint64_t seed = 20240101;
    uint32_t stream = 0;
    int threads = 0; //!< 0: every core
    DurationShape shape = DurationShape::Triangular;
    //! Called after each block of trials with (trials done, total), from any thread, never concurrently.
    std::function<void(uint64_t, uint64_t)> progress;
};

struct TaskRisk {
    int32_t node = -1;
    std::optional<int32_t> due;      //!< its deadline in the most-likely schedule
    std::optional<double> p_on_time; //!< share of trials that end by the deadline (a relative one per trial)
    double criticality = 0;          //!< share of trials in which it lies on its component's driving path
    std::optional<int32_t> p50, p80, p90; //!< finish-date quantiles (none for a node without a start)
};

struct ProcedureRisk {
    std::vector<int32_t> nodes;   //!< one weakly connected component of more than one node, in order
    std::optional<int32_t> limit; //!< the earliest document end among its nodes (pilot or trial end)
    std::optional<double> p_by_limit;
    int32_t p50 = 0, p80 = 0, p90 = 0; //!< end-date quantiles
};

struct UnitMonth {
    std::string unit;
    int32_t year = 0, month = 0;
    int64_t active_tasks = 0; //!< tasks of the unit whose most-likely schedule overlaps the month
};

struct ScheduleResult {
    uint64_t trials = 0;
    rules::CriticalPath cpm; //!< on the most likely durations
    std::vector<TaskRisk> tasks;
    std::vector<ProcedureRisk> procedures;
    std::vector<UnitMonth> units;
    std::set<int32_t> missing_years; //!< years counted without calendar data
};

//! A duration drawn from [low, high] with mode `likely`, from uniforms u1, u2 (and more for PERT), as a
//! real number; exposed for tests.
double draw_duration(DurationShape shape, double low, double likely, double high, const double* u, int count);

//! Runs the Monte Carlo. `g` must be validated and sorted.
ScheduleResult run_schedule(const rules::TaskGraph& g, const rules::WorkCalendar& cal,
                            const ScheduleOptions& o);

} // namespace lexsim::sim
