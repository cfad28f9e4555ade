#pragma once
/**
 * @brief Evaluating a whole population of entities over flat columns.
 *
 * A Population holds one column of values per attribute of an entity kind
 * (`int64_t`, the same representation as rules::EntityRow). evaluate_population
 * runs the rules' columnar program (the Decider's semantics) over chunks of
 * rows in parallel and reduces the outlays per clause, per benefit and in total. All sums are exact integers
 * (fen), so the result is bit-identical for any number of threads.
 *
 *     sim::Population pop(rs, firm, 100'000);
 *     pop.column(slot)[i] = value;            // or pop.fill(slot, value)
 *     auto out = sim::evaluate_population(rs, pop, date, rules::resolve_params(rs, date));
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <cstdint>
#include <vector>

namespace lexsim::sim {

class Population {
public:
    //! `rows` entities of kind `entity`, every attribute at its default (0 when it has none).
    Population(const rules::RuleSet& rs, int32_t entity, size_t rows);

    int32_t entity() const { return m_entity; }
    size_t rows() const { return m_rows; }
    size_t attributes() const { return m_columns.size(); }
    std::vector<int64_t>& column(int32_t slot) { return m_columns[static_cast<size_t>(slot)]; }
    const std::vector<int64_t>& column(int32_t slot) const { return m_columns[static_cast<size_t>(slot)]; }
    void fill(int32_t slot, int64_t value);

private:
    int32_t m_entity;
    size_t m_rows;
    std::vector<std::vector<int64_t>> m_columns;
};

struct ClauseOutlay {
    rules::ClauseId clause;
    int64_t recipients = 0; //!< rows the clause applied to
    int64_t amount = 0;     //!< fen, this year
};

struct Outlays {
    std::vector<ClauseOutlay> clauses; //!< clauses about the entity kind, in declaration order
    std::vector<std::pair<int32_t, int64_t>> benefits; //!< benefit index, fen
    int64_t total = 0;                                 //!< fen
    int64_t undetermined = 0; //!< rows with a clause whose condition needs a missing value
};

//! Outlays for the year of `date`. `threads` = 0 uses every core.
Outlays evaluate_population(const rules::RuleSet& rs, const Population& pop, int32_t date,
                            const rules::ParamRow& params, int threads = 0);

} // namespace lexsim::sim
