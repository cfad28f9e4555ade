#include "lexsim/solver/report.hpp"

#include "lexsim/rules/calendar.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

namespace lexsim::solver {

using nlohmann::ordered_json;

const std::vector<KindInfo>& finding_kinds() {
    static const std::vector<KindInfo> kinds = {
        {"cap-conflict", "Two clauses give different ceilings for one benefit in the same situation"},
        {"double-funding", "Two clauses pay one benefit for the same situation without an exclusivity rule"},
        {"stacking", "Percentage grants on one base can add up to more than the base"},
        {"coverage-gap", "A value of an enumerated domain that no clause of a rule family covers"},
        {"range-overlap", "Ranges set for mutually exclusive cases overlap or touch"},
        {"vacuous", "A clause whose condition can never hold while its document is in force"},
        {"shadowed", "A clause that never takes effect because others exclude or supersede it"},
        {"temporal", "Validity problems: repealed or expired references, dates outside a document's life"},
        {"target-mismatch", "Two documents set different or contradictory targets for one measure"},
        {"deadline-infeasible", "Tasks whose minimum durations and orderings cannot meet their deadlines"},
        {"internal-error", "The evaluator disagreed with a solver witness (a bug in lexsim)"},
    };
    return kinds;
}

namespace {

struct Cite {
    std::string id, document, article, file, text;
    uint32_t line = 0, column = 0;
};

Cite cite_clause(const rules::RuleSet& rs, int32_t i) {
    const rules::Clause& c = rs.clauses[static_cast<size_t>(i)];
    auto lc = rs.sources.line_col(c.name_span.file, c.name_span.begin);
    return {c.id,      rs.documents[static_cast<size_t>(c.document)].number,
            c.article, rs.sources.path(c.span.file),
            c.text,    lc.line,
            lc.column};
}

Cite cite_task(const rules::RuleSet& rs, int32_t i) {
    const rules::Task& t = rs.tasks[static_cast<size_t>(i)];
    auto lc = rs.sources.line_col(t.name_span.file, t.name_span.begin);
    return {t.id,      rs.documents[static_cast<size_t>(t.document)].number,
            t.article, rs.sources.path(t.span.file),
            t.text,    lc.line,
            lc.column};
}

std::vector<Cite> cites(const rules::RuleSet& rs, const Finding& f) {
    std::vector<Cite> out;
    for (int32_t c : f.clauses)
        out.push_back(cite_clause(rs, c));
    for (int32_t t : f.tasks)
        out.push_back(cite_task(rs, t));
    return out;
}

std::vector<Finding> with_internal_errors(const CheckReport& r) {
    std::vector<Finding> all = r.findings;
    for (const auto& e : r.internal_errors) {
        Finding f;
        f.kind = "internal-error";
        f.severity = Severity::Error;
        f.message = e;
        all.push_back(f);
    }
    return all;
}

ordered_json witness_json(const rules::RuleSet& rs, const Witness& w) {
    ordered_json j = ordered_json::object();
    if (w.entity >= 0)
        j["entity"] = rs.entities[static_cast<size_t>(w.entity)].name;
    if (w.date)
        j["date"] = rules::format_date(*w.date);
    if (w.entity >= 0 && !w.row.values.empty()) {
        ordered_json attrs = ordered_json::object();
        const auto& ent = rs.entities[static_cast<size_t>(w.entity)];
        for (int32_t slot : w.shown)
            attrs[ent.attrs[static_cast<size_t>(slot)].name] = rules::format_value(
                rs, ent.attrs[static_cast<size_t>(slot)].type, w.row.values[static_cast<size_t>(slot)]);
        j["attributes"] = attrs;
    }
    if (!w.shown_params.empty()) {
        ordered_json ps = ordered_json::object();
        for (int32_t p : w.shown_params)
            for (const auto& [idx, v] : w.params)
                if (idx == p)
                    ps[rs.params[static_cast<size_t>(p)].name] =
                        rules::format_value(rs, rs.params[static_cast<size_t>(p)].type, v);
        j["params"] = ps;
    }
    if (!w.facts.empty()) {
        ordered_json facts = ordered_json::object();
        for (const auto& [k, v] : w.facts)
            facts[k] = v;
        j["facts"] = facts;
    }
    return j;
}

std::string witness_text(const rules::RuleSet& rs, const Witness& w) {
    std::ostringstream os;
    if (w.entity >= 0 && !w.row.values.empty()) {
        const auto& ent = rs.entities[static_cast<size_t>(w.entity)];
        os << ent.name;
        if (w.date)
            os << " on " << rules::format_date(*w.date);
        std::string sep = ": ";
        for (int32_t slot : w.shown) {
            const auto& a = ent.attrs[static_cast<size_t>(slot)];
            os << sep << a.name << " = "
               << rules::format_value(rs, a.type, w.row.values[static_cast<size_t>(slot)]);
            sep = ", ";
        }
        for (int32_t p : w.shown_params)
            for (const auto& [idx, v] : w.params)
                if (idx == p)
                    os << sep << rs.params[static_cast<size_t>(p)].name << " = "
                       << rules::format_value(rs, rs.params[static_cast<size_t>(p)].type, v);
    }
    std::string sep = w.entity >= 0 && !w.row.values.empty() ? "; " : "";
    for (const auto& [k, v] : w.facts) {
        os << sep << k << " = " << v;
        sep = "; ";
    }
    return os.str();
}

} // namespace

std::string render_text(const rules::RuleSet& rs, const CheckReport& report) {
    std::ostringstream os;
    auto all = with_internal_errors(report);
    for (Severity sev : {Severity::Error, Severity::Warning, Severity::Info}) {
        for (const auto& f : all) {
            if (f.severity != sev)
                continue;
            os << severity_name(sev) << ": " << f.kind << ": " << f.message << '\n';
            if (f.witness) {
                std::string w = witness_text(rs, *f.witness);
                if (!w.empty())
                    os << "  witness: " << w << '\n';
            }
            for (const auto& c : cites(rs, f)) {
                os << "  - " << c.document << ' ' << c.article << "  " << c.id << "  (" << c.file << ':'
                   << c.line << ")\n";
                if (!c.text.empty())
                    os << "    “" << c.text << "”\n";
            }
            os << '\n';
        }
    }
    auto count = [](size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    os << "summary: "
       << count(report.count(Severity::Error) + report.internal_errors.size(), "error", "errors") << ", "
       << count(report.count(Severity::Warning), "warning", "warnings") << ", "
       << count(report.count(Severity::Info), "note", "notes") << "; "
       << count(static_cast<size_t>(report.stats.queries), "solver query", "solver queries") << " ("
       << report.stats.sat << " sat, " << report.stats.unsat << " unsat, " << report.stats.unknown
       << " unknown)\n";
    if (report.stats.unknown > 0)
        os << "incomplete: " << count(static_cast<size_t>(report.stats.unknown), "query", "queries")
           << " not decided within the resource limit; raise --rlimit (exit status 1)\n";
    return os.str();
}

std::string render_json(const rules::RuleSet& rs, const CheckReport& report) {
    ordered_json out;
    ordered_json findings = ordered_json::array();
    for (const auto& f : with_internal_errors(report)) {
        ordered_json j;
        j["kind"] = f.kind;
        j["severity"] = severity_name(f.severity);
        j["message"] = f.message;
        if (f.unknown)
            j["unknown"] = true;
        ordered_json cl = ordered_json::array();
        for (const auto& c : cites(rs, f))
            cl.push_back({{"id", c.id},
                          {"document", c.document},
                          {"article", c.article},
                          {"file", c.file},
                          {"line", c.line},
                          {"text", c.text}});
        j["clauses"] = cl;
        j["witness"] = f.witness ? witness_json(rs, *f.witness) : ordered_json(nullptr);
        findings.push_back(j);
    }
    out["findings"] = findings;
    out["summary"] = {{"errors", report.count(Severity::Error) + report.internal_errors.size()},
                      {"warnings", report.count(Severity::Warning)},
                      {"info", report.count(Severity::Info)},
                      {"queries", report.stats.queries},
                      {"sat", report.stats.sat},
                      {"unsat", report.stats.unsat},
                      {"unknown", report.stats.unknown}};
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

//! A path as a relative URI reference (RFC 3986): unreserved bytes and '/' kept, every other byte
//! percent-encoded, so spaces, '#', '%' and bytes that are not UTF-8 survive.
std::string uri_reference(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : path) {
        auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string render_sarif(const rules::RuleSet& rs, const CheckReport& report) {
    ordered_json rules_json = ordered_json::array();
    for (const auto& k : finding_kinds())
        rules_json.push_back(
            {{"id", k.id},
             {"shortDescription", {{"text", k.summary}}},
             {"help", {{"text", std::string("See docs/checks.md, section ") + k.id + "."}}}});
    ordered_json results = ordered_json::array();
    for (const auto& f : with_internal_errors(report)) {
        auto cs = cites(rs, f);
        ordered_json r;
        r["ruleId"] = f.kind;
        r["level"] = f.severity == Severity::Error     ? "error"
                     : f.severity == Severity::Warning ? "warning"
                                                       : "note";
        std::string msg = f.message;
        if (f.witness) {
            std::string w = witness_text(rs, *f.witness);
            if (!w.empty())
                msg += " Witness: " + w + ".";
        }
        r["message"] = {{"text", msg}};
        auto loc = [](const Cite& c, int id) {
            ordered_json l = {{"physicalLocation",
                               {{"artifactLocation", {{"uri", uri_reference(c.file)}}},
                                {"region", {{"startLine", c.line}, {"startColumn", c.column}}}}},
                              {"message", {{"text", c.document + " " + c.article + " (" + c.id + ")"}}}};
            if (id >= 0)
                l["id"] = id;
            return l;
        };
        ordered_json locations = ordered_json::array();
        ordered_json related = ordered_json::array();
        for (size_t i = 0; i < cs.size(); ++i) {
            if (i == 0)
                locations.push_back(loc(cs[i], -1));
            else
                related.push_back(loc(cs[i], static_cast<int>(i)));
        }
        if (!locations.empty())
            r["locations"] = locations;
        if (!related.empty())
            r["relatedLocations"] = related;
        if (f.witness)
            r["properties"] = {{"witness", witness_json(rs, *f.witness)}};
        results.push_back(r);
    }
    ordered_json run = {
        {"tool", {{"driver", {{"name", "lexsim"}, {"version", "0.1.0"}, {"rules", rules_json}}}}},
        {"results", results}};
    ordered_json out = {{"version", "2.1.0"},
                        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"runs", ordered_json::array({run})}};
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace lexsim::solver
