// Resolver pass 2: clause bodies, targets, records and examples (tasks: resolve_tasks.cpp).
#include "lexsim/rules/calendar.hpp"
#include "resolver.hpp"

namespace lexsim::rules::detail {

void Resolver::resolve_owned(SyntaxFile& f) {
    DocumentId d = m_file_doc[f.file];
    for (auto& c : f.clauses) {
        if (!d.valid())
            continue;
        if (const Symbol* s = declared_here(SymbolKind::Clause, qualified(d, c.name.text), c.name.span))
            resolve_clause(f, c, m_rs.clause(ClauseId(s->index)), d);
    }
    for (auto& t : f.tasks) {
        if (!d.valid())
            continue;
        if (const Symbol* s = declared_here(SymbolKind::Task, qualified(d, t.name.text), t.name.span))
            resolve_task(f, t, m_rs.tasks[static_cast<size_t>(s->index)], d);
    }
    for (auto& r : f.records)
        resolve_record(f, r);
    for (auto& e : f.examples)
        resolve_example(f, e);
}

void Resolver::resolve_clause(SyntaxFile& f, RawClause& c, Clause& cl, DocumentId d) {
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
        cl.entity = lookup(SymbolKind::Entity, *c.entity);
    ExprContext ctx{&f, cl.entity, true};
    if (c.condition != no_syn) {
        if (!c.entity)
            error(TypeChecker::syntax(f, c.condition).span, "a condition needs 'applies to ENTITY when …'");
        else
            cl.condition = m_types.check(ctx, c.condition, Type{TypeKind::Bool});
    }
    bool needs_entity = !c.grants.empty() || !c.constraints.empty() || c.excludes_document ||
                        !c.excludes.empty() || !c.exclusive_with.empty();
    if (needs_entity && !c.entity)
        error(c.name.span,
              "clause '" + c.name.text + "' grants, requires or excludes, so it needs 'applies to ENTITY'");
    if (c.grants.empty() && c.constraints.empty() && c.ranges.empty() && c.targets.empty() &&
        c.reported.empty() && !c.excludes_document && c.excludes.empty() && c.exclusive_with.empty())
        error(c.name.span,
              "clause '" + c.name.text +
                  "' has no outcome (grant, forbid, require, range, target, reported or excludes)");
    resolve_grants(f, c, cl, ctx);
    for (auto& k : c.constraints) {
        Constraint out;
        out.forbid = k.forbid;
        out.span = k.span;
        if (c.entity)
            out.condition = m_types.check(ctx, k.condition, Type{TypeKind::Bool});
        cl.constraints.push_back(out);
    }
    resolve_ranges(c, cl, ctx);
    for (auto& t : c.targets)
        cl.targets.push_back(resolve_target(f, t));
    for (auto& r : c.reported)
        cl.reported.push_back(resolve_reported(f, r));
    cl.excludes_document = c.excludes_document;
    resolve_links(c, cl, d);
}

void Resolver::resolve_grants(SyntaxFile& f, RawClause& c, Clause& cl, const ExprContext& ctx) {
    for (auto& g : c.grants) {
        Grant out;
        out.benefit = lookup(SymbolKind::Benefit, g.benefit);
        out.amount_kind = g.amount_kind;
        out.per_year = g.per_year;
        out.years = g.years;
        out.once = g.once;
        out.mode = g.mode;
        out.quota = g.quota;
        out.span = g.span;
        if (g.amount != no_syn)
            out.amount = m_types.check(ctx, g.amount, Type{TypeKind::Money});
        if (out.amount != no_expr && node(out.amount).op == ExprOp::Literal && node(out.amount).value < 0)
            m_diags.warning(node(out.amount).span,
                            "a negative grant amount: a grant pays at least 0, so this clause pays nothing");
        if (g.payer)
            out.payer = lookup(SymbolKind::Unit, *g.payer);
        if (g.recipient)
            out.recipient = lookup(SymbolKind::Entity, *g.recipient);
        if (g.pool != no_syn) {
            ExprId p = m_types.constant(f, g.pool, Type{TypeKind::Money});
            if (p != no_expr)
                out.pool = node(p).value;
        }
        if (g.years > 0 && !g.per_year)
            error(g.span, "'for N years' needs 'per year'");
        if (g.once && g.per_year)
            error(g.span, "a grant cannot be both 'once' and 'per year'");
        cl.grants.push_back(out);
    }
}

void Resolver::resolve_ranges(RawClause& c, Clause& cl, const ExprContext& ctx) {
    for (auto& r : c.ranges) {
        RangeOutcome out;
        out.measure = lookup(SymbolKind::Measure, r.measure);
        out.span = r.span;
        if (out.measure >= 0) {
            Type t = m_rs.measures[static_cast<size_t>(out.measure)].type;
            out.low = m_types.check(ctx, r.low, t);
            out.high = m_types.check(ctx, r.high, t);
            if (out.low != no_expr && out.high != no_expr && node(out.low).op == ExprOp::Literal &&
                node(out.high).op == ExprOp::Literal && node(out.low).value > node(out.high).value)
                error(r.span, "empty range: the low end is above the high end");
        }
        cl.ranges.push_back(out);
    }
}

//! excludes, exclusive with, refers (with a warning for a document that another one repeals).
void Resolver::resolve_links(RawClause& c, Clause& cl, DocumentId d) {
    for (auto& n : c.excludes)
        if (ClauseId x(lookup(SymbolKind::Clause, n, d)); x.valid())
            cl.excludes.push_back(x);
    for (auto& n : c.exclusive_with)
        if (ClauseId x(lookup(SymbolKind::Clause, n, d)); x.valid())
            cl.exclusive_with.push_back(x);
    for (auto& n : c.refers) {
        DocumentId x(lookup(SymbolKind::Document, n));
        if (!x.valid())
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
                            "clause '" + c.name.text + "' refers to " + m_rs.document(x).number + ", which " +
                                r.number + " repeals" +
                                (r.first_day() != INT32_MIN ? " from " + format_date(r.first_day()) : ""))
                        .note(r.repeal_spans[i], "repealed here");
    }
}

Target Resolver::resolve_target(SyntaxFile& f, const RawTarget& t) {
    Target out;
    out.measure = lookup(SymbolKind::Measure, t.measure);
    out.op = t.op;
    out.by = t.by;
    out.per_year = t.per_year;
    out.span = t.span;
    if (out.measure >= 0) {
        ExprContext c{&f, -1, false};
        out.value = m_types.check(c, t.value, m_rs.measures[static_cast<size_t>(out.measure)].type);
    }
    return out;
}

//! `reported M = V at DATE`: V is a constant of the measure's type.
Reported Resolver::resolve_reported(SyntaxFile& f, const RawReported& r) {
    Reported out;
    out.measure = lookup(SymbolKind::Measure, r.measure);
    out.at = r.at;
    out.span = r.span;
    if (out.measure >= 0)
        out.value = m_types.constant(f, r.value, m_rs.measures[static_cast<size_t>(out.measure)].type);
    return out;
}

std::vector<Binding> Resolver::bindings(SyntaxFile& f, int32_t entity, std::vector<RawBinding>& raw,
                                        bool params) {
    std::vector<Binding> out;
    std::unordered_map<std::string, Span> seen;
    for (auto& b : raw) {
        auto [it, ok] = seen.emplace(b.name.text, b.name.span);
        if (!ok) {
            error(b.name.span, "'" + b.name.text + "' is given twice").note(it->second, "first given here");
            continue;
        }
        Type t;
        int32_t slot = -1;
        if (params) {
            slot = lookup(SymbolKind::Param, b.name);
            if (slot < 0)
                continue;
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
        ExprId v = m_types.constant(f, b.value, t);
        if (v != no_expr)
            out.push_back({slot, v, b.name.span});
    }
    return out;
}

void Resolver::resolve_record(SyntaxFile& f, RawRecord& r) {
    DocumentId d = owner_document(f, r.name.span, "record");
    if (!d.valid())
        return;
    Record rec;
    rec.local_id = r.name.text;
    rec.id = qualified(d, r.name.text);
    rec.document = d;
    rec.article = r.article;
    rec.note = r.note;
    rec.span = r.span;
    if (!declare(SymbolKind::Record, rec.id, static_cast<int32_t>(m_rs.records.size()), r.name.span,
                 "record id"))
        return;
    rec.entity = lookup(SymbolKind::Entity, r.entity);
    if (rec.entity >= 0)
        rec.values = bindings(f, rec.entity, r.values, false);
    m_rs.records.push_back(std::move(rec));
}

void Resolver::resolve_example(SyntaxFile& f, RawExample& e) {
    DocumentId d = owner_document(f, e.name.span, "example");
    if (!d.valid())
        return;
    Example ex;
    ex.local_id = e.name.text;
    ex.id = qualified(d, e.name.text);
    ex.label = e.label;
    ex.document = d;
    ex.span = e.span;
    if (!declare(SymbolKind::Example, ex.id, static_cast<int32_t>(m_rs.examples.size()), e.name.span,
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
    ex.entity = lookup(SymbolKind::Entity, *e.entity);
    if (ex.entity < 0)
        return;
    ex.given = bindings(f, ex.entity, e.given, false);
    ex.params = bindings(f, ex.entity, e.params, true);
    if (!resolve_expectations(f, e, ex, d))
        return;
    if (e.expects.empty())
        error(e.name.span, "example '" + e.name.text + "' expects nothing");
    m_rs.examples.push_back(std::move(ex));
}

//! False when every expectation failed to resolve (the example is then dropped; errors are out).
bool Resolver::resolve_expectations(SyntaxFile& f, RawExample& e, Example& ex, DocumentId d) {
    for (auto& x : e.expects) {
        Expectation out;
        out.kind = x.kind;
        out.year = x.year;
        out.span = x.span;
        if (x.kind == ExpectKind::Amount) {
            out.benefit = lookup(SymbolKind::Benefit, x.target);
            ExprId v = m_types.constant(f, x.amount, Type{TypeKind::Money});
            if (out.benefit < 0 || v == no_expr)
                continue;
            out.amount = node(v).value;
        } else {
            out.clause = ClauseId(lookup(SymbolKind::Clause, x.target, d));
            if (!out.clause.valid())
                continue;
        }
        ex.expectations.push_back(out);
    }
    return !(ex.expectations.empty() && !e.expects.empty());
}

} // namespace lexsim::rules::detail
