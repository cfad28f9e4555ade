// Name resolution and type checking: SyntaxFiles → RuleSet.
#include "resolve.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <algorithm>
#include <unordered_map>

namespace lexsim::rules::detail {
namespace {

bool is_numeric(TypeKind k) {
    return k == TypeKind::Int || k == TypeKind::Number || k == TypeKind::Rate;
}
bool is_fraction(TypeKind k) {
    return k == TypeKind::Number || k == TypeKind::Rate;
}

int64_t pow10(int n) {
    int64_t p = 1;
    for (int i = 0; i < n; ++i)
        p *= 10;
    return p;
}

struct FirstSeen {
    int32_t index;
    Span span;
};

class Resolver {
public:
    Resolver(RuleSet& rs, Diagnostics& diags) : m_rs(rs), m_diags(diags) {}

    void run(std::vector<SyntaxFile>& files) {
        declare_documents(files);
        for (auto& f : files)
            declare_shared(f);
        for (auto& f : files)
            resolve_entities(f);
        for (auto& f : files)
            resolve_params(f);
        for (auto& f : files)
            resolve_measures(f);
        finish_documents(files);
        for (auto& f : files)
            declare_owned(f);
        for (auto& f : files)
            resolve_owned(f);
    }

private:
    // ---- helpers -----------------------------------------------------------
    Diagnostic& error(Span s, std::string msg) { return m_diags.error(s, std::move(msg)); }

    template <class Map>
    bool declare(Map& map, const std::string& name, int32_t index, Span span, std::string_view what) {
        auto [it, inserted] = map.emplace(name, FirstSeen{index, span});
        if (!inserted) {
            error(span, std::string(what) + " '" + name + "' is defined twice")
                .note(it->second.span, "first defined here");
            return false;
        }
        return true;
    }

    ExprId push(Expr e) {
        m_rs.exprs.push_back(e);
        return static_cast<ExprId>(m_rs.exprs.size() - 1);
    }
    Expr& node(ExprId id) { return m_rs.exprs[static_cast<size_t>(id)]; }
    Type type_of(ExprId id) const { return m_rs.exprs[static_cast<size_t>(id)].type; }

    std::string tname(Type t) const { return type_name(m_rs, t); }

    // ---- documents -----------------------------------------------------------
    void declare_documents(std::vector<SyntaxFile>& files) {
        for (auto& f : files) {
            for (RawDocument& d : f.documents) {
                auto idx = static_cast<int32_t>(m_rs.documents.size());
                if (!declare(m_documents, d.name.text, idx, d.name.span, "document"))
                    continue;
                Document doc;
                doc.id = d.name.text;
                doc.number = d.number;
                doc.title = d.title;
                doc.interpreter = d.interpreter;
                doc.superseded_by_higher = d.superseded_by_higher;
                doc.note = d.note;
                doc.issued = d.issued;
                doc.effective = d.effective;
                doc.expires = d.expires;
                doc.trial_months = d.trial_months;
                doc.trial_days = d.trial_days;
                doc.external = d.external;
                doc.files.push_back(f.file);
                doc.span = d.span;
                if (doc.number.empty())
                    error(d.name.span, "document '" + doc.id + "' has no 'number'");
                else if (auto [it, fresh] = m_numbers.emplace(doc.number, d.name.span); !fresh)
                    m_diags.warning(d.name.span, "two documents have the number " + doc.number)
                        .note(it->second, "the other one is declared here");
                // Contradictions in the header are findings of `lexsim check`, not load errors.
                if (!doc.external && !doc.issued)
                    doc.header_problems.push_back(HeaderProblem::NoIssueDate);
                if (doc.effective && doc.issued && *doc.effective < *doc.issued)
                    doc.header_problems.push_back(HeaderProblem::EffectiveBeforeIssued);
                if (doc.expires && (d.trial_months || d.trial_days))
                    error(d.span, "document '" + doc.id + "' has both 'expires' and 'trial'");
                // A trial period runs from the first day in force; without one (no issue date) there is
                // nothing to count from.
                if (!doc.expires && (d.trial_months || d.trial_days) && doc.first_day() != INT32_MIN) {
                    int32_t start = doc.first_day();
                    doc.expires = add_months(start, d.trial_months) + d.trial_days - 1;
                }
                if (!doc.expires && (d.trial_months || d.trial_days) && doc.first_day() == INT32_MIN)
                    doc.header_problems.push_back(HeaderProblem::TrialWithoutStart);
                if (doc.expires && *doc.expires < doc.first_day())
                    doc.header_problems.push_back(HeaderProblem::ExpiresBeforeEffective);
                m_rs.documents.push_back(std::move(doc));
            }
        }
        // Which document each file's declarations belong to.
        for (auto& f : files) {
            int32_t doc = -1;
            for (const RawDocument& d : f.documents) {
                auto it = m_documents.find(d.name.text);
                if (!d.external && it != m_documents.end() && it->second.span.file == d.name.span.file &&
                    it->second.span.begin == d.name.span.begin)
                    doc = it->second.index;
            }
            if (f.part_of) {
                auto it = m_documents.find(f.part_of->text);
                if (it == m_documents.end())
                    error(f.part_of->span, "unknown document '" + f.part_of->text + "'");
                else {
                    doc = it->second.index;
                    m_rs.documents[static_cast<size_t>(doc)].files.push_back(f.file);
                }
            }
            m_file_doc[f.file] = doc;
        }
    }

    void finish_documents(std::vector<SyntaxFile>& files) {
        for (auto& f : files) {
            for (const RawDocument& rd : f.documents) {
                auto it = m_documents.find(rd.name.text);
                if (it == m_documents.end() || it->second.span.file != rd.name.span.file ||
                    it->second.span.begin != rd.name.span.begin)
                    continue;
                Document& doc = m_rs.documents[static_cast<size_t>(it->second.index)];
                for (const Name& r : rd.repeals) {
                    auto rt = m_documents.find(r.text);
                    if (rt == m_documents.end()) {
                        error(r.span, "unknown document '" + r.text +
                                          "' (declare it, with 'external' if it is not in the corpus)");
                        continue;
                    }
                    if (rt->second.index == it->second.index) {
                        error(r.span, "a document cannot repeal itself");
                        continue;
                    }
                    doc.repeals.push_back(rt->second.index);
                    doc.repeal_spans.push_back(r.span);
                }
            }
        }
    }

    // ---- shared declarations -----------------------------------------------
    int32_t add_enum(const std::string& name, const std::string& label,
                     const std::vector<EnumMember>& members, Span span) {
        auto idx = static_cast<int32_t>(m_rs.enums.size());
        if (!declare(m_enums, name, idx, span, "enum"))
            return m_enums.at(name).index;
        EnumDecl e{name, label, {}, span, {}};
        std::unordered_map<std::string, Span> seen;
        for (const auto& m : members) {
            auto [it, ok] = seen.emplace(m.name, m.span);
            if (!ok) {
                error(m.span, "enum member '" + m.name + "' is listed twice")
                    .note(it->second, "first listed here");
                continue;
            }
            e.member_index.emplace(m.name, static_cast<int32_t>(e.members.size()));
            e.members.push_back(m);
        }
        if (e.members.empty())
            error(span, "enum '" + name + "' has no members");
        m_rs.enums.push_back(std::move(e));
        return idx;
    }

    void declare_shared(SyntaxFile& f) {
        for (auto& e : f.enums)
            add_enum(e.name.text, e.label, e.members, e.name.span);
        for (auto& e : f.entities) {
            auto idx = static_cast<int32_t>(m_rs.entities.size());
            if (declare(m_entities, e.name.text, idx, e.name.span, "entity")) {
                m_rs.entities.push_back({e.name.text, e.label, {}, {}, e.span});
                m_entity_syntax.push_back({&f, &e});
            }
        }
        for (auto& u : f.units) {
            auto idx = static_cast<int32_t>(m_rs.units.size());
            bool ok = declare(m_unit_names, u.name, idx, u.span, "unit name");
            for (size_t i = 0; i < u.aliases.size(); ++i)
                ok = declare(m_unit_names, u.aliases[i], idx, u.alias_spans[i], "unit name") && ok;
            m_rs.units.push_back({u.name, u.aliases, u.span});
        }
        for (auto& o : f.officials) {
            auto idx = static_cast<int32_t>(m_rs.officials.size());
            if (declare(m_officials, o.text, idx, o.span, "official"))
                m_rs.officials.push_back({o.text, o.span});
        }
        for (auto& [n, label] : f.benefits) {
            auto idx = static_cast<int32_t>(m_rs.benefits.size());
            if (declare(m_benefits, n.text, idx, n.span, "benefit"))
                m_rs.benefits.push_back({n.text, label, n.span, {}});
        }
    }

    Type resolve_type(const SynType& t, const std::string& owner_name) {
        if (t.name.empty()) {
            int32_t e = add_enum(owner_name, "", t.inline_members, t.span);
            return {TypeKind::Enum, e};
        }
        static const std::pair<std::string_view, TypeKind> builtins[] = {
            {"bool", TypeKind::Bool}, {"int", TypeKind::Int},           {"number", TypeKind::Number},
            {"rate", TypeKind::Rate}, {"money", TypeKind::Money},       {"date", TypeKind::Date},
            {"days", TypeKind::Days}, {"workdays", TypeKind::Workdays}, {"text", TypeKind::Text}};
        for (auto& [n, k] : builtins)
            if (t.name == n)
                return {k, -1};
        auto it = m_enums.find(t.name);
        if (it != m_enums.end())
            return {TypeKind::Enum, it->second.index};
        error(t.span,
              "unknown type '" + t.name +
                  "' (expected bool, int, number, rate, money, date, days, workdays, text or an enum name)");
        return {};
    }

    void resolve_entities(SyntaxFile& f) {
        for (auto& [file, raw] : m_entity_syntax) {
            if (file != &f)
                continue;
            auto idx = m_entities.at(raw->name.text).index;
            Entity& ent = m_rs.entities[static_cast<size_t>(idx)];
            std::unordered_map<std::string, Span> seen;
            for (auto& a : raw->attrs) {
                auto [it, ok] = seen.emplace(a.name.text, a.name.span);
                if (!ok) {
                    error(a.name.span, "attribute '" + a.name.text + "' is defined twice")
                        .note(it->second, "first defined here");
                    continue;
                }
                Attribute attr{a.name.text, a.label, resolve_type(a.type, a.name.text), no_expr, a.name.span};
                ent.attrs.push_back(attr);
            }
        }
    }

    void resolve_entity_bodies() {
        for (auto& [file, raw] : m_entity_syntax) {
            auto idx = m_entities.at(raw->name.text).index;
            for (auto& a : raw->attrs) {
                Entity& ent = m_rs.entities[static_cast<size_t>(idx)];
                auto slot = m_rs.find_attribute(idx, a.name.text);
                if (!slot || a.default_value == no_syn)
                    continue;
                Type t = ent.attrs[static_cast<size_t>(*slot)].type;
                ExprId v = constant(*file, a.default_value, t);
                m_rs.entities[static_cast<size_t>(idx)].attrs[static_cast<size_t>(*slot)].default_value = v;
            }
            for (SynId as : raw->assumptions) {
                Ctx c{file, idx, false};
                ExprId e = check(c, as, Type{TypeKind::Bool});
                m_rs.entities[static_cast<size_t>(idx)].assumptions.push_back(e);
            }
        }
    }

    void resolve_params(SyntaxFile& f) {
        for (auto& p : f.params) {
            auto idx = static_cast<int32_t>(m_rs.params.size());
            if (!declare(m_params, p.name.text, idx, p.name.span, "parameter"))
                continue;
            Type t = resolve_type(p.type, p.name.text);
            Param& par = m_rs.params.emplace_back();
            par.name = p.name.text;
            par.label = p.label;
            par.type = t;
            par.document = m_file_doc[f.file];
            par.span = p.span;
            m_param_syntax.push_back({&f, &p});
        }
    }

    void resolve_param_values() {
        for (auto& [file, raw] : m_param_syntax) {
            auto idx = m_params.at(raw->name.text).index;
            Type t = m_rs.params[static_cast<size_t>(idx)].type;
            if (t.kind == TypeKind::Text) {
                error(raw->name.span, "a parameter cannot be text");
                continue;
            }
            std::vector<DatedValue> values;
            for (auto& v : raw->values) {
                ExprId e = constant(*file, v.value, t);
                if (e == no_expr)
                    continue;
                values.push_back({v.from ? *v.from : INT32_MIN, node(e).value, v.span});
            }
            std::stable_sort(values.begin(), values.end(),
                             [](const DatedValue& a, const DatedValue& b) { return a.from < b.from; });
            for (size_t i = 1; i < values.size(); ++i)
                if (values[i].from == values[i - 1].from)
                    error(values[i].span, "two values for the same date")
                        .note(values[i - 1].span, "the other value");
            Param& par = m_rs.params[static_cast<size_t>(idx)];
            par.values = std::move(values);
            if (raw->low != no_syn) {
                ExprId lo = constant(*file, raw->low, t);
                ExprId hi = constant(*file, raw->high, t);
                if (lo != no_expr && hi != no_expr) {
                    par.has_range = true;
                    par.low = node(lo).value;
                    par.high = node(hi).value;
                    if (par.low > par.high)
                        error(raw->span, "the range of '" + par.name + "' is empty (low > high)");
                    for (auto& v : par.values)
                        if (v.value < par.low || v.value > par.high)
                            error(v.span, "value outside the declared range of '" + par.name + "'");
                }
            }
        }
    }

    void resolve_measures(SyntaxFile& f) {
        for (auto& m : f.measures) {
            auto idx = static_cast<int32_t>(m_rs.measures.size());
            if (!declare(m_measures, m.name.text, idx, m.name.span, "measure"))
                continue;
            Type t = resolve_type(m.type, m.name.text);
            if (t.kind == TypeKind::Text || t.kind == TypeKind::Bool)
                error(m.type.span,
                      "a measure is a quantity: int, number, rate, money, date, days or workdays");
            m_rs.measures.push_back({m.name.text, m.label, t, m.unit, m.span});
        }
    }

    // ---- document-owned declarations ---------------------------------------
    int32_t owner_document(const SyntaxFile& f, Span s, std::string_view what) {
        int32_t d = m_file_doc[f.file];
        if (d < 0 && !f.part_of)
            error(s, "a " + std::string(what) +
                         " belongs to a document, but this file declares none "
                         "(add a 'document' block or 'part of DOC')");
        return d;
    }

    void declare_owned(SyntaxFile& f) {
        if (!m_bodies_done) {
            resolve_entity_bodies();
            resolve_param_values();
            m_bodies_done = true;
        }
        for (auto& c : f.clauses) {
            int32_t d = owner_document(f, c.name.span, "clause");
            if (d < 0)
                continue;
            std::string id = m_rs.documents[static_cast<size_t>(d)].id + "." + c.name.text;
            auto idx = static_cast<int32_t>(m_rs.clauses.size());
            if (!declare(m_clause_ids, id, idx, c.name.span, "clause id"))
                continue;
            Clause cl;
            cl.local_id = c.name.text;
            cl.id = id;
            cl.document = d;
            cl.span = c.span;
            cl.name_span = c.name.span;
            m_rs.clauses.push_back(std::move(cl));
        }
        for (auto& t : f.tasks) {
            int32_t d = owner_document(f, t.name.span, task_kind_name(t.kind));
            if (d < 0)
                continue;
            std::string id = m_rs.documents[static_cast<size_t>(d)].id + "." + t.name.text;
            auto idx = static_cast<int32_t>(m_rs.tasks.size());
            if (!declare(m_task_ids, id, idx, t.name.span, std::string(task_kind_name(t.kind)) + " id"))
                continue;
            Task tk;
            tk.kind = t.kind;
            tk.local_id = t.name.text;
            tk.id = id;
            tk.document = d;
            tk.span = t.span;
            tk.name_span = t.name.span;
            m_rs.tasks.push_back(std::move(tk));
        }
    }

    int32_t lookup_clause(int32_t doc, const Name& n) {
        std::string id = n.text.find('.') == std::string::npos
                             ? m_rs.documents[static_cast<size_t>(doc)].id + "." + n.text
                             : n.text;
        auto it = m_clause_ids.find(id);
        if (it == m_clause_ids.end()) {
            error(n.span, "unknown clause '" + n.text + "'");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_task(int32_t doc, const Name& n) {
        std::string id = n.text.find('.') == std::string::npos
                             ? m_rs.documents[static_cast<size_t>(doc)].id + "." + n.text
                             : n.text;
        auto it = m_task_ids.find(id);
        if (it == m_task_ids.end()) {
            error(n.span, "unknown task or step '" + n.text + "'");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_document(const Name& n) {
        auto it = m_documents.find(n.text);
        if (it == m_documents.end()) {
            error(n.span, "unknown document '" + n.text + "'");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_entity(const Name& n) {
        auto it = m_entities.find(n.text);
        if (it == m_entities.end()) {
            error(n.span, "unknown entity kind '" + n.text + "'");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_benefit(const Name& n) {
        auto it = m_benefits.find(n.text);
        if (it == m_benefits.end()) {
            error(n.span,
                  "unknown benefit '" + n.text + "' (declare it with 'benefit " + n.text + " \"…\"')");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_measure(const Name& n) {
        auto it = m_measures.find(n.text);
        if (it == m_measures.end()) {
            error(n.span,
                  "unknown measure '" + n.text + "' (declare it with 'measure " + n.text + " \"…\" : TYPE')");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_unit(const Name& n) {
        auto it = m_unit_names.find(n.text);
        if (it == m_unit_names.end()) {
            error(n.span, "unknown unit \"" + n.text + "\" (declare it with 'unit \"" + n.text +
                              "\"' or add it as an alias)");
            return -1;
        }
        return it->second.index;
    }

    int32_t lookup_official(const Name& n) {
        auto it = m_officials.find(n.text);
        if (it == m_officials.end()) {
            error(n.span,
                  "unknown official \"" + n.text + "\" (declare it with 'official \"" + n.text + "\"')");
            return -1;
        }
        return it->second.index;
    }

    Target resolve_target(SyntaxFile& f, const RawTarget& t) {
        Target out;
        out.measure = lookup_measure(t.measure);
        out.op = t.op;
        out.by = t.by;
        out.per_year = t.per_year;
        out.span = t.span;
        if (out.measure >= 0) {
            Ctx c{&f, -1, false};
            out.value = check(c, t.value, m_rs.measures[static_cast<size_t>(out.measure)].type);
        }
        return out;
    }

    //! `reported M = V at DATE`: V is a constant of the measure's type.
    Reported resolve_reported(SyntaxFile& f, const RawReported& r) {
        Reported out;
        out.measure = lookup_measure(r.measure);
        out.at = r.at;
        out.span = r.span;
        if (out.measure >= 0)
            out.value = constant(f, r.value, m_rs.measures[static_cast<size_t>(out.measure)].type);
        return out;
    }

    void resolve_owned(SyntaxFile& f) {
        for (auto& c : f.clauses) {
            int32_t d = m_file_doc[f.file];
            if (d < 0)
                continue;
            auto it = m_clause_ids.find(m_rs.documents[static_cast<size_t>(d)].id + "." + c.name.text);
            if (it == m_clause_ids.end() || it->second.span.begin != c.name.span.begin ||
                it->second.span.file != c.name.span.file)
                continue;
            Clause& cl = m_rs.clauses[static_cast<size_t>(it->second.index)];
            resolve_clause(f, c, cl, d);
        }
        for (auto& t : f.tasks) {
            int32_t d = m_file_doc[f.file];
            if (d < 0)
                continue;
            auto it = m_task_ids.find(m_rs.documents[static_cast<size_t>(d)].id + "." + t.name.text);
            if (it == m_task_ids.end() || it->second.span.begin != t.name.span.begin ||
                it->second.span.file != t.name.span.file)
                continue;
            resolve_task(f, t, m_rs.tasks[static_cast<size_t>(it->second.index)], d);
        }
        for (auto& r : f.records)
            resolve_record(f, r);
        for (auto& e : f.examples)
            resolve_example(f, e);
    }

    void resolve_clause(SyntaxFile& f, RawClause& c, Clause& cl, int32_t d) {
        cl.article = c.article;
        cl.text = c.text;
        cl.note = c.note;
        cl.from = c.from;
        cl.until = c.until;
        if (c.article.empty())
            error(c.name.span, "clause '" + c.name.text + "' has no 'article' label");
        if (c.from && c.until && *c.until < *c.from)
            error(c.span, "clause '" + c.name.text + "' ends ('until') before it starts ('from')");
        if (c.entity)
            cl.entity = lookup_entity(*c.entity);
        Ctx ctx{&f, cl.entity, true};
        if (c.condition != no_syn) {
            if (!c.entity)
                error(m_syn(f, c.condition).span, "a condition needs 'applies to ENTITY when …'");
            else
                cl.condition = check(ctx, c.condition, Type{TypeKind::Bool});
        }
        bool needs_entity = !c.grants.empty() || !c.constraints.empty() || c.excludes_document ||
                            !c.excludes.empty() || !c.exclusive_with.empty();
        if (needs_entity && !c.entity)
            error(c.name.span, "clause '" + c.name.text +
                                   "' grants, requires or excludes, so it needs 'applies to ENTITY'");
        if (c.grants.empty() && c.constraints.empty() && c.ranges.empty() && c.targets.empty() &&
            c.reported.empty() && !c.excludes_document && c.excludes.empty() && c.exclusive_with.empty())
            error(c.name.span,
                  "clause '" + c.name.text +
                      "' has no outcome (grant, forbid, require, range, target, reported or excludes)");
        for (auto& g : c.grants) {
            Grant out;
            out.benefit = lookup_benefit(g.benefit);
            out.amount_kind = g.amount_kind;
            out.per_year = g.per_year;
            out.years = g.years;
            out.once = g.once;
            out.mode = g.mode;
            out.quota = g.quota;
            out.span = g.span;
            if (g.amount != no_syn)
                out.amount = check(ctx, g.amount, Type{TypeKind::Money});
            if (out.amount != no_expr && node(out.amount).op == ExprOp::Literal && node(out.amount).value < 0)
                m_diags.warning(
                    node(out.amount).span,
                    "a negative grant amount: a grant pays at least 0, so this clause pays nothing");
            if (g.payer)
                out.payer = lookup_unit(*g.payer);
            if (g.recipient)
                out.recipient = lookup_entity(*g.recipient);
            if (g.pool != no_syn) {
                ExprId p = constant(f, g.pool, Type{TypeKind::Money});
                if (p != no_expr)
                    out.pool = node(p).value;
            }
            if (g.years > 0 && !g.per_year)
                error(g.span, "'for N years' needs 'per year'");
            if (g.once && g.per_year)
                error(g.span, "a grant cannot be both 'once' and 'per year'");
            cl.grants.push_back(out);
        }
        for (auto& k : c.constraints) {
            Constraint out;
            out.forbid = k.forbid;
            out.span = k.span;
            if (c.entity)
                out.condition = check(ctx, k.condition, Type{TypeKind::Bool});
            cl.constraints.push_back(out);
        }
        for (auto& r : c.ranges) {
            RangeOutcome out;
            out.measure = lookup_measure(r.measure);
            out.span = r.span;
            if (out.measure >= 0) {
                Type t = m_rs.measures[static_cast<size_t>(out.measure)].type;
                out.low = check(ctx, r.low, t);
                out.high = check(ctx, r.high, t);
                if (out.low != no_expr && out.high != no_expr && node(out.low).op == ExprOp::Literal &&
                    node(out.high).op == ExprOp::Literal && node(out.low).value > node(out.high).value)
                    error(r.span, "empty range: the low end is above the high end");
            }
            cl.ranges.push_back(out);
        }
        for (auto& t : c.targets)
            cl.targets.push_back(resolve_target(f, t));
        for (auto& r : c.reported)
            cl.reported.push_back(resolve_reported(f, r));
        cl.excludes_document = c.excludes_document;
        for (auto& n : c.excludes) {
            int32_t x = lookup_clause(d, n);
            if (x >= 0)
                cl.excludes.push_back(x);
        }
        for (auto& n : c.exclusive_with) {
            int32_t x = lookup_clause(d, n);
            if (x >= 0)
                cl.exclusive_with.push_back(x);
        }
        for (auto& n : c.refers) {
            int32_t x = lookup_document(n);
            if (x < 0)
                continue;
            cl.refers.push_back(x);
            // Relying on a repealed document is allowed (the clause may predate the repeal) but worth a
            // warning here; `lexsim check` works out whether the clause is in force after the repeal.
            for (const Document& r : m_rs.documents)
                for (size_t i = 0; i < r.repeals.size(); ++i)
                    if (r.repeals[i] == x)
                        m_diags
                            .warning(
                                n.span,
                                "clause '" + c.name.text + "' refers to " +
                                    m_rs.documents[static_cast<size_t>(x)].number + ", which " + r.number +
                                    " repeals" +
                                    (r.first_day() != INT32_MIN ? " from " + format_date(r.first_day()) : ""))
                            .note(r.repeal_spans[i], "repealed here");
        }
    }

    ExprId duration(SyntaxFile& f, SynId s) {
        Ctx c{&f, -1, false};
        ExprId e = check(c, s, std::nullopt);
        if (e == no_expr)
            return e;
        TypeKind k = type_of(e).kind;
        if (k != TypeKind::Days && k != TypeKind::Workdays) {
            error(node(e).span, "expected a duration in days or workdays, found " + tname(type_of(e)));
            return no_expr;
        }
        return e;
    }

    void resolve_task(SyntaxFile& f, RawTask& t, Task& tk, int32_t d) {
        tk.article = t.article;
        tk.text = t.text;
        tk.group = t.group;
        tk.note = t.note;
        tk.start = t.start;
        if (t.text.empty())
            error(t.name.span, std::string(task_kind_name(t.kind)) + " '" + t.name.text + "' has no 'text'");
        for (auto& n : t.leads)
            if (int32_t o = lookup_official(n); o >= 0)
                tk.leads.push_back(o);
        auto units = [&](std::vector<Name>& names, std::vector<int32_t>& out) {
            for (auto& n : names)
                if (int32_t u = lookup_unit(n); u >= 0)
                    out.push_back(u);
        };
        units(t.owners, tk.owners);
        units(t.responsible, tk.responsible);
        units(t.co, tk.co);
        for (auto& n : t.after) {
            int32_t x = lookup_task(d, n);
            if (x >= 0) {
                if (x == m_task_ids.at(tk.id).index)
                    error(n.span, "a task cannot come after itself");
                else
                    tk.after.push_back(x);
            }
        }
        auto resolve_deadline = [&](RawDeadline& raw, Deadline& out) {
            out.kind = raw.kind;
            out.date = raw.date;
            out.window_start = raw.window_start;
            out.wording = raw.wording;
            out.span = raw.span;
            if (raw.kind == DeadlineKind::Window && raw.window_start > raw.date)
                error(raw.span, "the deadline window ends before it starts");
            if (raw.param) {
                auto it = m_params.find(raw.param->text);
                if (it == m_params.end())
                    error(raw.param->span, "unknown parameter '" + raw.param->text + "'");
                else if (m_rs.params[static_cast<size_t>(it->second.index)].type.kind != TypeKind::Date)
                    error(raw.param->span, "a deadline parameter must be a date");
                else
                    out.param = it->second.index;
            }
            // Relative and event deadlines ("收到…之日起 15 个工作日内", "雨后 24 小时内", "汛前").
            out.from_end = raw.from_end;
            out.event = raw.event;
            out.before_event = raw.before_event;
            if (raw.amount != no_syn)
                out.amount = duration(f, raw.amount);
            if (raw.anchor) {
                int32_t x = lookup_task(d, *raw.anchor);
                if (x >= 0 && x == m_task_ids.at(tk.id).index)
                    error(raw.anchor->span, "a deadline cannot be counted from its own task");
                else if (x >= 0)
                    out.anchor = x;
            }
        };
        resolve_deadline(t.deadline, tk.deadline);
        for (auto& raw : t.more_deadlines)
            resolve_deadline(raw, tk.more_deadlines.emplace_back());
        if (t.duration_low != no_syn)
            tk.duration_low = duration(f, t.duration_low);
        if (t.duration_high != no_syn) {
            tk.duration_high = duration(f, t.duration_high);
            if (tk.duration_low != no_expr && tk.duration_high != no_expr &&
                type_of(tk.duration_low).kind != type_of(tk.duration_high).kind)
                error(node(tk.duration_high).span, "both ends of a duration range must be in the same unit");
        }
        for (ExprId x : {tk.duration_low, tk.duration_high})
            if (x != no_expr && node(x).op == ExprOp::Literal && node(x).value < 0)
                m_diags.warning(node(x).span, "a negative duration");
        if (tk.duration_low != no_expr && tk.duration_high != no_expr &&
            node(tk.duration_low).op == ExprOp::Literal && node(tk.duration_high).op == ExprOp::Literal &&
            node(tk.duration_low).value > node(tk.duration_high).value)
            error(node(tk.duration_low).span, "the duration's low end exceeds its high end");
        if (tk.start && tk.deadline.kind == DeadlineKind::Date && tk.deadline.date < *tk.start)
            error(t.deadline.span, "the deadline is before the start");
        for (auto& x : t.targets)
            tk.targets.push_back(resolve_target(f, x));
        for (auto& x : t.reported)
            tk.reported.push_back(resolve_reported(f, x));
    }

    std::vector<Binding> bindings(SyntaxFile& f, int32_t entity, std::vector<RawBinding>& raw, bool params) {
        std::vector<Binding> out;
        std::unordered_map<std::string, Span> seen;
        for (auto& b : raw) {
            auto [it, ok] = seen.emplace(b.name.text, b.name.span);
            if (!ok) {
                error(b.name.span, "'" + b.name.text + "' is given twice")
                    .note(it->second, "first given here");
                continue;
            }
            Type t;
            int32_t slot = -1;
            if (params) {
                auto p = m_params.find(b.name.text);
                if (p == m_params.end()) {
                    error(b.name.span, "unknown parameter '" + b.name.text + "'");
                    continue;
                }
                slot = p->second.index;
                t = m_rs.params[static_cast<size_t>(slot)].type;
            } else {
                auto a = m_rs.find_attribute(entity, b.name.text);
                if (!a) {
                    error(b.name.span, "entity '" + m_rs.entities[static_cast<size_t>(entity)].name +
                                           "' has no attribute '" + b.name.text + "'");
                    continue;
                }
                slot = *a;
                t = m_rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].type;
            }
            ExprId v = constant(f, b.value, t);
            if (v != no_expr)
                out.push_back({slot, v, b.name.span});
        }
        return out;
    }

    void resolve_record(SyntaxFile& f, RawRecord& r) {
        int32_t d = owner_document(f, r.name.span, "record");
        if (d < 0)
            return;
        Record rec;
        rec.local_id = r.name.text;
        rec.id = m_rs.documents[static_cast<size_t>(d)].id + "." + r.name.text;
        rec.document = d;
        rec.article = r.article;
        rec.note = r.note;
        rec.span = r.span;
        if (!declare(m_record_ids, rec.id, static_cast<int32_t>(m_rs.records.size()), r.name.span,
                     "record id"))
            return;
        rec.entity = lookup_entity(r.entity);
        if (rec.entity >= 0)
            rec.values = bindings(f, rec.entity, r.values, false);
        m_rs.records.push_back(std::move(rec));
    }

    void resolve_example(SyntaxFile& f, RawExample& e) {
        int32_t d = owner_document(f, e.name.span, "example");
        if (d < 0)
            return;
        Example ex;
        ex.local_id = e.name.text;
        ex.id = m_rs.documents[static_cast<size_t>(d)].id + "." + e.name.text;
        ex.label = e.label;
        ex.document = d;
        ex.span = e.span;
        if (!declare(m_example_ids, ex.id, static_cast<int32_t>(m_rs.examples.size()), e.name.span,
                     "example id"))
            return;
        if (!e.on) {
            error(e.name.span, "example '" + e.name.text + "' needs 'on DATE'");
            return;
        }
        ex.on = *e.on;
        if (!e.entity) {
            error(e.name.span, "example '" + e.name.text + "' needs 'given ENTITY { … }'");
            return;
        }
        ex.entity = lookup_entity(*e.entity);
        if (ex.entity < 0)
            return;
        ex.given = bindings(f, ex.entity, e.given, false);
        ex.params = bindings(f, ex.entity, e.params, true);
        for (auto& x : e.expects) {
            Expectation out;
            out.kind = x.kind;
            out.year = x.year;
            out.span = x.span;
            if (x.kind == ExpectKind::Amount) {
                out.benefit = lookup_benefit(x.target);
                ExprId v = constant(f, x.amount, Type{TypeKind::Money});
                if (out.benefit < 0 || v == no_expr)
                    continue;
                out.amount = node(v).value;
            } else {
                out.clause = lookup_clause(d, x.target);
                if (out.clause < 0)
                    continue;
            }
            ex.expectations.push_back(out);
        }
        if (ex.expectations.empty() && !e.expects.empty())
            return;
        if (e.expects.empty())
            error(e.name.span, "example '" + e.name.text + "' expects nothing");
        m_rs.examples.push_back(std::move(ex));
    }

    // ---- expressions ---------------------------------------------------------
    struct Ctx {
        SyntaxFile* file;
        int32_t entity; //!< -1: no attributes in scope
        bool allow_today;
    };

    const SynExpr& m_syn(const SyntaxFile& f, SynId id) const { return f.exprs[static_cast<size_t>(id)]; }

    //! Type-checks a constant and folds it to a literal node.
    ExprId constant(SyntaxFile& f, SynId s, Type expected) {
        Ctx c{&f, -1, false};
        size_t before = m_diags.error_count();
        ExprId e = check(c, s, expected);
        if (e == no_expr || m_diags.error_count() != before)
            return no_expr;
        if (type_of(e).kind == TypeKind::Text)
            return e;
        EvalInput in;
        EvalValue v = eval_expr(m_rs, e, in);
        if (v.status == EvalStatus::MissingParam) {
            error(node(e).span, "a value here must be a constant, not a parameter");
            return no_expr;
        }
        if (v.status != EvalStatus::Ok) {
            error(node(e).span,
                  v.status == EvalStatus::DivByZero ? "division by zero" : "arithmetic overflow");
            return no_expr;
        }
        Expr lit;
        lit.op = ExprOp::Literal;
        lit.type = type_of(e);
        lit.value = v.value;
        lit.span = node(e).span;
        return push(lit);
    }

    bool unbound_name(const Ctx& c, SynId s) const {
        const SynExpr& e = m_syn(*c.file, s);
        if (e.kind != SynKind::Name)
            return false;
        if (c.entity >= 0 && m_rs.find_attribute(c.entity, e.text))
            return false;
        return m_params.find(e.text) == m_params.end();
    }

    ExprId coerce(ExprId e, Type expected, Span s) {
        if (e == no_expr)
            return e;
        Type t = type_of(e);
        if (t == expected || t.kind == TypeKind::Error || expected.kind == TypeKind::Error)
            return e;
        if (is_fraction(expected.kind) && is_fraction(t.kind)) {
            if (node(e).op == ExprOp::Literal) {
                node(e).type = expected;
                return e;
            }
            return e;
        }
        if (is_fraction(expected.kind) && t.kind == TypeKind::Int)
            return scale(e, expected);
        std::string hint;
        if (expected.kind == TypeKind::Money && t.kind == TypeKind::Int)
            hint = " (write money with its unit, e.g. '0 CNY' or '300 万元')";
        error(s, "expected " + tname(expected) + ", found " + tname(t) + hint);
        return no_expr;
    }

    ExprId scale(ExprId e, Type to) {
        Expr& n = node(e);
        if (n.op == ExprOp::Literal) {
            n.type = to;
            if (__builtin_mul_overflow(n.value, micro, &n.value)) { // found by the arithmetic fuzzer
                n.value = 0;
                error(n.span, "number too large as a " + tname(to) + " (at most 9223372036854.775807)");
            }
            return e;
        }
        Expr s;
        s.op = ExprOp::Scale;
        s.type = to;
        s.a = e;
        s.value = micro;
        s.span = n.span;
        return push(s);
    }

    ExprId literal(Type t, int64_t v, Span s) {
        Expr e;
        e.op = ExprOp::Literal;
        e.type = t;
        e.value = v;
        e.span = s;
        return push(e);
    }

    ExprId check(const Ctx& c, SynId s, std::optional<Type> expected) {
        ExprId e = infer(c, s, expected);
        if (e == no_expr || !expected)
            return e;
        return coerce(e, *expected, m_syn(*c.file, s).span);
    }

    //! Brings two numeric operands to one type; returns it (Error on mismatch).
    Type unify(ExprId& a, ExprId& b, Span s, std::string_view op) {
        Type ta = type_of(a), tb = type_of(b);
        if (ta == tb)
            return ta;
        if (is_numeric(ta.kind) && is_numeric(tb.kind)) {
            if (ta.kind == TypeKind::Int) {
                a = scale(a, tb);
                return tb;
            }
            if (tb.kind == TypeKind::Int) {
                b = scale(b, ta);
                return ta;
            }
            return Type{TypeKind::Number};
        }
        error(s, "cannot " + std::string(op) + " " + tname(ta) + " and " + tname(tb));
        return {};
    }

    ExprId infer(const Ctx& c, SynId s, std::optional<Type> expected) {
        const SynExpr& x = m_syn(*c.file, s);
        switch (x.kind) {
        case SynKind::Number: {
            if (x.frac_digits == 0)
                return literal(Type{TypeKind::Int}, x.mantissa, x.span);
            if (x.frac_digits > 6) {
                error(x.span, "at most 6 decimal places");
                return no_expr;
            }
            if (x.mantissa > INT64_MAX / pow10(6 - x.frac_digits)) {
                error(x.span, "number too large");
                return no_expr;
            }
            Type t{TypeKind::Number};
            if (expected && expected->kind == TypeKind::Rate)
                t = *expected;
            return literal(t, x.mantissa * pow10(6 - x.frac_digits), x.span);
        }
        case SynKind::Percent:
            if (x.frac_digits > 4) {
                error(x.span, "at most 4 decimal places in a percentage");
                return no_expr;
            }
            if (x.mantissa > INT64_MAX / pow10(4 - x.frac_digits)) {
                error(x.span, "number too large");
                return no_expr;
            }
            return literal(Type{TypeKind::Rate}, x.mantissa * pow10(4 - x.frac_digits), x.span);
        case SynKind::Money:
            return literal(Type{TypeKind::Money}, x.value, x.span);
        case SynKind::Duration:
            if (x.unit == DurationUnit::Months || x.unit == DurationUnit::Years) {
                error(x.span, "months and years are allowed only in 'trial' and 'for N years'; use days");
                return no_expr;
            }
            return literal(Type{x.unit == DurationUnit::Days ? TypeKind::Days : TypeKind::Workdays}, x.value,
                           x.span);
        case SynKind::Date:
            return literal(Type{TypeKind::Date}, x.value, x.span);
        case SynKind::Bool:
            return literal(Type{TypeKind::Bool}, x.value, x.span);
        case SynKind::String: {
            if (!expected || expected->kind != TypeKind::Text) {
                error(x.span, "a string is not a value here" +
                                  std::string(expected ? " (expected " + tname(*expected) + ")" : ""));
                return no_expr;
            }
            m_rs.strings.push_back(x.text);
            return literal(Type{TypeKind::Text}, static_cast<int64_t>(m_rs.strings.size() - 1), x.span);
        }
        case SynKind::Today: {
            if (!c.allow_today) {
                error(x.span, "'today' is only meaningful in clause conditions and amounts");
                return no_expr;
            }
            Expr e;
            e.op = ExprOp::Today;
            e.type = Type{TypeKind::Date};
            e.span = x.span;
            return push(e);
        }
        case SynKind::Name:
            return name(c, x, expected);
        case SynKind::Not: {
            ExprId a = check(c, x.args[0], Type{TypeKind::Bool});
            if (a == no_expr)
                return no_expr;
            Expr e;
            e.op = ExprOp::Not;
            e.type = Type{TypeKind::Bool};
            e.a = a;
            e.span = x.span;
            return push(e);
        }
        case SynKind::Neg: {
            ExprId a = infer(c, x.args[0], expected);
            if (a == no_expr)
                return no_expr;
            TypeKind k = type_of(a).kind;
            if (!is_numeric(k) && k != TypeKind::Money && k != TypeKind::Days && k != TypeKind::Workdays) {
                error(x.span, "cannot negate " + tname(type_of(a)));
                return no_expr;
            }
            if (node(a).op == ExprOp::Literal) {
                node(a).value = -node(a).value;
                node(a).span = x.span;
                return a;
            }
            Expr e;
            e.op = ExprOp::Neg;
            e.type = type_of(a);
            e.a = a;
            e.span = x.span;
            return push(e);
        }
        case SynKind::Binary:
            return binary(c, x, expected);
        case SynKind::In: {
            ExprId a = infer(c, x.args[0], std::nullopt);
            if (a == no_expr)
                return no_expr;
            Type t = type_of(a);
            if (t.kind != TypeKind::Enum) {
                error(m_syn(*c.file, x.args[0]).span, "'in { … }' needs an enum value, found " + tname(t));
                return no_expr;
            }
            Expr e;
            e.op = ExprOp::In;
            e.type = Type{TypeKind::Bool};
            e.a = a;
            e.span = x.span;
            e.list_begin = static_cast<uint32_t>(m_rs.lists.size());
            for (size_t i = 0; i < x.members.size(); ++i) {
                auto m = m_rs.find_member(t.enum_id, x.members[i]);
                if (!m) {
                    error(x.member_spans[i], "'" + x.members[i] + "' is not a member of enum '" +
                                                 m_rs.enums[static_cast<size_t>(t.enum_id)].name + "'")
                        .note(m_rs.enums[static_cast<size_t>(t.enum_id)].span, "enum declared here");
                    continue;
                }
                m_rs.lists.push_back(*m);
            }
            e.list_count = static_cast<uint32_t>(m_rs.lists.size()) - e.list_begin;
            return push(e);
        }
        case SynKind::Call: {
            std::vector<ExprId> args;
            for (SynId a : x.args) {
                ExprId r = infer(c, a, expected);
                if (r == no_expr)
                    return no_expr;
                args.push_back(r);
            }
            Type t = type_of(args[0]);
            for (size_t i = 1; i < args.size(); ++i) {
                ExprId& first = args[0];
                t = unify(first, args[i], x.span, "compare");
                if (t.kind == TypeKind::Error)
                    return no_expr;
            }
            for (auto& a : args) {
                a = coerce(a, t, node(a).span);
                if (a == no_expr)
                    return no_expr;
            }
            if (!is_numeric(t.kind) && t.kind != TypeKind::Money && t.kind != TypeKind::Date &&
                t.kind != TypeKind::Days && t.kind != TypeKind::Workdays) {
                error(x.span, x.text + " needs numbers, money, dates or durations, found " + tname(t));
                return no_expr;
            }
            Expr e;
            e.op = x.text == "min" ? ExprOp::Min : ExprOp::Max;
            e.type = t;
            e.span = x.span;
            e.list_begin = static_cast<uint32_t>(m_rs.lists.size());
            for (auto a : args)
                m_rs.lists.push_back(a);
            e.list_count = static_cast<uint32_t>(args.size());
            return push(e);
        }
        case SynKind::Ite: {
            ExprId cond = check(c, x.args[0], Type{TypeKind::Bool});
            ExprId a = infer(c, x.args[1], expected);
            ExprId b = infer(c, x.args[2], expected);
            if (cond == no_expr || a == no_expr || b == no_expr)
                return no_expr;
            Type t = type_of(a) == type_of(b) ? type_of(a) : unify(a, b, x.span, "choose between");
            if (t.kind == TypeKind::Error)
                return no_expr;
            Expr e;
            e.op = ExprOp::Ite;
            e.type = t;
            e.a = cond;
            e.b = a;
            e.c = b;
            e.span = x.span;
            return push(e);
        }
        }
        return no_expr;
    }

    ExprId name(const Ctx& c, const SynExpr& x, std::optional<Type> expected) {
        if (c.entity >= 0) {
            if (auto slot = m_rs.find_attribute(c.entity, x.text)) {
                Expr e;
                e.op = ExprOp::Attr;
                e.type = m_rs.entities[static_cast<size_t>(c.entity)].attrs[static_cast<size_t>(*slot)].type;
                e.value = *slot;
                e.span = x.span;
                if (e.type.kind == TypeKind::Text) {
                    error(x.span, "text attribute '" + x.text + "' cannot be used in an expression");
                    return no_expr;
                }
                return push(e);
            }
        }
        if (auto it = m_params.find(x.text); it != m_params.end()) {
            Expr e;
            e.op = ExprOp::Param;
            e.type = m_rs.params[static_cast<size_t>(it->second.index)].type;
            e.value = it->second.index;
            e.span = x.span;
            return push(e);
        }
        if (expected && expected->kind == TypeKind::Enum) {
            if (auto m = m_rs.find_member(expected->enum_id, x.text))
                return literal(*expected, *m, x.span);
            error(x.span, "'" + x.text + "' is not a member of enum '" +
                              m_rs.enums[static_cast<size_t>(expected->enum_id)].name + "'")
                .note(m_rs.enums[static_cast<size_t>(expected->enum_id)].span, "enum declared here");
            return no_expr;
        }
        if (c.entity >= 0)
            error(x.span, "unknown name '" + x.text + "': not an attribute of '" +
                              m_rs.entities[static_cast<size_t>(c.entity)].name + "' nor a parameter");
        else
            error(x.span, "unknown name '" + x.text + "'");
        return no_expr;
    }

    ExprId binary(const Ctx& c, const SynExpr& x, std::optional<Type> expected) {
        const std::string& w = x.text;
        Expr e;
        e.span = x.span;
        if (w == "and" || w == "or") {
            ExprId a = check(c, x.args[0], Type{TypeKind::Bool});
            ExprId b = check(c, x.args[1], Type{TypeKind::Bool});
            if (a == no_expr || b == no_expr)
                return no_expr;
            e.op = w == "and" ? ExprOp::And : ExprOp::Or;
            e.type = Type{TypeKind::Bool};
            e.a = a;
            e.b = b;
            return push(e);
        }
        bool compare = x.op == Tok::EqEq || x.op == Tok::NotEq || x.op == Tok::Lt || x.op == Tok::Le ||
                       x.op == Tok::Gt || x.op == Tok::Ge;
        ExprId a = no_expr, b = no_expr;
        if (compare) {
            // An enum member on one side takes its enum from the other side.
            if (unbound_name(c, x.args[0]) && !unbound_name(c, x.args[1])) {
                b = infer(c, x.args[1], std::nullopt);
                if (b == no_expr)
                    return no_expr;
                a = infer(c, x.args[0], type_of(b));
            } else {
                a = infer(c, x.args[0], std::nullopt);
                if (a == no_expr)
                    return no_expr;
                b = infer(c, x.args[1], type_of(a));
            }
            if (a == no_expr || b == no_expr)
                return no_expr;
            Type ta = type_of(a), tb = type_of(b);
            if (ta.kind == TypeKind::Enum || tb.kind == TypeKind::Enum || ta.kind == TypeKind::Bool ||
                tb.kind == TypeKind::Bool) {
                if (!(ta == tb)) {
                    error(x.span, "cannot compare " + tname(ta) + " with " + tname(tb));
                    return no_expr;
                }
                if (x.op != Tok::EqEq && x.op != Tok::NotEq) {
                    error(x.span, tname(ta) + " values can only be compared with == and !=");
                    return no_expr;
                }
            } else if (!(ta == tb)) {
                if (unify(a, b, x.span, "compare").kind == TypeKind::Error)
                    return no_expr;
            }
            static const std::pair<Tok, ExprOp> ops[] = {{Tok::EqEq, ExprOp::Eq}, {Tok::NotEq, ExprOp::Ne},
                                                         {Tok::Lt, ExprOp::Lt},   {Tok::Le, ExprOp::Le},
                                                         {Tok::Gt, ExprOp::Gt},   {Tok::Ge, ExprOp::Ge}};
            for (auto& [t, o] : ops)
                if (t == x.op)
                    e.op = o;
            e.type = Type{TypeKind::Bool};
            e.a = a;
            e.b = b;
            return push(e);
        }
        a = infer(c, x.args[0], std::nullopt);
        b = infer(c, x.args[1], std::nullopt);
        if (a == no_expr || b == no_expr)
            return no_expr;
        Type ta = type_of(a), tb = type_of(b);
        TypeKind ka = ta.kind, kb = tb.kind;
        auto bad = [&](std::string_view verb) {
            error(x.span, "cannot " + std::string(verb) + " " + tname(ta) + " and " + tname(tb));
            return no_expr;
        };
        e.a = a;
        e.b = b;
        e.value = 1;
        (void)expected;
        switch (x.op) {
        case Tok::Plus:
        case Tok::Minus: {
            bool plus = x.op == Tok::Plus;
            e.op = plus ? ExprOp::Add : ExprOp::Sub;
            if (ka == TypeKind::Date && (kb == TypeKind::Days)) {
                e.type = ta;
            } else if (plus && ka == TypeKind::Days && kb == TypeKind::Date) {
                e.type = tb;
            } else if (!plus && ka == TypeKind::Date && kb == TypeKind::Date) {
                e.type = Type{TypeKind::Days};
            } else if (ka == kb &&
                       (ka == TypeKind::Money || ka == TypeKind::Days || ka == TypeKind::Workdays)) {
                e.type = ta;
            } else if (is_numeric(ka) && is_numeric(kb)) {
                e.type = unify(a, b, x.span, plus ? "add" : "subtract");
                e.a = a;
                e.b = b;
            } else {
                return bad(plus ? "add" : "subtract");
            }
            return push(e);
        }
        case Tok::Star: {
            e.op = ExprOp::Mul;
            if (ka == TypeKind::Money && is_fraction(kb)) {
                e.type = ta, e.value = micro;
            } else if (is_fraction(ka) && kb == TypeKind::Money) {
                e.type = tb, e.value = micro;
            } else if ((ka == TypeKind::Money && kb == TypeKind::Int) ||
                       (ka == TypeKind::Int && kb == TypeKind::Money)) {
                e.type = Type{TypeKind::Money};
            } else if (ka == TypeKind::Int && kb == TypeKind::Int) {
                e.type = ta;
            } else if (is_fraction(ka) && is_fraction(kb)) {
                e.type =
                    Type{ka == TypeKind::Rate && kb == TypeKind::Rate ? TypeKind::Rate : TypeKind::Number};
                e.value = micro;
            } else if ((ka == TypeKind::Int && is_fraction(kb)) || (is_fraction(ka) && kb == TypeKind::Int)) {
                e.type = ka == TypeKind::Int ? tb : ta;
            } else if ((ka == TypeKind::Days || ka == TypeKind::Workdays) && kb == TypeKind::Int) {
                e.type = ta;
            } else {
                return bad("multiply");
            }
            if (x.text == "of" && !is_fraction(ka))
                error(x.span, "'of' takes a rate on its left ('70% of x'), found " + tname(ta));
            return push(e);
        }
        case Tok::Slash: {
            e.op = ExprOp::Div;
            if (ka == TypeKind::Money && kb == TypeKind::Int) {
                e.type = ta;
            } else if (ka == TypeKind::Money && is_fraction(kb)) {
                e.type = ta, e.value = micro;
            } else if (ka == TypeKind::Money && kb == TypeKind::Money) {
                e.type = Type{TypeKind::Rate}, e.value = micro;
            } else if (ka == TypeKind::Int && kb == TypeKind::Int) {
                e.type = ta;
            } else if (is_fraction(ka) && is_fraction(kb)) {
                e.type = Type{TypeKind::Number}, e.value = micro;
            } else if (is_fraction(ka) && kb == TypeKind::Int) {
                e.type = ta;
            } else if (ka == TypeKind::Int && is_fraction(kb)) {
                e.a = scale(a, Type{TypeKind::Number});
                e.type = Type{TypeKind::Number}, e.value = micro;
            } else if ((ka == TypeKind::Days || ka == TypeKind::Workdays) && kb == TypeKind::Int) {
                e.type = ta;
            } else {
                return bad("divide");
            }
            if (node(b).op == ExprOp::Literal && node(b).value == 0)
                m_diags.warning(x.span,
                                "division by the constant zero: this is undetermined wherever it is used");
            return push(e);
        }
        default:
            break;
        }
        error(x.span, "unsupported operator");
        return no_expr;
    }

    RuleSet& m_rs;
    Diagnostics& m_diags;
    std::unordered_map<std::string, FirstSeen> m_documents, m_enums, m_entities, m_unit_names, m_officials,
        m_benefits, m_measures, m_params, m_clause_ids, m_task_ids, m_record_ids, m_example_ids;
    std::unordered_map<uint32_t, int32_t> m_file_doc;
    std::unordered_map<std::string, Span> m_numbers; //!< document number → first declaration
    std::vector<std::pair<SyntaxFile*, RawEntity*>> m_entity_syntax;
    std::vector<std::pair<SyntaxFile*, RawParam*>> m_param_syntax;
    bool m_bodies_done = false;
};

} // namespace

void resolve(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags) {
    Resolver(rs, diags).run(files);
    resolve_costs(rs, files, diags);
}

} // namespace lexsim::rules::detail
