#pragma once
/**
 * @brief The allocation-free core of evaluation: which clauses apply to one
 * entity on one date, and what their grants amount to.
 *
 * A Decider is built once per entity kind (it indexes the clauses about that
 * kind, who excludes whom and the `exclusive with` partners). Per date, a Day
 * holds which of those clauses are in force. Per thread, a Scratch holds the
 * results. `decide` then walks the flat expression arena for one entity and
 * allocates nothing, so simulators can call it for millions of rows.
 * rules::evaluate is built on it and adds the human-readable trace.
 *
 *     Decider d(rs, firm);
 *     auto day = d.day(date);
 *     auto s = d.scratch();
 *     d.decide(input, day, s);   // s.status[k], s.grant_amount[g]
 */
#include "lexsim/rules/evaluator.hpp"

#include <vector>

namespace lexsim::rules {

class Decider {
public:
    Decider(const RuleSet& rs, int32_t entity);

    int32_t entity() const { return m_entity; }
    //! Clauses about this entity kind, in declaration order ("local" indices index this).
    const std::vector<ClauseId>& clauses() const { return m_clauses; }
    //! Grants of local clause k are grants()[grant_begin(k) .. grant_begin(k+1)).
    uint32_t grant_begin(size_t k) const { return m_grant_begin[k]; }
    size_t grant_count() const { return m_grant_begin.back(); }

    struct Day {
        int32_t date = 0;
        std::vector<uint8_t> in_force; //!< per local clause
    };
    Day day(int32_t date) const;

    struct Scratch {
        std::vector<ClauseStatus> status;   //!< per local clause
        std::vector<ClauseStatus> raw;      //!< before exclusions
        std::vector<int32_t> by;            //!< local index of the excluding/superseding clause, or -1
        std::vector<EvalValue> missing;     //!< Undetermined: what was missing
        std::vector<int64_t> amount;        //!< per local clause: sum of its computable quantified grants
        std::vector<int64_t> grant_amount;  //!< per grant (flat): max(amount, 0)
        std::vector<EvalValue> grant_value; //!< per grant: the raw result (status tells failures)
    };
    Scratch scratch() const;

    //! Statuses and amounts for one entity. Allocation-free once `s` is sized by scratch().
    void decide(const EvalInput& in, const Day& day, Scratch& s) const;

private:
    const RuleSet& m_rs;
    int32_t m_entity;
    std::vector<ClauseId> m_clauses;
    std::vector<uint32_t> m_grant_begin;
    std::vector<std::vector<int32_t>> m_excluded_by; //!< local → local indices that exclude it
    std::vector<std::vector<int32_t>> m_partners;    //!< local → local `exclusive with` partners (sorted)
};

} // namespace lexsim::rules
