// cost-double-funding: two different benefits that pay for the same underlying cost (`benefit …
// compensates COST`) can both be paid for one situation. double-funding (check_grants.cpp) sees one
// benefit paid twice; this check sees two benefit names that are one cost — the interest on one loan, the
// loss on one loan, the spending on one R&D effort.
//
// Three small pieces: group the grants by (cost, entity); ask Z3 which pairs of grants of different
// benefits can pay the same situation (union-find over the pairs, one finding per connected group); turn
// the group's model into a witness, re-run it through the evaluator and state the combined maximum.
#include "checker.hpp"
#include "optimum.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace lexsim::solver::detail {

namespace {

struct CostGrant {
    rules::ClauseId clause;
    size_t grant = 0;
    int32_t benefit = -1;
    z3::expr pays;   //!< applies and pays a positive amount
    z3::expr amount; //!< the amount when it pays
};

int32_t root_of(std::vector<int32_t>& parent, int32_t i) {
    while (parent[static_cast<size_t>(i)] != i)
        i = parent[static_cast<size_t>(i)] = parent[static_cast<size_t>(parent[static_cast<size_t>(i)])];
    return i;
}

//! The grants of quantified amounts, about `entity`, whose benefit compensates `cost`.
std::vector<CostGrant> grants_for(Checker& c, int32_t cost, int32_t entity) {
    const rules::RuleSet& rs = c.rules();
    std::vector<CostGrant> out;
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity != entity)
            continue;
        for (size_t g = 0; g < cl.grants.size(); ++g) {
            const rules::Grant& gr = cl.grants[g];
            const auto& costs = rs.benefits[static_cast<size_t>(gr.benefit)].compensates;
            bool quantified =
                gr.amount_kind == rules::AmountKind::UpTo || gr.amount_kind == rules::AmountKind::Exact;
            if (!quantified || std::find(costs.begin(), costs.end(), cost) == costs.end())
                continue;
            auto clause = i;
            const Situation& s = c.situation(entity); // only for entity kinds that have such grants
            Term t = c.enc().grant_term(clause, g, s);
            out.push_back({clause, g, gr.benefit, c.enc().applies(clause, s) && t.def && t.v > 0, t.v});
        }
    }
    return out;
}

//! Groups of grants (indices) that pay one situation with at least two different benefits: one query per
//! pair of grants of different benefits, joined by union-find.
std::vector<std::vector<size_t>> co_paying(Checker& c, const std::vector<CostGrant>& gs, int32_t entity,
                                           const std::string& tag) {
    std::vector<int32_t> parent(gs.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (size_t i = 0; i < gs.size(); ++i)
        for (size_t j = i + 1; j < gs.size(); ++j) {
            if (gs[i].benefit == gs[j].benefit)
                continue; // one benefit paid twice is double-funding's question
            auto r =      // the verdict alone: no witness is shown
                c.decide(entity, {gs[i].pays, gs[j].pays},
                         "cost-double-funding-" + tag + "-" + std::to_string(i) + "-" + std::to_string(j));
            if (r.verdict == Verdict::Unknown)
                c.unknown("cost-double-funding",
                          c.words().pick(c.words().cite(gs[i].clause) + " 与 " +
                                             c.words().cite(gs[j].clause) + " 是否可能为同一成本同时给予支持",
                                         "whether " + c.words().cite(gs[i].clause) + " and " +
                                             c.words().cite(gs[j].clause) + " can pay for the same cost"),
                          r.reason, {gs[i].clause, gs[j].clause});
            if (r.verdict == Verdict::Sat)
                parent[static_cast<size_t>(root_of(parent, static_cast<int32_t>(j)))] =
                    root_of(parent, static_cast<int32_t>(i));
        }
    std::map<int32_t, std::vector<size_t>> groups;
    for (size_t i = 0; i < gs.size(); ++i)
        groups[root_of(parent, static_cast<int32_t>(i))].push_back(i);
    std::vector<std::vector<size_t>> out;
    for (auto& group : groups) {
        // A plain reference, not a structured binding: clang 14 cannot capture those in a lambda.
        const std::vector<size_t>& members = group.second;
        bool two = std::any_of(members.begin(), members.end(),
                               [&](size_t k) { return gs[k].benefit != gs[members.front()].benefit; });
        if (two)
            out.push_back(members);
    }
    return out;
}

//! The evaluator's amount for a clause's grant, or -1 when it does not pay.
int64_t paid(const rules::Evaluation& ev, const CostGrant& g) {
    if (!ev.applied(g.clause))
        return -1;
    for (const auto& o : ev.grants)
        if (o.clause == g.clause && o.grant == static_cast<int32_t>(g.grant))
            return o.amount;
    return -1;
}

//! At least two different benefits of the group pay.
z3::expr two_benefits_pay(z3::context& ctx, const std::vector<CostGrant>& gs,
                          const std::vector<size_t>& group) {
    std::map<int32_t, z3::expr> any;
    for (size_t k : group) {
        auto it = any.find(gs[k].benefit);
        if (it == any.end())
            any.emplace(gs[k].benefit, gs[k].pays);
        else
            it->second = it->second || gs[k].pays;
    }
    z3::expr count = ctx.int_val(0);
    for (const auto& [b, flag] : any)
        count = count + z3::ite(flag, ctx.int_val(1), ctx.int_val(0));
    return count >= 2;
}

// Over 80 lines, kept whole: splitting it (with its copy in check_costs.cpp/check_grants.cpp moved to
// grants.hpp) changed the order in which Z3 terms are created, and one of the corpus's combined-maximum
// queries then ran past its 60 s budget instead of 0.5 s; the split waits for that query to be made robust.
// NOLINTNEXTLINE(readability-function-size)
void report_group(Checker& c, int32_t cost, int32_t entity, const std::vector<CostGrant>& gs,
                  const std::vector<size_t>& group, const std::string& tag) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    z3::expr two = two_benefits_pay(enc.ctx(), gs, group);
    auto r = c.solve(entity, {two}, "cost-double-funding-" + tag);
    if (r.verdict != Verdict::Sat)
        return; // the pair queries found one; an unknown is reported there
    Finding f;
    f.kind = "cost-double-funding";
    f.severity = Severity::Warning;
    f.subject = rs.costs[static_cast<size_t>(cost)].name;
    std::vector<rules::ExprId> shown;
    std::vector<std::string> cites, benefits, amounts;
    z3::expr total = enc.ctx().int_val(0);
    std::vector<rules::ExprId> paid_amounts;
    bool yearly = false;
    for (size_t k : group) {
        const rules::Clause& cl = rs.clause(gs[k].clause);
        const rules::Grant& g = cl.grants[gs[k].grant];
        paid_amounts.push_back(g.amount);
        if (std::find(f.clauses.begin(), f.clauses.end(), gs[k].clause) == f.clauses.end()) {
            f.clauses.push_back(gs[k].clause);
            shown.push_back(cl.condition);
            if (std::find(f.documents.begin(), f.documents.end(), cl.document) == f.documents.end())
                f.documents.push_back(cl.document);
        }
        shown.push_back(g.amount);
        if (std::find(cites.begin(), cites.end(), w.cite(gs[k].clause)) == cites.end())
            cites.push_back(w.cite(gs[k].clause));
        std::string ben = w.zh() ? "「" + w.benefit(gs[k].benefit) + "」" : w.benefit(gs[k].benefit);
        if (std::find(benefits.begin(), benefits.end(), ben) == benefits.end())
            benefits.push_back(ben);
        amounts.push_back(w.cite(gs[k].clause) + (w.zh() ? ben + "：" : " (" + ben + "): ") +
                          w.grant(g, entity));
        total = total + z3::ite(gs[k].pays, gs[k].amount, enc.ctx().int_val(0));
        yearly = yearly || g.per_year;
    }
    std::sort(f.clauses.begin(), f.clauses.end());
    f.witness = c.witness(entity, *r.model, shown);

    const Situation& s = c.situation(entity);
    std::vector<z3::expr> facts = enc.domain(s), narrower = enc.domain(s, 10), narrowest = enc.domain(s, 100);
    for (const auto& p : enc.param_domain())
        facts.push_back(p);
    for (const auto& p : enc.param_domain(10))
        narrower.push_back(p);
    for (const auto& p : enc.param_domain(100))
        narrowest.push_back(p);
    facts.push_back(two);
    narrower.push_back(two);
    narrowest.push_back(two);
    bool undecided = false;
    auto most = maximum(enc.ctx(), facts, narrower, narrowest, total, c.rlimit() * 4, c.timeout_ms(),
                        undecided, combined_bound(rs, paid_amounts));
    std::string combined =
        most        ? Words::money(*most) + (yearly ? w.pick("（每年）", " a year") : std::string())
        : undecided ? w.pick("未知（求解器未能判定）", "unknown (the solver could not decide)")
                    : w.pick("无上限（金额随输入增长）", "unbounded (an amount grows with an input)");
    const rules::Cost& co = rs.costs[static_cast<size_t>(cost)];
    std::string cost_name = co.label.empty() || !w.zh() ? co.name : co.label;
    f.message = w.zh()
                    ? "同一成本「" + cost_name + "」可由" + w.list(benefits) + "同时补偿（" + w.list(cites) +
                          "），文本未规定能否重复享受"
                    : "the same cost, " + cost_name + ", can be compensated by " + w.list(benefits) +
                          " at once (" + w.list(cites) + "), and nothing says whether both may be received";
    f.readings.push_back(w.pick("各条款：", "the clauses: ") + w.list(amounts));
    f.readings.push_back(
        w.pick("若可重复享受：同一成本合计最高 ", "if both may be received: combined maximum ") + combined);
    f.witness->facts.emplace_back(w.pick("补偿的成本", "cost compensated"), cost_name);
    f.witness->facts.emplace_back(w.pick("合计最高", "combined maximum"), combined);
    if (most)
        f.witness->amounts.emplace_back("combined_maximum", *most);
    bool agrees =
        c.verify(*f.witness, "cost-double-funding " + tag, [&](const rules::Evaluation& e, std::string& why) {
            why = "expected grants of two different benefits for the same cost to apply and pay";
            std::vector<int32_t> paying;
            for (size_t k : group)
                if (paid(e, gs[k]) > 0 &&
                    std::find(paying.begin(), paying.end(), gs[k].benefit) == paying.end())
                    paying.push_back(gs[k].benefit);
            return paying.size() >= 2;
        });
    if (agrees)
        c.add(std::move(f));
}

} // namespace

void check_costs(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    for (size_t cost = 0; cost < rs.costs.size(); ++cost)
        for (size_t e = 0; e < rs.entities.size(); ++e) {
            auto gs = grants_for(c, static_cast<int32_t>(cost), static_cast<int32_t>(e));
            if (gs.size() < 2)
                continue;
            std::string tag = rs.costs[cost].name + "." + rs.entities[e].name;
            int n = 0;
            for (const auto& group : co_paying(c, gs, static_cast<int32_t>(e), tag))
                report_group(c, static_cast<int32_t>(cost), static_cast<int32_t>(e), gs, group,
                             tag + (n++ ? "-" + std::to_string(n) : ""));
        }
}

} // namespace lexsim::solver::detail
