#pragma once
/**
 * @brief Schedule scenarios: the `[schedule]` keys of a scenario file, applied to a task graph.
 *
 * A schedule scenario is a scenario file (scenario_file.hpp: name, description, rules, seed, trials,
 * horizon) with a `[schedule]` table: which tasks to schedule, start dates, duration estimates for rows
 * whose text gives none, extra dependencies and deadlines. docs/schedule.md lists the keys.
 *
 *     sim::ScenarioFile f = sim::ScenarioFile::load("scenarios/schedule-land-entry.toml");
 *     sim::ScheduleScenario s = sim::read_schedule_scenario(f);
 *     rules::TaskGraph g = rules::task_graph_of(rs, true);
 *     if (f.ok()) g = sim::apply_schedule_scenario(f, s, g);   // errors at file:line:col in f
 */
#include "lexsim/rules/task_graph.hpp"
#include "lexsim/simulation/scenario_file.hpp"
#include "lexsim/simulation/schedule.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::sim {

struct ScheduleScenario {
    ScenarioHeader header;
    DurationShape shape = DurationShape::Triangular;
    std::vector<std::string> tasks; //!< ids or id prefixes ending in '*' to schedule (empty: every task)
    std::string label;              //!< shown with the results, e.g. that estimates are illustrative
    struct Start {
        std::string task;
        int32_t date = 0;
        rules::Span span;
    };
    struct Estimate {
        std::string task, group; //!< a task id or id prefix (ending in '*'), or a group heading
        int64_t low = 0, likely = 0, high = 0;
        rules::DurationUnit unit = rules::DurationUnit::Workdays;
        bool keep_text = false; //!< only for rows whose text gives no duration
        rules::Span span;
    };
    struct After {
        std::string task;
        std::vector<std::string> after;
        std::vector<rules::Span> spans;
        rules::Span span;
    };
    struct Deadline {
        std::string task;
        int32_t date = 0;
        std::string wording;
        rules::Span span;
    };
    std::vector<Start> starts;
    std::vector<Estimate> estimates;
    std::vector<After> afters;
    std::vector<Deadline> deadlines;
};

//! Reads the header and the `[schedule]` table; errors go to the file's diagnostics.
ScheduleScenario read_schedule_scenario(ScenarioFile& f);

//! Applies the scenario to the graph of the loaded rules and keeps only the selected tasks; a task id the
//! graph does not have is an error at its place in the file.
rules::TaskGraph apply_schedule_scenario(ScenarioFile& f, const ScheduleScenario& s,
                                         const rules::TaskGraph& g);

} // namespace lexsim::sim
