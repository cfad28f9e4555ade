// The HTML page: sections for findings, outlays, schedule and provenance; inline CSS (screen and A4 print),
// inline SVG charts, every chart followed by its data table. No script and no external resource, so the file
// opens offline and prints as it shows.
#include "lexsim/report/report.hpp"
#include "svg.hpp"
#include "words.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace lexsim::report {

using detail::escape;
using detail::word;
using nlohmann::json;

namespace {

constexpr const char* style = R"CSS(
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --accent: #b22222; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1200px; padding: 16px 24px; line-height: 1.5; }
h1 { font-size: 1.6em; border-bottom: 3px solid var(--accent); padding-bottom: 6px; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin-top: 1.4em; }
nav ol { columns: 2; }
figure { margin: 1em 0; }
figcaption { color: var(--muted); font-size: 0.9em; }
svg.chart { width: 100%; height: auto; max-width: 100%; display: block; }
svg .label { font-size: 12px; fill: var(--ink); }
svg .small { font-size: 10px; }
svg .grid { stroke: #e5e5e5; stroke-width: 1; }
svg .axis { stroke: #555; stroke-width: 1; }
svg .band { fill: rgba(178,34,34,0.18); stroke: none; }
svg .median { fill: none; stroke: var(--accent); stroke-width: 2.5; }
svg .mean { fill: #1f4e79; }
svg .ceiling { stroke: #1f4e79; stroke-width: 2; stroke-dasharray: 6 4; }
svg .bar-up { fill: #b22222; }
svg .bar-down { fill: #1f4e79; }
svg .whisker { stroke: #333; stroke-width: 1.5; }
svg .bar-p50 { fill: #1f4e79; }
svg .bar-p90 { fill: #9db7d5; }
svg .critical { stroke: var(--accent); stroke-width: 2; }
svg .deadline { stroke: var(--accent); stroke-width: 2.5; }
.table-wrap { width: 100%; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 0.85em; margin: 0.5em 0 1em; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; overflow-wrap: anywhere;
         word-break: break-word; }
th { background: #f6f8fa; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.sev-error td:first-child { color: var(--accent); font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-before: page; }
  figure, tr { break-inside: avoid; }
}
)CSS";

std::string money_cell(const json& v) {
    if (!v.is_number())
        return v.is_null() ? "" : escape(v.dump());
    double wan = v.get<double>() / 10'000.0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", wan);
    // Thousands separators on the integer part.
    std::string s = buf;
    size_t dot = s.find('.');
    size_t start = s[0] == '-' ? 1 : 0;
    for (size_t i = dot; i > start + 3; i -= 3)
        s.insert(i - 3, ",");
    return s;
}

std::string cell(const Column& c, const json& v) {
    switch (c.kind) {
    case ColumnKind::Money:
        return money_cell(v);
    case ColumnKind::Probability: {
        if (!v.is_number())
            return v.is_null() ? "" : escape(v.dump());
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100);
        return buf;
    }
    case ColumnKind::Integer:
    case ColumnKind::Number:
        return v.is_null() ? "" : v.is_string() ? escape(v.get<std::string>()) : v.dump();
    case ColumnKind::Text:
    case ColumnKind::Date: {
        std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
        std::string out = escape(s);
        for (size_t i = 0; (i = out.find('\n', i)) != std::string::npos;)
            out.replace(i, 1, "<br>");
        return out;
    }
    }
    return {};
}

bool numeric(ColumnKind k) {
    return k == ColumnKind::Money || k == ColumnKind::Probability || k == ColumnKind::Integer ||
           k == ColumnKind::Number;
}

//! Column widths in proportion to what the columns hold: long texts get room, numbers stay narrow.
std::string colgroup(const Table& t) {
    auto weight = [](const Column& c) {
        if (c.key == "message" || c.key == "text")
            return 5;
        if (c.kind == ColumnKind::Text)
            return c.key == "severity" ? 1 : 2;
        return c.kind == ColumnKind::Date ? 2 : 1;
    };
    int total = 0;
    for (const Column& c : t.columns)
        total += weight(c);
    std::string out = "<colgroup>";
    for (const Column& c : t.columns)
        out += "<col style=\"width:" + std::to_string(100 * weight(c) / std::max(total, 1)) + "%\">";
    return out + "</colgroup>";
}

std::string render_table(Lang lang, const Table& t) {
    std::string out = "<div class=\"table-wrap\"><table id=\"table-" + t.id + "\" data-table=\"" + t.id +
                      "\"><caption class=\"muted\">" + escape(t.title) + "</caption>" + colgroup(t) +
                      "<thead><tr>";
    for (const Column& c : t.columns) {
        std::string label = c.label;
        if (c.kind == ColumnKind::Money)
            label += lang == Lang::Zh ? "（万元）" : " (10k yuan)";
        out += "<th data-key=\"" + escape(c.key) + "\">" + escape(label) + "</th>";
    }
    out += "</tr></thead><tbody>";
    if (t.rows.empty())
        out += "<tr><td colspan=\"" + std::to_string(std::max<size_t>(t.columns.size(), 1)) + "\">" +
               std::string(word(lang, "none")) + "</td></tr>";
    for (const auto& row : t.rows) {
        std::string cls;
        if (t.id == "findings" && !row.empty() && row[0] == word(lang, "error"))
            cls = " class=\"sev-error\"";
        out += "<tr" + cls + ">";
        for (size_t i = 0; i < t.columns.size() && i < row.size(); ++i) {
            const Column& c = t.columns[i];
            std::string value = row[i].is_null()     ? ""
                                : row[i].is_string() ? row[i].get<std::string>()
                                                     : row[i].dump();
            out += "<td" + std::string(numeric(c.kind) ? " class=\"num\"" : "") + " data-value=\"" +
                   escape(value) + "\">";
            if (t.id == "findings" && c.key == "source")
                out += [&] {
                    std::string links;
                    size_t pos = 0;
                    while (pos <= value.size() && !value.empty()) {
                        size_t nl = value.find('\n', pos);
                        std::string loc =
                            value.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
                        size_t colon = loc.rfind(':');
                        std::string href = colon == std::string::npos
                                               ? loc
                                               : loc.substr(0, colon) + "#L" + loc.substr(colon + 1);
                        links += (links.empty() ? "" : "<br>") + std::string("<a href=\"") + escape(href) +
                                 "\">" + escape(loc) + "</a>";
                        if (nl == std::string::npos)
                            break;
                        pos = nl + 1;
                    }
                    return links;
                }();
            else
                out += cell(c, row[i]);
            out += "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table></div>";
}

const Table* find(const std::vector<Table>& ts, std::string_view id) {
    for (const Table& t : ts)
        if (t.id == id)
            return &t;
    return nullptr;
}

std::string figure(Lang lang, const std::string& svg, const std::string& caption, const Table* data) {
    std::string out = "<figure>" + svg + "<figcaption>" + escape(caption) + "</figcaption></figure>";
    if (data)
        out += "<h4 class=\"muted\">" + std::string(word(lang, "data")) + "</h4>" + render_table(lang, *data);
    return out;
}

std::string section(Lang lang, const char* id, const std::string& body) {
    return "<section id=\"" + std::string(id) + "\"><h2>" + escape(word(lang, id)) + "</h2>" + body +
           "</section>";
}

std::string not_run(Lang lang) {
    return "<p class=\"muted\">" + std::string(word(lang, "not_run")) + "</p>";
}

std::string findings_section(const Inputs& in, const std::vector<Table>& ts) {
    const Table* summary = find(ts, "findings_summary");
    const Table* list = find(ts, "findings");
    if (!summary || !list)
        return section(in.lang, "findings", not_run(in.lang));
    return section(in.lang, "findings",
                   "<h3>" + escape(summary->title) + "</h3>" + render_table(in.lang, *summary) + "<h3>" +
                       escape(list->title) + "</h3>" + render_table(in.lang, *list));
}

std::string outlays_section(const Inputs& in, const std::vector<Table>& ts) {
    if (!in.simulate.is_object())
        return section(in.lang, "outlays", not_run(in.lang));
    const json& s = in.simulate;
    std::string body;
    if (s.contains("scenario"))
        body += "<p>" + escape(word(in.lang, "scenario")) + "：" +
                escape(s["scenario"].is_string() ? s["scenario"].get<std::string>() : s["scenario"].dump()) +
                "</p>";
    body += "<h3>" + escape(word(in.lang, "totals")) + "</h3>";
    body += figure(
        in.lang,
        detail::fan_chart(in.lang, std::string(word(in.lang, "totals")), s.value("totals", json::array())),
        std::string(word(in.lang, "fan_desc")), find(ts, "totals"));
    // One chart per budget: what its paying unit is asked to pay, against the ceiling.
    std::map<std::string, json> budgets;
    std::vector<std::string> order;
    for (const json& b : s.value("budgets", json::array())) {
        std::string label = b.value("label", b.value("unit", ""));
        if (!budgets.count(label))
            order.push_back(label);
        json row = b.value("demand", json::object());
        row["year"] = b.value("year", 0);
        row["ceiling"] = b.value("ceiling", json());
        budgets[label].push_back(std::move(row));
    }
    for (const std::string& label : order)
        body += "<h3>" + escape(label) + "</h3>" +
                figure(in.lang,
                       detail::fan_chart(in.lang, label + std::string(word(in.lang, "demand_vs_ceiling")),
                                         budgets[label]),
                       std::string(word(in.lang, "fan_desc")), nullptr);
    if (const Table* c = find(ts, "ceilings"))
        body += "<h3>" + escape(c->title) + "</h3>" + render_table(in.lang, *c);
    if (s.contains("sensitivity"))
        body += "<h3>" + escape(word(in.lang, "sensitivity")) + "</h3>" +
                figure(in.lang, detail::tornado_chart(in.lang, s["sensitivity"]),
                       std::string(word(in.lang, "tornado_desc")), find(ts, "sensitivity"));
    if (in.compare.is_object())
        body += "<h3>" + escape(word(in.lang, "compare")) + "</h3>" +
                figure(in.lang, detail::difference_chart(in.lang, in.compare.value("totals", json::array())),
                       std::string(word(in.lang, "compare_desc")), find(ts, "compare"));
    for (const char* id : {"by_unit", "by_recipient", "outlays"})
        if (const Table* t = find(ts, id))
            body += "<h3>" + escape(t->title) + "</h3>" + render_table(in.lang, *t);
    return section(in.lang, "outlays", body);
}

std::string schedule_section(const Inputs& in, const std::vector<Table>& ts) {
    if (!in.schedule.is_object())
        return section(in.lang, "schedule", not_run(in.lang));
    const json& s = in.schedule;
    const json tasks = s.value("tasks", json::array());
    const json paths = s.value("critical_path", json::array());
    std::string body;
    // A Gantt chart per procedure (its steps in order of start), then the riskiest rows of the task tables.
    std::set<std::string> procedure_documents;
    for (const json& p : s.value("procedures", json::array())) {
        std::string doc = p.value("document", "");
        if (!procedure_documents.insert(doc).second)
            continue;
        json steps = json::array();
        for (const json& t : tasks)
            if (t.value("document", "") == doc)
                steps.push_back(t);
        std::string title = doc + std::string(word(in.lang, "procedure_gantt"));
        body += "<h3>" + escape(title) + "</h3>" +
                figure(in.lang, detail::gantt_chart(in.lang, title, true, steps, paths, 60),
                       std::string(word(in.lang, "gantt_desc")), nullptr);
    }
    json table_rows = json::array();
    for (const json& t : tasks)
        if (!procedure_documents.count(t.value("document", "")))
            table_rows.push_back(t);
    body +=
        "<h3>" + escape(word(in.lang, "gantt")) + "</h3>" +
        figure(
            in.lang,
            detail::gantt_chart(in.lang, std::string(word(in.lang, "gantt")), false, table_rows, paths, 40),
            std::string(word(in.lang, "gantt_desc")) + std::string(word(in.lang, "more_rows")), nullptr);
    if (const Table* p = find(ts, "procedures"))
        body += "<h3>" + escape(p->title) + "</h3>" + render_table(in.lang, *p);
    if (const Table* c = find(ts, "critical_path"))
        body += "<h3>" + escape(c->title) + "</h3>" + render_table(in.lang, *c);
    if (const Table* t = find(ts, "tasks"))
        body += "<h3>" + escape(t->title) + "</h3>" + render_table(in.lang, *t);
    body += "<h3>" + escape(word(in.lang, "workload")) + "</h3>";
    body += figure(in.lang, detail::heat_map(in.lang, s.value("units", json::array()), 30),
                   std::string(word(in.lang, "heat_desc")), find(ts, "workload"));
    return section(in.lang, "schedule", body);
}

std::string provenance_section(const Inputs& in, const std::vector<Table>& ts) {
    const Provenance& p = in.provenance;
    auto fact = [](std::string_view k, const std::string& v) {
        return "<dt>" + escape(k) + "</dt><dd>" + escape(v) + "</dd>";
    };
    std::string body = "<dl class=\"facts\">";
    body +=
        fact(word(in.lang, "scenario"),
             p.scenario.empty()
                 ? std::string(word(in.lang, "builtin"))
                 : p.scenario + (p.scenario_sha256.empty() ? "" : "（SHA-256 " + p.scenario_sha256 + "）"));
    body += fact(word(in.lang, "seed"), std::to_string(p.seed));
    body += fact(word(in.lang, "trials"), std::to_string(p.trials));
    body += fact(word(in.lang, "version"), p.version);
    body += fact(word(in.lang, "generated"), p.generated);
    body += "</dl>";
    if (const Table* f = find(ts, "provenance_files"))
        body += "<h3>" + escape(f->title) + "</h3>" + render_table(in.lang, *f);
    return section(in.lang, "provenance", body);
}

} // namespace

std::string render_html(const Inputs& in) {
    std::vector<Table> ts = tables(in);
    std::string title = in.title.empty() ? std::string(word(in.lang, "report")) : in.title;
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(in.lang == Lang::Zh ? "zh-CN" : "en") +
                      "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"lexsim " +
                      escape(in.provenance.version) + "\">\n<title>" + escape(title) + "</title>\n<style>" +
                      style + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n";
    out += "<nav><h2>" + std::string(word(in.lang, "contents")) + "</h2><ol>";
    for (const char* id : {"findings", "outlays", "schedule", "provenance"})
        out += "<li><a href=\"#" + std::string(id) + "\">" + escape(word(in.lang, id)) + "</a></li>";
    out += "</ol></nav>\n";
    out += findings_section(in, ts) + "\n";
    out += outlays_section(in, ts) + "\n";
    out += schedule_section(in, ts) + "\n";
    out += provenance_section(in, ts) + "\n";
    out += "</body>\n</html>\n";
    return out;
}

} // namespace lexsim::report
