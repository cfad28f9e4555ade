// deadline-infeasible: tasks and steps whose start dates, minimum durations and `after` order cannot meet
// their deadlines on the official working-day calendar, and `after` edges that form a cycle.
//
// The check is polynomial: the rules-level task graph (Boost.Graph) gives the earliest schedule by a
// longest-path pass in topological order, counting working days on the calendar (民法典 第二百零一条: the
// day a period starts is not counted, so a successor may start on the day its predecessor ends). A task
// that ends after its deadline in that schedule is late in every schedule; the tasks that fix its earliest
// start (its driving chain back to a start date) are a minimal infeasible set, since dropping any of them
// frees the rest. Z3 is asked only about that set: each task's constraints are guarded by a selector, with
// a working-day duration stated as the calendar's end date for the task's earliest start (an end date is
// monotone in the start date, so the constraint is implied); the answer must be unsat with a core of
// exactly the chain, or lexsim reports an internal error. Every query runs under the resource limit.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/task_graph.hpp"
#include "lexsim/rules/workdays.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace lexsim::solver::detail {

namespace {

using rules::DeadlineKind;
using rules::Task;
using rules::TaskGraph;

const Task& task_at(const rules::RuleSet& rs, int32_t t) {
    return rs.tasks[static_cast<size_t>(t)];
}

std::string noun(const rules::RuleSet& rs, const std::vector<int32_t>& tasks, const Words& w) {
    size_t steps = 0;
    for (int32_t t : tasks)
        steps += task_at(rs, t).kind == rules::TaskKind::Step ? 1 : 0;
    if (steps == tasks.size())
        return w.pick("步骤", tasks.size() == 1 ? "step" : "steps");
    if (steps == 0)
        return w.pick("任务", tasks.size() == 1 ? "task" : "tasks");
    return w.pick("任务和步骤", "tasks and steps");
}

//! Task names for messages: local ids when every task is in one document, dotted ids otherwise.
struct Namer {
    const rules::RuleSet& rs;
    bool qualify = false;
    Namer(const rules::RuleSet& r, const std::vector<int32_t>& tasks) : rs(r) {
        for (int32_t t : tasks)
            qualify = qualify || task_at(rs, t).document != task_at(rs, tasks.front()).document;
    }
    const std::string& operator()(int32_t t) const {
        return qualify ? task_at(rs, t).id : task_at(rs, t).local_id;
    }
};

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

std::vector<rules::DocumentId> documents_of(const rules::RuleSet& rs, const std::vector<int32_t>& tasks) {
    std::vector<rules::DocumentId> out;
    for (int32_t t : tasks)
        if (std::find(out.begin(), out.end(), task_at(rs, t).document) == out.end())
            out.push_back(task_at(rs, t).document);
    return out;
}

std::string duration_text(const rules::TaskNode& n, int64_t amount, const Words& w) {
    if (w.zh())
        return std::to_string(amount) + (n.unit == rules::DurationUnit::Workdays ? " 个工作日" : " 日");
    return std::to_string(amount) + (n.unit == rules::DurationUnit::Workdays ? " workdays" : " days");
}

void report_cycles(Checker& c, const TaskGraph& g) {
    const rules::RuleSet& rs = c.rules();
    for (const auto& cycle : g.cycles()) {
        std::vector<int32_t> cyc;
        cyc.reserve(cycle.size());
        for (int32_t v : cycle)
            cyc.push_back(g.node(v).task);
        Namer name(rs, cyc);
        std::vector<std::string> parts;
        parts.reserve(cyc.size() + 1);
        for (int32_t t : cyc)
            parts.push_back(name(t));
        parts.push_back(name(cyc.front()));
        const Words& w = c.words();
        Finding f;
        f.kind = "deadline-infeasible";
        f.severity = Severity::Error;
        f.tasks = cyc;
        f.documents = documents_of(rs, cyc);
        f.subject = task_at(rs, cyc.front()).id;
        f.message = w.zh() ? noun(rs, cyc, w) + " " + join(parts, " → ") +
                                 " 的先后顺序（after）构成循环：每一项都要等前一项完成，因此都无法开始"
                           : "the `after` order of " + noun(rs, cyc, w) + " " + join(parts, " → ") +
                                 " is a cycle: each must wait for the one before, so none of them can start";
        c.add(std::move(f));
    }
}

//! The graph without the components that hold a cycle (reported apart), sorted.
TaskGraph acyclic_part(const TaskGraph& g) {
    int32_t count = 0;
    std::vector<int32_t> comp = g.components(count);
    std::set<int32_t> cyclic;
    for (const auto& cycle : g.cycles())
        cyclic.insert(comp[static_cast<size_t>(cycle.front())]);
    std::vector<bool> keep(g.size());
    for (size_t v = 0; v < g.size(); ++v)
        keep[v] = !cyclic.count(comp[v]);
    TaskGraph out = g.subgraph(keep);
    rules::Diagnostics ignored;
    out.sort(ignored);
    return out;
}

//! The earliest schedule of a graph: starts, ends and drivers, with the minimum durations.
struct Earliest {
    std::vector<int32_t> start, finish, driver;
    std::vector<int64_t> duration;
    std::set<int32_t> missing_years;
};

//! Asks Z3 whether `chain` (a driving chain, in order, ending with the late node `late`) can meet the
//! deadline; its unsat core must be the whole chain. A chain of working-day steps is stated in working-day
//! ordinals (W(d) = working days up to d, a non-decreasing map, so every constraint carries over exactly and
//! stays a difference constraint); any other chain in days, a working-day step as the calendar's end for its
//! earliest start (an end date never moves earlier when its start moves later, so the constraint holds).
Checker::Result confirm(Checker& c, const TaskGraph& g, const Earliest& e, const std::vector<int32_t>& chain,
                        int32_t late, int32_t due, std::map<std::string, int32_t>& by_selector) {
    z3::context& ctx = c.enc().ctx();
    const rules::WorkCalendar& cal = rules::WorkCalendar::official();
    bool ordinal = true;
    for (int32_t v : chain)
        ordinal = ordinal && g.node(v).unit == rules::DurationUnit::Workdays;
    const int32_t epoch = rules::days_from_civil(2000, 1, 1);
    auto point = [&](int32_t date) -> z3::expr {
        return ctx.int_val(ordinal ? cal.between(epoch, date) : static_cast<int64_t>(date));
    };
    std::vector<z3::expr> facts, selectors;
    std::optional<z3::expr> previous_end;
    for (size_t k = 0; k < chain.size(); ++k) {
        int32_t v = chain[k];
        const rules::TaskNode& n = g.node(v);
        z3::expr s = ctx.int_const(("sched." + n.id + ".start").c_str());
        z3::expr f = ctx.int_const(("sched." + n.id + ".end").c_str());
        auto es = static_cast<size_t>(v);
        z3::expr own = f >= s && (k == 0 ? s >= point(e.start[es]) : s >= *previous_end);
        int64_t d = e.duration[es];
        if (ordinal || n.unit == rules::DurationUnit::Days)
            own = own && f >= s + ctx.int_val(d);
        else
            own = own && z3::implies(s >= point(e.start[es]), f >= point(e.finish[es]));
        if (v == late)
            own = own && f <= point(due);
        z3::expr sel = ctx.bool_const(("sched." + n.id).c_str());
        by_selector[sel.decl().name().str()] = v;
        facts.push_back(z3::implies(sel, own));
        selectors.push_back(sel);
        previous_end = f;
    }
    return c.solve_difference(facts, selectors, "deadline-" + g.node(late).id);
}

std::string why_text(const rules::RuleSet& rs, const TaskGraph& g, const Earliest& e,
                     const std::vector<int32_t>& chain, const Namer& name, const Words& w) {
    std::vector<std::string> why;
    if (chain.size() > 1) {
        std::vector<std::string> names;
        names.reserve(chain.size());
        for (int32_t v : chain)
            names.push_back(name(g.node(v).task));
        why.push_back(w.pick("顺序 ", "order ") + join(names, " → "));
    }
    for (size_t k = 0; k < chain.size(); ++k) {
        int32_t v = chain[k];
        const Task& task = task_at(rs, g.node(v).task);
        std::string part;
        auto start = rules::format_date(e.start[static_cast<size_t>(v)]);
        auto end = rules::format_date(e.finish[static_cast<size_t>(v)]);
        if (k == 0 && task.deadline.kind == DeadlineKind::Window &&
            (!task.start || *task.start < task.deadline.window_start))
            part = w.zh() ? "在其时限窗口内，最早 " + rules::format_date(task.deadline.window_start) + " 开始"
                          : "starts within its window from " + rules::format_date(task.deadline.window_start);
        else if (k == 0)
            part = w.zh() ? "最早 " + start + " 开始" : "starts no earlier than " + start;
        if (e.duration[static_cast<size_t>(v)] > 0) {
            std::string d = duration_text(g.node(v), e.duration[static_cast<size_t>(v)], w);
            part += w.zh() ? (part.empty() ? "至少需要 " : "，至少需要 ") + d
                           : (part.empty() ? "takes at least " : " and takes at least ") + d;
            if (g.node(v).unit == rules::DurationUnit::Workdays)
                part += w.zh() ? "（按官方工作日历为 " + start + " 至 " + end + "）"
                               : " (" + start + " to " + end + " on the official calendar)";
        }
        if (!part.empty())
            why.push_back(name(g.node(v).task) + " " + part);
    }
    return join(why, w.pick("；", "; "));
}

void report_late(Checker& c, const TaskGraph& g, const Earliest& e, int32_t late, int32_t due) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::vector<int32_t> chain;
    for (int32_t v = late; v != -1; v = e.driver[static_cast<size_t>(v)])
        chain.push_back(v);
    std::reverse(chain.begin(), chain.end());
    std::vector<int32_t> tasks;
    tasks.reserve(chain.size());
    for (int32_t v : chain)
        tasks.push_back(g.node(v).task);
    Namer name(rs, tasks);
    std::vector<std::string> names;
    names.reserve(tasks.size());
    for (int32_t t : tasks)
        names.push_back(name(t));

    std::map<std::string, int32_t> by_selector;
    Checker::Result res = confirm(c, g, e, chain, late, due, by_selector);
    if (res.verdict == Verdict::Unknown) {
        c.unknown(
            "deadline-infeasible",
            w.pick(noun(rs, tasks, w) + " " + join(names, "、") + " 能否按期完成",
                   "whether " + noun(rs, tasks, w) + " " + join(names, ", ") + " can meet their deadlines"),
            res.reason, {}, tasks);
        return;
    }
    if (res.verdict == Verdict::Sat || res.core.size() != chain.size()) {
        c.report().internal_errors.push_back(
            "the earliest schedule of " + noun(rs, tasks, Words(rs, Lang::En)) + " " + join(names, ", ") +
            " misses a deadline, but the solver does not confirm the chain as "
            "a minimal infeasible set");
        return;
    }
    const rules::TaskNode& n = g.node(late);
    std::string due_text = rules::format_date(due);
    std::string earliest = rules::format_date(e.finish[static_cast<size_t>(late)]);
    Finding f;
    f.kind = "deadline-infeasible";
    f.severity = Severity::Error;
    f.tasks = tasks;
    f.documents = documents_of(rs, tasks);
    f.subject = task_at(rs, n.task).id;
    const std::string& late_name = name(n.task);
    std::string why = why_text(rs, g, e, chain, name, w);
    if (w.zh()) {
        std::string wording = n.due_wording.empty() ? "" : "（“" + n.due_wording + "”）";
        f.message = noun(rs, tasks, w) + " " + join(names, "、") +
                    (tasks.size() == 1 ? " 无法按期完成：" : " 无法全部按期完成：") + late_name + " 须在 " +
                    due_text + wording + (wording.empty() ? " 前完成，但最早 " : "前完成，但最早 ") +
                    earliest + " 才能完成——" + why;
        f.readings = {"期限：" + late_name + " 须在 " + due_text + wording +
                          (wording.empty() ? " 前完成" : "前完成"),
                      "最早完成：" + earliest + "（各项均取最短时长）"};
    } else {
        std::string wording = n.due_wording.empty() ? "" : " (“" + n.due_wording + "”)";
        f.message =
            noun(rs, tasks, w) + " " + join(names, ", ") +
            (tasks.size() == 1 ? " cannot meet its deadline: " : " cannot all meet their deadlines: ") +
            late_name + " is due by " + due_text + wording + " but cannot end before " + earliest + " — " +
            why;
        f.readings = {"deadline: " + late_name + " is due by " + due_text + wording,
                      "earliest end: " + earliest + " (every task at its shortest duration)"};
    }
    Witness wit;
    wit.facts.emplace_back(late_name + w.pick(" 期限", " due"), due_text);
    wit.facts.emplace_back(late_name + w.pick(" 最早完成", " earliest end"), earliest);
    f.witness = std::move(wit);
    c.add(std::move(f));
}

} // namespace

void check_schedules(Checker& c) {
    const rules::WorkCalendar& cal = rules::WorkCalendar::official();
    TaskGraph all = rules::task_graph_of(c.rules(), false);
    report_cycles(c, all);
    TaskGraph g = acyclic_part(all);

    Earliest e;
    e.duration = g.low_durations();
    rules::forward_pass(g, cal, e.duration, INT32_MIN, e.start, e.finish, e.driver, &e.missing_years);
    for (int32_t v = 0; v < static_cast<int32_t>(g.size()); ++v) { // in declaration order
        if (e.finish[static_cast<size_t>(v)] == INT32_MIN)
            continue;
        auto due = rules::resolved_due(g, cal, v, e.start, e.finish);
        if (due && e.finish[static_cast<size_t>(v)] > *due)
            report_late(c, g, e, v, *due);
    }
    if (!e.missing_years.empty()) {
        Finding f;
        f.kind = "deadline-infeasible";
        f.severity = Severity::Warning;
        f.subject = "calendar";
        f.message = c.words().zh()
                        ? "工作日计算涉及 " + rules::years_text(e.missing_years) +
                              " 年，lexsim 没有这些年份的官方工作日历（只按周末计算；请添加该年的日历文件）"
                        : "working days were counted into " + rules::years_text(e.missing_years) +
                              ", for which lexsim has no official calendar (weekends only; add the year's "
                              "calendar file)";
        c.add(std::move(f));
    }
}

} // namespace lexsim::solver::detail
