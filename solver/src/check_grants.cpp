// cap-conflict, double-funding and stacking: grants of one benefit, or on one base, that meet.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"
#include "optimum.hpp"

#include <algorithm>

namespace lexsim::solver::detail {

namespace {

using rules::AmountKind;
using rules::ExprId;

struct GrantRef {
    int32_t clause;
    size_t grant;
};

bool quantified(const rules::Grant& g) {
    return g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact;
}

const rules::Grant& grant_of(const rules::RuleSet& rs, const GrantRef& g) {
    return rs.clauses[static_cast<size_t>(g.clause)].grants[g.grant];
}

std::string amount_text(const rules::RuleSet& rs, const rules::Grant& g) {
    std::string s = g.amount_kind == AmountKind::UpTo ? "up to " : "";
    s += std::string(rs.sources.slice(rs.expr(g.amount).span));
    if (g.per_year)
        s += " per year";
    if (g.years > 0)
        s += " for " + std::to_string(g.years) + " years";
    return s;
}

bool reads_attr(const rules::RuleSet& rs, ExprId id, int32_t slot) {
    std::vector<int32_t> attrs;
    Checker::collect_attrs(rs, id, attrs);
    return std::find(attrs.begin(), attrs.end(), slot) != attrs.end();
}

//! Does the expression take a share (`rate * x`) of something computed from attribute `slot`
//! (70% of contribution, 70% of (contribution - standard), …)?
bool has_share_of(const rules::RuleSet& rs, ExprId id, int32_t slot) {
    if (id == rules::no_expr)
        return false;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::Mul && e.value == rules::micro) {
        for (ExprId side : {e.a, e.b})
            if (rs.expr(side).type.kind == rules::TypeKind::Money && reads_attr(rs, side, slot))
                return true;
    }
    if (has_share_of(rs, e.a, slot) || has_share_of(rs, e.b, slot) || has_share_of(rs, e.c, slot))
        return true;
    if (e.op == rules::ExprOp::Min || e.op == rules::ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            if (has_share_of(rs, static_cast<ExprId>(rs.lists[e.list_begin + i]), slot))
                return true;
    return false;
}

//! The evaluator's amount for a clause's grant in the witness's evaluation, or -1.
int64_t evaluated_amount(const rules::Evaluation& ev, const GrantRef& g) {
    for (const auto& o : ev.grants)
        if (o.clause == g.clause && o.grant == static_cast<int32_t>(g.grant))
            return o.amount;
    return -1;
}

} // namespace

void check_grants(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();

    // Group quantified grants by (benefit, entity): only those can meet.
    std::map<std::pair<int32_t, int32_t>, std::vector<GrantRef>> by_benefit;
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const rules::Clause& cl = rs.clauses[i];
        if (cl.entity < 0)
            continue;
        for (size_t g = 0; g < cl.grants.size(); ++g)
            if (quantified(cl.grants[g]))
                by_benefit[{cl.grants[g].benefit, cl.entity}].push_back({static_cast<int32_t>(i), g});
    }

    for (const auto& [key, grants] : by_benefit) {
        auto [benefit, entity] = key;
        const Situation& s = c.situation(entity);
        const std::string& bname = rs.benefits[static_cast<size_t>(benefit)].name;
        for (size_t i = 0; i < grants.size(); ++i) {
            for (size_t j = i + 1; j < grants.size(); ++j) {
                const GrantRef& a = grants[i];
                const GrantRef& b = grants[j];
                if (a.clause == b.clause)
                    continue;
                const rules::Grant& ga = grant_of(rs, a);
                const rules::Grant& gb = grant_of(rs, b);
                Term ta = enc.grant_term(a.clause, a.grant, s);
                Term tb = enc.grant_term(b.clause, b.grant, s);
                z3::expr both = enc.applies(a.clause, s) && enc.applies(b.clause, s) && ta.def && tb.def;
                const rules::Clause& ca = rs.clauses[static_cast<size_t>(a.clause)];
                const rules::Clause& cb = rs.clauses[static_cast<size_t>(b.clause)];
                std::string pair = ca.id + "+" + cb.id;
                std::vector<ExprId> shown = {ca.condition, cb.condition, ga.amount, gb.amount};

                // cap-conflict: two ceilings for one benefit and one situation that differ.
                if (ga.amount_kind == AmountKind::UpTo && gb.amount_kind == AmountKind::UpTo) {
                    auto r = c.solve(entity, {both, ta.v != tb.v}, "cap-conflict-" + pair);
                    if (r.verdict == Verdict::Unknown) {
                        c.unknown("cap-conflict",
                                  "whether " + ca.id + " and " + cb.id + " give different ceilings", r.reason,
                                  {a.clause, b.clause});
                    } else if (r.verdict == Verdict::Sat) {
                        Finding f;
                        f.kind = "cap-conflict";
                        f.severity = Severity::Error;
                        f.clauses = {a.clause, b.clause};
                        f.witness = c.witness(entity, *r.model, shown);
                        rules::Evaluation ev = c.evaluate(*f.witness);
                        int64_t xa = evaluated_amount(ev, a), xb = evaluated_amount(ev, b);
                        f.message = "two ceilings for " + bname +
                                    " in the same situation: " + cite(rs, a.clause) + " gives " +
                                    amount_text(rs, ga) + ", " + cite(rs, b.clause) + " gives " +
                                    amount_text(rs, gb);
                        f.witness->facts.emplace_back(ca.id, rules::format_money(xa));
                        f.witness->facts.emplace_back(cb.id, rules::format_money(xb));
                        c.verify(*f.witness, "cap-conflict " + pair,
                                 [&](const rules::Evaluation& e, std::string& why) {
                                     why = "expected both clauses to apply with different amounts";
                                     int64_t ea = evaluated_amount(e, a), eb = evaluated_amount(e, b);
                                     return e.applied(a.clause) && e.applied(b.clause) && ea >= 0 &&
                                            eb >= 0 && ea != eb;
                                 });
                        c.add(std::move(f));
                    }
                }

                // double-funding: both pay, and nothing says only one may.
                auto r = c.solve(entity, {both, ta.v > 0, tb.v > 0}, "double-funding-" + pair);
                if (r.verdict == Verdict::Unknown) {
                    c.unknown("double-funding", "whether " + ca.id + " and " + cb.id + " can both pay",
                              r.reason, {a.clause, b.clause});
                    continue;
                }
                if (r.verdict != Verdict::Sat)
                    continue;
                Finding f;
                f.kind = "double-funding";
                f.severity = Severity::Warning;
                f.clauses = {a.clause, b.clause};
                f.witness = c.witness(entity, *r.model, shown);
                // The combined maximum over all situations where both apply.
                std::vector<z3::expr> facts = enc.domain(s), wider = enc.domain(s, 10);
                for (const auto& p : enc.param_domain())
                    facts.push_back(p);
                for (const auto& p : enc.param_domain(10))
                    wider.push_back(p);
                facts.push_back(both);
                wider.push_back(both);
                bool undecided = false;
                auto most = maximum(enc.ctx(), facts, wider, ta.v + tb.v, c.rlimit() * 4, undecided);
                std::string combined = most        ? rules::format_money(*most)
                                       : undecided ? std::string("unknown (the solver could not decide)")
                                                   : std::string("unbounded (an amount grows with an input)");
                int32_t years_a = ga.per_year ? std::max(1, ga.years) : 1;
                int32_t years_b = gb.per_year ? std::max(1, gb.years) : 1;
                f.message = bname + " can be paid twice for one situation, by " + cite(rs, a.clause) + " (" +
                            amount_text(rs, ga) + ") and " + cite(rs, b.clause) + " (" + amount_text(rs, gb) +
                            "), with no exclusivity or priority between them; combined maximum " + combined +
                            (years_a > 1 || years_b > 1 ? " a year" : "");
                f.witness->facts.emplace_back("combined maximum", combined);
                c.verify(*f.witness, "double-funding " + pair,
                         [&](const rules::Evaluation& e, std::string& why) {
                             why = "expected both clauses to apply and pay";
                             return e.applied(a.clause) && e.applied(b.clause) &&
                                    evaluated_amount(e, a) > 0 && evaluated_amount(e, b) > 0;
                         });
                c.add(std::move(f));
            }
        }
    }

    // stacking: percentage grants on one base whose sum can exceed the base itself.
    for (size_t ent = 0; ent < rs.entities.size(); ++ent) {
        const rules::Entity& e = rs.entities[ent];
        for (size_t slot = 0; slot < e.attrs.size(); ++slot) {
            if (e.attrs[slot].type.kind != rules::TypeKind::Money)
                continue;
            std::vector<GrantRef> shares;
            for (size_t i = 0; i < rs.clauses.size(); ++i) {
                const rules::Clause& cl = rs.clauses[i];
                if (cl.entity != static_cast<int32_t>(ent))
                    continue;
                for (size_t g = 0; g < cl.grants.size(); ++g)
                    if (quantified(cl.grants[g]) &&
                        has_share_of(rs, cl.grants[g].amount, static_cast<int32_t>(slot)))
                        shares.push_back({static_cast<int32_t>(i), g});
            }
            if (shares.size() < 2)
                continue;
            const Situation& s = c.situation(static_cast<int32_t>(ent));
            z3::expr sum = enc.ctx().int_val(0);
            std::vector<int32_t> clauses;
            std::vector<ExprId> shown;
            for (const auto& g : shares) {
                sum = sum + z3::ite(enc.applies(g.clause, s), enc.grant_amount(g.clause, g.grant, s),
                                    enc.ctx().int_val(0));
                if (std::find(clauses.begin(), clauses.end(), g.clause) == clauses.end())
                    clauses.push_back(g.clause);
                shown.push_back(rs.clauses[static_cast<size_t>(g.clause)].condition);
                shown.push_back(grant_of(rs, g).amount);
            }
            const z3::expr& base = s.attrs[slot];
            const std::string& aname = e.attrs[slot].name;
            auto r = c.solve(static_cast<int32_t>(ent), {base > 0, sum > base},
                             "stacking-" + e.name + "." + aname);
            if (r.verdict == Verdict::Unknown) {
                c.unknown("stacking", "whether grants on " + aname + " can exceed it", r.reason, clauses);
                continue;
            }
            if (r.verdict != Verdict::Sat)
                continue;
            Finding f;
            f.kind = "stacking";
            f.severity = Severity::Warning;
            f.witness = c.witness(static_cast<int32_t>(ent), *r.model, shown);
            rules::Evaluation ev = c.evaluate(*f.witness);
            int64_t total = 0;
            std::vector<std::string> names;
            for (const auto& g : shares) {
                int64_t x = ev.applied(g.clause) ? evaluated_amount(ev, g) : -1;
                if (x > 0) {
                    total += x;
                    if (std::find(f.clauses.begin(), f.clauses.end(), g.clause) == f.clauses.end()) {
                        f.clauses.push_back(g.clause);
                        names.push_back(cite(rs, g.clause));
                    }
                }
            }
            int64_t base_value = f.witness->row.values[slot];
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            f.message = "percentage grants on " + aname + " add up to more than " + aname +
                        " itself: " + list + " together pay " + rules::format_money(total) + " on " +
                        rules::format_money(base_value);
            f.witness->facts.emplace_back("total", rules::format_money(total));
            c.verify(*f.witness, "stacking on " + aname, [&](const rules::Evaluation& run, std::string& why) {
                why = "the applicable grants do not exceed the base";
                int64_t paid = 0;
                for (const auto& g : shares)
                    if (run.applied(g.clause))
                        paid += std::max<int64_t>(evaluated_amount(run, g), 0);
                return paid > base_value;
            });
            c.add(std::move(f));
        }
    }
}

} // namespace lexsim::solver::detail
