// Schedule scenarios: reading the `[schedule]` table and applying it to a task graph.
#include "lexsim/simulation/schedule_scenario.hpp"

#include "lexsim/rules/calendar.hpp"

namespace lexsim::sim {

namespace {

using Type = ScenarioValue::Type;

std::optional<int32_t> date_key(ScenarioFile& f, ScenarioValue table, std::string_view key) {
    auto text = f.string(table, key, true);
    if (!text)
        return std::nullopt;
    auto d = rules::parse_date(*text);
    if (!d)
        f.error(table.get(key).span(), "'" + std::string(key) + "' must be a date \"YYYY-MM-DD\"");
    return d;
}

void read_estimate(ScenarioFile& f, ScenarioValue e, ScheduleScenario& s) {
    f.reject_unknown_keys(e, {"task", "group", "low", "likely", "high", "unit", "only_missing"});
    ScheduleScenario::Estimate est;
    est.span = e.span();
    est.task = f.string(e, "task").value_or("");
    est.group = f.string(e, "group").value_or("");
    if (est.task.empty() == est.group.empty())
        f.error(e.span(), "an estimate names either a 'task' (an id or id prefix) or a 'group'");
    auto low = f.integer(e, "low", true), likely = f.integer(e, "likely", true),
         high = f.integer(e, "high", true);
    if (low && likely && high) {
        est.low = *low;
        est.likely = *likely;
        est.high = *high;
        if (!(0 <= *low && *low <= *likely && *likely <= *high))
            f.error(e.span(), "an estimate needs 0 <= low <= likely <= high, found " + std::to_string(*low) +
                                  ", " + std::to_string(*likely) + ", " + std::to_string(*high));
    }
    if (auto unit = f.string(e, "unit")) {
        if (*unit == "days")
            est.unit = rules::DurationUnit::Days;
        else if (*unit != "workdays")
            f.error(e.get("unit").span(), "'unit' must be \"workdays\" or \"days\"");
    }
    est.keep_text = f.boolean(e, "only_missing").value_or(false);
    s.estimates.push_back(std::move(est));
}

void read_lists(ScenarioFile& f, ScenarioValue sched, ScheduleScenario& s) {
    ScenarioValue starts = f.array(sched, "start");
    for (size_t i = 0; i < starts.size(); ++i) {
        ScenarioValue e = starts.at(i);
        if (!f.expect(e, Type::table, "each entry of 'start'"))
            continue;
        f.reject_unknown_keys(e, {"task", "date"});
        auto task = f.string(e, "task", true);
        auto date = date_key(f, e, "date");
        if (task && date)
            s.starts.push_back({*task, *date, e.get("task").span()});
    }
    ScenarioValue estimates = f.array(sched, "estimate");
    for (size_t i = 0; i < estimates.size(); ++i)
        if (f.expect(estimates.at(i), Type::table, "each entry of 'estimate'"))
            read_estimate(f, estimates.at(i), s);
    ScenarioValue afters = f.array(sched, "after");
    for (size_t i = 0; i < afters.size(); ++i) {
        ScenarioValue e = afters.at(i);
        if (!f.expect(e, Type::table, "each entry of 'after'"))
            continue;
        f.reject_unknown_keys(e, {"task", "after"});
        ScheduleScenario::After a;
        a.task = f.string(e, "task", true).value_or("");
        a.span = e.get("task").span();
        ScenarioValue list = f.array(e, "after", true);
        for (size_t k = 0; k < list.size(); ++k) {
            if (!f.expect(list.at(k), Type::string, "each entry of 'after'"))
                continue;
            a.after.push_back(list.at(k).as_string());
            a.spans.push_back(list.at(k).span());
        }
        s.afters.push_back(std::move(a));
    }
    ScenarioValue deadlines = f.array(sched, "deadline");
    for (size_t i = 0; i < deadlines.size(); ++i) {
        ScenarioValue e = deadlines.at(i);
        if (!f.expect(e, Type::table, "each entry of 'deadline'"))
            continue;
        f.reject_unknown_keys(e, {"task", "date", "wording"});
        auto task = f.string(e, "task", true);
        auto date = date_key(f, e, "date");
        if (task && date)
            s.deadlines.push_back({*task, *date, f.string(e, "wording").value_or(""), e.get("task").span()});
    }
}

bool matches(const std::string& id, const std::string& pattern) {
    if (pattern.empty())
        return false;
    if (pattern.back() == '*')
        return id.rfind(std::string_view(pattern).substr(0, pattern.size() - 1), 0) == 0;
    return id == pattern;
}

//! The node a scenario names, or an error at `span`.
std::optional<int32_t> node_named(ScenarioFile& f, const rules::TaskGraph& g, const std::string& id,
                                  rules::Span span) {
    if (auto v = g.find(id))
        return v;
    f.error(span, "no task or step '" + id + "' in the rules (ids are dotted: document.task)");
    return std::nullopt;
}

} // namespace

ScheduleScenario read_schedule_scenario(ScenarioFile& f) {
    ScheduleScenario s;
    ScenarioHeader defaults;
    defaults.trials = 10'000;
    s.header = read_header(f, defaults);
    ScenarioValue root = f.root();
    if (!root.present())
        return s;
    std::vector<std::string_view> known(header_keys.begin(), header_keys.end());
    known.push_back("schedule");
    f.reject_unknown_keys(root, known);
    ScenarioValue sched = f.table(root, "schedule");
    if (!sched.present())
        return s;
    f.reject_unknown_keys(sched, {"shape", "tasks", "label", "start", "estimate", "after", "deadline"});
    if (auto shape = f.string(sched, "shape")) {
        if (*shape == "pert")
            s.shape = DurationShape::Pert;
        else if (*shape == "uniform")
            s.shape = DurationShape::Uniform;
        else if (*shape != "triangular")
            f.error(sched.get("shape").span(), "'shape' must be \"triangular\", \"pert\" or \"uniform\"");
    }
    ScenarioValue tasks = f.array(sched, "tasks");
    for (size_t i = 0; i < tasks.size(); ++i)
        if (f.expect(tasks.at(i), Type::string, "each entry of 'tasks'"))
            s.tasks.push_back(tasks.at(i).as_string());
    s.label = f.string(sched, "label").value_or("");
    read_lists(f, sched, s);
    return s;
}

rules::TaskGraph apply_schedule_scenario(ScenarioFile& f, const ScheduleScenario& s,
                                         const rules::TaskGraph& g) {
    rules::TaskGraph out = g;
    for (const auto& st : s.starts)
        if (auto v = node_named(f, out, st.task, st.span))
            out.nodes()[static_cast<size_t>(*v)].start = st.date;
    for (const auto& e : s.estimates) {
        bool any = false;
        for (auto& n : out.nodes()) {
            if (!(e.group.empty() ? matches(n.id, e.task) : n.group == e.group))
                continue;
            any = true;
            if (e.keep_text && n.text_duration)
                continue;
            n.low = e.low;
            n.likely = e.likely;
            n.high = e.high;
            n.unit = e.unit;
            n.estimated = true;
        }
        if (!any)
            f.error(e.span, "this estimate matches no task or step");
    }
    for (const auto& a : s.afters) {
        auto v = node_named(f, out, a.task, a.span);
        for (size_t k = 0; k < a.after.size(); ++k)
            if (auto p = node_named(f, out, a.after[k], a.spans[k]); p && v)
                out.add_edge(*p, *v);
    }
    for (const auto& d : s.deadlines) {
        if (auto v = node_named(f, out, d.task, d.span)) {
            out.nodes()[static_cast<size_t>(*v)].due = d.date;
            out.nodes()[static_cast<size_t>(*v)].due_wording = d.wording;
        }
    }
    if (s.tasks.empty())
        return out;
    std::vector<bool> keep(out.size(), false);
    for (size_t v = 0; v < out.size(); ++v)
        for (const auto& p : s.tasks)
            keep[v] = keep[v] || matches(out.nodes()[v].id, p);
    return out.subgraph(keep);
}

} // namespace lexsim::sim
