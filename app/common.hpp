#pragma once
// Shared pieces of the command-line front end.
#include "lexsim/rules/loader.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace lexsim::app {

//! Exit codes across the CLI.
enum Exit : int { ok = 0, findings = 1, bad_input = 2 };

//! Loads PATHS, or the embedded corpus when PATHS is empty. Renders diagnostics to stderr on failure.
rules::LoadResult load_or_report(const std::vector<std::string>& paths);

//! Writes `content` to `path` atomically (temporary file + rename); false with a message on failure.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

//! JSON string escaping is done by nlohmann::json; this quotes for the text formats.
std::string quote(const std::string& s);

struct Citation {
    std::string document_number;
    std::string article;
    std::string file;
    uint32_t line = 0;
};
Citation cite_clause(const rules::RuleSet& rs, int32_t clause);

} // namespace lexsim::app
