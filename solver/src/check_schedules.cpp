// deadline-infeasible: tasks and steps whose start dates, minimum durations and `after` order cannot meet
// their deadlines, and `after` edges that form a cycle.
//
// The schedule of a connected component of the after-graph is a set of integer variables (days since
// 1970-01-01): start_t and end_t per task. Periods follow the civil-law counting rule (民法典 第二百零一条:
// the day a period starts is not counted), so a period of n days started on day s ends on day s + n, and a
// successor may start on the day its predecessor ends. Each task's own constraints are guarded by a Boolean
// selector; an unsat core over the selectors, made minimal by deletion, names exactly the tasks whose
// constraints clash. The earliest schedule of those tasks, computed directly with the evaluator, must then
// miss one of their deadlines: that re-check is what the finding reports, and a disagreement is an internal
// error.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/strong_components.hpp>
#include <map>
#include <set>

namespace lexsim::solver::detail {

namespace {

using rules::DeadlineKind;
using rules::Task;

const Task& task_at(const rules::RuleSet& rs, int32_t t) {
    return rs.tasks[static_cast<size_t>(t)];
}

std::string noun(const rules::RuleSet& rs, const std::vector<int32_t>& tasks) {
    size_t steps = 0;
    for (int32_t t : tasks)
        steps += task_at(rs, t).kind == rules::TaskKind::Step ? 1 : 0;
    if (steps == tasks.size())
        return tasks.size() == 1 ? "step" : "steps";
    if (steps == 0)
        return tasks.size() == 1 ? "task" : "tasks";
    return "tasks and steps";
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

//! The latest end date a task's deadline allows, if any. A deadline parameter with dated values counts
//! with its latest value (the most lenient reading); an open one sets no deadline.
std::optional<int32_t> due_date(const rules::RuleSet& rs, const Task& t) {
    switch (t.deadline.kind) {
    case DeadlineKind::Date:
    case DeadlineKind::Window:
        return t.deadline.date;
    case DeadlineKind::Param: {
        if (t.deadline.param < 0)
            return std::nullopt;
        const rules::Param& p = rs.params[static_cast<size_t>(t.deadline.param)];
        if (p.values.empty())
            return std::nullopt;
        int64_t best = p.values.front().value;
        for (const auto& v : p.values)
            best = std::max(best, v.value);
        return static_cast<int32_t>(best);
    }
    case DeadlineKind::None:
    case DeadlineKind::Unset:
        break;
    }
    return std::nullopt;
}

//! The earliest start a task's own fields allow (its `start`, its window's first day), if any.
std::optional<int32_t> own_earliest(const Task& t) {
    std::optional<int32_t> out = t.start;
    if (t.deadline.kind == DeadlineKind::Window)
        out = std::max(out.value_or(INT32_MIN), t.deadline.window_start);
    return out;
}

bool is_workdays(const rules::RuleSet& rs, const Task& t) {
    return t.duration_low != rules::no_expr && rs.expr(t.duration_low).type.kind == rules::TypeKind::Workdays;
}

//! The minimum duration of a task starting on `date`, as the evaluator computes it: parameters take their
//! value on that date; an open parameter takes the lowest value of its declared range, or 0. A duration that
//! cannot be computed counts as 0 (no constraint), as in the encoding. Never negative.
int64_t min_duration(const rules::RuleSet& rs, const Task& t, int32_t date) {
    if (t.duration_low == rules::no_expr)
        return 0;
    rules::ParamRow params = rules::resolve_params(rs, date);
    for (size_t p = 0; p < rs.params.size(); ++p) {
        if (!rs.params[p].values.empty())
            continue;
        params.values[p] = rs.params[p].has_range ? rs.params[p].low : 0;
        params.present[p] = 1;
    }
    rules::EvalInput in;
    in.params = params.values.data();
    in.param_present = params.present.data();
    in.today = date;
    rules::EvalValue v = rules::eval_expr(rs, t.duration_low, in);
    if (v.status != rules::EvalStatus::Ok)
        return 0;
    return std::max<int64_t>(v.value, 0);
}

//! Tasks of `set` in an order where every predecessor comes first (Kahn, ties by index).
std::vector<int32_t> topo_order(const rules::RuleSet& rs, const std::vector<int32_t>& set) {
    std::set<int32_t> in(set.begin(), set.end());
    std::map<int32_t, int> indegree;
    for (int32_t t : set) {
        indegree[t] += 0;
        for (int32_t p : task_at(rs, t).after)
            if (in.count(p))
                ++indegree[t];
    }
    std::vector<int32_t> out;
    std::set<int32_t> ready;
    for (auto [t, d] : indegree)
        if (d == 0)
            ready.insert(t);
    while (!ready.empty()) {
        int32_t t = *ready.begin();
        ready.erase(ready.begin());
        out.push_back(t);
        for (int32_t s : set)
            for (int32_t p : task_at(rs, s).after)
                if (p == t && --indegree[s] == 0)
                    ready.insert(s);
    }
    return out;
}

struct Earliest {
    std::map<int32_t, std::optional<int32_t>> start, end; //!< nullopt: no lower bound
    std::map<int32_t, int64_t> duration;
};

//! The earliest schedule of `set` under its own constraints (minus deadlines): every start as early as the
//! start dates, windows and predecessors in `set` allow, every end its start plus the minimum duration.
Earliest earliest_schedule(const rules::RuleSet& rs, const std::vector<int32_t>& order) {
    Earliest e;
    std::set<int32_t> in(order.begin(), order.end());
    for (int32_t t : order) {
        const Task& task = task_at(rs, t);
        std::optional<int32_t> s = own_earliest(task);
        for (int32_t p : task.after)
            if (in.count(p) && e.end[p])
                s = std::max(s.value_or(INT32_MIN), *e.end[p]);
        e.start[t] = s;
        int64_t d = s ? min_duration(rs, task, *s) : 0;
        e.duration[t] = d;
        e.end[t] = s ? std::optional<int32_t>(static_cast<int32_t>(*s + d)) : std::nullopt;
    }
    return e;
}

std::string duration_text(const rules::RuleSet& rs, const Task& t, int64_t days) {
    if (is_workdays(rs, t))
        return std::to_string(days) + " workdays (at least " + std::to_string(days) + " calendar days)";
    return std::to_string(days) + " days";
}

//! "a → b → c" for a simple chain, else the list of edges "a → c, b → c".
std::string order_text(const rules::RuleSet& rs, const std::vector<int32_t>& order, const Namer& name) {
    std::set<int32_t> in(order.begin(), order.end());
    std::vector<std::pair<int32_t, int32_t>> edges;
    for (int32_t t : order)
        for (int32_t p : task_at(rs, t).after)
            if (in.count(p))
                edges.emplace_back(p, t);
    if (edges.empty())
        return "";
    bool chain = edges.size() + 1 == order.size();
    for (size_t i = 0; chain && i + 1 < order.size(); ++i)
        chain = std::find(edges.begin(), edges.end(), std::make_pair(order[i], order[i + 1])) != edges.end();
    std::vector<std::string> parts;
    if (chain) {
        for (int32_t t : order)
            parts.push_back(name(t));
        return join(parts, " → ");
    }
    for (auto [p, t] : edges)
        parts.push_back(name(p) + " → " + name(t));
    return join(parts, ", ");
}

//! The after-graph: an edge from each task to each of its predecessors.
using AfterGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

AfterGraph after_graph(const rules::RuleSet& rs) {
    AfterGraph g(rs.tasks.size());
    for (size_t t = 0; t < rs.tasks.size(); ++t)
        for (int32_t p : rs.tasks[t].after)
            boost::add_edge(t, static_cast<size_t>(p), g);
    return g;
}

//! The strongly connected components of more than one task (the loader rejects a task after itself), each
//! sorted, ordered by their first task.
std::vector<std::vector<int32_t>> cycles(const AfterGraph& g) {
    std::vector<int> component(boost::num_vertices(g));
    int count = boost::strong_components(
        g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
    std::vector<std::vector<int32_t>> groups(static_cast<size_t>(count));
    for (size_t v = 0; v < component.size(); ++v)
        groups[static_cast<size_t>(component[v])].push_back(static_cast<int32_t>(v));
    std::vector<std::vector<int32_t>> out;
    for (auto& group : groups)
        if (group.size() > 1)
            out.push_back(std::move(group)); // vertices were added in order, so each group is sorted
    std::sort(out.begin(), out.end());
    return out;
}

//! A shortest cycle through the first task of an SCC, in execution order (each after the one before).
std::vector<int32_t> cycle_in(const rules::RuleSet& rs, const std::vector<int32_t>& scc) {
    std::set<int32_t> in(scc.begin(), scc.end());
    int32_t s = scc.front();
    // Breadth-first along "comes before": from s to its successors, until one of them precedes s again.
    std::map<int32_t, int32_t> parent{{s, -1}};
    std::vector<int32_t> frontier{s};
    while (!frontier.empty()) {
        std::vector<int32_t> next;
        for (int32_t u : frontier) {
            for (int32_t v : scc) {
                const auto& after = task_at(rs, v).after;
                if (std::find(after.begin(), after.end(), u) == after.end())
                    continue; // v does not come after u
                if (v == s) {
                    std::vector<int32_t> path;
                    for (int32_t x = u; x != -1; x = parent[x])
                        path.push_back(x);
                    std::reverse(path.begin(), path.end());
                    return path;
                }
                if (parent.emplace(v, u).second)
                    next.push_back(v);
            }
        }
        frontier = std::move(next);
    }
    return scc; // unreachable for a strongly connected component
}

} // namespace

void check_schedules(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    z3::context& ctx = enc.ctx();
    auto n = static_cast<int32_t>(rs.tasks.size());

    // Cycles: the loader accepts them, but no task of a cycle can start first.
    std::set<int32_t> in_cycle;
    for (const auto& scc : cycles(after_graph(rs))) {
        in_cycle.insert(scc.begin(), scc.end());
        std::vector<int32_t> cyc = cycle_in(rs, scc);
        Namer name(rs, cyc);
        std::vector<std::string> parts;
        for (int32_t t : cyc)
            parts.push_back(name(t));
        parts.push_back(name(cyc.front()));
        Finding f;
        f.kind = "deadline-infeasible";
        f.severity = Severity::Error;
        f.tasks = cyc;
        for (int32_t t : cyc)
            if (std::find(f.documents.begin(), f.documents.end(), task_at(rs, t).document) ==
                f.documents.end())
                f.documents.push_back(task_at(rs, t).document);
        f.message = "the `after` order of " + noun(rs, cyc) + " " + join(parts, " → ") +
                    " is a cycle: each must wait for the one before, so none of them can start";
        if (scc.size() > cyc.size())
            f.message += " (" + std::to_string(scc.size()) + " tasks are caught in cycles with them)";
        c.add(std::move(f));
    }

    // Connected components of the after-graph, ignoring the direction of its edges.
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> undirected(static_cast<size_t>(n));
    for (int32_t t = 0; t < n; ++t)
        for (int32_t p : task_at(rs, t).after)
            boost::add_edge(static_cast<size_t>(t), static_cast<size_t>(p), undirected);
    std::vector<int> component_of(static_cast<size_t>(n));
    boost::connected_components(undirected, component_of.data());
    std::map<int, std::vector<int32_t>> components;
    for (int32_t t = 0; t < n; ++t)
        components[component_of[static_cast<size_t>(t)]].push_back(t);

    for (const auto& component : components) {
        const std::vector<int32_t>& members = component.second;
        bool cyclic = false, upper = false, lower = false;
        for (int32_t t : members) {
            cyclic = cyclic || in_cycle.count(t) > 0;
            upper = upper || due_date(rs, task_at(rs, t)).has_value();
            lower = lower || own_earliest(task_at(rs, t)).has_value();
        }
        // A cycle is reported above. Without a deadline nothing can be late; without a start date or a
        // window, an acyclic schedule can always move earlier, so nothing can be late either.
        if (cyclic || !upper || !lower)
            continue;

        std::map<int32_t, z3::expr> start, end, sel;
        std::map<std::string, int32_t> by_selector;
        for (int32_t t : members) {
            const std::string& id = task_at(rs, t).id;
            start.emplace(t, ctx.int_const(("sched." + id + ".start").c_str()));
            end.emplace(t, ctx.int_const(("sched." + id + ".end").c_str()));
            sel.emplace(t, ctx.bool_const(("sched." + id).c_str()));
            by_selector[sel.at(t).decl().name().str()] = t;
        }
        std::set<int32_t> dropped; // tasks whose (violated) deadlines are already reported
        auto facts_for = [&]() {
            std::vector<z3::expr> facts;
            for (int32_t t : members) {
                const Task& task = task_at(rs, t);
                const z3::expr &s = start.at(t), &e = end.at(t);
                z3::expr own = e >= s;
                if (auto lo = own_earliest(task))
                    own = own && s >= ctx.int_val(*lo);
                if (task.duration_low != rules::no_expr) {
                    // A workday duration of n needs at least n calendar days: a sound under-approximation
                    // (weekends and holidays only lengthen it, and 调休 can make a weekend day a workday).
                    Situation when{-1, {}, s};
                    Term d = enc.encode(task.duration_low, when);
                    own = own && z3::implies(d.def, e >= s + d.v);
                }
                for (int32_t p : task.after)
                    own = own && s >= end.at(p);
                if (auto due = due_date(rs, task); due && !dropped.count(t))
                    own = own && e <= ctx.int_val(*due);
                facts.push_back(z3::implies(sel.at(t), own));
            }
            return facts;
        };
        const std::string label = task_at(rs, members.front()).id;
        for (int round = 0;; ++round) {
            std::vector<z3::expr> facts = facts_for();
            std::vector<z3::expr> all;
            for (int32_t t : members)
                all.push_back(sel.at(t));
            std::string qname = "deadline-" + label + (round ? "-" + std::to_string(round) : "");
            auto res = c.solve_with_assumptions(facts, all, qname);
            if (res.verdict == Verdict::Unknown) {
                Namer name(rs, members);
                std::vector<std::string> names;
                for (size_t k = 0; k < members.size() && k < 5; ++k)
                    names.push_back(name(members[k]));
                if (members.size() > 5)
                    names.push_back("…");
                c.unknown("deadline-infeasible",
                          "whether " + noun(rs, members) + " " + join(names, ", ") +
                              " can meet their deadlines",
                          res.reason, {}, members);
                break;
            }
            if (res.verdict == Verdict::Sat)
                break;
            // Minimise Z3's core by deletion: drop each task whose constraints are not needed for the clash.
            std::vector<int32_t> core;
            for (const auto& x : res.core)
                core.push_back(by_selector.at(x.decl().name().str()));
            std::sort(core.begin(), core.end());
            // A deletion Z3 cannot decide keeps the task: the core stays unsatisfiable, only larger.
            int tries = 0;
            for (size_t i = 0; i < core.size();) {
                std::vector<z3::expr> fewer;
                for (size_t j = 0; j < core.size(); ++j)
                    if (j != i)
                        fewer.push_back(sel.at(core[j]));
                auto m = c.solve_with_assumptions(facts, fewer, qname + "-min" + std::to_string(tries++));
                if (m.verdict == Verdict::Unsat)
                    core.erase(core.begin() + static_cast<std::ptrdiff_t>(i));
                else
                    ++i;
            }

            // Re-check: the earliest schedule of the core's tasks must miss one of their (undropped)
            // deadlines.
            std::vector<int32_t> order = topo_order(rs, core);
            Earliest early = earliest_schedule(rs, order);
            std::vector<int32_t> late;
            for (int32_t t : order) {
                auto due = due_date(rs, task_at(rs, t));
                if (due && !dropped.count(t) && early.end[t] && *early.end[t] > *due)
                    late.push_back(t);
            }
            Namer name(rs, order);
            std::vector<std::string> names;
            for (int32_t t : order)
                names.push_back(name(t));
            if (late.empty()) {
                c.report().internal_errors.push_back(
                    "the solver found the deadlines of " + noun(rs, order) + " " + join(names, ", ") +
                    " infeasible, but their earliest schedule meets every deadline");
                break;
            }

            Finding f;
            f.kind = "deadline-infeasible";
            f.severity = Severity::Error;
            f.tasks = order;
            for (int32_t t : order)
                if (std::find(f.documents.begin(), f.documents.end(), task_at(rs, t).document) ==
                    f.documents.end())
                    f.documents.push_back(task_at(rs, t).document);
            Witness w;
            std::vector<std::string> misses;
            for (int32_t t : late) {
                const Task& task = task_at(rs, t);
                std::string due = rules::format_date(*due_date(rs, task));
                std::string wording =
                    task.deadline.wording.empty() ? "" : " (“" + task.deadline.wording + "”)";
                std::string earliest = rules::format_date(*early.end[t]);
                misses.push_back(name(t) + " is due by " + due + wording + " but cannot end before " +
                                 earliest);
                w.facts.emplace_back(name(t) + " due", due);
                w.facts.emplace_back(name(t) + " earliest end", earliest);
            }
            std::vector<std::string> why;
            for (int32_t t : order) {
                const Task& task = task_at(rs, t);
                std::string part;
                if (task.start)
                    part = "starts no earlier than " + rules::format_date(*task.start);
                if (task.deadline.kind == DeadlineKind::Window &&
                    (!task.start || *task.start < task.deadline.window_start))
                    part = "starts within its window from " + rules::format_date(task.deadline.window_start);
                if (early.duration[t] > 0)
                    part += (part.empty() ? "takes at least " : " and takes at least ") +
                            duration_text(rs, task, early.duration[t]);
                if (!part.empty())
                    why.push_back(name(t) + " " + part);
            }
            std::string chain = order_text(rs, order, name);
            if (!chain.empty())
                why.insert(why.begin(), "order " + chain);
            f.message =
                noun(rs, order) + " " + join(names, ", ") +
                (order.size() == 1 ? " cannot meet its deadline: " : " cannot all meet their deadlines: ") +
                join(misses, "; ") + " — " + join(why, "; ");
            f.witness = std::move(w);
            c.add(std::move(f));
            // Look for further clashes without the deadlines just reported.
            dropped.insert(late.begin(), late.end());
        }
    }
}

} // namespace lexsim::solver::detail
