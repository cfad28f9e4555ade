// Resolver pass 1: declarations. Every name goes into the one symbol table; documents, enums,
// entities, parameters and measures get their typed declarations; clause and task ids are declared
// before any clause or task body is resolved, so references may point forward.
#include "lexsim/rules/calendar.hpp"
#include "resolver.hpp"

#include <algorithm>

namespace lexsim::rules::detail {

void Resolver::declare_documents(std::vector<SyntaxFile>& files) {
    for (auto& f : files)
        for (RawDocument& d : f.documents)
            declare_document(f, d);
    assign_files(files);
}

void Resolver::declare_document(SyntaxFile& f, RawDocument& d) {
    auto idx = static_cast<int32_t>(m_rs.documents.size());
    if (!declare(SymbolKind::Document, d.name.text, idx, d.name.span, "document"))
        return;
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

//! Which document each file's declarations belong to: its own document block, or 'part of DOC'.
void Resolver::assign_files(std::vector<SyntaxFile>& files) {
    for (auto& f : files) {
        DocumentId doc;
        for (const RawDocument& d : f.documents)
            if (const Symbol* s = declared_here(SymbolKind::Document, d.name.text, d.name.span);
                s != nullptr && !d.external)
                doc = DocumentId(s->index);
        if (f.part_of) {
            DocumentId owner(lookup(SymbolKind::Document, *f.part_of));
            if (owner.valid()) {
                doc = owner;
                m_rs.document(doc).files.push_back(f.file);
            }
        }
        m_file_doc[f.file] = doc;
    }
}

void Resolver::finish_documents(std::vector<SyntaxFile>& files) {
    for (auto& f : files) {
        for (const RawDocument& rd : f.documents) {
            const Symbol* self = declared_here(SymbolKind::Document, rd.name.text, rd.name.span);
            if (self == nullptr)
                continue;
            Document& doc = m_rs.document(DocumentId(self->index));
            for (const Name& r : rd.repeals) {
                DocumentId repealed(lookup(SymbolKind::Document, r, {},
                                           " (declare it, with 'external' if it is not in the corpus)"));
                if (!repealed.valid())
                    continue;
                if (repealed == DocumentId(self->index)) {
                    error(r.span, "a document cannot repeal itself");
                    continue;
                }
                doc.repeals.push_back(repealed);
                doc.repeal_spans.push_back(r.span);
            }
        }
    }
}

int32_t Resolver::add_enum(const std::string& name, const std::string& label,
                           const std::vector<EnumMember>& members, Span span) {
    auto idx = static_cast<int32_t>(m_rs.enums.size());
    if (!declare(SymbolKind::Enum, name, idx, span, "enum"))
        return m_symbols.find(SymbolKind::Enum, name)->index;
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

void Resolver::declare_shared(SyntaxFile& f) {
    for (auto& e : f.enums)
        add_enum(e.name.text, e.label, e.members, e.name.span);
    for (auto& e : f.entities) {
        auto idx = static_cast<int32_t>(m_rs.entities.size());
        if (declare(SymbolKind::Entity, e.name.text, idx, e.name.span, "entity")) {
            m_rs.entities.push_back({e.name.text, e.label, {}, {}, e.span});
            m_entity_syntax.emplace_back(&f, &e);
        }
    }
    for (auto& u : f.units) {
        auto idx = static_cast<int32_t>(m_rs.units.size());
        declare(SymbolKind::Unit, u.name, idx, u.span, "unit name");
        for (size_t i = 0; i < u.aliases.size(); ++i)
            declare(SymbolKind::Unit, u.aliases[i], idx, u.alias_spans[i], "unit name");
        m_rs.units.push_back({u.name, u.aliases, u.span});
    }
    for (auto& o : f.officials) {
        auto idx = static_cast<int32_t>(m_rs.officials.size());
        if (declare(SymbolKind::Official, o.text, idx, o.span, "official"))
            m_rs.officials.push_back({o.text, o.span});
    }
    for (auto& [n, label] : f.benefits) {
        auto idx = static_cast<int32_t>(m_rs.benefits.size());
        if (declare(SymbolKind::Benefit, n.text, idx, n.span, "benefit"))
            m_rs.benefits.push_back({n.text, label, n.span, {}});
    }
}

Type Resolver::resolve_type(const SynType& t, const std::string& owner_name) {
    if (t.name.empty()) {
        int32_t e = add_enum(owner_name, "", t.inline_members, t.span);
        return {TypeKind::Enum, e};
    }
    static const std::pair<std::string_view, TypeKind> builtins[] = {
        {"bool", TypeKind::Bool}, {"int", TypeKind::Int},           {"number", TypeKind::Number},
        {"rate", TypeKind::Rate}, {"money", TypeKind::Money},       {"date", TypeKind::Date},
        {"days", TypeKind::Days}, {"workdays", TypeKind::Workdays}, {"text", TypeKind::Text}};
    for (const auto& [n, k] : builtins)
        if (t.name == n)
            return {k, -1};
    if (const Symbol* s = m_symbols.find(SymbolKind::Enum, t.name))
        return {TypeKind::Enum, s->index};
    Diagnostic& d =
        error(t.span, "unknown type '" + t.name +
                          "' (expected bool, int, number, rate, money, date, days, workdays, text "
                          "or an enum name)");
    if (auto near = m_symbols.suggest(SymbolKind::Enum, t.name))
        d.note(near->span, "did you mean '" + near->name + "'?");
    return {};
}

void Resolver::resolve_entities(SyntaxFile& f) {
    for (auto& [file, raw] : m_entity_syntax) {
        if (file != &f)
            continue;
        auto idx = m_symbols.find(SymbolKind::Entity, raw->name.text)->index;
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

void Resolver::resolve_entity_bodies() {
    for (auto& [file, raw] : m_entity_syntax) {
        auto idx = m_symbols.find(SymbolKind::Entity, raw->name.text)->index;
        for (auto& a : raw->attrs) {
            auto slot = m_rs.find_attribute(idx, a.name.text);
            if (!slot || a.default_value == no_syn)
                continue;
            Type t = m_rs.entities[static_cast<size_t>(idx)].attrs[static_cast<size_t>(*slot)].type;
            ExprId v = m_types.constant(*file, a.default_value, t);
            m_rs.entities[static_cast<size_t>(idx)].attrs[static_cast<size_t>(*slot)].default_value = v;
        }
        for (SynId as : raw->assumptions) {
            ExprContext c{file, idx, false};
            ExprId e = m_types.check(c, as, Type{TypeKind::Bool});
            m_rs.entities[static_cast<size_t>(idx)].assumptions.push_back(e);
        }
    }
}

void Resolver::resolve_params(SyntaxFile& f) {
    for (auto& p : f.params) {
        auto idx = static_cast<int32_t>(m_rs.params.size());
        if (!declare(SymbolKind::Param, p.name.text, idx, p.name.span, "parameter"))
            continue;
        Type t = resolve_type(p.type, p.name.text);
        Param& par = m_rs.params.emplace_back();
        par.name = p.name.text;
        par.label = p.label;
        par.type = t;
        par.document = m_file_doc[f.file];
        par.span = p.span;
        m_param_syntax.emplace_back(&f, &p);
    }
}

void Resolver::resolve_param_values() {
    for (auto& [file, raw] : m_param_syntax) {
        auto idx = m_symbols.find(SymbolKind::Param, raw->name.text)->index;
        Type t = m_rs.params[static_cast<size_t>(idx)].type;
        if (t.kind == TypeKind::Text) {
            error(raw->name.span, "a parameter cannot be text");
            continue;
        }
        std::vector<DatedValue> values;
        for (auto& v : raw->values) {
            ExprId e = m_types.constant(*file, v.value, t);
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
        if (raw->low != no_syn)
            resolve_param_range(*file, *raw, par);
    }
}

void Resolver::resolve_param_range(SyntaxFile& f, const RawParam& raw, Param& par) {
    ExprId lo = m_types.constant(f, raw.low, par.type);
    ExprId hi = m_types.constant(f, raw.high, par.type);
    if (lo == no_expr || hi == no_expr)
        return;
    par.has_range = true;
    par.low = node(lo).value;
    par.high = node(hi).value;
    if (par.low > par.high)
        error(raw.span, "the range of '" + par.name + "' is empty (low > high)");
    for (auto& v : par.values)
        if (v.value < par.low || v.value > par.high)
            error(v.span, "value outside the declared range of '" + par.name + "'");
}

void Resolver::resolve_measures(SyntaxFile& f) {
    for (auto& m : f.measures) {
        auto idx = static_cast<int32_t>(m_rs.measures.size());
        if (!declare(SymbolKind::Measure, m.name.text, idx, m.name.span, "measure"))
            continue;
        Type t = resolve_type(m.type, m.name.text);
        if (t.kind == TypeKind::Text || t.kind == TypeKind::Bool)
            error(m.type.span, "a measure is a quantity: int, number, rate, money, date, days or workdays");
        m_rs.measures.push_back({m.name.text, m.label, t, m.unit, m.span});
    }
}

DocumentId Resolver::owner_document(const SyntaxFile& f, Span s, std::string_view what) {
    DocumentId d = m_file_doc[f.file];
    if (!d.valid() && !f.part_of)
        error(s, "a " + std::string(what) +
                     " belongs to a document, but this file declares none "
                     "(add a 'document' block or 'part of DOC')");
    return d;
}

void Resolver::declare_owned(SyntaxFile& f) {
    for (auto& c : f.clauses) {
        DocumentId d = owner_document(f, c.name.span, "clause");
        if (!d.valid())
            continue;
        std::string id = qualified(d, c.name.text);
        auto idx = static_cast<int32_t>(m_rs.clauses.size());
        if (!declare(SymbolKind::Clause, id, idx, c.name.span, "clause id"))
            continue;
        Clause& cl = m_rs.clauses.emplace_back();
        cl.local_id = c.name.text;
        cl.id = id;
        cl.document = d;
        cl.span = c.span;
        cl.name_span = c.name.span;
    }
    for (auto& t : f.tasks) {
        DocumentId d = owner_document(f, t.name.span, task_kind_name(t.kind));
        if (!d.valid())
            continue;
        std::string id = qualified(d, t.name.text);
        auto idx = static_cast<int32_t>(m_rs.tasks.size());
        if (!declare(SymbolKind::Task, id, idx, t.name.span, std::string(task_kind_name(t.kind)) + " id"))
            continue;
        Task& tk = m_rs.tasks.emplace_back();
        tk.kind = t.kind;
        tk.local_id = t.name.text;
        tk.id = id;
        tk.document = d;
        tk.span = t.span;
        tk.name_span = t.name.span;
    }
}

} // namespace lexsim::rules::detail
