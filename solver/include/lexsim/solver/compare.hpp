#pragma once
/**
 * @brief Semantic comparison of two versions (`lexsim diff`) and guaranteed
 * worst-case outlays (`lexsim bounds`).
 *
 *     auto d = lexsim::solver::diff(old_rules, new_rules, {});
 *     for (const auto& b : d.benefits) ... b.verdict, b.more_witness, b.less_witness
 */
#include "lexsim/solver/findings.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::solver {

enum class DiffVerdict { Equivalent, MoreGenerous, LessGenerous, Incomparable, Unknown };
const char* diff_verdict_name(DiffVerdict v);

struct DiffWitness {
    std::string entity;
    int32_t date = 0;
    std::vector<std::pair<std::string, std::string>>
        attributes;        //!< name, value (only those either version reads)
    int64_t old_total = 0; //!< fen, for the year of `date`
    int64_t new_total = 0;
    //! Multi-year comparison: each version's total over the whole term of its grants (a yearly grant
    //! for N years counts N times, `once` one payment) and the longest term that applies, in years.
    int64_t old_term = 0;
    int64_t new_term = 0;
    int32_t old_years = 0;
    int32_t new_years = 0;
    bool verified = false; //!< both evaluators agree with these totals
};

//! The benefit over the whole term of its grants (`per year for N years`, `once`): set when either version
//! has a grant for a stated number of years and neither has an open-ended yearly one.
struct TermDiff {
    DiffVerdict verdict = DiffVerdict::Unknown;
    std::optional<DiffWitness> more; //!< NEW pays more over the term
    std::optional<DiffWitness> less; //!< NEW pays less over the term
    //! Largest gain / loss over the term, in fen; nullopt with a witness = it grows with an input.
    std::optional<int64_t> most_more;
    std::optional<int64_t> most_less;
    bool bound_unknown = false; //!< the solver could not settle most_more / most_less
};

struct BenefitDiff {
    std::string benefit;
    std::string entity;
    DiffVerdict verdict = DiffVerdict::Unknown;
    //! An in-kind (or unquantified) benefit: `more` is a situation where only NEW grants it, `less` one
    //! where only OLD does (old_total / new_total are 0 or 1), and the verdict compares the situations.
    bool in_kind = false;
    std::optional<DiffWitness> more; //!< a situation where NEW pays more
    std::optional<DiffWitness> less; //!< a situation where NEW pays less
    std::optional<TermDiff> term;    //!< multi-year grants, compared over all the years they pay
    std::string reason;              //!< for Unknown
};

struct DiffReport {
    std::vector<BenefitDiff> benefits;
    std::vector<std::string> errors; //!< incompatible declarations, evaluator disagreements
};

DiffReport diff(const rules::RuleSet& older, const rules::RuleSet& newer, const CheckOptions& options);

struct ClauseBound {
    rules::ClauseId clause;
    int32_t grant = -1;
    std::optional<int64_t> per_entity; //!< fen; nullopt = unbounded (grows with an input)
    std::optional<int64_t>
        per_year; //!< the clause's yearly outlay over all recipients (quota × max, or pool)
    bool per_year_overflow = false; //!< quota × max is past the largest amount lexsim represents
    bool unknown = false;
};

struct BenefitBound {
    std::string benefit;
    std::string entity;
    std::optional<int64_t>
        per_entity; //!< most one entity can get from all clauses of the benefit in one year
    bool unknown = false;
};

struct BoundsReport {
    std::vector<ClauseBound> clauses;
    std::vector<BenefitBound> benefits;
    std::vector<std::pair<std::string, std::optional<int64_t>>>
        entities; //!< entity kind, most in one year overall
};

BoundsReport bounds(const rules::RuleSet& rs, const CheckOptions& options);

//! `lexsim diff` as text, in the rules' labels and `lang` (resolved, not Auto): the benefits that changed
//! (every one with `all`), each with its witnesses and the clauses NEW adds, removes or rewrites.
std::string render_diff_text(const rules::RuleSet& older, const rules::RuleSet& newer, const DiffReport& d,
                             Lang lang, bool all);
//! `lexsim diff --format json`: stable keys and names, money in fen.
std::string render_diff_json(const DiffReport& d);
//! `lexsim bounds` as text, in the rules' labels and `lang` (resolved, not Auto).
std::string render_bounds_text(const rules::RuleSet& rs, const BoundsReport& b, Lang lang);
//! `lexsim bounds --format json`.
std::string render_bounds_json(const rules::RuleSet& rs, const BoundsReport& b);

} // namespace lexsim::solver
