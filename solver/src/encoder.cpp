#include "encoder.hpp"

#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <cstdlib>

namespace lexsim::solver::detail {

using rules::ExprOp;
using rules::TypeKind;

namespace {
//! The values an entity can have: every value of its type the evaluator holds (a signed 64-bit integer in its
//! unit), so that `check` never calls a clause vacuous that `explain` applies to some entity. An arithmetic
//! result outside 64 bits is undefined, as the evaluator's overflow is (see encode()). Money and durations
//! are not negative: amounts, contributions, standards and costs are quantities; a rules file that needs a
//! signed amount says so with an explicit number type.
int64_t upper_bound(TypeKind k) {
    // Money: the largest amount an entity value (rules/src/value.cpp) or a literal can be.
    return k == TypeKind::Money ? INT64_MAX / 1000 : INT64_MAX;
}
int64_t lower_bound(TypeKind k) {
    switch (k) {
    case TypeKind::Money:
    case TypeKind::Days:
    case TypeKind::Workdays:
        return 0;
    default:
        return INT64_MIN;
    }
}
//! The window witnesses are first looked for in (tidy()): values the size the corpus's texts deal in.
int64_t tidy_bound(TypeKind k) {
    switch (k) {
    case TypeKind::Number:
    case TypeKind::Rate:
        return 1'000'000'000'000; // 1 000 000.000000
    default:
        return 1'000'000'000;
    }
}
//! Dates run over the calendar lexsim supports (1900-01-01 to 2999-12-31), as in entity JSON.
int32_t earliest_date() {
    return rules::days_from_civil(1900, 1, 1);
}
int32_t latest_date() {
    return rules::days_from_civil(2999, 12, 31);
}

} // namespace

Encoder::Encoder(const rules::RuleSet& rs) : Encoder(rs, std::make_shared<z3::context>()) {}

Encoder::Encoder(const rules::RuleSet& rs, std::shared_ptr<z3::context> ctx)
    : m_rs(rs), m_exclusions(rs), m_ctx(std::move(ctx)) {
    int32_t earliest = INT32_MAX, latest = INT32_MIN, last_expiry = INT32_MIN;
    for (const auto& d : rs.documents) {
        if (d.external || d.first_day() == INT32_MIN)
            continue;
        earliest = std::min(earliest, d.first_day());
        latest = std::max(latest, d.first_day());
        if (d.expires)
            last_expiry = std::max(last_expiry, *d.expires);
    }
    if (earliest == INT32_MAX) // no dated document: any date around 2000
        earliest = latest = rules::days_from_civil(2000, 1, 1);
    m_first_date = earliest - 366;
    m_last_date = std::max(latest + 5 * 366, last_expiry == INT32_MIN ? INT32_MIN : last_expiry + 366);
    m_tidy_first = earliest;
    m_tidy_last = earliest + 2 * 365;
    for (const auto& p : rs.params)
        m_params.push_back(p.type.kind == TypeKind::Bool ? m_ctx->bool_const(("param." + p.name).c_str())
                                                         : m_ctx->int_const(("param." + p.name).c_str()));
}

Situation Encoder::situation(int32_t entity, const std::string& tag) {
    const rules::Entity& ent = m_rs.entities[static_cast<size_t>(entity)];
    std::string prefix = ent.name + (tag.empty() ? std::string() : "." + tag) + ".";
    ++m_situations;
    Situation s{entity, {}, m_ctx->int_const((prefix + "date").c_str())};
    for (const auto& a : ent.attrs) {
        std::string n = prefix + a.name;
        s.attrs.push_back(a.type.kind == TypeKind::Bool ? m_ctx->bool_const(n.c_str())
                                                        : m_ctx->int_const(n.c_str()));
    }
    return s;
}

z3::expr Encoder::in_range(const z3::expr& v, TypeKind k, int64_t scale) {
    return v >= int_val(lower_bound(k) / scale) && v <= int_val(upper_bound(k) / scale);
}

z3::expr Encoder::fits(const z3::expr& v) {
    return v >= int_val(INT64_MIN) && v <= int_val(INT64_MAX);
}

std::vector<z3::expr> Encoder::domain(const Situation& s, int64_t scale) {
    std::vector<z3::expr> out;
    const rules::Entity& ent = m_rs.entities[static_cast<size_t>(s.entity)];
    for (size_t i = 0; i < ent.attrs.size(); ++i) {
        const auto& t = ent.attrs[i].type;
        const z3::expr& v = s.attrs[i];
        if (t.kind == TypeKind::Bool)
            continue;
        if (t.kind == TypeKind::Enum) {
            auto n = static_cast<int64_t>(m_rs.enums[static_cast<size_t>(t.enum_id)].members.size());
            out.push_back(v >= 0 && v < int_val(n));
        } else if (t.kind == TypeKind::Date) {
            out.push_back(v >= earliest_date() && v <= latest_date());
        } else if (t.kind == TypeKind::Text) {
            out.push_back(v >= 0 && v <= 0);
        } else {
            out.push_back(in_range(v, t.kind, scale));
        }
    }
    // Any date `explain --date` takes: a clause that applies only years after the documents (`when today >=
    // 2040-01-01`) is not vacuous. tidy() prefers the documents' first years.
    out.push_back(s.date >= earliest_date() && s.date <= latest_date());
    for (rules::ExprId a : ent.assumptions) {
        Term t = encode(a, s);
        out.push_back(z3::implies(t.def, t.v));
    }
    return out;
}

std::vector<z3::expr> Encoder::tidy(const Situation& s) {
    std::vector<z3::expr> out;
    const rules::Entity& ent = m_rs.entities[static_cast<size_t>(s.entity)];
    out.push_back(s.date >= m_tidy_first && s.date <= m_tidy_last);
    for (size_t i = 0; i < ent.attrs.size(); ++i) {
        const z3::expr& v = s.attrs[i];
        switch (ent.attrs[i].type.kind) {
        case TypeKind::Money:
            out.push_back(v <= int_val(10'000'000'000) && z3::mod(v, int_val(1'000'000)) == 0);
            break;
        case TypeKind::Int:
            out.push_back(v >= 0 && v <= 1000);
            break;
        case TypeKind::Date:
            out.push_back(v >= m_tidy_first && v <= m_tidy_last);
            break;
        case TypeKind::Number:
        case TypeKind::Rate:
        case TypeKind::Days:
        case TypeKind::Workdays:
            out.push_back(v >= int_val(-tidy_bound(ent.attrs[i].type.kind)) &&
                          v <= int_val(tidy_bound(ent.attrs[i].type.kind)));
            break;
        default:
            break;
        }
    }
    for (size_t i = 0; i < m_rs.params.size(); ++i) {
        const auto& p = m_rs.params[i];
        if (!p.values.empty() || p.has_range)
            continue;
        if (p.type.kind == TypeKind::Money)
            out.push_back(m_params[i] <= int_val(10'000'000'000) &&
                          z3::mod(m_params[i], int_val(1'000'000)) == 0);
        else if (p.type.kind != TypeKind::Bool && p.type.kind != TypeKind::Enum &&
                 p.type.kind != TypeKind::Date)
            out.push_back(m_params[i] >= int_val(-tidy_bound(p.type.kind)) &&
                          m_params[i] <= int_val(tidy_bound(p.type.kind)));
    }
    return out;
}

std::vector<z3::expr> Encoder::plausible(const Situation& s) {
    std::vector<z3::expr> out;
    auto round = [&](const z3::expr& v) {
        return v == 0 || (v >= int_val(1'000'000'000) && v <= int_val(10'000'000'000) &&
                          z3::mod(v, int_val(100'000'000)) == 0);
    };
    const rules::Entity& ent = m_rs.entities[static_cast<size_t>(s.entity)];
    for (size_t i = 0; i < ent.attrs.size(); ++i)
        if (ent.attrs[i].type.kind == TypeKind::Money)
            out.push_back(round(s.attrs[i]));
    for (size_t i = 0; i < m_rs.params.size(); ++i)
        if (m_rs.params[i].values.empty() && m_rs.params[i].type.kind == TypeKind::Money)
            out.push_back(round(m_params[i]));
    return out;
}

std::vector<z3::expr> Encoder::param_domain(int64_t scale) {
    std::vector<z3::expr> out;
    for (size_t i = 0; i < m_rs.params.size(); ++i) {
        const auto& p = m_rs.params[i];
        if (!p.values.empty() || p.type.kind == TypeKind::Bool)
            continue;
        if (p.type.kind == TypeKind::Enum) {
            auto n = static_cast<int64_t>(m_rs.enums[static_cast<size_t>(p.type.enum_id)].members.size());
            out.push_back(m_params[i] >= 0 && m_params[i] < int_val(n));
        } else if (p.has_range) {
            out.push_back(m_params[i] >= int_val(p.low) && m_params[i] <= int_val(p.high));
        } else if (p.type.kind == TypeKind::Date) {
            out.push_back(m_params[i] >= earliest_date() && m_params[i] <= latest_date());
        } else {
            out.push_back(in_range(m_params[i], p.type.kind, scale));
        }
    }
    return out;
}

Term Encoder::param(int32_t p, const z3::expr& date) {
    const rules::Param& par = m_rs.params[static_cast<size_t>(p)];
    z3::context& c = *m_ctx;
    if (par.values.empty())
        return {m_params[static_cast<size_t>(p)], c.bool_val(true)};
    auto lit = [&](int64_t v) { return par.type.kind == TypeKind::Bool ? c.bool_val(v != 0) : int_val(v); };
    // The value in force on `date`: the last one whose date is not after it.
    z3::expr v = lit(par.values.front().value);
    for (size_t i = 1; i < par.values.size(); ++i)
        v = z3::ite(date >= par.values[i].from, lit(par.values[i].value), v);
    z3::expr def = par.values.front().from == INT32_MIN ? c.bool_val(true) : date >= par.values.front().from;
    return {v, def};
}

z3::expr Encoder::floor_div(const z3::expr& a, const z3::expr& b) {
    if (b.is_numeral()) {
        int64_t d = 0;
        if (b.is_numeral_i64(d) && d > 0)
            return a / b; // SMT-LIB div rounds down for a positive divisor
    }
    return z3::ite(b > 0, a / b, (-a) / (-b));
}

// Over 80 lines: one case per ExprOp, mirroring rules::eval_expr.
// NOLINTNEXTLINE(readability-function-size)
Term Encoder::encode(rules::ExprId id, const Situation& s) {
    const rules::Expr& e = m_rs.expr(id);
    z3::context& c = *m_ctx;
    z3::expr yes = c.bool_val(true);
    switch (e.op) {
    case ExprOp::Literal:
        if (e.type.kind == TypeKind::Bool)
            return {c.bool_val(e.value != 0), yes};
        return {int_val(e.value), yes};
    case ExprOp::Attr:
        return {s.attrs[static_cast<size_t>(e.value)], yes};
    case ExprOp::Param:
        return param(static_cast<int32_t>(e.value), s.date);
    case ExprOp::Today:
        return {s.date, yes};
    case ExprOp::Not: {
        Term a = encode(e.a, s);
        return {!a.v, a.def};
    }
    case ExprOp::Neg: {
        Term a = encode(e.a, s);
        return {-a.v, a.def && fits(-a.v)};
    }
    case ExprOp::And:
    case ExprOp::Or: {
        Term a = encode(e.a, s), b = encode(e.b, s);
        if (e.op == ExprOp::And)
            return {a.v && b.v, (a.def && !a.v) || (b.def && !b.v) || (a.def && b.def)};
        return {a.v || b.v, (a.def && a.v) || (b.def && b.v) || (a.def && b.def)};
    }
    case ExprOp::Ite: {
        Term cnd = encode(e.a, s), a = encode(e.b, s), b = encode(e.c, s);
        return {z3::ite(cnd.v, a.v, b.v), cnd.def && z3::ite(cnd.v, a.def, b.def)};
    }
    case ExprOp::Scale: {
        Term a = encode(e.a, s);
        z3::expr r = a.v * int_val(e.value);
        return {r, a.def && fits(r)};
    }
    case ExprOp::In: {
        Term a = encode(e.a, s);
        z3::expr any = c.bool_val(false);
        for (uint32_t i = 0; i < e.list_count; ++i)
            any = any || a.v == int_val(m_rs.lists[e.list_begin + i]);
        return {any, a.def};
    }
    case ExprOp::Min:
    case ExprOp::Max: {
        Term best = encode(static_cast<rules::ExprId>(m_rs.lists[e.list_begin]), s);
        for (uint32_t i = 1; i < e.list_count; ++i) {
            Term x = encode(static_cast<rules::ExprId>(m_rs.lists[e.list_begin + i]), s);
            z3::expr take = e.op == ExprOp::Min ? x.v < best.v : x.v > best.v;
            best = {z3::ite(take, x.v, best.v), best.def && x.def};
        }
        return best;
    }
    default:
        break;
    }
    Term a = encode(e.a, s), b = encode(e.b, s);
    z3::expr def = a.def && b.def;
    switch (e.op) {
    // A result outside 64 bits is the evaluator's overflow: undefined, so the clause does not apply.
    case ExprOp::Add: {
        z3::expr r = a.v + b.v;
        return {r, def && fits(r)};
    }
    case ExprOp::Sub: {
        z3::expr r = a.v - b.v;
        return {r, def && fits(r)};
    }
    case ExprOp::Mul: {
        z3::expr prod = a.v * b.v;
        z3::expr r = e.value == 1 ? prod : floor_div(prod, int_val(e.value));
        return {r, def && fits(r)};
    }
    case ExprOp::Div: {
        z3::expr num = e.value == 1 ? a.v : a.v * int_val(e.value);
        z3::expr r = floor_div(num, b.v);
        return {r, def && b.v != 0 && fits(r)};
    }
    case ExprOp::Eq:
        return {a.v == b.v, def};
    case ExprOp::Ne:
        return {a.v != b.v, def};
    case ExprOp::Lt:
        return {a.v < b.v, def};
    case ExprOp::Le:
        return {a.v <= b.v, def};
    case ExprOp::Gt:
        return {a.v > b.v, def};
    case ExprOp::Ge:
        return {a.v >= b.v, def};
    default:
        break;
    }
    return {c.bool_val(false), c.bool_val(false)};
}

z3::expr Encoder::in_force(rules::DocumentId document, const z3::expr& date) {
    const rules::Document& d = m_rs.document(document);
    z3::context& c = *m_ctx;
    if (d.external)
        return c.bool_val(false);
    auto window = [&](const rules::Document& x) {
        z3::expr w = c.bool_val(true);
        if (x.first_day() != INT32_MIN)
            w = w && date >= x.first_day();
        if (x.last_day() != INT32_MAX)
            w = w && date <= x.last_day();
        return w;
    };
    z3::expr out = window(d);
    for (const auto& r : m_rs.documents) {
        if (r.external)
            continue;
        if (std::find(r.repeals.begin(), r.repeals.end(), document) != r.repeals.end())
            out = out && !window(r);
    }
    return out;
}

z3::expr Encoder::memoised(Memo kind, rules::ClauseId clause, const Situation& s,
                           z3::expr (Encoder::*build)(rules::ClauseId, const Situation&)) {
    auto key = std::make_tuple(kind, s.date.id(), clause);
    if (auto it = m_memo.find(key); it != m_memo.end())
        return it->second;
    z3::expr out = (this->*build)(clause, s);
    m_memo.emplace(key, out);
    return out;
}

z3::expr Encoder::raw_applies(rules::ClauseId clause, const Situation& s) {
    return memoised(Memo::Raw, clause, s, &Encoder::raw_applies_uncached);
}

z3::expr Encoder::raw_applies_uncached(rules::ClauseId clause, const Situation& s) {
    const rules::Clause& c = m_rs.clause(clause);
    z3::context& ctx = *m_ctx;
    if (c.entity != s.entity)
        return ctx.bool_val(false);
    z3::expr out = in_force(c.document, s.date);
    if (c.from)
        out = out && s.date >= *c.from;
    if (c.until)
        out = out && s.date <= *c.until;
    if (c.condition != rules::no_expr) {
        Term t = encode(c.condition, s);
        out = out && t.def && t.v;
    }
    return out;
}

z3::expr Encoder::unexcluded(rules::ClauseId clause, const Situation& s) {
    return memoised(Memo::Unexcluded, clause, s, &Encoder::unexcluded_uncached);
}

z3::expr Encoder::unexcluded_uncached(rules::ClauseId clause, const Situation& s) {
    const rules::Clause& c = m_rs.clause(clause);
    z3::expr out = raw_applies(clause, s);
    for (rules::ClauseId x : m_exclusions.excluded_by(clause))
        if (m_rs.clause(x).entity == c.entity)
            out = out && !raw_applies(x, s);
    return out;
}

Term Encoder::grant_term(rules::ClauseId clause, size_t grant, const Situation& s) {
    const rules::Grant& g = m_rs.clause(clause).grants[grant];
    z3::context& c = *m_ctx;
    if (g.amount == rules::no_expr)
        return {int_val(0), c.bool_val(true)};
    Term t = encode(g.amount, s);
    return {z3::ite(t.v > 0, t.v, int_val(0)), t.def};
}

z3::expr Encoder::grant_amount(rules::ClauseId clause, size_t grant, const Situation& s) {
    Term t = grant_term(clause, grant, s);
    return z3::ite(t.def, t.v, int_val(0));
}

z3::expr Encoder::clause_amount(rules::ClauseId clause, const Situation& s) {
    const rules::Clause& c = m_rs.clause(clause);
    z3::expr sum = int_val(0);
    for (size_t g = 0; g < c.grants.size(); ++g)
        sum = sum + grant_amount(clause, g, s);
    return sum;
}

z3::expr Encoder::applies(rules::ClauseId clause, const Situation& s) {
    return memoised(Memo::Applies, clause, s, &Encoder::applies_uncached);
}

z3::expr Encoder::applies_uncached(rules::ClauseId clause, const Situation& s) {
    const rules::Clause& c = m_rs.clause(clause);
    z3::expr out = unexcluded(clause, s);
    // `exclusive with` is symmetric: a partner that applies with a higher amount (or an equal one and
    // an earlier declaration) takes precedence.
    for (rules::ClauseId j : m_exclusions.partners(clause)) {
        if (m_rs.clause(j).entity != c.entity)
            continue;
        z3::expr mine = clause_amount(clause, s), theirs = clause_amount(j, s);
        z3::expr wins = j < clause ? theirs >= mine : theirs > mine;
        out = out && !(unexcluded(j, s) && wins);
    }
    return out;
}

} // namespace lexsim::solver::detail
