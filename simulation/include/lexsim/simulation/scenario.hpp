#pragma once
/**
 * @brief A `lexsim simulate` scenario, read from a scenario file and resolved against a RuleSet.
 *
 * Every name in the file (entity kinds, attributes, enum members, parameters, clauses, benefits, paying
 * units) is looked up in the rules; unknown names, wrong types, impossible probabilities and open
 * parameters a simulated clause needs are Diagnostics on the scenario file. Values are converted to the
 * rules' representation (money in fen, rates in millionths) when they are drawn.
 *
 *     auto file = sim::ScenarioFile::load("scenarios/baseline.toml");
 *     sim::ScenarioHeader h = sim::read_header(file);
 *     auto rules = rules::load_paths(h.rules);               // or the embedded corpus
 *     std::optional<sim::Scenario> s = sim::read_scenario(file, h, *rules.rules);
 *     // s is nullopt when file.diagnostics() has errors
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/simulation/distribution.hpp"
#include "lexsim/simulation/scenario_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::sim {

//! How a value is drawn for an attribute or a parameter.
struct ValueSpec {
    rules::Type type;
    Distribution dist;
    int32_t scaled_from = -1; //!< attribute slot: value = that attribute × dist (correlated pairs)
    bool yearly = false;      //!< drawn again each year (else once, when the entity enters)
};

struct AttributeSpec {
    int32_t slot = -1;
    ValueSpec value;
};

//! Entities of one kind entering each year: a group of applicants.
struct PopulationGroup {
    std::string label;
    rules::Span span; //!< the [[population]] table in the scenario file
    int32_t entity = -1;
    CountModel count;
    double growth = 0;       //!< yearly growth of the mean count (0.1 = +10% a year)
    int32_t first_entry = 0; //!< first and last year new entities enter (default: the horizon)
    int32_t last_entry = 0;
    std::vector<AttributeSpec> attributes; //!< in dependency order (a scaled attribute after its base)
    //! Real applicants from a CSV file (`rows`): each entrant is one row drawn at random, then
    //! `attributes` apply on top. row_values is rows × row_slots, in the rules' representation.
    std::vector<int32_t> row_slots;
    std::vector<int64_t> row_values;
};

struct ParamSpec {
    int32_t param = -1;
    ValueSpec value;
};

//! Take-up × approval probability, or the paid fraction of an `up to` ceiling, for a clause or a benefit.
struct ClauseRate {
    rules::ClauseId clause; //!< or none with benefit set
    int32_t benefit = -1;   //!< or -1 with clause set
    Distribution dist;      //!< take-up: a probability; payout: the fraction of the ceiling
    std::string name;       //!< as written, for the sensitivity table
};

enum class Rationing : uint8_t { ProRata, FirstCome, Report };

struct Budget {
    int32_t year = 0;    //!< 0 = every year
    int32_t payer = -1;  //!< unit; -1 = all payers together
    int64_t ceiling = 0; //!< fen
    Rationing rule = Rationing::Report;
    std::string label;
};

//! The what-if: a clause's grant paid at a different amount.
struct GrantOverride {
    rules::ClauseId clause;
    int32_t grant = 0;
    std::optional<int64_t> amount; //!< fen: replaces the amount (an `up to` stays a ceiling)
    std::optional<int64_t> cap;    //!< fen: min(amount, cap)
    std::optional<double> factor;  //!< multiplies the amount
};

struct Scenario {
    ScenarioHeader header;
    uint32_t stream = 0;                      //!< Philox key word: a hash of the name (compare: the base's)
    std::vector<rules::DocumentId> documents; //!< documents whose clauses are paid; empty = all
    int32_t evaluation_month = 12;            //!< entities are evaluated on this day of each year
    int32_t evaluation_day = 31;
    std::vector<PopulationGroup> populations;
    std::vector<ParamSpec> params;
    std::vector<ClauseRate> take_up;
    std::vector<ClauseRate> payout;
    double default_payout = 1.0; //!< fraction of an `up to` ceiling when no payout entry matches
    Rationing pool_rule = Rationing::ProRata;
    Rationing quota_rule = Rationing::FirstCome;
    std::vector<Budget> budgets;
    std::vector<GrantOverride> overrides;
    //! Clause pairs made `exclusive with` each other.
    std::vector<std::pair<rules::ClauseId, rules::ClauseId>> exclusive;
};

//! Reads everything but the header (already read). nullopt when the file has errors.
std::optional<Scenario> read_scenario(ScenarioFile& file, const ScenarioHeader& header,
                                      const rules::RuleSet& rs);

//! Applies overrides and added exclusivity to a copy of the rules (the engine simulates that copy).
void apply_what_if(const Scenario& s, rules::RuleSet& rs);

//! scenarios/baseline.toml as built into the binary (what `lexsim simulate` runs with no file).
std::string_view embedded_baseline_scenario();
inline constexpr const char* embedded_baseline_path = "scenarios/baseline.toml";

//! Stable 32-bit FNV-1a hash of a scenario's name: its random stream.
uint32_t stream_of(std::string_view name);

} // namespace lexsim::sim
