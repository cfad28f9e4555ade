// The report's tables, built from the commands' JSON results. Columns are kept only when some row has a
// value, so a result without, say, budget ceilings gives a table without that column rather than an empty
// one.
#include "lexsim/report/report.hpp"
#include "words.hpp"

#include <map>

namespace lexsim::report {

using detail::word;
using nlohmann::json;

namespace {

struct Spec {
    const char* key;
    const char* label; //!< a word key
    ColumnKind kind;
};

Table from_array(Lang lang, const json& array, std::string id, std::string title,
                 const std::vector<Spec>& specs) {
    Table t{std::move(id), std::move(title), {}, {}};
    if (!array.is_array())
        return t;
    std::vector<const Spec*> kept;
    for (const Spec& s : specs) {
        bool any = false;
        for (const json& row : array)
            any = any || (row.is_object() && row.contains(s.key) && !row[s.key].is_null());
        if (any) {
            kept.push_back(&s);
            t.columns.push_back({s.key, std::string(word(lang, s.label)), s.kind});
        }
    }
    for (const json& row : array) {
        std::vector<json> cells;
        for (const Spec* s : kept)
            cells.push_back(row.is_object() && row.contains(s->key) ? row[s->key] : json());
        t.rows.push_back(std::move(cells));
    }
    return t;
}

std::string cite_list(const json& clauses) {
    std::string out;
    if (!clauses.is_array())
        return out;
    for (const json& c : clauses) {
        if (!out.empty())
            out += "；";
        out += c.value("document", "") + " " + c.value("article", "");
    }
    return out;
}

std::string text_list(const json& clauses) {
    std::string out;
    if (!clauses.is_array())
        return out;
    for (const json& c : clauses) {
        std::string text = c.value("text", "");
        if (text.empty())
            continue;
        if (!out.empty())
            out += "\n";
        out += "“" + text + "”";
    }
    return out;
}

std::string source_list(const json& clauses) {
    std::string out;
    if (!clauses.is_array())
        return out;
    for (const json& c : clauses) {
        if (!out.empty())
            out += "\n";
        out += c.value("file", "") + ":" + std::to_string(c.value("line", 0));
    }
    return out;
}

std::string scalar_text(const json& v) {
    if (v.is_string())
        return v.get<std::string>();
    return v.dump();
}

std::string witness_text(const json& w) {
    if (!w.is_object())
        return {};
    std::string out;
    auto add = [&](const std::string& k, const json& v) {
        if (!out.empty())
            out += "；";
        out += k + " = " + scalar_text(v);
    };
    if (w.contains("date"))
        add("date", w["date"]);
    for (const char* group : {"attributes", "parameters", "facts"})
        if (w.contains(group) && w[group].is_object())
            for (const auto& [k, v] : w[group].items())
                add(k, v);
    return out;
}

void findings_tables(const Inputs& in, std::vector<Table>& out) {
    const json& findings = in.check.is_object() ? in.check.value("findings", json::array()) : json::array();
    Table summary{"findings_summary",
                  std::string(word(in.lang, "summary")),
                  {{"severity", std::string(word(in.lang, "severity")), ColumnKind::Text},
                   {"kind", std::string(word(in.lang, "kind")), ColumnKind::Text},
                   {"count", std::string(word(in.lang, "count")), ColumnKind::Integer}},
                  {}};
    std::map<std::pair<int, std::string>, int64_t> counts;
    auto rank = [](const std::string& s) { return s == "error" ? 0 : s == "warning" ? 1 : 2; };
    Table list{"findings",
               std::string(word(in.lang, "findings")),
               {{"severity", std::string(word(in.lang, "severity")), ColumnKind::Text},
                {"kind", std::string(word(in.lang, "kind")), ColumnKind::Text},
                {"message", std::string(word(in.lang, "message")), ColumnKind::Text},
                {"citations", std::string(word(in.lang, "citations")), ColumnKind::Text},
                {"text", std::string(word(in.lang, "text")), ColumnKind::Text},
                {"witness", std::string(word(in.lang, "witness")), ColumnKind::Text},
                {"source", std::string(word(in.lang, "source")), ColumnKind::Text}},
               {}};
    // Grouped by severity, then kind, keeping the checker's order within a group.
    std::vector<const json*> sorted;
    for (const json& f : findings)
        sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(), [&](const json* a, const json* b) {
        auto ka = std::make_pair(rank(a->value("severity", "")), a->value("kind", ""));
        auto kb = std::make_pair(rank(b->value("severity", "")), b->value("kind", ""));
        return ka < kb;
    });
    for (const json* f : sorted) {
        std::string sev = f->value("severity", "");
        std::string kind = f->value("kind", "");
        ++counts[{rank(sev), kind}];
        const json& clauses = f->contains("clauses") ? (*f)["clauses"] : json::array();
        list.rows.push_back({std::string(word(in.lang, sev)), kind, f->value("message", ""),
                             cite_list(clauses), text_list(clauses),
                             witness_text(f->value("witness", json())), source_list(clauses)});
    }
    for (const auto& [key, n] : counts) {
        const char* sev = key.first == 0 ? "error" : key.first == 1 ? "warning" : "note";
        summary.rows.push_back({std::string(word(in.lang, sev)), key.second, n});
    }
    out.push_back(std::move(summary));
    out.push_back(std::move(list));
}

const std::vector<Spec> stat_specs = {
    {"mean", "mean", ColumnKind::Money}, {"se", "se", ColumnKind::Money},   {"p5", "p5", ColumnKind::Money},
    {"p50", "p50", ColumnKind::Money},   {"p95", "p95", ColumnKind::Money},
};

std::vector<Spec> with_stats(std::vector<Spec> head, std::vector<Spec> tail = {}) {
    head.insert(head.end(), stat_specs.begin(), stat_specs.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

void outlay_tables(const Inputs& in, std::vector<Table>& out) {
    if (!in.simulate.is_object())
        return;
    const json& s = in.simulate;
    out.push_back(from_array(in.lang, s.value("totals", json::array()), "totals",
                             std::string(word(in.lang, "totals")),
                             with_stats({{"year", "year", ColumnKind::Integer}},
                                        {{"ceiling", "ceiling", ColumnKind::Money},
                                         {"p_exceed", "p_exceed", ColumnKind::Probability},
                                         {"expected_shortfall", "shortfall", ColumnKind::Money}})));
    out.push_back(from_array(in.lang, s.value("outlays", json::array()), "outlays",
                             std::string(word(in.lang, "by_clause")),
                             with_stats({{"year", "year", ColumnKind::Integer},
                                         {"document", "document", ColumnKind::Text},
                                         {"article", "article", ColumnKind::Text},
                                         {"clause", "clause", ColumnKind::Text},
                                         {"benefit", "benefit", ColumnKind::Text},
                                         {"unit", "unit", ColumnKind::Text},
                                         {"recipient", "recipient", ColumnKind::Text}})));
    out.push_back(from_array(
        in.lang, s.value("by_unit", json::array()), "by_unit", std::string(word(in.lang, "by_unit")),
        with_stats({{"unit", "unit", ColumnKind::Text}, {"year", "year", ColumnKind::Integer}})));
    out.push_back(from_array(
        in.lang, s.value("by_recipient", json::array()), "by_recipient",
        std::string(word(in.lang, "by_recipient")),
        with_stats({{"recipient", "recipient", ColumnKind::Text}, {"year", "year", ColumnKind::Integer}})));
    if (s.contains("budgets") && !s["budgets"].empty())
        out.push_back(from_array(in.lang, s["budgets"], "ceilings", std::string(word(in.lang, "ceilings")),
                                 {{"label", "budget", ColumnKind::Text},
                                  {"unit", "unit", ColumnKind::Text},
                                  {"year", "year", ColumnKind::Integer},
                                  {"ceiling", "ceiling", ColumnKind::Money},
                                  {"p_exceed", "p_exceed", ColumnKind::Probability},
                                  {"expected_shortfall", "shortfall", ColumnKind::Money}}));
    if (s.contains("sensitivity"))
        out.push_back(from_array(in.lang, s["sensitivity"], "sensitivity",
                                 std::string(word(in.lang, "sensitivity")),
                                 {{"input", "input", ColumnKind::Text},
                                  {"low", "low", ColumnKind::Number},
                                  {"high", "high", ColumnKind::Number},
                                  {"total_low", "total_low", ColumnKind::Money},
                                  {"total_high", "total_high", ColumnKind::Money},
                                  {"swing", "swing", ColumnKind::Money}}));
    if (in.compare.is_object() && in.compare.contains("totals"))
        out.push_back(from_array(in.lang, in.compare["totals"], "compare",
                                 std::string(word(in.lang, "compare")),
                                 with_stats({{"year", "year", ColumnKind::Integer}})));
}

void schedule_tables(const Inputs& in, std::vector<Table>& out) {
    if (!in.schedule.is_object())
        return;
    const json& s = in.schedule;
    out.push_back(from_array(in.lang, s.value("tasks", json::array()), "tasks",
                             std::string(word(in.lang, "tasks")),
                             {{"id", "task", ColumnKind::Text},
                              {"document", "document", ColumnKind::Text},
                              {"article", "article", ColumnKind::Text},
                              {"unit", "unit", ColumnKind::Text},
                              {"start", "start", ColumnKind::Date},
                              {"deadline", "deadline", ColumnKind::Date},
                              {"p_on_time", "p_on_time", ColumnKind::Probability},
                              {"criticality", "criticality", ColumnKind::Probability},
                              {"p50", "p50", ColumnKind::Date},
                              {"p80", "p80", ColumnKind::Date},
                              {"p90", "p90", ColumnKind::Date}}));
    // One critical path per procedure: {document, tasks: [ids], earliest_finish}, flattened to one row a
    // task.
    json path = json::array();
    for (const json& p : s.value("critical_path", json::array())) {
        int64_t order = 1;
        for (const json& id : p.is_object() ? p.value("tasks", json::array()) : json::array({p}))
            path.push_back(
                {{"document", p.is_object() ? p.value("document", "") : ""},
                 {"order", order++},
                 {"id", scalar_text(id)},
                 {"earliest_finish", p.is_object() ? p.value("earliest_finish", json()) : json()}});
    }
    out.push_back(from_array(in.lang, path, "critical_path", std::string(word(in.lang, "critical_path")),
                             {{"document", "document", ColumnKind::Text},
                              {"order", "order", ColumnKind::Integer},
                              {"id", "task", ColumnKind::Text},
                              {"earliest_finish", "earliest_finish", ColumnKind::Date}}));
    if (s.contains("procedures"))
        out.push_back(from_array(in.lang, s["procedures"], "procedures",
                                 std::string(word(in.lang, "procedures")),
                                 {{"document", "document", ColumnKind::Text},
                                  {"first", "procedure", ColumnKind::Text},
                                  {"tasks", "steps", ColumnKind::Integer},
                                  {"limit", "target", ColumnKind::Date},
                                  {"p_by_limit", "p_on_time", ColumnKind::Probability},
                                  {"p50", "p50", ColumnKind::Date},
                                  {"p80", "p80", ColumnKind::Date},
                                  {"p90", "p90", ColumnKind::Date}}));
    out.push_back(from_array(in.lang, s.value("units", json::array()), "workload",
                             std::string(word(in.lang, "workload")),
                             {{"unit", "unit", ColumnKind::Text},
                              {"month", "month", ColumnKind::Text},
                              {"active_tasks", "active_tasks", ColumnKind::Integer}}));
}

void provenance_tables(const Inputs& in, std::vector<Table>& out) {
    Table files{"provenance_files",
                std::string(word(in.lang, "files")),
                {{"path", std::string(word(in.lang, "path")), ColumnKind::Text},
                 {"sha256", std::string(word(in.lang, "sha256")), ColumnKind::Text}},
                {}};
    for (const SourceFile& f : in.provenance.rules)
        files.rows.push_back({f.path, f.sha256});
    out.push_back(std::move(files));
}

} // namespace

std::vector<Table> tables(const Inputs& in) {
    std::vector<Table> out;
    if (in.check.is_object())
        findings_tables(in, out);
    outlay_tables(in, out);
    schedule_tables(in, out);
    provenance_tables(in, out);
    return out;
}

} // namespace lexsim::report
