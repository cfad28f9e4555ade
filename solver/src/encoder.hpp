#pragma once
// AST → Z3 terms. Private to the solver module: z3++.h never reaches a public header.
//
// The encoding mirrors rules/src/evaluator.cpp exactly: every value is an integer
// (money in fen, rates in millionths, dates in days), products and quotients round
// down, and each term carries a definedness flag that follows the evaluator's rules
// for missing values (false wins in `and`, true wins in `or`).
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/exclusion.hpp"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>
#include <z3++.h>

namespace lexsim::solver::detail {

//! One entity of a kind, on one date: the free variables of a query.
struct Situation {
    int32_t entity = -1;
    std::vector<z3::expr> attrs;
    z3::expr date;
};

struct Term {
    z3::expr v;   //!< Bool for bool-typed expressions, Int otherwise
    z3::expr def; //!< Bool: the evaluator would compute a value
};

class Encoder {
public:
    explicit Encoder(const rules::RuleSet& rs);
    //! Shares a context: two rule sets encoded in one context share the variables of attributes and
    //! parameters with the same names (what `lexsim diff` compares on).
    Encoder(const rules::RuleSet& rs, std::shared_ptr<z3::context> ctx);

    z3::context& ctx() { return *m_ctx; }
    const rules::RuleSet& rules() const { return m_rs; }

    //! Fresh variables for an entity of kind `entity`; `tag` keeps names apart when a query has two.
    Situation situation(int32_t entity, const std::string& tag = "");
    //! Domain facts for a situation: attribute ranges (every value of the type, see encoder.cpp), enum
    //! ranges, entity assumptions, the date window. `scale` > 1 narrows the value ranges that many times
    //! (bounds() uses it to tell a cap from growth with an input).
    std::vector<z3::expr> domain(const Situation& s, int64_t scale = 1);
    //! Preferences that make witnesses read like real cases (a date in 2024–2025, whole 万元 amounts below
    //! 1 亿元, small counts); tried first, dropped when the query needs otherwise.
    std::vector<z3::expr> tidy(const Situation& s);
    //! Stronger preferences, tried before tidy(): every money input 0 or a round figure of the size the
    //! corpus's texts deal in (a whole 100 万元 from 1000 万元 to 1 亿元), so a witness does not show a
    //! spending of 1 万元 earning 600 万元 unless the query needs it.
    std::vector<z3::expr> plausible(const Situation& s);
    //! Domain facts for open parameters (declared ranges; the type's range, narrowed by `scale`, otherwise).
    std::vector<z3::expr> param_domain(int64_t scale = 1);

    Term encode(rules::ExprId id, const Situation& s);
    z3::expr in_force(rules::DocumentId document, const z3::expr& date);
    //! In force and the condition holds (before exclusions).
    z3::expr raw_applies(rules::ClauseId clause, const Situation& s);
    //! Applies after `excludes` (before `exclusive with`).
    z3::expr unexcluded(rules::ClauseId clause, const Situation& s);
    //! Applies, as the evaluator's "applied".
    z3::expr applies(rules::ClauseId clause, const Situation& s);
    //! The amount a grant counts for (0 for unquantified, in-kind or uncomputable amounts).
    z3::expr grant_amount(rules::ClauseId clause, size_t grant, const Situation& s);
    //! The amount a grant yields when it can be computed, and whether it can.
    Term grant_term(rules::ClauseId clause, size_t grant, const Situation& s);
    //! Sum of a clause's quantified grants (what `exclusive with` compares).
    z3::expr clause_amount(rules::ClauseId clause, const Situation& s);

    z3::expr open_param(int32_t p) { return m_params[static_cast<size_t>(p)]; }
    bool is_open(int32_t p) const { return m_rs.params[static_cast<size_t>(p)].values.empty(); }

    //! Date window of witnesses, derived from the documents: from a year before the first takes effect to
    //! five years after the last does (or a year after the last expiry, if later).
    int32_t first_date() const { return m_first_date; }
    int32_t last_date() const { return m_last_date; }

private:
    //! Clause terms per situation (keyed by its date variable): exclusions and `exclusive with` refer to
    //! other clauses' terms, which would otherwise be rebuilt for every clause that mentions them.
    enum class Memo : uint8_t { Raw, Unexcluded, Applies };
    z3::expr memoised(Memo kind, rules::ClauseId clause, const Situation& s,
                      z3::expr (Encoder::*build)(rules::ClauseId, const Situation&));
    z3::expr raw_applies_uncached(rules::ClauseId clause, const Situation& s);
    z3::expr unexcluded_uncached(rules::ClauseId clause, const Situation& s);
    z3::expr applies_uncached(rules::ClauseId clause, const Situation& s);
    Term param(int32_t p, const z3::expr& date);
    z3::expr int_val(int64_t v) { return m_ctx->int_val(static_cast<int64_t>(v)); }
    z3::expr floor_div(const z3::expr& a, const z3::expr& b);

    const rules::RuleSet& m_rs;
    rules::ExclusionIndex m_exclusions; //!< who excludes whom, as the Decider sees it
    std::shared_ptr<z3::context> m_ctx; // Debian's z3 4.8.12 context is not movable
    std::vector<z3::expr> m_params;
    int m_situations = 0;
    z3::expr in_range(const z3::expr& v, rules::TypeKind k, int64_t scale); //!< v within its type's range
    z3::expr fits(const z3::expr& v); //!< v is a signed 64-bit value (else the evaluator overflows)
    int32_t m_first_date = 0, m_last_date = 0;
    int32_t m_tidy_first = 0, m_tidy_last = 0; //!< preferred witness dates: the first two years of the corpus
    std::map<std::tuple<Memo, unsigned, rules::ClauseId>, z3::expr> m_memo; //!< see memoised()
};

} // namespace lexsim::solver::detail
