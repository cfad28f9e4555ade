#pragma once
/**
 * @brief What `lexsim check` reports: findings with witnesses and citations.
 *
 * Plain values, no Z3 types: the app and the report writers include this
 * header only.
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/severity.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lexsim::solver {

//! One severity scale with the load diagnostics (rules/severity.hpp).
using rules::Severity;
using rules::severity_name;

//! A concrete situation that exhibits a finding, in domain terms.
struct Witness {
    int32_t entity = -1; //!< entity kind, or -1 (task and temporal findings)
    std::optional<int32_t> date;
    rules::EntityRow row;                                   //!< every attribute, as re-run
    std::vector<int32_t> shown;                             //!< the attribute slots worth showing
    std::vector<std::pair<int32_t, int64_t>> params;        //!< every open parameter, as re-run
    std::vector<int32_t> shown_params;                      //!< the open parameters worth showing
    std::vector<std::pair<std::string, std::string>> facts; //!< other facts ("combined maximum": "…")
    std::vector<std::pair<std::string, int64_t>> amounts;   //!< money facts in fen (JSON: numbers of yuan)
};

struct Finding {
    std::string kind; //!< cap-conflict, double-funding, … (docs/checks.md)
    Severity severity = Severity::Warning;
    std::string message;
    std::vector<std::string> readings; //!< each way of reading the problem, one line each
    std::string subject; //!< what the finding is about (a benefit, a measure…), for the fingerprint
    std::vector<rules::ClauseId> clauses; //!< cited
    std::vector<int32_t> tasks;           //!< task indices, cited
    std::vector<rules::DocumentId> documents;
    std::optional<Witness> witness;
    bool unknown = false; //!< the solver could not decide: reported, never dropped
};

//! The language of messages: Auto is Chinese when the rules' labels are Chinese.
enum class Lang { Auto, Zh, En };
//! Auto resolved against the rules' labels.
Lang resolve_lang(const rules::RuleSet& rs, Lang lang);

struct CheckOptions {
    uint64_t rlimit = 5'000'000;  //!< deterministic resource limit per query
    unsigned timeout_ms = 60'000; //!< wall-clock budget per query, in milliseconds (past it: unknown)
    std::string emit_smt_dir;     //!< write every query as SMT-LIB2 here (empty = no)
    Lang lang = Lang::Auto;
};

//! A finding's stable fingerprint: kind, the cited clause and task ids, and the subject, hashed (16 hex
//! digits). It does not change when lines move or messages are reworded.
std::string fingerprint(const rules::RuleSet& rs, const Finding& f);
//! The code of a finding kind ("LX101"), or "" for an unknown kind.
std::string finding_code(const std::string& kind);

struct CheckStats {
    int queries = 0;
    int sat = 0;
    int unsat = 0;
    int unknown = 0;
};

struct CheckReport {
    Lang lang = Lang::En; //!< the language the messages are written in
    std::vector<Finding> findings;
    CheckStats stats;
    std::vector<std::string> internal_errors; //!< the evaluator disagreed with a witness, or Z3 failed
    std::vector<std::string> written_files;   //!< --emit-smt outputs
    std::vector<std::string> output_errors;   //!< --emit-smt files that could not be written
    bool reviewed = false; //!< a baseline was applied: every finding left is new (SARIF baselineState)
    size_t baselined = 0;  //!< findings dropped because the baseline has them
    size_t unfocused = 0;  //!< findings dropped because they cite no focused file

    size_t count(Severity s) const;
};

} // namespace lexsim::solver
