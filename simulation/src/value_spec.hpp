#pragma once
// Reading the value forms of a scenario file: distributions, counts, probabilities, yuan amounts.
#include "lexsim/simulation/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::sim {

//! A literal or a one-key distribution table for a value of type `type`. `entity` and `given` (attribute
//! slots already read) allow `scaled`; -1 / {} for parameters.
std::optional<ValueSpec> read_value_spec(ScenarioFile& f, ScenarioValue v, rules::Type type,
                                         const rules::RuleSet& rs, int32_t entity,
                                         const std::vector<int32_t>& given);
std::optional<CountModel> read_count(ScenarioFile& f, ScenarioValue v);
//! A probability (or fraction) in [0, 1], or a uniform/triangular distribution inside [0, 1].
std::optional<Distribution> read_probability(ScenarioFile& f, ScenarioValue v, const std::string& what);
//! A table member in yuan, returned in fen.
std::optional<int64_t> read_yuan(ScenarioFile& f, ScenarioValue table, std::string_view key, bool required);
//! Reads a CSV of applicants (header: attribute names) into g.row_slots / g.row_values. `path` is
//! relative to the scenario file; `at` is where the file is named, for "cannot read".
void read_rows(ScenarioFile& f, rules::Span at, const std::string& path, const rules::RuleSet& rs,
               PopulationGroup& g);
//! Open parameters the simulated clauses need must have a value.
void check_open_params(ScenarioFile& f, const Scenario& s, const rules::RuleSet& rs);
//! A drawn value (scenario units: yuan, fraction, count) in the rules' representation.
int64_t to_rules_value(rules::TypeKind kind, double x);

} // namespace lexsim::sim
