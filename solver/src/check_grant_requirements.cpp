// grant-requirement: a grant of one document and a requirement or prohibition of another, in force at the
// same time, that the grant cannot be received without breaking. Two cases, each asked of Z3 for one pair
// (a clause that grants, a clause of another document that requires or forbids, about the same kind):
//   - unreachable (error): the grant can apply while the other document is in force, but never lawfully:
//     in every such case the other clause applies and its requirement fails;
//   - contradicted (warning): the grant's condition and the requirement read a common attribute, and the
//     grant applies in a case the requirement forbids (3号 五(二) "到期后…可以优先续约" against 4号 第十三条
//     "至迟于届满前一年…提出续期申请"). The common attribute keeps unrelated pairs out: a requirement about
//     something the grant does not speak of is the applicant's to meet, not a contradiction.
#include "checker.hpp"

#include <algorithm>

namespace lexsim::solver::detail {

namespace {

//! Every requirement of the clause holds (forbid: its condition is false), each computable.
z3::expr lawful(Encoder& enc, const rules::Clause& r, rules::ClauseId id, const Situation& s) {
    z3::expr ok = enc.ctx().bool_val(true);
    for (const auto& k : r.constraints) {
        Term t = enc.encode(k.condition, s);
        ok = ok && t.def && (k.forbid ? !t.v : t.v);
    }
    return z3::implies(enc.applies(id, s), ok);
}

bool shares_attribute(const rules::RuleSet& rs, const rules::Clause& g, const rules::Clause& r) {
    std::vector<int32_t> a, b;
    Checker::collect_attrs(rs, g.condition, a);
    for (const auto& k : r.constraints)
        Checker::collect_attrs(rs, k.condition, b);
    return std::any_of(a.begin(), a.end(),
                       [&](int32_t x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

void report(Checker& c, rules::ClauseId g, rules::ClauseId r, bool unreachable, const z3::model& m) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Clause& G = rs.clause(g);
    const rules::Clause& R = rs.clause(r);
    std::vector<std::string> benefits;
    for (const auto& gr : G.grants)
        if (std::find(benefits.begin(), benefits.end(), w.benefit(gr.benefit)) == benefits.end())
            benefits.push_back(w.benefit(gr.benefit));
    Finding f;
    f.kind = "grant-requirement";
    f.severity = unreachable ? Severity::Error : Severity::Warning;
    f.clauses = {g, r};
    f.subject = G.grants.empty() ? G.id : rs.benefits[static_cast<size_t>(G.grants.front().benefit)].name;
    if (w.zh())
        f.message = w.cite(g) + " 给予「" + w.list(benefits) + "」的情形，" +
                    (unreachable ? "在 " + w.cite(r) + " 同时有效时全部违反其规定"
                                 : "有一部分违反同时有效的 " + w.cite(r) + " 的规定");
    else
        f.message = w.cite(g) + " grants " + w.list(benefits) +
                    (unreachable ? " only in cases that " : " in cases that ") + w.cite(r) +
                    ", in force at the same time, does not allow";
    f.readings = {
        w.pick("若以 " + w.cite(r) + " 为准：" + w.cite(g) +
                   (unreachable ? " 无法享受" : " 只能在符合其规定时享受"),
               "if " + w.cite(r) + " governs: " + w.cite(g) +
                   (unreachable ? " can never be received" : " only where it is met")),
        w.pick("若 " + w.cite(g) + " 是例外：文本应写明不适用 " + w.cite(r),
               "if " + w.cite(g) + " is an exception: the text should say " + w.cite(r) + " does not apply")};
    std::vector<rules::ExprId> shown = {G.condition};
    for (const auto& k : R.constraints)
        shown.push_back(k.condition);
    f.witness = c.witness(G.entity, m, shown);
    if (!c.verify(*f.witness, "grant-requirement " + G.id + " " + R.id,
                  [&](const rules::Evaluation& e, std::string& why) {
                      why = "expected the grant to apply and the requirement to be broken";
                      bool broken = std::any_of(
                          e.constraints.begin(), e.constraints.end(),
                          [&](const rules::ConstraintOutcome& o) { return o.clause == r && !o.satisfied; });
                      return e.applied(g) && broken;
                  }))
        return;
    c.add(std::move(f));
}

void check_pair(Checker& c, rules::ClauseId g, rules::ClauseId r) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    const rules::Clause& G = rs.clause(g);
    const rules::Clause& R = rs.clause(r);
    const Situation& s = c.situation(G.entity);
    auto undecided = [&](const Checker::Result& x) {
        c.unknown("grant-requirement",
                  w.pick(w.cite(g) + " 是否违反 " + w.cite(r), "whether " + G.id + " breaks " + R.id),
                  x.reason, {g, r});
    };
    z3::expr together = enc.applies(g, s) && enc.in_force(R.document, s.date);
    std::vector<z3::expr> breaks = {together, !lawful(enc, R, r, s)};
    auto broken = c.decide(G.entity, breaks, "grant-requirement-" + G.id + "+" + R.id);
    if (broken.verdict == Verdict::Unknown)
        return undecided(broken);
    if (broken.verdict != Verdict::Sat)
        return;
    // The witness is refined at once when the pair may be reported either way (a shared attribute), as the
    // witness was before the verdict-only queries; otherwise only once it is known to be reported.
    const bool shared = shares_attribute(rs, G, R);
    if (shared)
        c.refine(G.entity, breaks, broken);
    auto ok =
        c.decide(G.entity, {together, lawful(enc, R, r, s)}, "grant-requirement-ok-" + G.id + "+" + R.id);
    if (ok.verdict == Verdict::Unknown)
        return undecided(ok);
    bool unreachable = ok.verdict == Verdict::Unsat;
    if (!shared && unreachable)
        c.refine(G.entity, breaks, broken);
    if (unreachable || shared)
        report(c, g, r, unreachable, *broken.model);
}

} // namespace

void check_grant_requirements(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& G = rs.clause(i);
        if (G.grants.empty() || G.entity < 0 || rs.document(G.document).external)
            continue;
        for (rules::ClauseId j : rs.clause_ids()) {
            const rules::Clause& R = rs.clause(j);
            if (R.constraints.empty() || R.entity != G.entity || R.document == G.document ||
                rs.document(R.document).external)
                continue;
            check_pair(c, i, j);
        }
    }
}

} // namespace lexsim::solver::detail
