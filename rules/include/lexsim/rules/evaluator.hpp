#pragma once
/**
 * @brief The concrete semantics of a RuleSet: evaluation of expressions and of
 * whole clauses for one entity on one date.
 *
 * `eval_expr` is the hot path the simulators call over flat value rows: it walks
 * the expression arena with no allocation and no string lookup. `evaluate`
 * builds the full trace that `lexsim explain`, `lexsim test` and the checker's
 * witness re-runs use.
 *
 *     ParamRow params = resolve_params(rs, date);
 *     EntityRow firm = make_row(rs, entity_index);
 *     firm.set(slot, value);
 *     Evaluation ev = evaluate(rs, firm, date, params);
 */
#include "lexsim/rules/ast.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lexsim::rules {

enum class EvalStatus : uint8_t { Ok, MissingAttr, MissingParam, DivByZero, Overflow };

struct EvalValue {
    int64_t value = 0;
    EvalStatus status = EvalStatus::Ok;
    int32_t detail = -1; //!< the missing attribute slot or parameter index
};

//! Raw pointers into value rows: what the hot path reads.
struct EvalInput {
    const int64_t* attrs = nullptr;
    const uint8_t* attr_present = nullptr; //!< null = every attribute present
    const int64_t* params = nullptr;
    const uint8_t* param_present = nullptr; //!< null = every parameter present
    int32_t today = 0;
};

EvalValue eval_expr(const RuleSet& rs, ExprId id, const EvalInput& in);

//! Values for every parameter on a date (open parameters absent unless given).
struct ParamRow {
    std::vector<int64_t> values;
    std::vector<uint8_t> present;
};
ParamRow resolve_params(const RuleSet& rs, int32_t date);

//! One entity's attribute values.
struct EntityRow {
    int32_t entity = -1;
    std::vector<int64_t> values;
    std::vector<uint8_t> present;
    void set(int32_t slot, int64_t v) {
        values[static_cast<size_t>(slot)] = v;
        present[static_cast<size_t>(slot)] = 1;
    }
};
//! A row with every defaulted attribute set and the others absent.
EntityRow make_row(const RuleSet& rs, int32_t entity);

bool document_in_force(const RuleSet& rs, DocumentId document, int32_t date);

enum class ClauseStatus : uint8_t {
    Applied,
    NotApplicable, //!< the condition is false
    Excluded,      //!< an applicable clause excludes it
    Superseded,    //!< lost an `exclusive with` choice
    NotInForce,    //!< its document (or its own from/until) is not in force on the date
    Undetermined,  //!< the condition needs a value that was not given
};
const char* clause_status_name(ClauseStatus s);

struct GrantOutcome {
    ClauseId clause;
    int32_t grant = -1; //!< index in the clause's grants
    int32_t benefit = -1;
    bool quantified = true; //!< false for in-kind and unquantified grants
    int64_t amount = 0;     //!< fen per year covered
    int32_t first_year = 0;
    int32_t last_year = 0; //!< == first_year for one-off; INT32_MAX for open-ended yearly grants
};

struct ConstraintOutcome {
    ClauseId clause;
    int32_t constraint = -1;
    bool satisfied = true;
    bool determined = true;
};

struct ClauseTrace {
    ClauseId clause;
    ClauseStatus status = ClauseStatus::NotApplicable;
    ExprId reason = no_expr; //!< NotApplicable: the first false conjunct
    ClauseId by_clause;      //!< Excluded / Superseded: the clause responsible
    EvalValue missing;       //!< Undetermined: what was missing
};

//! One evaluation error, structured, so that a caller can word it in the report's language.
struct EvalError {
    ClauseId clause;       //!< the clause, or none for a broken entity assumption
    ExprId expr = no_expr; //!< the assumption, condition or amount that failed
    bool amount = false;   //!< `expr` is a grant's amount (else the clause's condition)
    EvalValue value;       //!< what went wrong: status (Ok for a broken assumption) and missing slot
};

struct Evaluation {
    std::vector<ClauseTrace> clauses; //!< every clause about the entity's kind, in declaration order
    std::vector<GrantOutcome> grants;
    std::vector<ConstraintOutcome> constraints;
    std::vector<int32_t> params_used; //!< parameter indices read while evaluating
    //! Total entitlement in fen per benefit and year.
    std::map<std::pair<int32_t, int32_t>, int64_t> totals;
    std::vector<std::string> errors; //!< evaluation errors (overflow, division by zero, violated assumptions)
    std::vector<EvalError> error_details; //!< the same errors, structured, in the same order

    int64_t total(int32_t benefit, int32_t year) const;
    bool applied(ClauseId clause) const;
};

Evaluation evaluate(const RuleSet& rs, const EntityRow& row, int32_t date, const ParamRow& params);

//! The evaluation an `example` describes: its entity, date and parameter values.
Evaluation evaluate_example(const RuleSet& rs, const Example& ex);

//! Runs every `example`; returns one message per failed expectation (empty = all pass).
struct ExampleFailure {
    int32_t example = -1;
    Span span;
    std::string message;
};
std::vector<ExampleFailure> run_examples(const RuleSet& rs);

} // namespace lexsim::rules
