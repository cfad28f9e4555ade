// lexsim show NAME…: one declaration and everything that refers to it, with citations.
// lexsim show --find TEXT: every clause, task, measure, benefit or parameter whose name, label or
// source text contains TEXT.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <iostream>

namespace lexsim::app {

namespace {

using rules::RuleSet;

std::string where(const RuleSet& rs, const rules::Span& s) {
    return rs.sources.path(s.file) + ":" + std::to_string(rs.sources.line_col(s.file, s.begin).line);
}

std::string doc_number(const RuleSet& rs, rules::DocumentId d) {
    return rs.document(d).number;
}

std::string target_text(const RuleSet& rs, const rules::Target& t) {
    static const char* ops[] = {">=", "<=", "==", "about", ">", "<"};
    std::string s =
        std::string(ops[static_cast<int>(t.op)]) + " " + std::string(rs.sources.slice(rs.expr(t.value).span));
    if (t.per_year)
        s += " per year";
    if (t.by)
        s += " by " + rules::format_date(*t.by);
    return s;
}

std::string reported_text(const RuleSet& rs, const rules::Reported& r) {
    return "= " + std::string(rs.sources.slice(rs.expr(r.value).span)) + " at " + rules::format_date(r.at);
}

void show_source(const RuleSet& rs, const rules::Span& s) {
    std::cout << "  " << where(rs, s) << "\n";
    std::string_view text = rs.sources.slice(s);
    std::cout << "    ";
    for (char c : text) {
        std::cout << c;
        if (c == '\n')
            std::cout << "    ";
    }
    std::cout << "\n";
}

bool show_measure(const RuleSet& rs, std::string_view name) {
    for (size_t m = 0; m < rs.measures.size(); ++m) {
        const auto& ms = rs.measures[m];
        if (ms.name != name)
            continue;
        std::cout << "measure " << ms.name << " " << ms.label << " : " << rules::type_name(rs, ms.type)
                  << (ms.unit.empty() ? "" : " (" + ms.unit + ")") << "\n";
        for (const auto& c : rs.clauses) {
            for (const auto& t : c.targets)
                if (t.measure == static_cast<int32_t>(m))
                    std::cout << "  target " << target_text(rs, t) << "   " << doc_number(rs, c.document)
                              << " " << c.article << "  " << c.id << "  (" << where(rs, c.span) << ")\n";
            for (const auto& r : c.reported)
                if (r.measure == static_cast<int32_t>(m) && r.value != rules::no_expr)
                    std::cout << "  reported " << reported_text(rs, r) << "   " << doc_number(rs, c.document)
                              << " " << c.article << "  " << c.id << "  (" << where(rs, c.span) << ")\n";
            for (const auto& r : c.ranges)
                if (r.measure == static_cast<int32_t>(m))
                    std::cout << "  range " << rs.sources.slice(rs.expr(r.low).span) << " .. "
                              << rs.sources.slice(rs.expr(r.high).span) << "   " << doc_number(rs, c.document)
                              << " " << c.article << "  " << c.id << "  (" << where(rs, c.span) << ")\n";
        }
        for (const auto& t : rs.tasks)
            for (const auto& x : t.targets)
                if (x.measure == static_cast<int32_t>(m))
                    std::cout << "  target " << target_text(rs, x) << "   " << doc_number(rs, t.document)
                              << " " << t.article << "  " << t.id << "  (" << where(rs, t.span) << ")\n";
        for (const auto& t : rs.tasks)
            for (const auto& x : t.reported)
                if (x.measure == static_cast<int32_t>(m) && x.value != rules::no_expr)
                    std::cout << "  reported " << reported_text(rs, x) << "   " << doc_number(rs, t.document)
                              << " " << t.article << "  " << t.id << "  (" << where(rs, t.span) << ")\n";
        return true;
    }
    return false;
}

bool show_benefit(const RuleSet& rs, std::string_view name) {
    auto b = rs.find_benefit(name);
    if (!b)
        return false;
    std::cout << "benefit " << rs.benefits[static_cast<size_t>(*b)].name << " "
              << rs.benefits[static_cast<size_t>(*b)].label << "\n";
    for (const auto& c : rs.clauses)
        for (const auto& g : c.grants)
            if (g.benefit == *b)
                std::cout << "  " << doc_number(rs, c.document) << " " << c.article << "  " << c.id << ": "
                          << rs.sources.slice(g.span) << "  (" << where(rs, c.span) << ")\n";
    return true;
}

bool show_param(const RuleSet& rs, std::string_view name) {
    auto p = rs.find_param(name);
    if (!p)
        return false;
    const auto& par = rs.params[static_cast<size_t>(*p)];
    std::cout << "param " << par.name << " " << par.label << " : " << rules::type_name(rs, par.type) << "  ("
              << where(rs, par.span) << ")\n";
    if (par.values.empty())
        std::cout << "  open: the text gives no value"
                  << (par.has_range ? ", within " + rules::format_value(rs, par.type, par.low) + " .. " +
                                          rules::format_value(rs, par.type, par.high)
                                    : std::string())
                  << "\n";
    for (const auto& v : par.values)
        std::cout << "  "
                  << (v.from == INT32_MIN ? std::string("always") : "from " + rules::format_date(v.from))
                  << ": " << rules::format_value(rs, par.type, v.value) << "\n";
    return true;
}

bool show_document(const RuleSet& rs, std::string_view name) {
    for (rules::DocumentId i : rs.document_ids()) {
        const auto& d = rs.document(i);
        if (d.id != name && d.number != name)
            continue;
        std::cout << "document " << d.id << "  " << d.number << (d.external ? "  (external)" : "") << "\n";
        if (!d.title.empty())
            std::cout << "  title       " << d.title << "\n";
        if (d.issued)
            std::cout << "  issued      " << rules::format_date(*d.issued) << "\n";
        if (!d.external)
            std::cout << "  in force    " << rules::format_date(d.first_day()) << " – "
                      << (d.expires ? rules::format_date(*d.expires) : std::string("(no end)")) << "\n";
        for (rules::DocumentId r : d.repeals)
            std::cout << "  repeals     " << doc_number(rs, r) << "\n";
        for (const auto& other : rs.documents)
            for (rules::DocumentId r : other.repeals)
                if (r == i)
                    std::cout << "  repealed by " << other.number << " from "
                              << rules::format_date(other.first_day()) << "\n";
        if (!d.interpreter.empty())
            std::cout << "  interpreter " << d.interpreter << "\n";
        return true;
    }
    return false;
}

bool show_unit(const RuleSet& rs, std::string_view name) {
    auto u = rs.find_unit(name);
    bool official = false;
    int32_t o = -1;
    for (size_t i = 0; i < rs.officials.size(); ++i)
        if (rs.officials[i].name == name)
            official = true, o = static_cast<int32_t>(i);
    if (!u && !official)
        return false;
    if (u) {
        const auto& unit = rs.units[static_cast<size_t>(*u)];
        std::cout << "unit " << unit.name;
        for (const auto& a : unit.aliases)
            std::cout << (&a == &unit.aliases.front() ? "  (also " : ", ") << a;
        std::cout << (unit.aliases.empty() ? "" : ")") << "\n";
    } else {
        std::cout << "official " << name << "\n";
    }
    for (const auto& t : rs.tasks) {
        std::string role;
        auto has = [](const std::vector<int32_t>& v, int32_t x) {
            return std::find(v.begin(), v.end(), x) != v.end();
        };
        if (u && has(t.owners, *u))
            role = "owner";
        else if (u && has(t.responsible, *u))
            role = "responsible";
        else if (u && has(t.co, *u))
            role = "co";
        else if (official && has(t.leads, o))
            role = "leads";
        if (role.empty())
            continue;
        std::cout << "  " << role << "  " << doc_number(rs, t.document) << " " << t.article << "  " << t.id
                  << "  " << (t.deadline.wording.empty() ? std::string() : "[" + t.deadline.wording + "]")
                  << "\n";
    }
    return true;
}

bool show_declaration(const RuleSet& rs, std::string_view name) {
    bool found = false;
    for (const auto& c : rs.clauses)
        if (c.id == name || c.local_id == name) {
            std::cout << "clause " << c.id << "  " << doc_number(rs, c.document) << " " << c.article << "\n";
            show_source(rs, c.span);
            found = true;
        }
    for (const auto& t : rs.tasks)
        if (t.id == name) {
            std::cout << rules::task_kind_name(t.kind) << " " << t.id << "  " << doc_number(rs, t.document)
                      << " " << t.article << "\n";
            show_source(rs, t.span);
            found = true;
        }
    return found;
}

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

} // namespace

int run_show(const ShowOptions& o) {
    auto loaded = load_or_report(o.paths);
    if (!loaded.ok())
        return Exit::bad_input;
    const RuleSet& rs = *loaded.rules;
    if (!o.find.empty()) {
        int hits = 0;
        auto hit = [&](const std::string& kind, const std::string& id, const std::string& cite,
                       const rules::Span& s) {
            std::cout << kind << " " << id << "  " << cite << "  (" << where(rs, s) << ")\n";
            ++hits;
        };
        for (const auto& c : rs.clauses)
            if (contains(c.id, o.find) || contains(c.text, o.find) || contains(c.note, o.find))
                hit("clause", c.id, doc_number(rs, c.document) + " " + c.article, c.span);
        for (const auto& t : rs.tasks)
            if (contains(t.id, o.find) || contains(t.text, o.find) || contains(t.group, o.find))
                hit(rules::task_kind_name(t.kind), t.id, doc_number(rs, t.document) + " " + t.article,
                    t.span);
        for (const auto& m : rs.measures)
            if (contains(m.name, o.find) || contains(m.label, o.find))
                hit("measure", m.name, m.label, m.span);
        for (const auto& b : rs.benefits)
            if (contains(b.name, o.find) || contains(b.label, o.find))
                hit("benefit", b.name, b.label, b.span);
        for (const auto& p : rs.params)
            if (contains(p.name, o.find) || contains(p.label, o.find))
                hit("param", p.name, p.label, p.span);
        if (hits == 0) {
            std::cerr << "lexsim show: nothing contains \"" << o.find << "\"\n";
            return Exit::bad_input;
        }
        return Exit::ok;
    }
    int status = Exit::ok;
    for (const auto& name : o.names) {
        bool found = show_document(rs, name) | show_measure(rs, name) | show_benefit(rs, name) |
                     show_param(rs, name) | show_unit(rs, name) | show_declaration(rs, name);
        if (!found) {
            std::cerr << "lexsim show: no document, clause, task, measure, benefit, parameter, unit or "
                         "official named \""
                      << name << "\" (try --find)\n";
            status = Exit::bad_input;
        }
    }
    return status;
}

} // namespace lexsim::app
