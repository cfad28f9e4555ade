// lexsim schedule: critical paths and schedule risk of the tasks and procedures, on the official calendar.
#include "commands.hpp"
#include "common.hpp"
#include "embedded_defaults.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/report.hpp"
#include "lexsim/simulation/schedule_scenario.hpp"
#include "lexsim/simulation/threads.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace lexsim::app {

namespace {

using nlohmann::json;
using rules::TaskGraph;

int input_error(const std::string& msg) {
    std::cerr << "lexsim schedule: error: " << msg << '\n';
    return Exit::bad_input;
}

using sim::csv_field;

std::string date_or_empty(std::optional<int32_t> d) {
    return d && *d != INT32_MAX && *d != INT32_MIN ? rules::format_date(*d) : "";
}

std::string percent(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", p * 100.0);
    return buf;
}

std::string unit_name(rules::DurationUnit u) {
    return u == rules::DurationUnit::Workdays ? "workdays" : "days";
}

std::string units_of(const rules::TaskNode& n) {
    std::string out;
    for (const auto& u : n.units)
        out += (out.empty() ? "" : "、") + u;
    return out;
}

//! A node whose text gives no duration and that no default or scenario estimate covers.
bool no_estimate(const rules::TaskNode& n) {
    return !n.text_duration && n.high == 0;
}

json graph_json(const rules::RuleSet& rs, const TaskGraph& g) {
    json nodes = json::array(), edges = json::array();
    for (size_t v = 0; v < g.size(); ++v) {
        const rules::TaskNode& n = g.nodes()[v];
        json j{{"id", n.id},
               {"document", n.document},
               {"article", n.article},
               {"group", n.group},
               {"text", n.text},
               {"units", n.units},
               {"duration_unit", unit_name(n.unit)},
               {"low", n.low},
               {"likely", n.likely},
               {"high", n.high},
               {"estimated", n.estimated},
               {"start", date_or_empty(n.start)},
               {"deadline", date_or_empty(n.due)},
               {"deadline_wording", n.due_wording}};
        if (n.relative_due)
            j["relative_deadline"] = {{"anchor", g.node(n.relative_due->anchor).id},
                                      {"from", n.relative_due->from_end ? "end" : "start"},
                                      {"amount", n.relative_due->amount},
                                      {"unit", unit_name(n.relative_due->unit)}};
        if (n.task >= 0) {
            const rules::Task& t = rs.tasks[static_cast<size_t>(n.task)];
            j["file"] = rs.sources.path(t.span.file);
            j["line"] = rs.sources.line_col(t.span.file, t.span.begin).line;
        }
        nodes.push_back(std::move(j));
        for (int32_t s : g.succs(static_cast<int32_t>(v)))
            edges.push_back({{"from", n.id}, {"to", g.node(s).id}});
    }
    return {{"nodes", nodes}, {"edges", edges}};
}

json result_json(const TaskGraph& g, const sim::ScheduleResult& r, const sim::ScheduleScenario& s) {
    json tasks = json::array(), paths = json::array(), units = json::array(), procs = json::array();
    for (const auto& t : r.tasks) {
        const rules::TaskNode& n = g.node(t.node);
        json j{{"id", n.id},
               {"document", n.document},
               {"article", n.article},
               {"unit", units_of(n)},
               {"deadline", date_or_empty(t.due)},
               {"deadline_wording", n.due_wording},
               {"p_on_time", t.p_on_time ? json(*t.p_on_time) : json(nullptr)},
               {"criticality", t.criticality},
               {"start", date_or_empty(r.cpm.earliest_start[static_cast<size_t>(t.node)])},
               {"p50", date_or_empty(t.p50)},
               {"p80", date_or_empty(t.p80)},
               {"p90", date_or_empty(t.p90)},
               {"slack", r.cpm.slack[static_cast<size_t>(t.node)]},
               {"estimated", n.estimated},
               {"no_estimate", no_estimate(n)}};
        tasks.push_back(std::move(j));
    }
    for (const auto& path : r.cpm.paths) {
        if (path.size() < 2)
            continue;
        json ids = json::array();
        for (int32_t v : path)
            ids.push_back(g.node(v).id);
        paths.push_back(
            {{"document", g.node(path.back()).document},
             {"tasks", ids},
             {"earliest_finish", date_or_empty(r.cpm.earliest_finish[static_cast<size_t>(path.back())])}});
    }
    for (const auto& p : r.procedures) {
        procs.push_back({{"document", g.node(p.nodes.front()).document},
                         {"first", g.node(p.nodes.front()).id},
                         {"tasks", p.nodes.size()},
                         {"limit", date_or_empty(p.limit)},
                         {"p_by_limit", p.p_by_limit ? json(*p.p_by_limit) : json(nullptr)},
                         {"p50", date_or_empty(p.p50)},
                         {"p80", date_or_empty(p.p80)},
                         {"p90", date_or_empty(p.p90)}});
    }
    for (const auto& u : r.units) {
        char month[16];
        std::snprintf(month, sizeof month, "%04d-%02d", u.year, u.month);
        units.push_back({{"unit", u.unit}, {"month", month}, {"active_tasks", u.active_tasks}});
    }
    return {{"scenario", s.header.name}, {"label", s.label}, {"trials", r.trials},
            {"seed", s.header.seed},     {"tasks", tasks},   {"critical_path", paths},
            {"procedures", procs},       {"units", units}};
}

std::string result_csv(const TaskGraph& g, const sim::ScheduleResult& r) {
    std::ostringstream out;
    out << "id,document,article,unit,deadline,p_on_time,criticality,p50,p80,p90\n";
    for (const auto& t : r.tasks) {
        const rules::TaskNode& n = g.node(t.node);
        char p[32] = "", c[32];
        if (t.p_on_time)
            std::snprintf(p, sizeof p, "%.4f", *t.p_on_time);
        std::snprintf(c, sizeof c, "%.4f", t.criticality);
        out << csv_field(n.id) << ',' << csv_field(n.document) << ',' << csv_field(n.article) << ','
            << csv_field(units_of(n)) << ',' << date_or_empty(t.due) << ',' << p << ',' << c << ','
            << date_or_empty(t.p50) << ',' << date_or_empty(t.p80) << ',' << date_or_empty(t.p90) << '\n';
    }
    return out.str();
}

std::string result_text(const TaskGraph& g, const sim::ScheduleResult& r, const sim::ScheduleScenario& s) {
    std::ostringstream out;
    static const char* shapes[] = {"三角分布", "PERT-beta 分布", "均匀分布"};
    out << "日程风险：" << (s.header.name.empty() ? "内置文件全部任务与程序（默认估计）" : s.header.name)
        << "\n";
    out << "模拟 " << r.trials << " 次，种子 " << s.header.seed << "，工期按"
        << shapes[static_cast<int>(s.shape)] << "抽样，按国务院办公厅节假日安排计算工作日\n";
    if (!s.label.empty())
        out << "说明：" << s.label << "\n";
    out << "\n关键路径（最可能工期）：\n";
    for (const auto& path : r.cpm.paths) {
        if (path.size() < 2)
            continue;
        out << "  " << g.node(path.back()).document << "：";
        for (size_t k = 0; k < path.size(); ++k)
            out << (k ? " → " : "") << g.node(path[k]).id.substr(g.node(path[k]).id.find('.') + 1);
        out << "，最早完成 " << date_or_empty(r.cpm.earliest_finish[static_cast<size_t>(path.back())])
            << "\n";
    }
    if (std::none_of(r.cpm.paths.begin(), r.cpm.paths.end(), [](const auto& p) { return p.size() > 1; }))
        out << "  （所选任务之间没有 after 顺序，各自独立）\n";
    out << "\n程序完成日期：\n";
    if (r.procedures.empty())
        out << "  （没有由多个步骤组成的程序）\n";
    for (const auto& p : r.procedures) {
        out << "  " << g.node(p.nodes.front()).document << " " << g.node(p.nodes.front()).id << " 等 "
            << p.nodes.size() << " 项：P50 " << date_or_empty(p.p50) << "，P80 " << date_or_empty(p.p80)
            << "，P90 " << date_or_empty(p.p90);
        if (p.limit)
            out << "；文件有效期至 " << date_or_empty(p.limit) << "，期内完成概率 " << percent(*p.p_by_limit);
        size_t none = 0;
        for (int32_t v : p.nodes)
            none += no_estimate(g.node(v)) ? 1 : 0;
        if (none > 0)
            out << "（其中 " << none << " 项文本未给工期、也无估计，按 0 计；请用情景文件补充估计）";
        out << "\n";
    }
    std::vector<const sim::TaskRisk*> risky;
    for (const auto& t : r.tasks)
        if (t.p_on_time)
            risky.push_back(&t);
    std::stable_sort(risky.begin(), risky.end(),
                     [](const auto* a, const auto* b) { return *a->p_on_time < *b->p_on_time; });
    size_t shown = std::min<size_t>(risky.size(), 15);
    out << "\n按期完成概率最低的 " << shown << " 项（共 " << risky.size()
        << " 项有截止日期；全部见 --format json/csv）：\n";
    for (size_t k = 0; k < shown; ++k) {
        const sim::TaskRisk& t = *risky[k];
        const rules::TaskNode& n = g.node(t.node);
        std::string due = n.relative_due
                              ? "“" + n.due_wording + "”（最可能日程下为 " + date_or_empty(t.due) + "）"
                              : date_or_empty(t.due);
        out << "  " << n.id << "（" << n.document << " " << n.article << "，" << units_of(n) << "）截止 "
            << due << "：按期 " << percent(*t.p_on_time) << "，关键度 " << percent(t.criticality) << "，P50 "
            << date_or_empty(t.p50) << "，P90 " << date_or_empty(t.p90)
            << (no_estimate(n) ? "（无工期估计）"
                : n.estimated  ? "（估计工期）"
                               : "")
            << "\n";
    }
    std::vector<const sim::UnitMonth*> busy;
    for (const auto& u : r.units)
        busy.push_back(&u);
    std::stable_sort(busy.begin(), busy.end(),
                     [](const auto* a, const auto* b) { return a->active_tasks > b->active_tasks; });
    shown = std::min<size_t>(busy.size(), 10);
    out << "\n任务最多的单位和月份（最可能日程；全部见 --format json）：\n";
    for (size_t k = 0; k < shown; ++k)
        out << "  " << busy[k]->unit << " " << busy[k]->year << " 年 " << busy[k]->month << " 月："
            << busy[k]->active_tasks << " 项\n";
    return out.str();
}

void progress_bar(uint64_t done, uint64_t total) {
    int width = 30, filled = static_cast<int>(width * done / std::max<uint64_t>(total, 1));
    std::cerr << "\r模拟 [" << std::string(static_cast<size_t>(filled), '#')
              << std::string(static_cast<size_t>(width - filled), ' ') << "] " << done << "/" << total
              << (done == total ? "\n" : "") << std::flush;
}

} // namespace

std::optional<std::string> schedule_output(const ScheduleOptions& o) {
    sim::start_threads(o.threads); // the workers start while the graph and estimates load
    // Without a scenario file, the shipped default estimates (scenarios/schedule-defaults.toml, embedded).
    auto defaults = embedded_schedule_defaults().front();
    sim::ScenarioFile file = o.scenario.empty() ? sim::ScenarioFile::parse(defaults.first, defaults.second)
                                                : sim::ScenarioFile::load(o.scenario);
    sim::ScheduleScenario scenario = sim::read_schedule_scenario(file);
    if (!file.ok()) {
        file.diagnostics().render(file.sources(), std::cerr);
        return std::nullopt;
    }
    rules::LoadResult loaded = load_or_report(scenario.header.rules);
    if (!loaded.ok())
        return std::nullopt;
    const rules::RuleSet& rs = *loaded.rules;
    TaskGraph g = rules::task_graph_of(rs, true);
    g = sim::apply_schedule_scenario(file, scenario, g);
    if (!file.ok()) {
        file.diagnostics().render(file.sources(), std::cerr);
        return std::nullopt;
    }
    rules::Diagnostics diags;
    if (!g.validate(diags) || !g.sort(diags)) {
        diags.render(rs.sources, std::cerr);
        return std::nullopt;
    }
    std::string error;
    if (!o.export_graph.empty()) {
        if (!write_file_atomically(o.export_graph, graph_json(rs, g).dump(2) + "\n", error)) {
            input_error(error);
            return std::nullopt;
        }
        return std::string();
    }
    sim::ScheduleOptions so;
    so.trials = o.trials ? o.trials : static_cast<uint64_t>(scenario.header.trials);
    so.seed = o.seed ? *o.seed : scenario.header.seed;
    scenario.header.seed = so.seed;
    so.threads = o.threads;
    so.shape = scenario.shape;
    if (!o.quiet && isatty(STDERR_FILENO))
        so.progress = progress_bar;
    sim::ScheduleResult r = sim::run_schedule(g, rules::WorkCalendar::official(), so);
    if (!r.missing_years.empty())
        std::cerr << "lexsim schedule: warning: " << rules::years_text(r.missing_years)
                  << " 年没有官方节假日安排数据，这些年份的工作日只按周末计算（请补充该年的日历文件）\n";
    std::string text = o.format == "json"  ? result_json(g, r, scenario).dump(2) + "\n"
                       : o.format == "csv" ? result_csv(g, r)
                                           : result_text(g, r, scenario);
    return text;
}

int run_schedule(const ScheduleOptions& o) {
    std::optional<std::string> result = schedule_output(o);
    if (!result)
        return Exit::bad_input;
    if (!o.export_graph.empty())
        return Exit::ok;
    const std::string& text = *result;
    std::string error;
    if (o.output.empty()) {
        std::cout << text;
        return Exit::ok;
    }
    if (!write_file_atomically(o.output, text, error))
        return input_error(error);
    return Exit::ok;
}

} // namespace lexsim::app
