#pragma once
/**
 * @brief Task graphs: tasks and procedure steps with their `after` links, durations and deadlines, and the
 * critical path method over them on the working-day calendar.
 *
 * The graph is the rules-level meaning of `after`, `workdays` and deadlines, shared by the solver's
 * deadline check and the simulator's schedule Monte Carlo (neither depends on the other). Dates are days
 * since 1970-01-01; a period of N units started on day s ends on day s + N (calendar days) or on the N-th
 * working day after s (working days), the day it starts not counted; a successor may start on the day its
 * predecessor ends.
 *
 *     TaskGraph g;
 *     int32_t a = g.add_node({.id = "a", .low = 3, .likely = 3, .high = 3, .start = day0});
 *     int32_t b = g.add_node({.id = "b", .low = 2, .likely = 2, .high = 4});
 *     g.add_edge(a, b);                       // b after a
 *     if (g.validate(diags) && g.sort(diags)) {
 *         CriticalPath cp = critical_path(g, WorkCalendar::official(), g.likely_durations());
 *     }
 */
#include "lexsim/rules/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lexsim::rules {

class WorkCalendar;

enum class DurationUnit : uint8_t { Days, Workdays };

//! A deadline counted from another node: N units after its start or its end ("收到申报材料之日起 15
//! 个工作日内").
struct RelativeDue {
    int32_t anchor = -1; //!< node index
    bool from_end = false;
    int64_t amount = 0;
    DurationUnit unit = DurationUnit::Workdays;
};

struct TaskNode {
    int32_t task = -1; //!< index in the RuleSet's tasks, or -1 for a node a scenario adds
    std::string id;    //!< dotted id, "tzf_2024_13.s5_1_submit"
    std::string text;
    std::string document; //!< the document's number, "通政发〔2024〕13号"
    std::string article;
    std::string group;
    std::vector<std::string> units; //!< owners (canonical names)
    Span span;                      //!< where it is declared (for diagnostics)
    DurationUnit unit = DurationUnit::Workdays;
    int64_t low = 0, likely = 0, high = 0; //!< duration range in `unit`
    bool estimated = false;                //!< the range is an estimate, not the text's
    bool text_duration = false;            //!< the text (or a parameter) gives the duration
    std::optional<int32_t> start;          //!< earliest start
    std::optional<int32_t> due;            //!< latest end
    std::optional<RelativeDue> relative_due;
    std::string due_wording;
    std::optional<int32_t> document_end; //!< the last day its document is in force (a pilot's or trial's end)
};

class TaskGraph {
public:
    int32_t add_node(TaskNode node);
    void add_edge(int32_t before, int32_t after); //!< `after` comes after `before`

    const std::vector<TaskNode>& nodes() const { return m_nodes; }
    std::vector<TaskNode>& nodes() { return m_nodes; }
    const TaskNode& node(int32_t i) const { return m_nodes[static_cast<size_t>(i)]; }
    const std::vector<int32_t>& preds(int32_t i) const { return m_preds[static_cast<size_t>(i)]; }
    const std::vector<int32_t>& succs(int32_t i) const { return m_succs[static_cast<size_t>(i)]; }
    size_t size() const { return m_nodes.size(); }
    std::optional<int32_t> find(std::string_view id) const;

    //! Computes the topological order with Boost.Graph. A cycle is an error naming every node on it with
    //! its citation.
    bool sort(Diagnostics& diags);
    //! A duration whose low end exceeds its high end, and a deadline before a start, are errors.
    bool validate(Diagnostics& diags) const;
    //! Predecessors before successors (after a successful sort()).
    const std::vector<int32_t>& order() const { return m_order; }
    //! The cycles of the graph: for each strongly connected component of more than one node (or a node
    //! after itself), a shortest cycle through its first node, in execution order.
    std::vector<std::vector<int32_t>> cycles() const;
    //! The weakly connected component of each node (a procedure, or a group of linked task rows).
    std::vector<int32_t> components(int32_t& count) const;

    //! The nodes with keep[v] set and the edges between them (relative deadlines to a dropped anchor are
    //! dropped), unsorted.
    TaskGraph subgraph(const std::vector<bool>& keep) const;

    std::vector<int64_t> likely_durations() const;
    std::vector<int64_t> low_durations() const;

private:
    std::vector<TaskNode> m_nodes;
    std::vector<std::vector<int32_t>> m_preds, m_succs;
    std::vector<int32_t> m_order;
};

//! The end of a period of `n` units started on `start`.
int32_t period_end(const WorkCalendar& cal, DurationUnit unit, int32_t start, int64_t n,
                   std::set<int32_t>* missing = nullptr);

//! Earliest and latest dates of every node, and the critical path of each component.
struct CriticalPath {
    std::vector<int32_t> earliest_start, earliest_finish, latest_start, latest_finish;
    std::vector<int64_t> slack;              //!< total slack, in the node's unit
    std::vector<int32_t> due;                //!< the deadline (resolved), or INT32_MAX
    std::vector<int32_t> driver;             //!< the predecessor that fixes the earliest start, or -1
    std::vector<std::vector<int32_t>> paths; //!< per component with a start: its driving path
    std::set<int32_t> missing_years;         //!< years counted without calendar data
};

/**
 * The critical path method on `durations` (one per node, in the node's unit). A node without a start
 * date or a predecessor starts at `default_start`. The latest dates count back from the end of each node's
 * component; total slack is latest start − earliest start in the node's unit, and the driving path of a
 * component runs back from its last finish along each node's driver.
 */
CriticalPath critical_path(const TaskGraph& g, const WorkCalendar& cal, const std::vector<int64_t>& durations,
                           int32_t default_start);

//! The earliest finish of every node and each node's driver only: the forward pass the Monte Carlo runs
//! per trial. `finish` and `driver` are resized to g.size(); nodes with no start get INT32_MIN.
void forward_pass(const TaskGraph& g, const WorkCalendar& cal, const std::vector<int64_t>& durations,
                  int32_t default_start, std::vector<int32_t>& start, std::vector<int32_t>& finish,
                  std::vector<int32_t>& driver, std::set<int32_t>* missing = nullptr);

//! A node's deadline once the earliest dates are known (a relative deadline counts from its anchor).
std::optional<int32_t> resolved_due(const TaskGraph& g, const WorkCalendar& cal, int32_t node,
                                    const std::vector<int32_t>& start, const std::vector<int32_t>& finish);

} // namespace lexsim::rules

namespace lexsim::rules {

struct RuleSet;

/**
 * The task graph of every task and step of `rs` (not duties, which have no schedule), with their `after`
 * links. Starts, deadlines and durations come from the text: a start is the task's `start` or its window's
 * first day; a duration parameter with no value counts over its declared range. With `defaults` (for
 * scheduling, not for checking), a task with neither a start nor a predecessor starts on its document's
 * first day in force, and a row whose text gives no duration gets the documented default estimate: from
 * its start to its deadline, low 50 %, most likely 80 %, high 110 % of that span in calendar days (marked
 * `estimated`). A duration range `a .. b` is most likely at its midpoint.
 */
TaskGraph task_graph_of(const RuleSet& rs, bool defaults);

} // namespace lexsim::rules
