#pragma once
/**
 * @brief Who excludes whom: the one index of `excludes`, `excludes document` and `exclusive with`,
 * shared by the Decider, the columnar evaluator, the Z3 encoder and the temporal checks.
 *
 * Built in one pass over the clauses and their links (linear; an all-pairs scan made every witness
 * re-run quadratic). Lists hold global clause indices, sorted and without repeats. The index does not
 * filter by entity kind: a clause only ever competes with clauses about the same kind, and each user
 * keeps the ones it evaluates together.
 *
 *     ExclusionIndex ex(rs);
 *     for (ClauseId x : ex.excluded_by(c)) …     // clauses that exclude c when they apply
 *     auto local = ex.restrict(decider_clauses); // the same, renumbered for a subset
 */
#include "lexsim/rules/ast.hpp"

#include <vector>

namespace lexsim::rules {

class ExclusionIndex {
public:
    explicit ExclusionIndex(const RuleSet& rs);

    //! Clauses that exclude `clause` when they apply (its `excludes` list names it, or `excludes
    //! document` in its document).
    const std::vector<ClauseId>& excluded_by(ClauseId clause) const { return m_excluded_by[clause.index()]; }
    //! `exclusive with` partners of `clause`, either side having written it.
    const std::vector<ClauseId>& partners(ClauseId clause) const { return m_partners[clause.index()]; }
    //! Whether one of a, b excludes the other or they are `exclusive with` partners.
    bool linked(ClauseId a, ClauseId b) const;

    //! The index restricted to `clauses` (ascending global indices), in their local numbering.
    struct Local {
        std::vector<std::vector<int32_t>> excluded_by; //!< local → local clauses that exclude it
        std::vector<std::vector<int32_t>> partners;    //!< local → local `exclusive with` partners
    };
    Local restrict(const std::vector<ClauseId>& clauses) const;

private:
    std::vector<std::vector<ClauseId>> m_excluded_by;
    std::vector<std::vector<ClauseId>> m_partners;
};

} // namespace lexsim::rules
