// class-conflict: two clauses in force together that can apply to the same case and set ranges on one
// measure that share no value (a town put in two rings: an error) or that overlap without one containing
// the other (a warning). A range inside another is a refinement ("按照规定比例" within "20%－50%"), not a
// conflict. Cases that can never meet are the range-overlap check's (LX202), so one problem is one finding.
#include "checker.hpp"

#include <map>

namespace lexsim::solver::detail {

namespace {

using Member = std::pair<rules::ClauseId, size_t>; //!< clause, range index

struct Bounds {
    Term low, high;
};

Bounds bounds(Encoder& enc, const rules::RangeOutcome& r, const Situation& s) {
    return {enc.encode(r.low, s), enc.encode(r.high, s)};
}

//! The query of one pair: both apply on one date, and the ranges relate as `relation` says.
Checker::Result ask(Checker& c, int32_t entity, Member a, Member b, bool disjoint) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    Bounds x = bounds(enc, rs.clause(a.first).ranges[a.second], s);
    Bounds y = bounds(enc, rs.clause(b.first).ranges[b.second], s);
    std::vector<z3::expr> q = {
        enc.applies(a.first, s), enc.applies(b.first, s), x.low.def, x.high.def, y.low.def, y.high.def};
    if (disjoint)
        q.push_back(x.high.v < y.low.v || y.high.v < x.low.v);
    else // overlapping, neither inside the other
        q.push_back(
            x.low.v <= y.high.v && y.low.v <= x.high.v &&
            ((x.low.v < y.low.v && x.high.v < y.high.v) || (y.low.v < x.low.v && y.high.v < x.high.v)));
    const auto& A = rs.clause(a.first);
    const auto& B = rs.clause(b.first);
    return c.solve(entity, q,
                   std::string(disjoint ? "class-disjoint-" : "class-overlap-") + A.id + "+" + B.id);
}

std::string range_text(Checker& c, const rules::Measure& m, const z3::model& model, const Bounds& b) {
    auto val = [&](const z3::expr& e) {
        int64_t v = 0;
        model.eval(e, true).is_numeral_i64(v);
        return v;
    };
    int64_t lo = val(b.low.v), hi = val(b.high.v);
    return lo == hi ? c.words().value(m.type, lo)
                    : c.words().value(m.type, lo) + "～" + c.words().value(m.type, hi);
}

void report(Checker& c, int32_t measure, int32_t entity, Member a, Member b, bool disjoint,
            const z3::model& model) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
    const Situation& s = c.situation(entity);
    const auto& A = rs.clause(a.first);
    const auto& B = rs.clause(b.first);
    std::string ra = range_text(c, m, model, bounds(c.enc(), A.ranges[a.second], s));
    std::string rb = range_text(c, m, model, bounds(c.enc(), B.ranges[b.second], s));
    Finding f;
    f.kind = "class-conflict";
    f.severity = disjoint ? Severity::Error : Severity::Warning;
    f.clauses = {a.first, b.first};
    f.subject = m.name;
    std::string name = w.measure(measure);
    if (w.zh())
        f.message = "同一" + w.entity(entity) + "可同时适用 " + w.cite(a.first) + "（「" + name + "」为 " +
                    ra + "）和 " + w.cite(b.first) + "（为 " + rb + "），" +
                    (disjoint ? "两者没有共同取值" : "两个范围部分重叠、互不包含");
    else
        f.message =
            "one " + rs.entities[static_cast<size_t>(entity)].name + " falls under both " + w.cite(a.first) +
            " (" + m.name + " " + ra + ") and " + w.cite(b.first) + " (" + rb +
            "): " + (disjoint ? "no value meets both" : "the ranges overlap and neither contains the other");
    f.witness = c.witness(entity, model, {A.condition, B.condition});
    f.witness->facts = {{w.cite(a.first), ra}, {w.cite(b.first), rb}};
    if (!c.verify(*f.witness, "class-conflict " + A.id + " " + B.id,
                  [&](const rules::Evaluation& e, std::string& why) {
                      why = "expected both clauses to apply";
                      return e.applied(a.first) && e.applied(b.first);
                  }))
        return;
    c.add(std::move(f));
}

void check_pair(Checker& c, int32_t measure, int32_t entity, Member a, Member b) {
    const Words& w = c.words();
    for (bool disjoint : {true, false}) {
        auto r = ask(c, entity, a, b, disjoint);
        if (r.verdict == Verdict::Unknown) {
            c.unknown(
                "class-conflict",
                w.pick(w.cite(a.first) + " 与 " + w.cite(b.first) + " 的取值范围是否冲突",
                       "whether the ranges of " + w.cite(a.first) + " and " + w.cite(b.first) + " conflict"),
                r.reason, {a.first, b.first});
            return;
        }
        if (r.verdict == Verdict::Sat) {
            report(c, measure, entity, a, b, disjoint, *r.model);
            return;
        }
    }
}

} // namespace

void check_class_conflict(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    std::map<std::pair<int32_t, int32_t>, std::vector<Member>> families; // (measure, entity)
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity < 0 || rs.document(cl.document).external)
            continue;
        for (size_t r = 0; r < cl.ranges.size(); ++r)
            families[{cl.ranges[r].measure, cl.entity}].push_back({i, r});
    }
    for (const auto& [key, members] : families)
        for (size_t i = 0; i < members.size(); ++i)
            for (size_t j = i + 1; j < members.size(); ++j)
                if (members[i].first != members[j].first)
                    check_pair(c, key.first, key.second, members[i], members[j]);
}

} // namespace lexsim::solver::detail
