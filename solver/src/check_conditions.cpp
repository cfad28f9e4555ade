// condition-gap: coverage over numeric and yes/no conditions. A family is the clauses of one document that
// pay one benefit, or set a range on one measure, for one kind of entity. Two gaps are looked for:
//   - a hole between bands: a number the conditions of two or more clauses compare, and a case that is
//     covered at a lower and at a higher value of it, everything else the same, but not at a value in
//     between;
//   - one side of a yes/no attribute left out: the family tests the attribute on both sides (`b` in one
//     clause, `not b` in another), and a case is covered with one value of it and not with the other,
//     everything else the same.
// Both are one Z3 query per (family, attribute): the case, and copies of it with only that attribute
// changed. Enumerations are the coverage-gap check's (LX201).
#include "checker.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace lexsim::solver::detail {

namespace {

struct Family {
    std::vector<rules::ClauseId> clauses;
    std::string subject; //!< the benefit's or measure's name
    std::string label;   //!< in the report's language
};

bool numeric(rules::TypeKind k) {
    return k == rules::TypeKind::Int || k == rules::TypeKind::Number || k == rules::TypeKind::Rate ||
           k == rules::TypeKind::Money;
}

//! Polarity of a bool attribute among a condition's top-level conjuncts: +1 `b`, -1 `not b`, 0 neither.
void literals(const rules::RuleSet& rs, rules::ExprId id, std::map<int32_t, int>& out) {
    if (id == rules::no_expr)
        return;
    const rules::Expr& e = rs.expr(id);
    if (e.op == rules::ExprOp::And) {
        literals(rs, e.a, out);
        literals(rs, e.b, out);
    } else if (e.op == rules::ExprOp::Attr && e.type.kind == rules::TypeKind::Bool) {
        out[static_cast<int32_t>(e.value)] |= 1;
    } else if (e.op == rules::ExprOp::Not && rs.expr(e.a).op == rules::ExprOp::Attr) {
        out[static_cast<int32_t>(rs.expr(e.a).value)] |= 2;
    }
}

//! Some clause of the family applies (its document in force and its condition true), in `s` with `slot`
//! replaced by `value`.
z3::expr covered(Encoder& enc, const Family& f, const Situation& s, int32_t slot, const z3::expr& value) {
    z3::expr any = enc.ctx().bool_val(false);
    for (rules::ClauseId cl : f.clauses)
        any = any || enc.raw_applies(cl, s);
    z3::expr_vector from(enc.ctx()), to(enc.ctx());
    from.push_back(s.attrs[static_cast<size_t>(slot)]);
    to.push_back(value);
    return any.substitute(from, to);
}

void report(Checker& c, const Family& fam, int32_t entity, int32_t slot, bool band, const z3::model& m,
            const std::vector<std::pair<std::string, std::string>>& facts) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::vector<std::string> cites;
    std::vector<rules::ExprId> shown;
    for (rules::ClauseId cl : fam.clauses) {
        if (std::find(cites.begin(), cites.end(), w.cite(cl)) == cites.end())
            cites.push_back(w.cite(cl));
        shown.push_back(rs.clause(cl).condition);
    }
    Finding f;
    f.kind = "condition-gap";
    f.severity = Severity::Warning;
    f.clauses = fam.clauses;
    f.subject =
        fam.subject + "/" + rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].name;
    std::string attr = w.attr(entity, slot);
    if (w.zh())
        f.message = w.list(cites) + " 关于「" + fam.label + "」按" + attr +
                    (band ? "分档，但两档之间的取值没有条款覆盖"
                          : "区分情形，但有一种情形在" + attr + "取另一值时没有条款覆盖");
    else
        f.message = w.list(cites) + " split " + fam.label + " on " + attr +
                    (band ? " into bands, but a value between two bands is covered by none"
                          : ", but a case covered with one value of it is covered by none with the other");
    f.witness = c.witness(entity, m, shown);
    if (std::find(f.witness->shown.begin(), f.witness->shown.end(), slot) == f.witness->shown.end())
        f.witness->shown.push_back(slot);
    f.witness->facts = facts;
    if (!c.verify(
            *f.witness, "condition-gap " + f.subject, [&](const rules::Evaluation& e, std::string& why) {
                why = "expected no clause of the family to apply";
                return std::none_of(fam.clauses.begin(), fam.clauses.end(), [&](rules::ClauseId cl) {
                    return std::any_of(e.clauses.begin(), e.clauses.end(), [&](const rules::ClauseTrace& t) {
                        return t.clause == cl && t.status != rules::ClauseStatus::NotApplicable;
                    });
                });
            }))
        return;
    c.add(std::move(f));
}

//! The question an undecided gap query asks: "「family」" + zh; en_before + family + en_after.
struct GapQuestion {
    const char* zh;
    const char* en_before;
    const char* en_after;
};

//! Solves one gap query; an unknown verdict is reported as `question`. The model when there is a gap.
std::optional<Checker::Result> solve_gap(Checker& c, const Family& fam, int32_t entity,
                                         const std::vector<z3::expr>& query, const std::string& kind,
                                         const GapQuestion& question) {
    auto r = c.solve(entity, query, "condition-gap-" + kind + "-" + fam.subject);
    if (r.verdict == Verdict::Unknown)
        c.unknown("condition-gap",
                  c.words().pick("「" + fam.label + "」" + question.zh,
                                 question.en_before + fam.label + question.en_after),
                  r.reason, fam.clauses);
    if (r.verdict != Verdict::Sat)
        return std::nullopt;
    return r;
}

void check_band(Checker& c, const Family& fam, int32_t entity, int32_t slot) {
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    const Words& w = c.words();
    z3::expr x = s.attrs[static_cast<size_t>(slot)];
    z3::expr lo = enc.ctx().int_const(("gap_lo_" + std::to_string(slot)).c_str());
    z3::expr hi = enc.ctx().int_const(("gap_hi_" + std::to_string(slot)).c_str());
    // The other values stay within the attribute's domain: money and counts are not negative in witnesses.
    z3::expr floor =
        c.rules().entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].type.kind ==
                rules::TypeKind::Money
            ? lo >= 0
            : enc.ctx().bool_val(true);
    auto r = solve_gap(c, fam, entity,
                       {floor, lo < x, x < hi, covered(enc, fam, s, slot, lo), covered(enc, fam, s, slot, hi),
                        !covered(enc, fam, s, slot, x)},
                       "band", {"的分档是否有空档", "whether the bands of ", " have a hole"});
    if (!r)
        return;
    const rules::Type t =
        c.rules().entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].type;
    auto val = [&](const z3::expr& e) {
        int64_t v = 0;
        r->model->eval(e, true).is_numeral_i64(v);
        return w.value(t, v);
    };
    report(c, fam, entity, slot, true, *r->model,
           {{w.pick("有覆盖的较低取值", "covered below"), val(lo)},
            {w.pick("有覆盖的较高取值", "covered above"), val(hi)}});
}

void check_side(Checker& c, const Family& fam, int32_t entity, int32_t slot) {
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    z3::expr b = s.attrs[static_cast<size_t>(slot)];
    z3::expr flipped = !b; // the encoder's bool attributes are Bool terms
    auto r = solve_gap(
        c, fam, entity, {covered(enc, fam, s, slot, flipped), !covered(enc, fam, s, slot, b)}, "side",
        {"的是否条件是否两侧都有覆盖", "whether both sides of a condition of ", " are covered"});
    if (!r)
        return;
    report(c, fam, entity, slot, false, *r->model, {});
}

void check_family(Checker& c, const Family& fam, int32_t entity) {
    const rules::RuleSet& rs = c.rules();
    const rules::Entity& e = rs.entities[static_cast<size_t>(entity)];
    std::map<int32_t, int> compared; // numeric slot → clauses reading it
    std::map<int32_t, int> sides;    // bool slot → polarities seen
    for (rules::ClauseId cl : fam.clauses) {
        std::vector<int32_t> read;
        Checker::collect_attrs(rs, rs.clause(cl).condition, read);
        for (int32_t a : read)
            if (numeric(e.attrs[static_cast<size_t>(a)].type.kind))
                ++compared[a];
        std::map<int32_t, int> lits;
        literals(rs, rs.clause(cl).condition, lits);
        for (auto [a, p] : lits)
            sides[a] |= p;
    }
    for (auto [a, n] : compared)
        if (n >= 2)
            check_band(c, fam, entity, a);
    for (auto [a, p] : sides)
        if (p == 3)
            check_side(c, fam, entity, a);
}

} // namespace

void check_conditions(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    std::map<std::tuple<rules::DocumentId, int32_t, int, int32_t>, Family>
        families; // document, entity, kind, id
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity < 0 || cl.condition == rules::no_expr || rs.document(cl.document).external)
            continue;
        auto add = [&](int kind, int32_t id, const std::string& subject, const std::string& label) {
            Family& f = families[{cl.document, cl.entity, kind, id}];
            if (std::find(f.clauses.begin(), f.clauses.end(), i) == f.clauses.end())
                f.clauses.push_back(i);
            f.subject = subject;
            f.label = label;
        };
        for (const auto& g : cl.grants)
            add(0, g.benefit, rs.benefits[static_cast<size_t>(g.benefit)].name, w.benefit(g.benefit));
        for (const auto& r : cl.ranges)
            add(1, r.measure, rs.measures[static_cast<size_t>(r.measure)].name, w.measure(r.measure));
    }
    for (const auto& [key, fam] : families)
        if (fam.clauses.size() >= 2)
            check_family(c, fam, std::get<1>(key));
}

} // namespace lexsim::solver::detail
