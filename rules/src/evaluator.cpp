#include "lexsim/rules/evaluator.hpp"

#include "int128.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/decide.hpp"

#include <algorithm>

namespace lexsim::rules {

namespace {

using detail::i128;

//! Floor division in 128 bits: the caller checks that the quotient fits before narrowing it.
i128 floor_div(i128 a, i128 b) {
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool fits(i128 v) {
    return v >= INT64_MIN && v <= INT64_MAX;
}

EvalValue ok(int64_t v) {
    return {v, EvalStatus::Ok, -1};
}
EvalValue fail(EvalStatus s, int32_t detail = -1) {
    return {0, s, detail};
}

} // namespace

// The hot path: a recursive walk over the arena. No allocation, no strings.
// Over 80 lines: one case per ExprOp on the hot path; a call per case would add a frame per node.
// NOLINTNEXTLINE(readability-function-size)
EvalValue eval_expr(const RuleSet& rs, ExprId id, const EvalInput& in) {
    const Expr& e = rs.exprs[static_cast<size_t>(id)];
    switch (e.op) {
    case ExprOp::Literal:
        return ok(e.value);
    case ExprOp::Attr:
        if (in.attrs == nullptr || (in.attr_present && !in.attr_present[e.value]))
            return fail(EvalStatus::MissingAttr, static_cast<int32_t>(e.value));
        return ok(in.attrs[e.value]);
    case ExprOp::Param:
        if (in.params == nullptr || (in.param_present && !in.param_present[e.value]))
            return fail(EvalStatus::MissingParam, static_cast<int32_t>(e.value));
        return ok(in.params[e.value]);
    case ExprOp::Today:
        return ok(in.today);
    case ExprOp::Not: {
        EvalValue a = eval_expr(rs, e.a, in);
        return a.status != EvalStatus::Ok ? a : ok(a.value == 0);
    }
    case ExprOp::Neg: {
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status != EvalStatus::Ok)
            return a;
        if (a.value == INT64_MIN)
            return fail(EvalStatus::Overflow);
        return ok(-a.value);
    }
    case ExprOp::And: {
        // false wins over missing, so "a and b" is false when a is false even if b is unknown.
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status == EvalStatus::Ok && a.value == 0)
            return ok(0);
        EvalValue b = eval_expr(rs, e.b, in);
        if (b.status == EvalStatus::Ok && b.value == 0)
            return ok(0);
        if (a.status != EvalStatus::Ok)
            return a;
        return b;
    }
    case ExprOp::Or: {
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status == EvalStatus::Ok && a.value != 0)
            return ok(1);
        EvalValue b = eval_expr(rs, e.b, in);
        if (b.status == EvalStatus::Ok && b.value != 0)
            return ok(1);
        if (a.status != EvalStatus::Ok)
            return a;
        return b;
    }
    case ExprOp::Ite: {
        EvalValue c = eval_expr(rs, e.a, in);
        if (c.status != EvalStatus::Ok)
            return c;
        return eval_expr(rs, c.value ? e.b : e.c, in);
    }
    case ExprOp::Scale: {
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status != EvalStatus::Ok)
            return a;
        i128 r = static_cast<i128>(a.value) * e.value;
        return fits(r) ? ok(static_cast<int64_t>(r)) : fail(EvalStatus::Overflow);
    }
    case ExprOp::In: {
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status != EvalStatus::Ok)
            return a;
        for (uint32_t i = 0; i < e.list_count; ++i)
            if (rs.lists[e.list_begin + i] == a.value)
                return ok(1);
        return ok(0);
    }
    case ExprOp::Min:
    case ExprOp::Max: {
        int64_t best = 0;
        for (uint32_t i = 0; i < e.list_count; ++i) {
            EvalValue v = eval_expr(rs, static_cast<ExprId>(rs.lists[e.list_begin + i]), in);
            if (v.status != EvalStatus::Ok)
                return v;
            if (i == 0 || (e.op == ExprOp::Min ? v.value < best : v.value > best))
                best = v.value;
        }
        return ok(best);
    }
    default:
        break;
    }
    // Binary operators.
    EvalValue a = eval_expr(rs, e.a, in);
    if (a.status != EvalStatus::Ok)
        return a;
    EvalValue b = eval_expr(rs, e.b, in);
    if (b.status != EvalStatus::Ok)
        return b;
    i128 x = a.value, y = b.value;
    switch (e.op) {
    case ExprOp::Add: {
        i128 r = x + y;
        return fits(r) ? ok(static_cast<int64_t>(r)) : fail(EvalStatus::Overflow);
    }
    case ExprOp::Sub: {
        i128 r = x - y;
        return fits(r) ? ok(static_cast<int64_t>(r)) : fail(EvalStatus::Overflow);
    }
    case ExprOp::Mul: {
        i128 r = x * y;
        if (e.value != 1)
            r = floor_div(r, e.value);
        return fits(r) ? ok(static_cast<int64_t>(r)) : fail(EvalStatus::Overflow);
    }
    case ExprOp::Div: {
        if (y == 0)
            return fail(EvalStatus::DivByZero);
        i128 r = floor_div(x * e.value, y);
        return fits(r) ? ok(static_cast<int64_t>(r)) : fail(EvalStatus::Overflow);
    }
    case ExprOp::Eq:
        return ok(x == y);
    case ExprOp::Ne:
        return ok(x != y);
    case ExprOp::Lt:
        return ok(x < y);
    case ExprOp::Le:
        return ok(x <= y);
    case ExprOp::Gt:
        return ok(x > y);
    case ExprOp::Ge:
        return ok(x >= y);
    default:
        break;
    }
    return fail(EvalStatus::Overflow);
}

ParamRow resolve_params(const RuleSet& rs, int32_t date) {
    ParamRow row;
    row.values.assign(rs.params.size(), 0);
    row.present.assign(rs.params.size(), 0);
    for (size_t i = 0; i < rs.params.size(); ++i) {
        for (const auto& v : rs.params[i].values) {
            if (v.from <= date) {
                row.values[i] = v.value;
                row.present[i] = 1;
            }
        }
    }
    return row;
}

EntityRow make_row(const RuleSet& rs, int32_t entity) {
    EntityRow row;
    row.entity = entity;
    const Entity& ent = rs.entities[static_cast<size_t>(entity)];
    row.values.assign(ent.attrs.size(), 0);
    row.present.assign(ent.attrs.size(), 0);
    for (size_t i = 0; i < ent.attrs.size(); ++i) {
        if (ent.attrs[i].default_value != no_expr) {
            row.values[i] = rs.expr(ent.attrs[i].default_value).value;
            row.present[i] = 1;
        }
    }
    return row;
}

bool document_in_force(const RuleSet& rs, DocumentId document, int32_t date) {
    const Document& d = rs.document(document);
    if (d.external || date < d.first_day() || date > d.last_day())
        return false;
    for (const Document& r : rs.documents) {
        if (r.external || date < r.first_day() || date > r.last_day())
            continue;
        for (DocumentId x : r.repeals)
            if (x == document)
                return false;
    }
    return true;
}

const char* clause_status_name(ClauseStatus s) {
    switch (s) {
    case ClauseStatus::Applied:
        return "applied";
    case ClauseStatus::NotApplicable:
        return "not applicable";
    case ClauseStatus::Excluded:
        return "excluded";
    case ClauseStatus::Superseded:
        return "superseded";
    case ClauseStatus::NotInForce:
        return "not in force";
    case ClauseStatus::Undetermined:
        return "undetermined";
    }
    return "?";
}

int64_t Evaluation::total(int32_t benefit, int32_t year) const {
    auto it = totals.find({benefit, year});
    return it == totals.end() ? 0 : it->second;
}

bool Evaluation::applied(ClauseId clause) const {
    for (const auto& c : clauses)
        if (c.clause == clause)
            return c.status == ClauseStatus::Applied;
    return false;
}

namespace {

//! The first conjunct of an and-chain that evaluates to false (for "why not").
ExprId first_false(const RuleSet& rs, ExprId id, const EvalInput& in) {
    const Expr& e = rs.expr(id);
    if (e.op == ExprOp::And) {
        EvalValue a = eval_expr(rs, e.a, in);
        if (a.status == EvalStatus::Ok && a.value == 0)
            return first_false(rs, e.a, in);
        return first_false(rs, e.b, in);
    }
    return id;
}

void collect_params(const RuleSet& rs, ExprId id, std::vector<int32_t>& out) {
    if (id == no_expr)
        return;
    const Expr& e = rs.expr(id);
    if (e.op == ExprOp::Param) {
        auto p = static_cast<int32_t>(e.value);
        if (std::find(out.begin(), out.end(), p) == out.end())
            out.push_back(p);
        return;
    }
    collect_params(rs, e.a, out);
    collect_params(rs, e.b, out);
    collect_params(rs, e.c, out);
    if (e.op == ExprOp::Min || e.op == ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            collect_params(rs, static_cast<ExprId>(rs.lists[e.list_begin + i]), out);
}

//! The attributes (op Attr) or parameters (op Param) an expression reads, each once, in reading order.
void collect_reads(const RuleSet& rs, ExprId id, ExprOp op, std::vector<int32_t>& out) {
    if (id == no_expr)
        return;
    const Expr& e = rs.expr(id);
    if (e.op == op) {
        auto v = static_cast<int32_t>(e.value);
        if (std::find(out.begin(), out.end(), v) == out.end())
            out.push_back(v);
        return;
    }
    collect_reads(rs, e.a, op, out);
    collect_reads(rs, e.b, op, out);
    collect_reads(rs, e.c, op, out);
    if (e.op == ExprOp::Min || e.op == ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            collect_reads(rs, static_cast<ExprId>(rs.lists[e.list_begin + i]), op, out);
}

//! "`a * b` with rd_spend = 1 000 亿元, rate = 70%": what an overflow report names besides the clause.
std::string inputs_text(const RuleSet& rs, const Entity& ent, ExprId id, const EvalInput& in) {
    std::string out = "`" + std::string(rs.sources.slice(rs.expr(id).span)) + "`";
    std::vector<int32_t> attrs, params;
    collect_reads(rs, id, ExprOp::Attr, attrs);
    collect_reads(rs, id, ExprOp::Param, params);
    const char* sep = " with ";
    for (int32_t a : attrs) {
        const Attribute& at = ent.attrs[static_cast<size_t>(a)];
        bool given = in.attr_present == nullptr || in.attr_present[a];
        out += sep + at.name + " = " + (given ? format_value(rs, at.type, in.attrs[a]) : "(not given)");
        sep = ", ";
    }
    for (int32_t p : params) {
        const Param& pr = rs.params[static_cast<size_t>(p)];
        bool given = in.param_present == nullptr || in.param_present[p];
        out += sep + pr.name + " = " + (given ? format_value(rs, pr.type, in.params[p]) : "(not given)");
        sep = ", ";
    }
    return out;
}

//! An input that breaks one of the entity's assumptions is an error of the evaluation.
void check_assumptions(const RuleSet& rs, const Entity& ent, const EvalInput& in, Evaluation& ev) {
    for (ExprId a : ent.assumptions) {
        EvalValue v = eval_expr(rs, a, in);
        if (v.status == EvalStatus::Ok && v.value == 0)
            ev.errors.push_back("the input breaks the assumption '" +
                                std::string(rs.sources.slice(rs.expr(a).span)) + "' of entity " + ent.name);
        if (v.status == EvalStatus::Ok && v.value == 0)
            ev.error_details.push_back({ClauseId::none(), a, false, {}});
    }
}

//! Why a value could not be computed: the missing attribute or parameter, a division by zero, an overflow.
std::string why_missing(const RuleSet& rs, const Entity& ent, const EvalValue& v) {
    return v.status == EvalStatus::MissingAttr
               ? "attribute '" + ent.attrs[static_cast<size_t>(v.detail)].name + "' not given"
           : v.status == EvalStatus::MissingParam
               ? "parameter '" + rs.params[static_cast<size_t>(v.detail)].name + "' not given"
           : v.status == EvalStatus::DivByZero ? std::string("division by zero")
                                               : std::string("overflow");
}

//! Adds a paid amount to its benefit's total in each year it is paid; a total that would overflow stays
//! at INT64_MAX with an error, never a wrapped, negative figure.
void add_to_totals(const RuleSet& rs, const Clause& c, const Grant& g, const GrantOutcome& o, int32_t year,
                   Evaluation& ev) {
    int32_t last = o.last_year == INT32_MAX ? year : o.last_year;
    for (int32_t y = year; y <= last; ++y) {
        int64_t& total = ev.totals[{g.benefit, y}];
        if (__builtin_add_overflow(total, o.amount, &total)) {
            total = INT64_MAX;
            ev.errors.push_back("clause " + c.id + ": the total of benefit " +
                                rs.benefits[static_cast<size_t>(g.benefit)].name + " in " +
                                std::to_string(y) + " overflows (past " + format_money(INT64_MAX) + ")");
        }
    }
}

//! One applied clause in the trace: the decision's amounts for its grants, and its requirements checked.
struct AppliedClause {
    const Clause& c;
    ClauseId id;               //!< the clause's index in the rule set
    size_t grant_begin;        //!< its first grant in the Decider's flat grant arrays
    const Decider::Scratch& s; //!< the Decider's results for the day
};

void trace_applied(const RuleSet& rs, const Entity& ent, const EvalInput& in, const AppliedClause& ac,
                   int32_t year, Evaluation& ev) {
    const Clause& c = ac.c;
    for (size_t gi = 0; gi < c.grants.size(); ++gi) {
        const Grant& g = c.grants[gi];
        size_t flat = ac.grant_begin + gi;
        GrantOutcome o;
        o.clause = ac.id;
        o.grant = static_cast<int32_t>(gi);
        o.benefit = g.benefit;
        o.quantified = g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact;
        if (o.quantified) {
            collect_params(rs, g.amount, ev.params_used);
            if (ac.s.grant_value[flat].status != EvalStatus::Ok) {
                ev.errors.push_back("clause " + c.id + ": cannot compute the amount " +
                                    inputs_text(rs, ent, g.amount, in) + ": " +
                                    why_missing(rs, ent, ac.s.grant_value[flat]));
                ev.error_details.push_back({ac.id, g.amount, true, ac.s.grant_value[flat]});
                continue;
            }
            o.amount = ac.s.grant_amount[flat];
        }
        o.first_year = year;
        o.last_year = !g.per_year ? year : g.years > 0 ? year + g.years - 1 : INT32_MAX;
        if (o.quantified && o.amount > 0)
            add_to_totals(rs, c, g, o, year, ev);
        ev.grants.push_back(o);
    }
    for (size_t ci = 0; ci < c.constraints.size(); ++ci) {
        EvalValue v = eval_expr(rs, c.constraints[ci].condition, in);
        ConstraintOutcome o;
        o.clause = ac.id;
        o.constraint = static_cast<int32_t>(ci);
        o.determined = v.status == EvalStatus::Ok;
        o.satisfied = !o.determined || (c.constraints[ci].forbid ? v.value == 0 : v.value != 0);
        ev.constraints.push_back(o);
    }
}

} // namespace

Evaluation evaluate(const RuleSet& rs, const EntityRow& row, int32_t date, const ParamRow& params) {
    Evaluation ev;
    EvalInput in{row.values.data(), row.present.data(), params.values.data(), params.present.data(), date};
    const Entity& ent = rs.entities[static_cast<size_t>(row.entity)];
    check_assumptions(rs, ent, in, ev);
    // The decisions come from the same core the simulators use; this adds the trace.
    Decider decider(rs, row.entity);
    Decider::Day day = decider.day(date);
    Decider::Scratch s = decider.scratch();
    decider.decide(in, day, s);
    const auto& local = decider.clauses();
    int32_t year = year_of(date);
    for (size_t k = 0; k < local.size(); ++k) {
        const Clause& c = rs.clause(local[k]);
        ClauseTrace t;
        t.clause = local[k];
        t.status = s.status[k];
        t.by_clause = s.by[k] >= 0 ? local[static_cast<size_t>(s.by[k])] : ClauseId::none();
        t.missing = s.missing[k];
        if (day.in_force[k] && c.condition != no_expr)
            collect_params(rs, c.condition, ev.params_used);
        if (t.status == ClauseStatus::NotApplicable)
            t.reason = first_false(rs, c.condition, in);
        if (t.status == ClauseStatus::Undetermined &&
            (t.missing.status == EvalStatus::DivByZero || t.missing.status == EvalStatus::Overflow)) {
            ev.errors.push_back("clause " + c.id + ": " + why_missing(rs, ent, t.missing) +
                                " in the condition " + inputs_text(rs, ent, c.condition, in));
            ev.error_details.push_back({local[k], c.condition, false, t.missing});
        }
        ev.clauses.push_back(t);
        if (t.status == ClauseStatus::Applied)
            trace_applied(rs, ent, in, {c, local[k], decider.grant_begin(k), s}, year, ev);
    }
    return ev;
}

Evaluation evaluate_example(const RuleSet& rs, const Example& ex) {
    EntityRow row = make_row(rs, ex.entity);
    for (const auto& b : ex.given)
        row.set(b.slot, rs.expr(b.value).value);
    ParamRow params = resolve_params(rs, ex.on);
    for (const auto& b : ex.params) {
        params.values[static_cast<size_t>(b.slot)] = rs.expr(b.value).value;
        params.present[static_cast<size_t>(b.slot)] = 1;
    }
    return evaluate(rs, row, ex.on, params);
}

std::vector<ExampleFailure> run_examples(const RuleSet& rs) {
    std::vector<ExampleFailure> out;
    for (size_t i = 0; i < rs.examples.size(); ++i) {
        const Example& ex = rs.examples[i];
        Evaluation ev = evaluate_example(rs, ex);
        auto fail = [&](Span s, std::string msg) {
            out.push_back({static_cast<int32_t>(i), s, std::move(msg)});
        };
        for (const auto& e : ev.errors)
            fail(ex.span, "example '" + ex.local_id + "': " + e);
        for (const auto& x : ex.expectations) {
            if (x.kind == ExpectKind::Amount) {
                int32_t y = x.year ? x.year : year_of(ex.on);
                int64_t got = ev.total(x.benefit, y);
                if (got != x.amount)
                    fail(x.span, "expected " + rs.benefits[static_cast<size_t>(x.benefit)].name + " = " +
                                     format_money(x.amount) + " in " + std::to_string(y) + ", got " +
                                     format_money(got));
            } else if (x.kind == ExpectKind::Satisfied || x.kind == ExpectKind::Violated) {
                bool any = false, violated = false, undetermined = false;
                for (const auto& k : ev.constraints) {
                    if (k.clause != x.clause)
                        continue;
                    any = true;
                    violated = violated || (k.determined && !k.satisfied);
                    undetermined = undetermined || !k.determined;
                }
                const std::string& id = rs.clause(x.clause).id;
                if (!any)
                    fail(x.span, "expected clause " + id +
                                     " to apply with its requirements checked, but it did not apply");
                else if (undetermined && !violated)
                    fail(x.span, "clause " + id + ": a requirement is undetermined (a value is not given)");
                else if (violated != (x.kind == ExpectKind::Violated))
                    fail(x.span, "expected clause " + id +
                                     (violated ? " to be satisfied, but it is violated"
                                               : " to be violated, but it is satisfied"));
            } else {
                bool applied = ev.applied(x.clause);
                bool want = x.kind == ExpectKind::Applies;
                if (applied != want) {
                    std::string status = "not about this entity";
                    for (const auto& t : ev.clauses)
                        if (t.clause == x.clause)
                            status = clause_status_name(t.status);
                    fail(x.span, "expected clause " + rs.clause(x.clause).id +
                                     (want ? " to apply" : " not to apply") + ", but it is " + status);
                }
            }
        }
    }
    return out;
}

} // namespace lexsim::rules
