#pragma once
/**
 * @brief Loading rules files: lex → parse → resolve names → type-check → RuleSet.
 *
 *     lexsim::rules::Diagnostics diags;
 *     auto rs = lexsim::rules::load_files({"corpus/tongzhou-2024"}, diags);
 *     if (!rs) { diags.render(rs_sources, std::cerr); }
 *
 * Directories are searched recursively for `*.rules` files, in sorted order so
 * diagnostics and outputs are reproducible.
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/rules/diagnostic.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lexsim::rules {

struct SourceText {
    std::string path;
    std::string text;
};

struct LoadResult {
    std::unique_ptr<RuleSet> rules; //!< null when any error was reported
    SourceManager sources;          //!< every file read, for rendering diagnostics
    Diagnostics diagnostics;
    bool ok() const { return rules != nullptr; }
};

//! Largest rules file accepted.
inline constexpr size_t max_file_bytes = 16u << 20;

//! Loads in-memory texts (the embedded corpus, tests).
LoadResult load_texts(std::vector<SourceText> texts);
//! Reads files and directories (recursively, `*.rules`), then loads them. Unreadable paths are diagnostics.
LoadResult load_paths(const std::vector<std::string>& paths);
//! Expands directories into their `*.rules` files (sorted). Missing paths are returned as-is.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);

} // namespace lexsim::rules
