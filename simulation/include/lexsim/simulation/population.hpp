#pragma once
/**
 * @brief Evaluating a whole population of entities over flat columns.
 *
 * A Population holds one column of values per attribute of an entity kind: booleans and enum codes (enums
 * of at most 256 members) as one byte per row, everything else as `int64_t` (the representation of
 * rules::EntityRow). evaluate_population runs the rules' columnar program (the Decider's semantics) over
 * chunks of rows in parallel, reading the byte columns as bytes, and reduces the outlays per clause, per
 * benefit and in total. All sums are exact integers (fen), so the result is bit-identical for any number of
 * threads.
 *
 *     sim::Population pop(rs, firm, 100'000);
 *     pop.set(slot, i, value);                // or pop.fill(slot, value); pop.column / pop.bytes
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
    size_t attributes() const { return m_narrow.size(); }
    //! Whether the slot is held as bytes (a boolean, or an enum of at most 256 members).
    bool narrow(int32_t slot) const { return m_narrow[static_cast<size_t>(slot)] != 0; }
    //! The int64 column of a slot that is not narrow (empty for a narrow one).
    std::vector<int64_t>& column(int32_t slot) { return m_columns[static_cast<size_t>(slot)]; }
    const std::vector<int64_t>& column(int32_t slot) const { return m_columns[static_cast<size_t>(slot)]; }
    //! The byte column of a narrow slot (empty for another).
    std::vector<uint8_t>& bytes(int32_t slot) { return m_bytes[static_cast<size_t>(slot)]; }
    const std::vector<uint8_t>& bytes(int32_t slot) const { return m_bytes[static_cast<size_t>(slot)]; }
    //! Row `row`'s value of the slot, whichever its width.
    int64_t value(int32_t slot, size_t row) const {
        auto a = static_cast<size_t>(slot);
        return m_narrow[a] ? m_bytes[a][row] : m_columns[a][row];
    }
    //! Sets one value; a narrow slot takes 0..255 only (std::out_of_range otherwise).
    void set(int32_t slot, size_t row, int64_t value);
    void fill(int32_t slot, int64_t value);
    //! The slot's values as int64, whichever its width (a copy).
    std::vector<int64_t> wide(int32_t slot) const;

private:
    int32_t m_entity;
    size_t m_rows;
    std::vector<uint8_t> m_narrow;
    std::vector<std::vector<int64_t>> m_columns; //!< per slot not narrow
    std::vector<std::vector<uint8_t>> m_bytes;   //!< per narrow slot
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
