#include "lexsim/solver/report.hpp"

#include "lexsim/rules/calendar.hpp"
#include "words.hpp"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lexsim::solver {

using nlohmann::ordered_json;

namespace {

struct Cite {
    std::string id, document, article, file, text;
    uint32_t line = 0, column = 0;
};

Cite cite_clause(const rules::RuleSet& rs, rules::ClauseId i) {
    const rules::Clause& c = rs.clause(i);
    auto lc = rs.sources.line_col(c.name_span.file, c.name_span.begin);
    return {
        c.id,     rs.document(c.document).number, c.article, rs.sources.path(c.span.file), c.text, lc.line,
        lc.column};
}

Cite cite_task(const rules::RuleSet& rs, int32_t i) {
    const rules::Task& t = rs.tasks[static_cast<size_t>(i)];
    auto lc = rs.sources.line_col(t.name_span.file, t.name_span.begin);
    return {
        t.id,     rs.document(t.document).number, t.article, rs.sources.path(t.span.file), t.text, lc.line,
        lc.column};
}

std::vector<Cite> cites(const rules::RuleSet& rs, const Finding& f) {
    std::vector<Cite> out;
    for (rules::ClauseId c : f.clauses)
        out.push_back(cite_clause(rs, c));
    for (int32_t t : f.tasks)
        out.push_back(cite_task(rs, t));
    if (out.empty()) // a finding about a document itself (its header) cites the document
        for (rules::DocumentId d : f.documents) {
            const rules::Document& doc = rs.document(d);
            auto lc = rs.sources.line_col(doc.span.file, doc.span.begin);
            out.push_back(
                {doc.id, doc.number, "", rs.sources.path(doc.span.file), doc.title, lc.line, lc.column});
        }
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

//! A value as JSON of its own type: booleans as booleans, money as a number of yuan, rates and numbers
//! as decimals, enum members by name, dates as text.
ordered_json typed(const rules::RuleSet& rs, rules::Type t, int64_t v) {
    switch (t.kind) {
    case rules::TypeKind::Bool:
        return v != 0;
    case rules::TypeKind::Int:
    case rules::TypeKind::Days:
    case rules::TypeKind::Workdays:
        return v;
    case rules::TypeKind::Money:
        if (v % rules::fen_per_yuan == 0)
            return v / rules::fen_per_yuan;
        return static_cast<double>(v) / static_cast<double>(rules::fen_per_yuan);
    case rules::TypeKind::Rate:
    case rules::TypeKind::Number:
        if (v % rules::micro == 0)
            return v / rules::micro;
        return static_cast<double>(v) / static_cast<double>(rules::micro);
    default:
        return rules::format_value(rs, t, v);
    }
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
            attrs[ent.attrs[static_cast<size_t>(slot)].name] =
                typed(rs, ent.attrs[static_cast<size_t>(slot)].type, w.row.values[static_cast<size_t>(slot)]);
        j["attributes"] = attrs;
    }
    if (!w.shown_params.empty()) {
        ordered_json ps = ordered_json::object();
        for (int32_t p : w.shown_params)
            for (const auto& [idx, v] : w.params)
                if (idx == p)
                    ps[rs.params[static_cast<size_t>(p)].name] =
                        typed(rs, rs.params[static_cast<size_t>(p)].type, v);
        j["params"] = ps;
    }
    if (!w.facts.empty()) {
        ordered_json facts = ordered_json::object();
        for (const auto& [k, v] : w.facts)
            facts[k] = v;
        j["facts"] = facts;
    }
    if (!w.amounts.empty()) {
        ordered_json amounts = ordered_json::object();
        for (const auto& [k, v] : w.amounts)
            amounts[k] = typed(rs, {rules::TypeKind::Money, -1}, v);
        j["amounts"] = amounts;
    }
    return j;
}

std::string witness_text(const rules::RuleSet& rs, const detail::Words& words, const Witness& w) {
    std::ostringstream os;
    const char* eq = words.zh() ? "：" : " = ";
    if (w.entity >= 0 && !w.row.values.empty()) {
        const auto& ent = rs.entities[static_cast<size_t>(w.entity)];
        os << words.entity(w.entity);
        if (w.date)
            os << (words.zh() ? "，" : " on ") << rules::format_date(*w.date);
        std::string sep = words.zh() ? "，" : ": ";
        for (int32_t slot : w.shown) {
            os << sep << words.attr(w.entity, slot) << eq
               << words.value(ent.attrs[static_cast<size_t>(slot)].type,
                              w.row.values[static_cast<size_t>(slot)]);
            sep = words.zh() ? "，" : ", ";
        }
        for (int32_t p : w.shown_params)
            for (const auto& [idx, v] : w.params)
                if (idx == p)
                    os << sep << words.param(p) << eq
                       << words.value(rs.params[static_cast<size_t>(p)].type, v);
    }
    std::string sep = w.entity >= 0 && !w.row.values.empty() ? (words.zh() ? "；" : "; ") : "";
    for (const auto& [k, v] : w.facts) {
        // Facts keyed by a clause id read better under the clause's citation.
        std::string key = k;
        if (auto c = rs.find_clause(k))
            key = words.cite(*c);
        os << sep << key << eq << v;
        sep = words.zh() ? "；" : "; ";
    }
    return os.str();
}

const char* severity_word(Severity s, bool zh) {
    if (!zh)
        return severity_name(s);
    return s == Severity::Error ? "错误" : s == Severity::Warning ? "警告" : "提示";
}

} // namespace

std::string render_text(const rules::RuleSet& rs, const CheckReport& report) {
    detail::Words words(rs, report.lang);
    const bool zh = words.zh();
    std::ostringstream os;
    auto all = with_internal_errors(report);
    for (Severity sev : {Severity::Error, Severity::Warning, Severity::Info}) {
        for (const auto& f : all) {
            if (f.severity != sev)
                continue;
            os << severity_word(sev, zh) << '[' << finding_code(f.kind) << "] " << f.kind
               << (zh ? "：" : ": ") << f.message << '\n';
            for (const auto& r : f.readings)
                os << "  · " << r << '\n';
            if (f.witness) {
                std::string w = witness_text(rs, words, *f.witness);
                if (!w.empty())
                    os << (zh ? "  反例：" : "  witness: ") << w << '\n';
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
    size_t errors = report.count(Severity::Error) + report.internal_errors.size();
    size_t warnings = report.count(Severity::Warning), notes = report.count(Severity::Info);
    const auto& st = report.stats;
    if (zh) {
        os << "合计：" << errors << " 个错误，" << warnings << " 个警告，" << notes << " 个提示；求解器查询 "
           << st.queries << " 次（sat " << st.sat << "，unsat " << st.unsat << "，unknown " << st.unknown
           << "）";
        if (report.reviewed)
            os << "；基线中已有的 " << report.baselined << " 个发现未列出";
        if (report.unfocused > 0)
            os << "；未引用所审文件的 " << report.unfocused << " 个发现未列出";
        os << '\n';
        if (st.unknown > 0)
            os << "未完成：" << st.unknown
               << " 个查询未在资源上限或时间预算内得出结论；请提高 --rlimit 或 --timeout（退出码 1）\n";
        return os.str();
    }
    auto count = [](size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    os << "summary: " << count(errors, "error", "errors") << ", " << count(warnings, "warning", "warnings")
       << ", " << count(notes, "note", "notes") << "; "
       << count(static_cast<size_t>(st.queries), "solver query", "solver queries") << " (" << st.sat
       << " sat, " << st.unsat << " unsat, " << st.unknown << " unknown)";
    if (report.reviewed)
        os << "; " << report.baselined << " in the baseline not shown";
    if (report.unfocused > 0)
        os << "; " << report.unfocused << " citing no reviewed file not shown";
    os << '\n';
    if (st.unknown > 0)
        os << "incomplete: " << count(static_cast<size_t>(st.unknown), "query", "queries")
           << " not decided within the resource limit or time budget; raise --rlimit or --timeout (exit "
              "status 1)\n";
    return os.str();
}

std::string render_json(const rules::RuleSet& rs, const CheckReport& report) {
    ordered_json out;
    ordered_json findings = ordered_json::array();
    for (const auto& f : with_internal_errors(report)) {
        ordered_json j;
        j["kind"] = f.kind;
        j["code"] = finding_code(f.kind);
        j["severity"] = severity_name(f.severity);
        j["fingerprint"] = fingerprint(rs, f);
        j["message"] = f.message;
        if (!f.readings.empty())
            j["readings"] = f.readings;
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
    if (report.reviewed)
        out["summary"]["baselined"] = report.baselined;
    if (report.unfocused > 0)
        out["summary"]["unfocused"] = report.unfocused;
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

namespace {

//! A file path as a URI relative to the working directory (SARIF readers resolve it against their own).
std::string relative_uri(const std::string& path) {
    namespace fs = std::filesystem;
    fs::path p(path);
    if (p.is_absolute()) {
        std::error_code ec;
        fs::path rel = p.lexically_relative(fs::current_path(ec));
        if (!ec && !rel.empty())
            p = rel;
    }
    std::string out;
    for (unsigned char ch : p.generic_string()) {
        // Percent-encode what a URI reference cannot hold as is (spaces, non-ASCII file names).
        if (ch <= 0x20 || ch >= 0x7f || ch == '%' || ch == '#' || ch == '?') {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out;
}

} // namespace

std::string render_sarif(const rules::RuleSet& rs, const CheckReport& report) {
    detail::Words words(rs, report.lang);
    const bool zh = words.zh();
    ordered_json rules_json = ordered_json::array();
    for (const auto& k : finding_kinds())
        rules_json.push_back({{"id", k.id},
                              {"name", k.code},
                              {"shortDescription", {{"text", zh ? k.summary_zh : k.summary}}},
                              {"fullDescription", {{"text", zh ? k.explanation_zh : k.explanation}}},
                              {"help", {{"text", zh ? k.explanation_zh : k.explanation}}}});
    ordered_json results = ordered_json::array();
    for (const auto& f : with_internal_errors(report)) {
        auto cs = cites(rs, f);
        ordered_json r;
        r["ruleId"] = f.kind;
        r["level"] = f.severity == Severity::Error     ? "error"
                     : f.severity == Severity::Warning ? "warning"
                                                       : "note";
        std::string msg = f.message;
        for (const auto& reading : f.readings)
            msg += (zh ? "。" : ". ") + reading;
        if (f.witness) {
            std::string w = witness_text(rs, words, *f.witness);
            if (!w.empty())
                msg += zh ? "。反例：" + w + "。" : ". Witness: " + w + ".";
        }
        r["message"] = {{"text", msg}};
        auto loc = [](const Cite& c, int id) {
            ordered_json l = {{"physicalLocation",
                               {{"artifactLocation", {{"uri", relative_uri(c.file)}}},
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
        r["partialFingerprints"] = {{"lexsimFinding/v1", fingerprint(rs, f)}};
        if (report.reviewed)
            r["baselineState"] = "new";
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
