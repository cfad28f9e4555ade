// range-overlap and coverage-gap: the ranges a family of clauses sets on one measure.
#include "checker.hpp"
#include "lexsim/rules/calendar.hpp"

#include <algorithm>
#include <map>

namespace lexsim::solver::detail {

namespace {

//! Enum-typed attributes a condition reads.
void enum_attrs(const rules::RuleSet& rs, int32_t entity, rules::ExprId e, std::vector<int32_t>& out) {
    std::vector<int32_t> all;
    Checker::collect_attrs(rs, e, all);
    for (int32_t slot : all)
        if (rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)].type.kind ==
                rules::TypeKind::Enum &&
            std::find(out.begin(), out.end(), slot) == out.end())
            out.push_back(slot);
}

//! In force on the situation's date (document and the clause's own window), whatever the condition.
z3::expr clause_in_force(Encoder& enc, const rules::Clause& cl, const Situation& s) {
    z3::expr out = enc.in_force(cl.document, s.date);
    if (cl.from)
        out = out && s.date >= *cl.from;
    if (cl.until)
        out = out && s.date <= *cl.until;
    return out;
}

bool clause_in_force_on(const rules::RuleSet& rs, const rules::Clause& cl, int32_t date) {
    return rules::document_in_force(rs, cl.document, date) && (!cl.from || date >= *cl.from) &&
           (!cl.until || date <= *cl.until);
}

//! The first days of the stretches on which some clause of the family is in force, each stretch one in
//! which no clause of the family starts or stops being in force.
std::vector<std::pair<int32_t, int32_t>> active_stretches(const rules::RuleSet& rs,
                                                          const std::vector<rules::ClauseId>& clauses,
                                                          int32_t first, int32_t last) {
    std::vector<int32_t> b = {first, last + 1};
    auto add = [&](int32_t d) {
        if (d > first && d <= last)
            b.push_back(d);
    };
    for (const auto& d : rs.documents) {
        if (d.first_day() != INT32_MIN)
            add(d.first_day());
        if (d.last_day() != INT32_MAX)
            add(d.last_day() + 1);
    }
    for (rules::ClauseId c : clauses) {
        const auto& cl = rs.clause(c);
        if (cl.from)
            add(*cl.from);
        if (cl.until)
            add(*cl.until + 1);
    }
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    std::vector<std::pair<int32_t, int32_t>> out;
    for (size_t k = 0; k + 1 < b.size(); ++k)
        if (std::any_of(clauses.begin(), clauses.end(),
                        [&](rules::ClauseId c) { return clause_in_force_on(rs, rs.clause(c), b[k]); }))
            out.emplace_back(b[k], b[k + 1] - 1);
    return out;
}

} // namespace

namespace {

using Family = std::vector<std::pair<rules::ClauseId, size_t>>;

//! Are clauses `ca` and `cb` in force at the same time for cases that never meet? Only such clauses can
//! overlap: a later document restating an expired range is no overlap. Unknowns are reported.
bool exclusive_together(Checker& c, int32_t entity, rules::ClauseId ca, rules::ClauseId cb) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    const rules::Clause& A = rs.clause(ca);
    const rules::Clause& B = rs.clause(cb);
    auto together = c.decide(entity, {clause_in_force(enc, A, s), clause_in_force(enc, B, s)},
                             "range-together-" + A.id + "+" + B.id);
    if (together.verdict != Verdict::Sat) {
        if (together.verdict == Verdict::Unknown)
            c.unknown("range-overlap",
                      w.pick(w.cite(ca) + " 与 " + w.cite(cb) + " 是否同时有效",
                             "whether " + A.id + " and " + B.id + " are in force together"),
                      together.reason, {ca, cb});
        return false;
    }
    auto meet =
        c.decide(entity, {enc.applies(ca, s), enc.applies(cb, s)}, "range-cases-" + A.id + "+" + B.id);
    if (meet.verdict == Verdict::Unknown)
        c.unknown("range-overlap",
                  w.pick(w.cite(ca) + " 与 " + w.cite(cb) + " 是否可能同时适用",
                         "whether " + A.id + " and " + B.id + " can apply together"),
                  meet.reason, {ca, cb});
    return meet.verdict == Verdict::Unsat; // the same case is not a question of exclusive cases
}

//! The ends of two ranges in a model where they share a value: low and high of the first, then the second.
struct RangeEnds {
    int64_t lo1, hi1, lo2, hi2;
};

//! The overlap finding, in words: where the two ranges meet, and each clause's range.
Finding overlap_finding(const Checker& c, int32_t measure, rules::ClauseId ca, rules::ClauseId cb,
                        const RangeEnds& e) {
    const Words& w = c.words();
    const rules::Measure& m = c.rules().measures[static_cast<size_t>(measure)];
    int64_t from = std::max(e.lo1, e.lo2), to = std::min(e.hi1, e.hi2);
    bool touch = from == to;
    auto v = [&](int64_t n) { return w.value(m.type, n); };
    Finding f;
    f.kind = "range-overlap";
    // A shared end point (of ranges written "左右", as a rule) is a note; a shared stretch a warning.
    f.severity = touch ? Severity::Info : Severity::Warning;
    f.clauses = {ca, cb};
    f.subject = m.name;
    std::string name = w.measure(measure);
    if (w.zh())
        f.message = "互斥情形下「" + name + "」的取值范围" +
                    (touch ? "在 " + v(from) + " 处相接" : "在 " + v(from) + "～" + v(to) + " 重叠") + "：" +
                    w.cite(ca) + " 为 " + v(e.lo1) + "～" + v(e.hi1) + "，" + w.cite(cb) + " 为 " + v(e.lo2) +
                    "～" + v(e.hi2) + (touch ? "；取值 " + v(from) + " 同属两种情形" : "");
    else
        f.message = "the ranges of " + name + " for exclusive cases " +
                    (touch ? "touch at " + v(from) : "overlap on " + v(from) + " .. " + v(to)) + ": " +
                    w.cite(ca) + " allows " + v(e.lo1) + " .. " + v(e.hi1) + ", " + w.cite(cb) + " allows " +
                    v(e.lo2) + " .. " + v(e.hi2) +
                    (touch ? "; a value of " + v(from) + " belongs to both" : "");
    Witness wit;
    wit.facts.emplace_back(name, v(from));
    f.witness = std::move(wit);
    return f;
}

//! range-overlap for one pair of ranges: the clauses in force at the same time for cases that never
//! meet, and a value both ranges hold.
void check_overlap(Checker& c, int32_t measure, int32_t entity, std::pair<rules::ClauseId, size_t> first,
                   std::pair<rules::ClauseId, size_t> second) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    const Situation& s = c.situation(entity);
    auto [ca, ra] = first;
    auto [cb, rb] = second;
    if (ca == cb)
        return;
    const rules::RangeOutcome& x = rs.clause(ca).ranges[ra];
    const rules::RangeOutcome& y = rs.clause(cb).ranges[rb];
    Term xl = enc.encode(x.low, s), xh = enc.encode(x.high, s);
    Term yl = enc.encode(y.low, s), yh = enc.encode(y.high, s);
    if (!exclusive_together(c, entity, ca, cb))
        return;
    const std::string& ida = rs.clause(ca).id;
    const std::string& idb = rs.clause(cb).id;
    auto shared = c.solve(entity, {xl.v <= yh.v, yl.v <= xh.v, xl.def, xh.def, yl.def, yh.def},
                          "range-overlap-" + ida + "+" + idb);
    if (shared.verdict == Verdict::Unknown)
        c.unknown("range-overlap",
                  w.pick(w.cite(ca) + " 与 " + w.cite(cb) + " 的区间是否重叠",
                         "whether the ranges of " + ida + " and " + idb + " overlap"),
                  shared.reason, {ca, cb});
    if (shared.verdict != Verdict::Sat)
        return;
    auto val = [&](const z3::expr& e) {
        int64_t v = 0;
        shared.model->eval(e, true).is_numeral_i64(v);
        return v;
    };
    c.add(overlap_finding(c, measure, ca, cb, {val(xl.v), val(xh.v), val(yl.v), val(yh.v)}));
}

//! range-overlap: two clauses in force at the same time for cases that never meet, whose ranges share a
//! value.
void check_overlaps(Checker& c, int32_t measure, int32_t entity, const Family& members) {
    for (size_t i = 0; i < members.size(); ++i)
        for (size_t j = i + 1; j < members.size(); ++j)
            check_overlap(c, measure, entity, members[i], members[j]);
}

//! coverage-gap: members of an enum the family's conditions test that no clause of the family covers while
//! the family is in force; one finding per family and attribute, listing every uncovered member.
void check_coverage(Checker& c, int32_t measure, int32_t entity, const Family& members) {
    const rules::RuleSet& rs = c.rules();
    const Words& w = c.words();
    Encoder& enc = c.enc();
    const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
    const Situation& s = c.situation(entity);
    std::vector<int32_t> slots;
    std::vector<rules::ClauseId> clause_ids;
    for (auto [cl, r] : members) {
        enum_attrs(rs, entity, rs.clause(cl).condition, slots);
        if (std::find(clause_ids.begin(), clause_ids.end(), cl) == clause_ids.end())
            clause_ids.push_back(cl);
    }
    z3::expr any = enc.ctx().bool_val(false);
    for (rules::ClauseId cl : clause_ids)
        any = any || enc.raw_applies(cl, s);
    auto stretches = active_stretches(rs, clause_ids, enc.first_date(), enc.last_date());
    for (int32_t slot : slots) {
        const rules::Attribute& attr =
            rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)];
        const rules::EnumDecl& en = rs.enums[static_cast<size_t>(attr.type.enum_id)];
        // Per member, the first day of the stretches in which it is uncovered.
        std::vector<std::vector<int32_t>> gaps(en.members.size());
        for (auto [first, last] : stretches) {
            std::vector<size_t> uncovered;
            for (size_t v = 0; v < en.members.size(); ++v) {
                auto r = c.decide(
                    entity,
                    {s.date == enc.ctx().int_val(first),
                     s.attrs[static_cast<size_t>(slot)] == enc.ctx().int_val(static_cast<int64_t>(v)), any},
                    "coverage-" + m.name + "-" + attr.name + "-" + en.members[v].name + "-" +
                        rules::format_date(first));
                if (r.verdict == Verdict::Unknown)
                    c.unknown("coverage-gap",
                              w.pick("「" + w.attr(entity, slot) + "：" +
                                         w.member(attr.type.enum_id, static_cast<int64_t>(v)) +
                                         "」是否有条款覆盖",
                                     "whether " + attr.name + " = " + en.members[v].name + " is covered"),
                              r.reason, clause_ids);
                else if (r.verdict == Verdict::Unsat)
                    uncovered.push_back(v);
            }
            if (uncovered.size() == en.members.size())
                continue; // the family covers nothing here: not a family that splits on this attribute
            for (size_t v : uncovered)
                gaps[v].push_back(first);
        }
        std::vector<std::string> names, keys;
        for (size_t v = 0; v < en.members.size(); ++v) {
            if (gaps[v].empty())
                continue;
            std::string name = w.member(attr.type.enum_id, static_cast<int64_t>(v));
            bool always = gaps[v].size() == stretches.size();
            if (!always)
                name += w.zh() ? "（" + rules::format_date(gaps[v].front()) + " 起）"
                               : " (from " + rules::format_date(gaps[v].front()) + ")";
            names.push_back(name);
            keys.push_back(en.members[v].name);
        }
        if (names.empty())
            continue;
        Finding f;
        f.kind = "coverage-gap";
        f.severity = Severity::Warning;
        f.clauses = clause_ids;
        f.subject = m.name + "/" + attr.name;
        std::string what = w.measure(measure), by = w.attr(entity, slot);
        f.message = w.zh() ? "规定「" + what + "」的条款未覆盖" + by + "的以下 " +
                                 std::to_string(names.size()) + " 个取值：" + w.list(names)
                           : "no clause that sets " + what + " covers " + attr.name + " = " + w.list(names);
        Witness wit;
        wit.entity = entity;
        std::string all;
        for (const auto& k : keys)
            all += (all.empty() ? "" : ", ") + k;
        wit.facts.emplace_back(by, w.zh() ? w.list(names) : all);
        f.witness = std::move(wit);
        c.add(std::move(f));
    }
}

} // namespace

void check_ranges(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    // Families: the range statements on one measure about one entity kind.
    std::map<std::pair<int32_t, int32_t>, Family> families;
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        if (cl.entity < 0)
            continue;
        for (size_t r = 0; r < cl.ranges.size(); ++r)
            families[{cl.ranges[r].measure, cl.entity}].push_back({i, r});
    }
    for (const auto& [key, members] : families) {
        check_overlaps(c, key.first, key.second, members);
        check_coverage(c, key.first, key.second, members);
    }
}

} // namespace lexsim::solver::detail
