#pragma once
/**
 * @brief Reading one value of a known type from text, with the rule language's
 * literal syntax: "300 万元", "70%", "2024-08-15", "municipal", "true", "12".
 * Used for entity inputs given as JSON and for --param overrides.
 */
#include "lexsim/rules/ast.hpp"

#include <string>
#include <string_view>

namespace lexsim::rules {

struct ParsedValue {
    bool ok = false;
    int64_t value = 0;
    std::string error; //!< when !ok
};

ParsedValue parse_value(const RuleSet& rs, Type type, std::string_view text);

} // namespace lexsim::rules
