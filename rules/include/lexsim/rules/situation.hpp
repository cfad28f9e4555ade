#pragma once
/**
 * @brief One entity's situation read from JSON, in the library so every front end reuses it.
 *
 *     {"entity": "firm", "values": {"rd_spend": "300 万元", "platform_level": "municipal"},
 *      "params": {"growth_rate": "5%"}}
 *
 * A witness object of `lexsim check --format json` is read as it is: "attributes" for "values", its
 * "date", and its "facts" and "amounts" ignored.
 *
 * Values are written as the rule language writes literals ("300 万元", "70%", "2024-08-15"), or as JSON
 * booleans and numbers. Numbers are read from their text, never through a binary float, so "1.5" yuan is
 * exact and a number out of range is an error rather than a wrapped value. Every error is a Diagnostic at
 * the file:line:col of the culprit.
 *
 *     SourceManager sm;
 *     Diagnostics diags;
 *     uint32_t file = sm.add("firm.json", text);
 *     if (auto s = parse_situation(rs, sm, file, diags)) evaluate(rs, s->row, date, params);
 *     else diags.render(sm, std::cerr);
 */
#include "lexsim/rules/diagnostic.hpp"
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/value.hpp"

#include <optional>
#include <utility>
#include <vector>

namespace lexsim::rules {

struct Situation {
    int32_t entity = -1;
    EntityRow row;                                   //!< the values given (others absent or defaulted)
    std::vector<std::pair<int32_t, int64_t>> params; //!< (parameter index, value), in the order given
    std::optional<int32_t> date;                     //!< "date", when given (a check witness has one)
};

//! Deepest JSON nesting accepted in a situation.
inline constexpr int max_json_depth = 64;

//! Parses the JSON text of `file`; on any error reports it to `diags` and returns nothing.
std::optional<Situation> parse_situation(const RuleSet& rs, const SourceManager& sm, uint32_t file,
                                         Diagnostics& diags);

//! A parameter's value from text, checked against the parameter's declared range.
ParsedValue parse_param_value(const RuleSet& rs, int32_t param, std::string_view text);

} // namespace lexsim::rules
