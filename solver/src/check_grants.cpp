// cap-conflict, double-funding and stacking: grants of one benefit, or on one base, that meet.
//
// One finding per problem: the clauses that can pay one benefit to the same situation are grouped first
// (a linear number of queries, however many clauses pay the benefit), and each group is reported once
// with every reading of it — paid twice (the combined maximum), or one ceiling meant (which one?) when
// comparable ceilings differ, or shares of one base adding up past the base.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"
#include "optimum.hpp"

#include <algorithm>
#include <numeric>

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

//! The shape of an expression, spans aside: two bases are the same base when their keys are equal.
std::string shape(const rules::RuleSet& rs, ExprId id) {
    if (id == rules::no_expr)
        return "_";
    const rules::Expr& e = rs.expr(id);
    std::string out = "(" + std::to_string(static_cast<int>(e.op)) + ":" + std::to_string(e.value);
    for (ExprId x : {e.a, e.b, e.c})
        if (x != rules::no_expr)
            out += " " + shape(rs, x);
    for (uint32_t i = 0; i < e.list_count; ++i)
        out += " " + (e.op == rules::ExprOp::In ? std::to_string(rs.lists[e.list_begin + i])
                                                : shape(rs, static_cast<ExprId>(rs.lists[e.list_begin + i])));
    return out + ")";
}

//! Ceilings compare only with ceilings of the same class: fixed amounts (no attribute read), or shares of
//! one base. "" = a ceiling that compares with nothing (a formula of its own).
std::string ceiling_class(const rules::RuleSet& rs, const rules::Grant& g) {
    if (g.amount_kind != AmountKind::UpTo)
        return "";
    std::vector<int32_t> attrs;
    Checker::collect_attrs(rs, g.amount, attrs);
    std::string period = g.per_year ? "/year" : "";
    if (attrs.empty())
        return "fixed" + period;
    const rules::Expr& e = rs.expr(g.amount);
    if (e.op == rules::ExprOp::Mul && e.value == rules::micro) {
        bool rate_first = rs.expr(e.a).type.kind == rules::TypeKind::Rate;
        ExprId rate = rate_first ? e.a : e.b, base = rate_first ? e.b : e.a;
        std::vector<int32_t> rate_attrs;
        Checker::collect_attrs(rs, rate, rate_attrs);
        if (rate_attrs.empty())
            return "share of " + shape(rs, base) + period;
    }
    return "";
}

//! The evaluator's amount for a clause's grant in the witness's evaluation, or -1.
int64_t evaluated_amount(const rules::Evaluation& ev, const GrantRef& g) {
    for (const auto& o : ev.grants)
        if (o.clause == g.clause && o.grant == static_cast<int32_t>(g.grant))
            return o.amount;
    return -1;
}

int32_t find_root(std::vector<int32_t>& parent, int32_t i) {
    while (parent[static_cast<size_t>(i)] != i)
        i = parent[static_cast<size_t>(i)] = parent[static_cast<size_t>(parent[static_cast<size_t>(i)])];
    return i;
}

//! The grants of one benefit for one entity kind, with their Z3 terms.
struct BenefitGrants {
    int32_t benefit = -1, entity = -1;
    std::vector<GrantRef> grants;
    std::vector<z3::expr> pays;   //!< applies and pays a positive amount
    std::vector<z3::expr> amount; //!< the amount when it pays
};

z3::expr count_true(z3::context& ctx, const std::vector<z3::expr>& flags) {
    z3::expr sum = ctx.int_val(0);
    for (const auto& f : flags)
        sum = sum + z3::ite(f, ctx.int_val(1), ctx.int_val(0));
    return sum;
}

//! Groups the grants that can pay the same situation: repeatedly asks for a situation where two groups
//! pay, and merges every group that pays in it. At most one query per merge, plus one.
std::vector<std::vector<size_t>> co_paying_groups(Checker& c, const BenefitGrants& b,
                                                  const std::string& tag) {
    const size_t n = b.grants.size();
    std::vector<int32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    for (size_t i = 1; i < n; ++i) // the grants of one clause are one group from the start
        for (size_t j = 0; j < i; ++j)
            if (b.grants[i].clause == b.grants[j].clause)
                parent[i] = find_root(parent, static_cast<int32_t>(j));
    for (int round = 0;; ++round) {
        std::map<int32_t, std::vector<size_t>> groups;
        for (size_t i = 0; i < n; ++i)
            groups[find_root(parent, static_cast<int32_t>(i))].push_back(i);
        if (groups.size() < 2)
            break;
        std::vector<z3::expr> flags;
        std::vector<int32_t> roots;
        for (const auto& [root, members] : groups) {
            z3::expr any = c.enc().ctx().bool_val(false);
            for (size_t i : members)
                any = any || b.pays[i];
            flags.push_back(any);
            roots.push_back(root);
        }
        auto r = c.solve(b.entity, {count_true(c.enc().ctx(), flags) >= 2},
                         "co-payment-" + tag + "-" + std::to_string(round));
        if (r.verdict == Verdict::Unknown) {
            std::vector<int32_t> clauses;
            for (const auto& g : b.grants)
                clauses.push_back(g.clause);
            c.unknown(
                "double-funding",
                c.words().pick("「" + c.words().benefit(b.benefit) + "」的哪些条款可能对同一情形同时给予",
                               "which clauses of " + tag + " can pay the same situation"),
                r.reason, clauses);
            break;
        }
        if (r.verdict != Verdict::Sat)
            break;
        int32_t into = -1;
        for (size_t k = 0; k < flags.size(); ++k) {
            if (!r.model->eval(flags[k], true).is_true())
                continue;
            if (into < 0)
                into = roots[k];
            else
                parent[static_cast<size_t>(roots[k])] = into;
        }
    }
    std::map<int32_t, std::vector<size_t>> groups;
    for (size_t i = 0; i < n; ++i)
        groups[find_root(parent, static_cast<int32_t>(i))].push_back(i);
    std::vector<std::vector<size_t>> out;
    for (auto& [root, members] : groups) {
        std::vector<int32_t> clauses;
        for (size_t i : members)
            if (std::find(clauses.begin(), clauses.end(), b.grants[i].clause) == clauses.end())
                clauses.push_back(b.grants[i].clause);
        if (clauses.size() >= 2)
            out.push_back(members);
    }
    return out;
}

//! A situation in which two comparable ceilings of the group differ, with the pair: cap-conflict.
struct Conflict {
    Witness witness;
    GrantRef low{}, high{};
    int64_t low_amount = 0, high_amount = 0;
};

std::optional<Conflict> find_conflict(Checker& c, const BenefitGrants& b, const std::vector<size_t>& group,
                                      const std::string& tag, std::vector<ExprId>& shown) {
    const rules::RuleSet& rs = c.rules();
    std::map<std::string, std::vector<size_t>> classes;
    for (size_t i : group) {
        std::string k = ceiling_class(rs, grant_of(rs, b.grants[i]));
        if (!k.empty())
            classes[k].push_back(i);
    }
    for (const auto& [key, members] : classes) {
        if (members.size() < 2)
            continue;
        // Some ceiling equals m and another is above it, both paying: linear in the class's size.
        z3::expr m = c.enc().ctx().int_const(("ceiling!" + tag).c_str());
        z3::expr at = c.enc().ctx().bool_val(false), above = c.enc().ctx().bool_val(false);
        for (size_t i : members) {
            at = at || (b.pays[i] && b.amount[i] == m);
            above = above || (b.pays[i] && b.amount[i] > m);
        }
        auto r = c.solve(b.entity, {at, above}, "cap-conflict-" + tag);
        if (r.verdict == Verdict::Unknown) {
            std::vector<int32_t> clauses;
            for (size_t i : members)
                clauses.push_back(b.grants[i].clause);
            c.unknown("cap-conflict",
                      c.words().pick("「" + c.words().benefit(b.benefit) + "」的各条款最高额是否不同",
                                     "whether the ceilings of " + tag + " differ"),
                      r.reason, clauses);
            continue;
        }
        if (r.verdict != Verdict::Sat)
            continue;
        Conflict out;
        out.witness = c.witness(b.entity, *r.model, shown);
        rules::Evaluation ev = c.evaluate(out.witness);
        bool first = true;
        for (size_t i : members) {
            int64_t x = ev.applied(b.grants[i].clause) ? evaluated_amount(ev, b.grants[i]) : -1;
            if (x <= 0)
                continue;
            if (first || x < out.low_amount)
                out.low = b.grants[i], out.low_amount = x;
            if (first || x > out.high_amount)
                out.high = b.grants[i], out.high_amount = x;
            first = false;
        }
        bool agrees =
            c.verify(out.witness, "cap-conflict " + tag, [&](const rules::Evaluation&, std::string& why) {
                why = "expected two paying ceilings of one class to differ";
                return !first && out.low_amount != out.high_amount;
            });
        if (agrees)
            return out;
    }
    return std::nullopt;
}

} // namespace

namespace {

//! The reading "one ceiling meant: which one?" of a group whose comparable ceilings differ: the finding
//! becomes a cap-conflict, with the conflict's situation as its witness.
void add_conflict_reading(Checker& c, Finding& f, Conflict& conflict) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    f.kind = "cap-conflict";
    f.severity = Severity::Error;
    std::string lo = w.cite(conflict.low.clause), hi = w.cite(conflict.high.clause);
    std::string high = Words::money(conflict.high_amount), low = Words::money(conflict.low_amount);
    f.readings.push_back(w.zh() ? "若只适用一个上限：同一情形下 " + hi + " 为 " + high + "，" + lo + " 为 " +
                                      low + "，应以哪一个为准？"
                                : "if one ceiling is meant: for the same situation " + hi + " gives " + high +
                                      " and " + lo + " gives " + low + "; which one governs?");
    const std::string& hi_id = rs.clauses[static_cast<size_t>(conflict.high.clause)].id;
    const std::string& lo_id = rs.clauses[static_cast<size_t>(conflict.low.clause)].id;
    Witness both = std::move(conflict.witness);
    both.facts.emplace_back(hi_id, high);
    both.facts.emplace_back(lo_id, low);
    both.amounts.emplace_back(hi_id, conflict.high_amount);
    both.amounts.emplace_back(lo_id, conflict.low_amount);
    for (const auto& fact : f.witness->facts)
        both.facts.push_back(fact);
    for (const auto& a : f.witness->amounts)
        both.amounts.push_back(a);
    f.witness = std::move(both);
}

//! One finding for one group of clauses paying one benefit to the same situation.
// Over 80 lines: split with issue 12 (grant checks and report), which owns this file this round.
// NOLINTNEXTLINE(readability-function-size)
std::optional<Finding> report_group(Checker& c, const BenefitGrants& b, const std::vector<size_t>& group,
                                    const std::string& tag) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    std::vector<ExprId> shown;
    std::vector<int32_t> clauses;
    std::vector<z3::expr> pays;
    z3::expr total = enc.ctx().int_val(0);
    bool yearly = false;
    for (size_t i : group) {
        const GrantRef& g = b.grants[i];
        const rules::Clause& cl = rs.clauses[static_cast<size_t>(g.clause)];
        if (std::find(clauses.begin(), clauses.end(), g.clause) == clauses.end()) {
            clauses.push_back(g.clause);
            shown.push_back(cl.condition);
        }
        shown.push_back(grant_of(rs, g).amount);
        pays.push_back(b.pays[i]);
        total = total + z3::ite(b.pays[i], b.amount[i], enc.ctx().int_val(0));
        yearly = yearly || grant_of(rs, g).per_year;
    }
    std::sort(clauses.begin(), clauses.end());
    z3::expr two = count_true(enc.ctx(), pays) >= 2;
    auto r = c.solve(b.entity, {two}, "double-funding-" + tag);
    if (r.verdict != Verdict::Sat)
        return std::nullopt; // the grouping query found one: only an unknown lands here, reported there
    Finding f;
    f.kind = "double-funding";
    f.severity = Severity::Warning;
    f.clauses = clauses;
    f.subject = rs.benefits[static_cast<size_t>(b.benefit)].name;
    f.witness = c.witness(b.entity, *r.model, shown);

    // Reading 1: paid twice. The combined maximum over every situation where two of them pay.
    const Situation& s = c.situation(b.entity);
    std::vector<z3::expr> facts = enc.domain(s), wider = enc.domain(s, 10);
    for (const auto& p : enc.param_domain())
        facts.push_back(p);
    for (const auto& p : enc.param_domain(10))
        wider.push_back(p);
    facts.push_back(two);
    wider.push_back(two);
    bool undecided = false;
    auto most = maximum(enc.ctx(), facts, wider, total, c.rlimit() * 4, undecided);
    std::string combined =
        most        ? Words::money(*most) + (yearly ? w.pick("（每年）", " a year") : std::string())
        : undecided ? w.pick("未知（求解器未能判定）", "unknown (the solver could not decide)")
                    : w.pick("无上限（金额随输入增长）", "unbounded (an amount grows with an input)");
    std::vector<std::string> cites, amounts;
    for (int32_t cl : clauses) {
        if (std::find(cites.begin(), cites.end(), w.cite(cl)) == cites.end())
            cites.push_back(w.cite(cl)); // two clauses of one article are one citation in a sentence
        // Two clauses of one article are told apart by their ids.
        bool shared_article = std::count_if(clauses.begin(), clauses.end(),
                                            [&](int32_t x) { return w.cite(x) == w.cite(cl); }) > 1;
        std::string who =
            w.cite(cl) + (shared_article ? "（" + rs.clauses[static_cast<size_t>(cl)].local_id + "）" : "");
        for (size_t i : group)
            if (b.grants[i].clause == cl)
                amounts.push_back(who + w.pick("：", ": ") + w.grant(grant_of(rs, b.grants[i]), b.entity));
    }
    const std::string ben = w.benefit(b.benefit);
    f.message = w.zh() ? "「" + ben + "」可由 " + w.list(cites) +
                             " 对同一情形同时给予，文本未规定能否重复享受或以哪一条为准"
                       : ben + " can be paid for one situation by " + w.list(cites) +
                             ", and nothing says whether both may be received or which one prevails";
    f.readings.push_back(w.pick("各条款：", "the clauses: ") + w.list(amounts));
    f.readings.push_back(
        w.pick("若可重复享受：同一情形合计最高 ", "if both may be received: combined maximum ") + combined);
    f.witness->facts.emplace_back(w.pick("合计最高", "combined maximum"), combined);
    if (most)
        f.witness->amounts.emplace_back("combined_maximum", *most);
    c.verify(*f.witness, "double-funding " + tag, [&](const rules::Evaluation& e, std::string& why) {
        why = "expected two clauses of the group to apply and pay";
        int paying = 0;
        for (size_t i : group)
            paying += e.applied(b.grants[i].clause) && evaluated_amount(e, b.grants[i]) > 0;
        return paying >= 2;
    });

    // Reading 2: one ceiling meant. Only comparable ceilings (fixed amounts, shares of one base) that differ.
    if (auto conflict = find_conflict(c, b, group, tag, shown))
        add_conflict_reading(c, f, *conflict);
    return f;
}

} // namespace

namespace {

//! A stacking finding is a reading of a finding that already cites every one of its clauses (one benefit
//! paid twice), or a finding of its own.
void add_stacking(const Words& w, std::vector<Finding>& grouped, Finding f) {
    auto host = std::find_if(grouped.begin(), grouped.end(), [&](const Finding& g) {
        return std::all_of(f.clauses.begin(), f.clauses.end(), [&](int32_t cl) {
            return std::find(g.clauses.begin(), g.clauses.end(), cl) != g.clauses.end();
        });
    });
    if (host != grouped.end())
        host->readings.push_back(w.pick("叠加：", "stacking: ") + f.message);
    else
        grouped.push_back(std::move(f));
}

//! stacking: percentage grants on one base whose sum can exceed the base itself. When the grants are all
//! in one finding already (one benefit paid twice), the stacking is a reading of that finding.
// Over 80 lines: split with issue 12 (grant checks and report), which owns this file this round.
// NOLINTNEXTLINE(readability-function-size)
void check_stacking(Checker& c, std::vector<Finding>& grouped) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
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
                c.unknown("stacking",
                          w.pick("以「" + w.attr(static_cast<int32_t>(ent), static_cast<int32_t>(slot)) +
                                     "」为基数的各项支持之和是否可能超过它",
                                 "whether grants on " + aname + " can exceed it"),
                          r.reason, clauses);
                continue;
            }
            if (r.verdict != Verdict::Sat)
                continue;
            Finding f;
            f.kind = "stacking";
            f.severity = Severity::Warning;
            f.subject = e.name + "." + aname;
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
                        names.push_back(w.cite(g.clause));
                    }
                }
            }
            int64_t base_value = f.witness->row.values[slot];
            std::string label = w.attr(static_cast<int32_t>(ent), static_cast<int32_t>(slot));
            std::string said = w.zh() ? "按" + label + "比例给予的支持合计可超过" + label + "本身：" +
                                            w.list(names) + " 对 " + Words::money(base_value) + " 的" +
                                            label + "合计支付 " + Words::money(total)
                                      : "percentage grants on " + aname + " add up to more than " + aname +
                                            " itself: " + w.list(names) + " together pay " +
                                            Words::money(total) + " on " + Words::money(base_value);
            f.message = said;
            f.witness->facts.emplace_back(w.pick("合计", "total"), Words::money(total));
            f.witness->amounts.emplace_back("total", total);
            bool agrees = c.verify(*f.witness, "stacking on " + aname,
                                   [&](const rules::Evaluation& run, std::string& why) {
                                       why = "the applicable grants do not exceed the base";
                                       int64_t paid = 0;
                                       for (const auto& g : shares)
                                           if (run.applied(g.clause))
                                               paid += std::max<int64_t>(evaluated_amount(run, g), 0);
                                       return paid > base_value;
                                   });
            if (agrees)
                add_stacking(w, grouped, std::move(f));
        }
    }
}

} // namespace

void check_grants(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();

    // Group quantified grants by (benefit, entity): only those can meet.
    std::map<std::pair<int32_t, int32_t>, BenefitGrants> by_benefit;
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const rules::Clause& cl = rs.clauses[i];
        if (cl.entity < 0)
            continue;
        for (size_t g = 0; g < cl.grants.size(); ++g) {
            if (!quantified(cl.grants[g]))
                continue;
            auto& b = by_benefit[{cl.grants[g].benefit, cl.entity}];
            b.benefit = cl.grants[g].benefit;
            b.entity = cl.entity;
            b.grants.push_back({static_cast<int32_t>(i), g});
        }
    }

    std::vector<Finding> grouped;
    for (auto& [key, b] : by_benefit) {
        const Situation& s = c.situation(b.entity);
        for (const auto& g : b.grants) {
            Term t = enc.grant_term(g.clause, g.grant, s);
            b.pays.push_back(enc.applies(g.clause, s) && t.def && t.v > 0);
            b.amount.push_back(t.v);
        }
        std::string tag = rs.benefits[static_cast<size_t>(b.benefit)].name + "." +
                          rs.entities[static_cast<size_t>(b.entity)].name;
        int n = 0;
        for (const auto& group : co_paying_groups(c, b, tag))
            if (auto f = report_group(c, b, group, tag + (n++ ? "-" + std::to_string(n) : "")))
                grouped.push_back(std::move(*f));
    }
    check_stacking(c, grouped);
    for (auto& f : grouped)
        c.add(std::move(f));
}

} // namespace lexsim::solver::detail
