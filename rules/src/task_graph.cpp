// Task graphs and the critical path method (Boost.Graph for the order, cycles and components).
#include "lexsim/rules/task_graph.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/workdays.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <climits>
#include <map>

namespace lexsim::rules {

namespace {

using Directed = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

constexpr int32_t unscheduled = INT32_MIN;

Directed directed(const TaskGraph& g) {
    Directed d(g.size());
    for (size_t v = 0; v < g.size(); ++v)
        for (int32_t s : g.succs(static_cast<int32_t>(v)))
            boost::add_edge(v, static_cast<size_t>(s), d);
    return d;
}

std::string cite(const TaskNode& n) {
    std::string out = n.id;
    if (!n.document.empty() || !n.article.empty())
        out += "（" + n.document + (n.article.empty() ? "" : " " + n.article) + "）";
    return out;
}

} // namespace

int32_t TaskGraph::add_node(TaskNode node) {
    m_nodes.push_back(std::move(node));
    m_preds.emplace_back();
    m_succs.emplace_back();
    m_order.clear();
    return static_cast<int32_t>(m_nodes.size() - 1);
}

void TaskGraph::add_edge(int32_t before, int32_t after) {
    auto& p = m_preds[static_cast<size_t>(after)];
    if (std::find(p.begin(), p.end(), before) != p.end())
        return;
    p.push_back(before);
    m_succs[static_cast<size_t>(before)].push_back(after);
    m_order.clear();
}

std::optional<int32_t> TaskGraph::find(std::string_view id) const {
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].id == id)
            return static_cast<int32_t>(i);
    return std::nullopt;
}

std::vector<std::vector<int32_t>> TaskGraph::cycles() const {
    Directed d = directed(*this);
    std::vector<int> comp(size());
    int count = boost::strong_components(
        d, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, d)));
    std::vector<std::vector<int32_t>> groups(static_cast<size_t>(count));
    for (size_t v = 0; v < comp.size(); ++v)
        groups[static_cast<size_t>(comp[v])].push_back(static_cast<int32_t>(v));
    std::vector<std::vector<int32_t>> out;
    for (auto& scc : groups) {
        int32_t s = scc.front();
        const auto& self = m_succs[static_cast<size_t>(s)];
        if (scc.size() == 1 && std::find(self.begin(), self.end(), s) == self.end())
            continue;
        // Breadth-first along successors inside the component, from s back to s.
        std::map<int32_t, int32_t> parent{{s, -1}};
        std::vector<int32_t> frontier{s}, cycle;
        while (cycle.empty() && !frontier.empty()) {
            std::vector<int32_t> next;
            for (int32_t u : frontier) {
                for (int32_t v : m_succs[static_cast<size_t>(u)]) {
                    if (comp[static_cast<size_t>(v)] != comp[static_cast<size_t>(s)])
                        continue;
                    if (v == s && cycle.empty()) {
                        for (int32_t x = u; x != -1; x = parent[x])
                            cycle.push_back(x);
                        std::reverse(cycle.begin(), cycle.end());
                    }
                    if (parent.emplace(v, u).second)
                        next.push_back(v);
                }
            }
            frontier = std::move(next);
        }
        out.push_back(cycle.empty() ? scc : cycle);
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return *std::min_element(a.begin(), a.end()) < *std::min_element(b.begin(), b.end());
    });
    return out;
}

std::vector<int32_t> TaskGraph::components(int32_t& count) const {
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> u(size());
    for (size_t v = 0; v < size(); ++v)
        for (int32_t s : m_succs[v])
            boost::add_edge(v, static_cast<size_t>(s), u);
    std::vector<int32_t> comp(size());
    count = static_cast<int32_t>(boost::connected_components(u, comp.data()));
    return comp;
}

bool TaskGraph::validate(Diagnostics& diags) const {
    size_t before = diags.error_count();
    for (const TaskNode& n : m_nodes) {
        if (n.low > n.high)
            diags.error(n.span, "the duration of " + cite(n) + " runs from " + std::to_string(n.low) +
                                    " to " + std::to_string(n.high) + ": its low end exceeds its high end");
        if (n.start && n.due && *n.due < *n.start)
            diags.error(n.span, "the deadline of " + cite(n) + " (" + format_date(*n.due) +
                                    ") is before its start (" + format_date(*n.start) + ")");
    }
    return diags.error_count() == before;
}

bool TaskGraph::sort(Diagnostics& diags) {
    Directed d = directed(*this);
    std::vector<size_t> reversed;
    try {
        boost::topological_sort(d, std::back_inserter(reversed));
    } catch (const boost::not_a_dag&) {
        for (const auto& cycle : cycles()) {
            std::string names;
            for (int32_t v : cycle)
                names += cite(node(v)) + " → ";
            names += node(cycle.front()).id;
            Diagnostic& diag =
                diags.error(node(cycle.front()).span,
                            "the `after` order is a cycle: " + names +
                                "; each must wait for the one before, so none of them can start");
            for (size_t k = 1; k < cycle.size(); ++k)
                diag.note(node(cycle[k]).span, node(cycle[k]).id + " is on the cycle");
        }
        return false;
    }
    m_order.assign(reversed.rbegin(), reversed.rend());
    return true;
}

TaskGraph TaskGraph::subgraph(const std::vector<bool>& keep) const {
    TaskGraph out;
    std::vector<int32_t> map(size(), -1);
    for (size_t v = 0; v < size(); ++v)
        if (keep[v])
            map[v] = out.add_node(m_nodes[v]);
    for (size_t v = 0; v < size(); ++v)
        for (int32_t s : m_succs[v])
            if (map[v] >= 0 && map[static_cast<size_t>(s)] >= 0)
                out.add_edge(map[v], map[static_cast<size_t>(s)]);
    for (auto& n : out.m_nodes) {
        if (!n.relative_due)
            continue;
        n.relative_due->anchor = map[static_cast<size_t>(n.relative_due->anchor)];
        if (n.relative_due->anchor < 0)
            n.relative_due.reset();
    }
    return out;
}

std::vector<int64_t> TaskGraph::likely_durations() const {
    std::vector<int64_t> out;
    for (const auto& n : m_nodes)
        out.push_back(n.likely);
    return out;
}

std::vector<int64_t> TaskGraph::low_durations() const {
    std::vector<int64_t> out;
    for (const auto& n : m_nodes)
        out.push_back(n.low);
    return out;
}

int32_t period_end(const WorkCalendar& cal, DurationUnit unit, int32_t start, int64_t n,
                   std::set<int32_t>* missing) {
    if (unit == DurationUnit::Days)
        return static_cast<int32_t>(start + std::max<int64_t>(n, 0));
    return cal.add(start, n, missing);
}

void forward_pass(const TaskGraph& g, const WorkCalendar& cal, const std::vector<int64_t>& durations,
                  int32_t default_start, std::vector<int32_t>& start, std::vector<int32_t>& finish,
                  std::vector<int32_t>& driver, std::set<int32_t>* missing) {
    start.assign(g.size(), unscheduled);
    finish.assign(g.size(), unscheduled);
    driver.assign(g.size(), -1);
    for (int32_t v : g.order()) {
        const TaskNode& n = g.node(v);
        int32_t s = n.start.value_or(unscheduled);
        for (int32_t p : g.preds(v)) {
            if (finish[static_cast<size_t>(p)] > s) {
                s = finish[static_cast<size_t>(p)];
                driver[static_cast<size_t>(v)] = p;
            }
        }
        if (s == unscheduled && g.preds(v).empty())
            s = default_start;
        if (s == unscheduled)
            continue;
        start[static_cast<size_t>(v)] = s;
        finish[static_cast<size_t>(v)] =
            period_end(cal, n.unit, s, durations[static_cast<size_t>(v)], missing);
    }
}

std::optional<int32_t> resolved_due(const TaskGraph& g, const WorkCalendar& cal, int32_t node,
                                    const std::vector<int32_t>& start, const std::vector<int32_t>& finish) {
    const TaskNode& n = g.node(node);
    std::optional<int32_t> due = n.due;
    if (n.relative_due) {
        const RelativeDue& r = *n.relative_due;
        int32_t from = (r.from_end ? finish : start)[static_cast<size_t>(r.anchor)];
        if (from != unscheduled) {
            int32_t d = period_end(cal, r.unit, from, r.amount);
            due = due ? std::min(*due, d) : d;
        }
    }
    return due;
}

CriticalPath critical_path(const TaskGraph& g, const WorkCalendar& cal, const std::vector<int64_t>& durations,
                           int32_t default_start) {
    CriticalPath cp;
    forward_pass(g, cal, durations, default_start, cp.earliest_start, cp.earliest_finish, cp.driver,
                 &cp.missing_years);
    int32_t count = 0;
    std::vector<int32_t> comp = g.components(count);
    std::vector<int32_t> end(static_cast<size_t>(count), unscheduled), last(static_cast<size_t>(count), -1);
    for (int32_t v : g.order()) {
        auto c = static_cast<size_t>(comp[static_cast<size_t>(v)]);
        if (cp.earliest_finish[static_cast<size_t>(v)] != unscheduled &&
            cp.earliest_finish[static_cast<size_t>(v)] >= end[c]) {
            end[c] = cp.earliest_finish[static_cast<size_t>(v)];
            last[c] = v;
        }
    }
    size_t n = g.size();
    cp.latest_finish.assign(n, unscheduled);
    cp.latest_start.assign(n, unscheduled);
    cp.slack.assign(n, 0);
    cp.due.assign(n, INT32_MAX);
    for (auto it = g.order().rbegin(); it != g.order().rend(); ++it) {
        auto v = static_cast<size_t>(*it);
        if (cp.earliest_start[v] == unscheduled)
            continue;
        int32_t lf = end[static_cast<size_t>(comp[v])];
        for (int32_t s : g.succs(*it))
            if (cp.latest_start[static_cast<size_t>(s)] != unscheduled)
                lf = std::min(lf, cp.latest_start[static_cast<size_t>(s)]);
        const TaskNode& node = g.node(*it);
        cp.latest_finish[v] = lf;
        cp.latest_start[v] = node.unit == DurationUnit::Days
                                 ? static_cast<int32_t>(lf - durations[v])
                                 : cal.latest_start(lf, durations[v], &cp.missing_years);
        cp.slack[v] = node.unit == DurationUnit::Days
                          ? cp.latest_start[v] - cp.earliest_start[v]
                          : cal.between(cp.earliest_start[v], cp.latest_start[v], &cp.missing_years);
    }
    for (size_t v = 0; v < n; ++v)
        if (auto due = resolved_due(g, cal, static_cast<int32_t>(v), cp.earliest_start, cp.earliest_finish))
            cp.due[v] = *due;
    for (int32_t c = 0; c < count; ++c) {
        if (last[static_cast<size_t>(c)] < 0)
            continue;
        std::vector<int32_t> path;
        for (int32_t v = last[static_cast<size_t>(c)]; v != -1; v = cp.driver[static_cast<size_t>(v)])
            path.push_back(v);
        std::reverse(path.begin(), path.end());
        cp.paths.push_back(std::move(path));
    }
    return cp;
}

} // namespace lexsim::rules
