#pragma once
#include "syntax.hpp"

namespace lexsim::rules::detail {
void resolve(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags);
//! Declares the `cost`s and links each `benefit … compensates COST` to them (resolve_costs.cpp).
void resolve_costs(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags);
} // namespace lexsim::rules::detail
