#pragma once
/**
 * @brief The canonical layout of a rules file (`lexsim fmt`).
 *
 * The formatter works on tokens and keeps every comment and every line break a
 * writer chose inside a statement; it normalises indentation (2 spaces per
 * block, 4 more for a continued line), spacing between tokens, blank lines (at
 * most one; none after `{` or before `}`) and the final newline. Formatting its
 * own output changes nothing.
 */
#include "lexsim/rules/diagnostic.hpp"

#include <optional>
#include <string>

namespace lexsim::rules {

//! The canonical text, or nullopt with diagnostics when the file does not lex and parse.
std::optional<std::string> format_source(SourceManager& sm, uint32_t file, Diagnostics& diags);

} // namespace lexsim::rules
