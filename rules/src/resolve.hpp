#pragma once
#include "syntax.hpp"

namespace lexsim::rules::detail {
void resolve(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags);
}
