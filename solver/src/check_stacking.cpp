// stacking: percentage grants on one base (70% of the contribution, 70% of the part above a standard) whose
// sum can exceed the base itself; a reading of the double-funding finding when one benefit pays them all.
#include "grants.hpp"

namespace lexsim::solver::detail {

using rules::ExprId;

namespace {

//! A stacking finding is a reading of a finding that already cites every one of its clauses (one benefit
//! paid twice), or a finding of its own.
void add_stacking(const Words& w, std::vector<Finding>& grouped, Finding f) {
    auto host = std::find_if(grouped.begin(), grouped.end(), [&](const Finding& g) {
        return std::all_of(f.clauses.begin(), f.clauses.end(), [&](rules::ClauseId cl) {
            return std::find(g.clauses.begin(), g.clauses.end(), cl) != g.clauses.end();
        });
    });
    if (host != grouped.end())
        host->readings.push_back(w.pick("叠加：", "stacking: ") + f.message);
    else
        grouped.push_back(std::move(f));
}

//! The quantified grants of entity kind `ent` that take a share of its money attribute `slot`.
std::vector<GrantRef> shares_of(const rules::RuleSet& rs, int32_t ent, int32_t slot) {
    std::vector<GrantRef> shares;
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity != ent)
            continue;
        for (size_t g = 0; g < cl.grants.size(); ++g)
            if (quantified(cl.grants[g]) && has_share_of(rs, cl.grants[g].amount, slot))
                shares.push_back({i, g});
    }
    return shares;
}

//! The finding for a situation in which the shares pay more than the base: the evaluator's amounts for
//! it, in words. `base_value` is the base in the witness.
Finding stacking_finding(Checker& c, int32_t ent, int32_t slot, const std::vector<GrantRef>& shares,
                         const Witness& witness, int64_t& base_value) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Entity& e = rs.entities[static_cast<size_t>(ent)];
    const std::string& aname = e.attrs[static_cast<size_t>(slot)].name;
    Finding f;
    f.kind = "stacking";
    f.severity = Severity::Warning;
    f.subject = e.name + "." + aname;
    f.witness = witness;
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
    base_value = f.witness->row.values[static_cast<size_t>(slot)];
    std::string label = w.attr(ent, slot);
    f.message = w.zh()
                    ? "按" + label + "比例给予的支持合计可超过" + label + "本身：" + w.list(names) + " 对 " +
                          Words::money(base_value) + " 的" + label + "合计支付 " + Words::money(total)
                    : "percentage grants on " + aname + " add up to more than " + aname +
                          " itself: " + w.list(names) + " together pay " + Words::money(total) + " on " +
                          Words::money(base_value);
    f.witness->facts.emplace_back(w.pick("合计", "total"), Words::money(total));
    f.witness->amounts.emplace_back("total", total);
    return f;
}

//! One money attribute of one entity kind: can the grants that take a share of it pay more than it?
void check_base(Checker& c, std::vector<Finding>& grouped, int32_t ent, int32_t slot) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    std::vector<GrantRef> shares = shares_of(rs, ent, slot);
    if (shares.size() < 2)
        return;
    const Situation& s = c.situation(ent);
    z3::expr sum = enc.ctx().int_val(0);
    std::vector<rules::ClauseId> clauses;
    std::vector<ExprId> shown;
    shown.reserve(shares.size() * 2);
    for (const auto& g : shares) {
        sum = sum +
              z3::ite(enc.applies(g.clause, s), enc.grant_amount(g.clause, g.grant, s), enc.ctx().int_val(0));
        if (std::find(clauses.begin(), clauses.end(), g.clause) == clauses.end())
            clauses.push_back(g.clause);
        shown.push_back(rs.clause(g.clause).condition);
        shown.push_back(grant_of(rs, g).amount);
    }
    const z3::expr& base = s.attrs[static_cast<size_t>(slot)];
    const rules::Entity& e = rs.entities[static_cast<size_t>(ent)];
    const std::string& aname = e.attrs[static_cast<size_t>(slot)].name;
    auto r = c.solve(ent, {base > 0, sum > base}, "stacking-" + e.name + "." + aname);
    if (r.verdict == Verdict::Unknown)
        c.unknown("stacking",
                  w.pick("以「" + w.attr(ent, slot) + "」为基数的各项支持之和是否可能超过它",
                         "whether grants on " + aname + " can exceed it"),
                  r.reason, clauses);
    if (r.verdict != Verdict::Sat)
        return;
    int64_t base_value = 0;
    Finding f = stacking_finding(c, ent, slot, shares, c.witness(ent, *r.model, shown), base_value);
    bool agrees =
        c.verify(*f.witness, "stacking on " + aname, [&](const rules::Evaluation& run, std::string& why) {
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

} // namespace

void check_stacking(Checker& c, std::vector<Finding>& grouped) {
    const rules::RuleSet& rs = c.rules();
    for (size_t ent = 0; ent < rs.entities.size(); ++ent)
        for (size_t slot = 0; slot < rs.entities[ent].attrs.size(); ++slot)
            if (rs.entities[ent].attrs[slot].type.kind == rules::TypeKind::Money)
                check_base(c, grouped, static_cast<int32_t>(ent), static_cast<int32_t>(slot));
}

} // namespace lexsim::solver::detail
