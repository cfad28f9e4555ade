// vacuous and shadowed clauses: conditions that can never hold, and clauses that never take effect.
#include "checker.hpp"

#include <algorithm>

namespace lexsim::solver::detail {

void check_clauses(Checker& c) {
    const rules::RuleSet& rs = c.rules();
    Encoder& enc = c.enc();
    for (rules::ClauseId i : rs.clause_ids()) {
        const rules::Clause& cl = rs.clause(i);
        const rules::Document& doc = rs.document(cl.document);
        if (cl.entity < 0 || doc.external)
            continue;
        // A document that expires before it takes effect is one finding (temporal), not one per clause.
        if (std::find(doc.header_problems.begin(), doc.header_problems.end(),
                      rules::HeaderProblem::ExpiresBeforeEffective) != doc.header_problems.end())
            continue;
        auto id = i;
        const Situation& s = c.situation(cl.entity);
        std::vector<z3::expr> applies = {enc.raw_applies(id, s)};
        auto raw = c.decide(cl.entity, applies, "vacuous-" + cl.id); // the witness only if shadowed
        if (raw.verdict == Verdict::Unknown) {
            c.unknown("vacuous",
                      c.words().pick(c.words().cite(id) + "（" + cl.id + "）是否可能适用",
                                     "whether " + cl.id + " can ever apply"),
                      raw.reason, {id});
            continue;
        }
        if (raw.verdict == Verdict::Unsat) {
            Finding f;
            f.kind = "vacuous";
            f.severity = Severity::Warning;
            f.clauses = {id};
            const Words& w = c.words();
            f.message = w.zh() ? w.cite(id) + "（" + cl.id + "）永远不会适用：在文件有效期内，没有" +
                                     w.entity(cl.entity) + "能满足其适用条件"
                               : "clause " + cl.id + " can never apply: no " +
                                     rs.entities[static_cast<size_t>(cl.entity)].name +
                                     " satisfies its condition while its document is in force";
            c.add(std::move(f));
            continue;
        }
        if (cl.excludes_document || !cl.excludes.empty())
            continue; // a clause whose effect is to exclude others is not itself shadowed
        auto eff = c.decide(cl.entity, {enc.applies(id, s)}, "shadowed-" + cl.id);
        if (eff.verdict == Verdict::Unknown) {
            c.unknown("shadowed",
                      c.words().pick(c.words().cite(id) + "（" + cl.id + "）是否可能生效",
                                     "whether " + cl.id + " ever takes effect"),
                      eff.reason, {id});
            continue;
        }
        if (eff.verdict == Verdict::Unsat) {
            Finding f;
            f.kind = "shadowed";
            f.severity = Severity::Warning;
            f.clauses = {id};
            // Name what takes precedence, from the situation where it would otherwise apply.
            c.refine(cl.entity, applies, raw);
            f.witness = c.witness(cl.entity, *raw.model, {cl.condition});
            rules::Evaluation ev = c.evaluate(*f.witness);
            for (const auto& t : ev.clauses)
                if (t.clause == id && t.by_clause.valid())
                    f.clauses.push_back(t.by_clause);
            f.message = c.words().zh() ? c.words().cite(id) + "（" + cl.id +
                                             "）永远不会生效：每当它适用时，都被另一条款排除或取代"
                                       : "clause " + cl.id +
                                             " never takes effect: whenever it would apply, another clause "
                                             "excludes or supersedes it";
            c.verify(*f.witness, "shadowed " + cl.id, [&](const rules::Evaluation& e, std::string& why) {
                why = "expected the clause to be excluded or superseded in the witness";
                for (const auto& t : e.clauses)
                    if (t.clause == id)
                        return t.status == rules::ClauseStatus::Excluded ||
                               t.status == rules::ClauseStatus::Superseded;
                return false;
            });
            c.add(std::move(f));
        }
    }
}

} // namespace lexsim::solver::detail
