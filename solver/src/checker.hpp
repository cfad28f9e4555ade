#pragma once
// The check driver shared by every check: one solver per entity kind holding the domain facts,
// queries under push/pop with a deterministic resource limit, witnesses extracted from models and
// re-run through the evaluator, SMT-LIB2 copies of each query for --emit-smt.
#include "encoder.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/solver/findings.hpp"
#include "words.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace lexsim::solver::detail {

enum class Verdict { Sat, Unsat, Unknown };

class Checker {
public:
    Checker(const rules::RuleSet& rs, const CheckOptions& options, CheckReport& report);

    Encoder& enc() { return m_enc; }
    //! The words of messages, in the report's language.
    const Words& words() const { return m_words; }
    const rules::RuleSet& rules() const { return m_rs; }
    uint64_t rlimit() const { return m_options.rlimit; }
    unsigned timeout_ms() const { return m_options.timeout_ms; } //!< wall-clock budget per query
    CheckReport& report() { return m_report; }

    //! The shared situation of an entity kind (its variables and base solver).
    const Situation& situation(int32_t entity);

    struct Result {
        Verdict verdict = Verdict::Unknown;
        std::optional<z3::model> model;
        std::string reason;         //!< Z3's reason for unknown
        std::vector<z3::expr> core; //!< solve_with_assumptions, Unsat: the assumptions in Z3's unsat core
    };
    //! Checks the entity's domain facts plus `query`. `name` labels the --emit-smt file.
    //! On Sat, the model is a witness that reads like a real case (see refine).
    Result solve(int32_t entity, const std::vector<z3::expr>& query, const std::string& name);
    //! As solve, for a caller that needs only the verdict (or a witness only sometimes, from refine): the
    //! model is Z3's first. Refining is two more queries, most of `lexsim check`'s time when every Sat
    //! answer paid for it.
    Result decide(int32_t entity, const std::vector<z3::expr>& query, const std::string& name);
    //! A Sat result of decide() gets the witness model solve() gives: plausible, then tidy values if the
    //! query allows them.
    void refine(int32_t entity, const std::vector<z3::expr>& query, Result& r);
    //! Checks `query` alone (plus parameter domains), for checks that need no entity.
    Result solve_plain(const std::vector<z3::expr>& query, const std::string& name);
    //! Checks `facts` (plus parameter domains) under `assumptions` (Boolean literals, typically selectors
    //! guarding groups of facts); on Unsat, `core` holds the assumptions of Z3's unsat core (not
    //! necessarily minimal). The --emit-smt copy asserts the assumptions as facts, so its status is the
    //! same verdict.
    Result solve_with_assumptions(const std::vector<z3::expr>& facts,
                                  const std::vector<z3::expr>& assumptions, const std::string& name);
    //! As solve_with_assumptions, for facts that are Boolean combinations of difference constraints
    //! (schedules): a solver of its own with Z3's difference-logic arithmetic, which decides a chain of
    //! thousands of steps in well under a second where the general simplex needs many; same resource limit.
    Result solve_difference(const std::vector<z3::expr>& facts, const std::vector<z3::expr>& assumptions,
                            const std::string& name);

    //! A witness from a model of the entity's situation; `shown` are the expressions whose attributes matter.
    Witness witness(int32_t entity, const z3::model& m, const std::vector<rules::ExprId>& shown);
    //! Re-runs a witness through the evaluator; `agrees` states what the finding claims. On disagreement,
    //! records an internal error and returns false.
    bool verify(const Witness& w, const std::string& what,
                const std::function<bool(const rules::Evaluation&, std::string&)>& agrees);
    rules::Evaluation evaluate(const Witness& w);

    void add(Finding f) { m_report.findings.push_back(std::move(f)); }
    //! A query the solver could not decide becomes a finding marked unknown, never silence. `what` is in
    //! the report's language ("whether X can ever apply" / "X 是否可能适用").
    void unknown(const std::string& kind, const std::string& what, const std::string& reason,
                 std::vector<rules::ClauseId> clauses, std::vector<int32_t> tasks = {});

    //! Attribute slots an expression reads.
    static void collect_attrs(const rules::RuleSet& rs, rules::ExprId id, std::vector<int32_t>& out);

    //! Writes the SMT-LIB2 files collected so far (called once, at the end).
    void flush_smt();

private:
    struct Base {
        Situation s;
        std::vector<z3::expr> facts;
        std::unique_ptr<z3::solver> solver;
    };
    Base& base(int32_t entity);
    z3::solver& plain(); //!< the solver for queries that need no entity (parameter domains only)
    Result run(z3::solver& solver, const std::vector<z3::expr>& facts, const std::vector<z3::expr>& query,
               const std::vector<z3::expr>& assumptions, const std::string& name);

    const rules::RuleSet& m_rs;
    CheckOptions m_options;
    CheckReport& m_report;
    Encoder m_enc;
    Words m_words;
    std::map<int32_t, std::unique_ptr<Base>> m_bases;
    std::unique_ptr<z3::solver> m_plain;
    std::unique_ptr<z3::solver> m_difference; //!< solve_difference
    std::vector<z3::expr> m_param_facts;
    std::vector<std::pair<std::string, std::string>> m_smt; //!< file name, contents
};

//! "通政发〔2024〕8号 （九）": a clause as findings' messages name it.
std::string cite(const rules::RuleSet& rs, rules::ClauseId clause);

//! The checks, each in its own file.
void check_grants(Checker& c);    // cap-conflict, double-funding, stacking
void check_clauses(Checker& c);   // vacuous, shadowed
void check_ranges(Checker& c);    // range-overlap, coverage-gap
void check_schedules(Checker& c); // deadline-infeasible
void check_temporal(Checker& c);  // temporal
void check_targets(Checker& c);   // target-mismatch
void check_costs(Checker& c);     // cost-double-funding
void check_reported(Checker& c);  // target-behind

//! Issue 13's checks across clauses and tasks: grant-requirement, beyond-validity, class-conflict,
//! class-unused, condition-gap, deadline-inconsistent, task-mismatch (in that order).
void check_grant_requirements(Checker& c);
void check_validity(Checker& c);
void check_class_conflict(Checker& c);
void check_class_effect(Checker& c);
void check_conditions(Checker& c);
void check_deadlines(Checker& c);
void check_task_match(Checker& c);

} // namespace lexsim::solver::detail
