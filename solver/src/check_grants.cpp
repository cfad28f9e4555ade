// cap-conflict and double-funding: grants of one benefit that meet (stacking is in check_stacking.cpp).
//
// One finding per problem: the clauses that can pay one benefit to the same situation are grouped first
// (a linear number of queries, however many clauses pay the benefit), and the benefits one set of documents
// pays twice are reported once, with every reading — paid twice (the combined maximum), or one ceiling meant
// (which one?) when comparable ceilings differ. The witness is the situation in which the combined amount
// is largest, and its facts are the evaluator's amounts for it.
#include "checker.hpp"
#include "grants.hpp"
#include "lexsim/rules/calendar.hpp"
#include "optimum.hpp"
#include "plausible.hpp"

#include <algorithm>
#include <numeric>

namespace lexsim::solver::detail {

namespace {

using rules::AmountKind;
using rules::ExprId;

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
        // Only which groups pay is read from the model: no witness is shown, so none is refined.
        auto r = c.decide(b.entity, {count_true(c.enc().ctx(), flags) >= 2},
                          "co-payment-" + tag + "-" + std::to_string(round));
        if (r.verdict == Verdict::Unknown) {
            std::vector<rules::ClauseId> clauses;
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
        std::vector<rules::ClauseId> clauses;
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
            std::vector<rules::ClauseId> clauses;
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

//! One benefit that two or more clauses of one group can pay to the same situation.
struct Payment {
    const BenefitGrants* b = nullptr;
    std::vector<size_t> group;
    std::string tag;
    std::vector<rules::ClauseId> clauses;
    std::vector<rules::DocumentId> documents;
    std::vector<ExprId> shown;
    std::vector<z3::expr> terms; //!< [0] two of the group pay, [1] their total
    bool yearly = false;
    std::optional<int64_t> most; //!< the combined maximum over every situation (nullopt: unbounded/unknown)
    bool undecided = false;
    std::optional<z3::model> model; //!< a situation in which two of the group pay (Z3's first, unrefined)
    std::optional<Conflict> conflict;

    const z3::expr& two() const { return terms[0]; }
    const z3::expr& total() const { return terms[1]; }
};

std::optional<Payment> analyse(Checker& c, const BenefitGrants& b, const std::vector<size_t>& group,
                               const std::string& tag) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    Payment p;
    p.b = &b;
    p.group = group;
    p.tag = tag;
    std::vector<z3::expr> pays;
    z3::expr total = enc.ctx().int_val(0);
    for (size_t i : group) {
        const GrantRef& g = b.grants[i];
        const rules::Clause& cl = rs.clause(g.clause);
        if (std::find(p.clauses.begin(), p.clauses.end(), g.clause) == p.clauses.end()) {
            p.clauses.push_back(g.clause);
            p.shown.push_back(cl.condition);
        }
        if (std::find(p.documents.begin(), p.documents.end(), cl.document) == p.documents.end())
            p.documents.push_back(cl.document);
        p.shown.push_back(grant_of(rs, g).amount);
        pays.push_back(b.pays[i]);
        total = total + z3::ite(b.pays[i], b.amount[i], enc.ctx().int_val(0));
        p.yearly = p.yearly || grant_of(rs, g).per_year;
    }
    std::sort(p.clauses.begin(), p.clauses.end());
    std::sort(p.documents.begin(), p.documents.end());
    p.terms = {count_true(enc.ctx(), pays) >= 2, total};
    // The witness is plausible_model()'s; Z3's first model is kept for when it finds none, and refined then.
    auto r = c.decide(b.entity, {p.two()}, "double-funding-" + tag);
    if (r.verdict != Verdict::Sat)
        return std::nullopt; // the grouping query found one: only an unknown lands here, reported there
    p.model = r.model;
    // The combined maximum over every situation where two of them pay.
    const Situation& s = c.situation(b.entity);
    std::vector<z3::expr> facts = enc.domain(s), narrower = enc.domain(s, 10), narrowest = enc.domain(s, 100);
    for (const auto& f : enc.param_domain())
        facts.push_back(f);
    for (const auto& f : enc.param_domain(10))
        narrower.push_back(f);
    for (const auto& f : enc.param_domain(100))
        narrowest.push_back(f);
    facts.push_back(p.two());
    narrower.push_back(p.two());
    narrowest.push_back(p.two());
    std::vector<rules::ExprId> paid;
    paid.reserve(group.size());
    for (size_t i : group)
        paid.push_back(grant_of(rs, b.grants[i]).amount);
    p.most = maximum(enc.ctx(), facts, narrower, narrowest, p.total(), c.rlimit() * 4, c.timeout_ms(),
                     p.undecided, combined_bound(rs, paid));
    // One ceiling meant: only comparable ceilings (fixed amounts, shares of one base) that differ.
    p.conflict = find_conflict(c, b, group, tag, p.shown);
    return p;
}

//! "最高 1000 万元（每年）", or why there is no maximum.
std::string combined_text(const Words& w, const Payment& p) {
    return p.most ? Words::money(*p.most) + (p.yearly ? w.pick("（每年）", " a year") : std::string())
           : p.undecided ? w.pick("未知（求解器未能判定）", "unknown (the solver could not decide)")
                         : w.pick("无上限（金额随输入增长）", "unbounded (an amount grows with an input)");
}

//! Each clause's amount: "通政发〔2024〕8号 （九）：最高 500 万元"; two clauses of one article told apart by
//! id.
std::vector<std::string> clause_amounts(const Checker& c, const Payment& p) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::vector<std::string> out;
    for (rules::ClauseId cl : p.clauses) {
        bool shared_article = std::count_if(p.clauses.begin(), p.clauses.end(),
                                            [&](rules::ClauseId x) { return w.cite(x) == w.cite(cl); }) > 1;
        std::string who = w.cite(cl) + (shared_article ? "（" + rs.clause(cl).local_id + "）" : "");
        for (size_t i : p.group)
            if (p.b->grants[i].clause == cl)
                out.push_back(who + w.pick("：", ": ") + w.grant(grant_of(rs, p.b->grants[i]), p.b->entity));
    }
    return out;
}

//! The attributes of a witness that matter, in words: "创新平台级别：市级，首次获得认定：是".
std::string situation_words(const Checker& c, const Witness& wit) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const auto& ent = rs.entities[static_cast<size_t>(wit.entity)];
    std::vector<std::string> parts;
    for (int32_t slot : wit.shown)
        parts.push_back(
            w.attr(wit.entity, slot) + w.pick("：", " = ") +
            w.value(ent.attrs[static_cast<size_t>(slot)].type, wit.row.values[static_cast<size_t>(slot)]));
    std::string out;
    for (const auto& x : parts)
        out += (out.empty() ? "" : w.pick("，", ", ")) + x;
    return out;
}

//! "one ceiling meant: which one?", with the situation in which the comparable ceilings differ (not
//! necessarily the witness's: the witness is where the combined amount is largest).
std::string conflict_reading(const Checker& c, const Payment& p, bool named) {
    const Words& w = c.words();
    const Conflict& k = *p.conflict;
    std::string lo = w.cite(k.low.clause), hi = w.cite(k.high.clause);
    std::string high = Words::money(k.high_amount), low = Words::money(k.low_amount);
    std::string where = situation_words(c, k.witness);
    std::string ben = w.benefit(p.b->benefit);
    return w.zh() ? (named ? "「" + ben + "」" : std::string()) + "若只适用一个上限：同一情形（" + where +
                        "）下 " + hi + " 为 " + high + "，" + lo + " 为 " + low + "，应以哪一个为准？"
                  : (named ? ben + ": " : std::string()) +
                        "if one ceiling is meant: for the same situation (" + where + ") " + hi + " gives " +
                        high + " and " + lo + " gives " + low + "; which one governs?";
}

std::string documents_text(const Checker& c, const std::vector<rules::DocumentId>& docs) {
    const rules::RuleSet& rs = c.rules();
    std::string out;
    for (size_t i = 0; i < docs.size(); ++i) {
        if (i > 0)
            out += i + 1 == docs.size() ? c.words().pick(" 与 ", " and ") : c.words().pick("、", ", ");
        out += rs.document(docs[i]).number;
    }
    return out;
}

//! Message and readings: one benefit as before; several (one pair of documents paying several items
//! twice) as one message naming them all, one reading per benefit.
void describe(const Checker& c, Finding& f, const std::vector<const Payment*>& ps) {
    const Words& w = c.words();
    if (ps.size() == 1) {
        const Payment& p = *ps[0];
        std::vector<std::string> cites;
        for (rules::ClauseId cl : p.clauses)
            if (std::find(cites.begin(), cites.end(), w.cite(cl)) == cites.end())
                cites.push_back(w.cite(cl)); // two clauses of one article are one citation in a sentence
        const std::string ben = w.benefit(p.b->benefit);
        f.message = w.zh() ? "「" + ben + "」可由 " + w.list(cites) +
                                 " 对同一情形同时给予，文本未规定能否重复享受或以哪一条为准"
                           : ben + " can be paid for one situation by " + w.list(cites) +
                                 ", and nothing says whether both may be received or which one prevails";
        f.readings.push_back(w.pick("各条款：", "the clauses: ") + w.list(clause_amounts(c, p)));
        f.readings.push_back(
            w.pick("若可重复享受：同一情形合计最高 ", "if both may be received: combined maximum ") +
            combined_text(w, p));
        if (p.conflict)
            f.readings.push_back(conflict_reading(c, p, false));
        return;
    }
    std::vector<std::string> names;
    names.reserve(ps.size());
    for (const Payment* p : ps)
        names.push_back(w.pick("「", "") + w.benefit(p->b->benefit) + w.pick("」", ""));
    std::string docs = documents_text(c, ps[0]->documents), n = std::to_string(ps.size());
    f.message = w.zh() ? docs + " 对同一情形同时给予 " + n + " 项支持：" + w.list(names) +
                             "，文本未规定能否重复享受或以哪一条为准"
                       : docs + " both pay " + n + " supports for one situation: " + w.list(names) +
                             "; nothing says whether both may be received or which one prevails";
    for (const Payment* p : ps) {
        f.readings.push_back(
            w.pick("「", "") + w.benefit(p->b->benefit) + w.pick("」：", ": ") +
            w.list(clause_amounts(c, *p)) +
            w.pick("；若可重复享受，同一情形合计最高 ", "; if both may be received, combined maximum ") +
            combined_text(w, *p));
        if (p->conflict)
            f.readings.push_back(conflict_reading(c, *p, true));
    }
}

//! The witness: the situation in which the combined amount is largest (every payment of the finding paid
//! twice at once when one situation allows it), with plausible values otherwise; its facts are the
//! evaluator's amounts for that situation, so every number shown is true of it.
void attach_witness(Checker& c, Finding& f, const std::vector<const Payment*>& ps) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    int32_t entity = ps[0]->b->entity;
    std::vector<z3::expr> must;
    z3::expr objective = c.enc().ctx().int_val(0);
    std::vector<ExprId> shown;
    for (const Payment* p : ps) {
        must.push_back(p->two());
        if (p->most)
            objective = objective + p->total();
        shown.insert(shown.end(), p->shown.begin(), p->shown.end());
    }
    std::vector<const Payment*> covered = ps;
    // One payment: its combined maximum is the optimum of the same objective under the same facts.
    std::optional<int64_t> known = ps.size() == 1 ? ps[0]->most : std::nullopt;
    auto model = plausible_model(c, entity, must, &objective, known);
    if (!model) { // no one situation pays them all twice: the first payment's own best situation
        covered = {ps[0]};
        model = plausible_model(c, entity, {ps[0]->two()}, ps[0]->most ? &ps[0]->total() : nullptr);
        if (!model) {
            Checker::Result first{Verdict::Sat, ps[0]->model, {}, {}};
            c.refine(entity, {ps[0]->two()}, first);
            model = first.model;
        }
        shown = ps[0]->shown;
    }
    f.witness = c.witness(entity, *model, shown);
    rules::Evaluation ev = c.evaluate(*f.witness);
    int64_t sum = 0;
    bool yearly = false;
    for (const Payment* p : covered)
        for (size_t i : p->group) {
            const GrantRef& g = p->b->grants[i];
            int64_t x = ev.applied(g.clause) ? evaluated_amount(ev, g) : -1;
            if (x <= 0)
                continue;
            const std::string& id = rs.clause(g.clause).id;
            f.witness->facts.emplace_back(id, Words::money(x));
            f.witness->amounts.emplace_back(id, x);
            sum += x;
            yearly = yearly || (ps.size() == 1 && grant_of(rs, g).per_year);
        }
    f.witness->facts.emplace_back(w.pick("合计", "combined"),
                                  Words::money(sum) +
                                      (yearly ? w.pick("（每年）", " a year") : std::string()));
    f.witness->amounts.emplace_back("combined", sum);
    c.verify(*f.witness, "double-funding " + ps[0]->tag, [&](const rules::Evaluation& e, std::string& why) {
        why = "expected two clauses of each benefit to apply and pay";
        for (const Payment* p : covered) {
            int paying = 0;
            for (size_t i : p->group)
                paying += e.applied(p->b->grants[i].clause) && evaluated_amount(e, p->b->grants[i]) > 0;
            if (paying < 2)
                return false;
        }
        return true;
    });
}

//! One finding for one or more payments of the same documents.
Finding report_payments(Checker& c, const std::vector<const Payment*>& ps) {
    const rules::RuleSet& rs = c.rules();
    Finding f;
    bool conflict =
        std::any_of(ps.begin(), ps.end(), [](const Payment* p) { return p->conflict.has_value(); });
    f.kind = conflict ? "cap-conflict" : "double-funding";
    f.severity = conflict ? Severity::Error : Severity::Warning;
    for (const Payment* p : ps) {
        for (rules::ClauseId cl : p->clauses)
            if (std::find(f.clauses.begin(), f.clauses.end(), cl) == f.clauses.end())
                f.clauses.push_back(cl);
        f.subject += (f.subject.empty() ? "" : "|") + rs.benefits[static_cast<size_t>(p->b->benefit)].name;
    }
    std::sort(f.clauses.begin(), f.clauses.end());
    describe(c, f, ps);
    attach_witness(c, f, ps);
    return f;
}

} // namespace

void check_grants(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();

    // Group quantified grants by (benefit, entity): only those can meet.
    std::map<std::pair<int32_t, int32_t>, BenefitGrants> by_benefit;
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity < 0)
            continue;
        for (size_t g = 0; g < cl.grants.size(); ++g) {
            if (!quantified(cl.grants[g]))
                continue;
            auto& b = by_benefit[{cl.grants[g].benefit, cl.entity}];
            b.benefit = cl.grants[g].benefit;
            b.entity = cl.entity;
            b.grants.push_back({i, g});
        }
    }

    std::vector<Payment> payments;
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
            if (auto p = analyse(c, b, group, tag + (n++ ? "-" + std::to_string(n) : "")))
                payments.push_back(std::move(*p));
    }
    // One finding per problem: the items one set of documents pays twice are one finding (8号 and 14号
    // paying six supports twice is one question for their drafters); a benefit paid twice within one
    // document is a finding of its own.
    std::vector<std::vector<const Payment*>> problems;
    std::map<std::pair<int32_t, std::vector<rules::DocumentId>>, size_t> by_documents;
    for (const Payment& p : payments) {
        if (p.documents.size() < 2) {
            problems.push_back({&p});
            continue;
        }
        auto [it, fresh] = by_documents.emplace(std::make_pair(p.b->entity, p.documents), problems.size());
        if (fresh)
            problems.emplace_back();
        problems[it->second].push_back(&p);
    }
    std::vector<Finding> grouped;
    grouped.reserve(problems.size());
    for (const auto& ps : problems)
        grouped.push_back(report_payments(c, ps));
    check_stacking(c, grouped);
    for (auto& f : grouped)
        c.add(std::move(f));
}

} // namespace lexsim::solver::detail
