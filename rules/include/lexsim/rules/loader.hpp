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
#include <optional>
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

//! Reads a whole file of at most `limit` bytes into `text`. Only regular files are read (a directory, a
//! device such as /dev/zero, a FIFO or a socket is refused before it is opened for reading), and never more
//! than `limit` + 1 bytes, even when the file grows while it is read. On failure returns the reason in
//! words ("is a directory", "is larger than 16 MiB", …) and leaves `text` empty.
std::optional<std::string> read_text_file(const std::string& path, size_t limit, std::string& text);

//! Loads in-memory texts (the embedded corpus, tests).
LoadResult load_texts(std::vector<SourceText> texts);
//! Reads files and directories (recursively, `*.rules`), then loads them. Unreadable paths are diagnostics.
LoadResult load_paths(const std::vector<std::string>& paths);
//! Expands directories into their `*.rules` files (sorted). Missing paths are returned as-is.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);
//! A path that could not be read, and why in words.
struct PathProblem {
    std::string path;
    std::string reason;
};
//! As above; a directory inside the tree that cannot be read is added to `problems`.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<PathProblem>& problems);

} // namespace lexsim::rules
