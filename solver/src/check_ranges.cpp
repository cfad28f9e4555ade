// range-overlap and coverage-gap: the ranges a family of clauses sets on one measure.
#include "checker.hpp"

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

} // namespace

void check_ranges(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    // Families: the range statements on one measure about one entity kind.
    std::map<std::pair<int32_t, int32_t>, std::vector<std::pair<int32_t, size_t>>> families;
    for (size_t i = 0; i < rs.clauses.size(); ++i) {
        const rules::Clause& cl = rs.clauses[i];
        if (cl.entity < 0)
            continue;
        for (size_t r = 0; r < cl.ranges.size(); ++r)
            families[{cl.ranges[r].measure, cl.entity}].push_back({static_cast<int32_t>(i), r});
    }
    for (const auto& [key, members] : families) {
        auto [measure, entity] = key;
        const rules::Measure& m = rs.measures[static_cast<size_t>(measure)];
        const Situation& s = c.situation(entity);

        // range-overlap: two clauses for cases that never meet, whose ranges still share a value.
        for (size_t i = 0; i < members.size(); ++i) {
            for (size_t j = i + 1; j < members.size(); ++j) {
                auto [ca, ra] = members[i];
                auto [cb, rb] = members[j];
                if (ca == cb)
                    continue;
                const rules::RangeOutcome& x = rs.clauses[static_cast<size_t>(ca)].ranges[ra];
                const rules::RangeOutcome& y = rs.clauses[static_cast<size_t>(cb)].ranges[rb];
                Term xl = enc.encode(x.low, s), xh = enc.encode(x.high, s);
                Term yl = enc.encode(y.low, s), yh = enc.encode(y.high, s);
                const rules::Clause& A = rs.clauses[static_cast<size_t>(ca)];
                const rules::Clause& B = rs.clauses[static_cast<size_t>(cb)];
                auto meet = c.solve(entity, {enc.applies(ca, s), enc.applies(cb, s)},
                                    "range-cases-" + A.id + "+" + B.id);
                if (meet.verdict == Verdict::Unknown) {
                    c.unknown("range-overlap", "whether " + A.id + " and " + B.id + " can apply together",
                              meet.reason, {ca, cb});
                    continue;
                }
                if (meet.verdict == Verdict::Sat)
                    continue; // the same case: not a question of exclusive cases (see cap-conflict for
                              // ranges)
                // Exclusive cases: is there a value both ranges allow?
                auto shared = c.solve(entity, {xl.v <= yh.v, yl.v <= xh.v, xl.def, xh.def, yl.def, yh.def},
                                      "range-overlap-" + A.id + "+" + B.id);
                if (shared.verdict == Verdict::Unknown) {
                    c.unknown("range-overlap", "whether the ranges of " + A.id + " and " + B.id + " overlap",
                              shared.reason, {ca, cb});
                    continue;
                }
                if (shared.verdict != Verdict::Sat)
                    continue;
                auto val = [&](const z3::expr& e) {
                    int64_t v = 0;
                    shared.model->eval(e, true).is_numeral_i64(v);
                    return v;
                };
                int64_t lo1 = val(xl.v), hi1 = val(xh.v), lo2 = val(yl.v), hi2 = val(yh.v);
                int64_t from = std::max(lo1, lo2), to = std::min(hi1, hi2);
                Finding f;
                f.kind = "range-overlap";
                f.severity = Severity::Warning;
                f.clauses = {ca, cb};
                bool touch = from == to;
                std::string lo_text = rules::format_value(rs, m.type, from);
                f.message = "the ranges of " + m.name + (m.label.empty() ? "" : " (" + m.label + ")") +
                            " for exclusive cases " +
                            (touch ? "touch at " + lo_text
                                   : "overlap on " + lo_text + " .. " + rules::format_value(rs, m.type, to)) +
                            ": " + cite(rs, ca) + " allows " + rules::format_value(rs, m.type, lo1) + " .. " +
                            rules::format_value(rs, m.type, hi1) + ", " + cite(rs, cb) + " allows " +
                            rules::format_value(rs, m.type, lo2) + " .. " +
                            rules::format_value(rs, m.type, hi2) +
                            (touch ? "; a value of " + lo_text + " belongs to both" : "");
                Witness w;
                w.facts.emplace_back(m.name, lo_text);
                f.witness = std::move(w);
                c.add(std::move(f));
            }
        }

        // coverage-gap: members of an enum the family's conditions test that no clause of the family covers.
        std::vector<int32_t> slots;
        for (auto [cl, r] : members)
            enum_attrs(rs, entity, rs.clauses[static_cast<size_t>(cl)].condition, slots);
        for (int32_t slot : slots) {
            const rules::Attribute& attr =
                rs.entities[static_cast<size_t>(entity)].attrs[static_cast<size_t>(slot)];
            const rules::EnumDecl& en = rs.enums[static_cast<size_t>(attr.type.enum_id)];
            // Only families that split on this attribute: some clause's condition names it.
            z3::expr any = enc.ctx().bool_val(false);
            std::vector<int32_t> clause_ids;
            for (auto [cl, r] : members) {
                any = any || enc.raw_applies(cl, s);
                if (std::find(clause_ids.begin(), clause_ids.end(), cl) == clause_ids.end())
                    clause_ids.push_back(cl);
            }
            std::vector<std::string> uncovered;
            for (size_t v = 0; v < en.members.size(); ++v) {
                auto r = c.solve(
                    entity,
                    {s.attrs[static_cast<size_t>(slot)] == enc.ctx().int_val(static_cast<int64_t>(v)), any},
                    "coverage-" + m.name + "-" + attr.name + "-" + en.members[v].name);
                if (r.verdict == Verdict::Unknown) {
                    c.unknown("coverage-gap",
                              "whether " + attr.name + " = " + en.members[v].name + " is covered", r.reason,
                              clause_ids);
                    continue;
                }
                if (r.verdict == Verdict::Unsat)
                    uncovered.push_back(en.members[v].name + (en.members[v].label.empty()
                                                                  ? ""
                                                                  : " (" + en.members[v].label + ")"));
            }
            if (uncovered.empty() || uncovered.size() == en.members.size())
                continue;
            for (const auto& u : uncovered) {
                Finding f;
                f.kind = "coverage-gap";
                f.severity = Severity::Warning;
                f.clauses = clause_ids;
                f.message = "no clause that sets " + m.name + (m.label.empty() ? "" : " (" + m.label + ")") +
                            " covers " + attr.name + " = " + u;
                Witness w;
                w.entity = entity;
                w.facts.emplace_back(attr.name, u);
                f.witness = std::move(w);
                c.add(std::move(f));
            }
        }
    }
}

} // namespace lexsim::solver::detail
