#pragma once
/**
 * @brief What `lexsim check` reports: findings with witnesses and citations.
 *
 * Plain values, no Z3 types: the app and the report writers include this
 * header only.
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::solver {

enum class Severity { Error, Warning, Info };
const char* severity_name(Severity s);

//! A concrete situation that exhibits a finding, in domain terms.
struct Witness {
    int32_t entity = -1; //!< entity kind, or -1 (task and temporal findings)
    std::optional<int32_t> date;
    rules::EntityRow row;                                   //!< every attribute, as re-run
    std::vector<int32_t> shown;                             //!< the attribute slots worth showing
    std::vector<std::pair<int32_t, int64_t>> params;        //!< every open parameter, as re-run
    std::vector<int32_t> shown_params;                      //!< the open parameters worth showing
    std::vector<std::pair<std::string, std::string>> facts; //!< other facts ("combined maximum": "…")
};

struct Finding {
    std::string kind; //!< cap-conflict, double-funding, … (docs/checks.md)
    Severity severity = Severity::Warning;
    std::string message;
    std::vector<int32_t> clauses; //!< clause indices, cited
    std::vector<int32_t> tasks;   //!< task indices, cited
    std::vector<int32_t> documents;
    std::optional<Witness> witness;
    bool unknown = false; //!< the solver could not decide: reported, never dropped
};

struct CheckOptions {
    uint64_t rlimit = 5'000'000; //!< deterministic resource limit per query
    std::string emit_smt_dir;    //!< write every query as SMT-LIB2 here (empty = no)
};

struct CheckStats {
    int queries = 0;
    int sat = 0;
    int unsat = 0;
    int unknown = 0;
};

struct CheckReport {
    std::vector<Finding> findings;
    CheckStats stats;
    std::vector<std::string> internal_errors; //!< the evaluator disagreed with a witness, or Z3 failed
    std::vector<std::string> written_files;   //!< --emit-smt outputs
    std::vector<std::string> output_errors;   //!< --emit-smt files that could not be written

    size_t count(Severity s) const;
};

} // namespace lexsim::solver
