// The task graph of a loaded RuleSet: its tasks and steps, their `after` links, dates and durations.
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/task_graph.hpp"

#include <algorithm>

namespace lexsim::rules {

namespace {

//! The latest end date a task's deadline allows. A deadline parameter with dated values counts with its
//! latest value (the most lenient reading); an open one sets no deadline.
std::optional<int32_t> fixed_due(const RuleSet& rs, const Task& t) {
    switch (t.deadline.kind) {
    case DeadlineKind::Date:
    case DeadlineKind::Window:
        return t.deadline.date;
    case DeadlineKind::Param: {
        if (t.deadline.param < 0)
            return std::nullopt;
        const Param& p = rs.params[static_cast<size_t>(t.deadline.param)];
        if (p.values.empty())
            return std::nullopt;
        int64_t best = p.values.front().value;
        for (const auto& v : p.values)
            best = std::max(best, v.value);
        return static_cast<int32_t>(best);
    }
    default:
        return std::nullopt;
    }
}

//! A duration expression's value on `date`; open parameters take the low (or high) end of their declared
//! range. nullopt when it reads an open parameter without a range.
std::optional<int64_t> duration_value(const RuleSet& rs, ExprId e, int32_t date, bool high) {
    ParamRow params = resolve_params(rs, date);
    for (size_t p = 0; p < rs.params.size(); ++p) {
        if (!rs.params[p].values.empty() || !rs.params[p].has_range)
            continue;
        params.values[p] = high ? rs.params[p].high : rs.params[p].low;
        params.present[p] = 1;
    }
    EvalInput in;
    in.params = params.values.data();
    in.param_present = params.present.data();
    in.today = date;
    EvalValue v = eval_expr(rs, e, in);
    if (v.status != EvalStatus::Ok)
        return std::nullopt;
    return std::max<int64_t>(v.value, 0);
}

void set_duration(const RuleSet& rs, const Task& t, TaskNode& n, bool default_estimates) {
    int32_t when = n.start.value_or(n.due.value_or(0));
    if (t.duration_low != no_expr) {
        n.unit = rs.expr(t.duration_low).type.kind == TypeKind::Workdays ? DurationUnit::Workdays
                                                                         : DurationUnit::Days;
        auto lo = duration_value(rs, t.duration_low, when, false);
        auto hi =
            duration_value(rs, t.duration_high != no_expr ? t.duration_high : t.duration_low, when, true);
        if (lo && hi) {
            n.low = *lo;
            n.high = *hi;
            n.likely = n.low >= n.high ? n.low : (n.low + n.high + 1) / 2;
            n.estimated = n.low != n.high;
            n.text_duration = true;
            return;
        }
    }
    n.estimated = true;
    if (default_estimates && n.start && n.due && *n.due > *n.start) {
        int64_t span = *n.due - *n.start;
        n.unit = DurationUnit::Days;
        n.low = span * 50 / 100;
        n.likely = span * 80 / 100;
        n.high = span * 110 / 100;
    }
}

} // namespace

TaskGraph task_graph_of(const RuleSet& rs, bool defaults) {
    TaskGraph g;
    std::vector<int32_t> node_of(rs.tasks.size(), -1);
    for (size_t i = 0; i < rs.tasks.size(); ++i) {
        const Task& t = rs.tasks[i];
        if (t.kind == TaskKind::Duty)
            continue;
        TaskNode n;
        n.task = static_cast<int32_t>(i);
        n.id = t.id;
        n.text = t.text;
        const Document* doc = t.document.valid() ? &rs.document(t.document) : nullptr;
        n.document = doc ? doc->number : "";
        n.article = t.article;
        n.group = t.group;
        for (int32_t u : t.owners)
            n.units.push_back(rs.units[static_cast<size_t>(u)].name);
        n.span = t.name_span;
        n.start = t.start;
        if (t.deadline.kind == DeadlineKind::Window)
            n.start = std::max(n.start.value_or(INT32_MIN), t.deadline.window_start);
        if (defaults && !n.start && t.after.empty() && doc && doc->first_day() != INT32_MIN)
            n.start = doc->first_day();
        n.due = fixed_due(rs, t);
        n.due_wording = t.deadline.wording;
        if (doc && doc->expires)
            n.document_end = *doc->expires;
        set_duration(rs, t, n, defaults);
        node_of[i] = g.add_node(std::move(n));
    }
    // Relative deadlines once every node exists: the anchor may be declared after the task.
    for (size_t i = 0; i < rs.tasks.size(); ++i) {
        std::vector<const Deadline*> all{&rs.tasks[i].deadline};
        for (const Deadline& more : rs.tasks[i].more_deadlines)
            all.push_back(&more);
        for (const Deadline* d : all) {
            if (node_of[i] < 0 || d->kind != DeadlineKind::Relative || d->anchor < 0 ||
                d->amount == no_expr || node_of[static_cast<size_t>(d->anchor)] < 0)
                continue;
            TaskNode& n = g.nodes()[static_cast<size_t>(node_of[i])];
            auto amount = duration_value(rs, d->amount, n.start.value_or(0), false);
            if (!amount)
                continue;
            bool workdays = rs.expr(d->amount).type.kind == TypeKind::Workdays;
            n.relative_due = RelativeDue{node_of[static_cast<size_t>(d->anchor)], d->from_end, *amount,
                                         workdays ? DurationUnit::Workdays : DurationUnit::Days};
            if (n.due_wording.empty())
                n.due_wording = d->wording;
        }
    }
    for (size_t i = 0; i < rs.tasks.size(); ++i)
        for (int32_t p : rs.tasks[i].after)
            if (node_of[i] >= 0 && node_of[static_cast<size_t>(p)] >= 0)
                g.add_edge(node_of[static_cast<size_t>(p)], node_of[i]);
    return g;
}

} // namespace lexsim::rules
