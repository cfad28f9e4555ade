#pragma once
// Shared pieces of the command-line front end.
#include "lexsim/rules/loader.hpp"

#include <iosfwd>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lexsim::app {

//! Exit codes across the CLI.
enum Exit : int { ok = 0, findings = 1, bad_input = 2 };

//! Loads PATHS, or the embedded corpus when PATHS is empty. Renders diagnostics to stderr on failure.
rules::LoadResult load_or_report(const std::vector<std::string>& paths);

//! Writes `content` to `path` atomically: a unique temporary (O_EXCL) beside the target, then a rename, so a
//! reader sees the old file or the new one, never half of one. Only regular files are replaced (a symlink is
//! written through to its target); mode and owner are kept; a read-only file is refused. The temporary is
//! removed on any failure and on SIGINT/SIGTERM. False with a message on failure.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

//! A directory whose files appear under their final name only when the run succeeds (`--emit-smt`): they are
//! written into a new temporary sibling (`DIR.lexsim-XXXXXX`), which commit() renames onto DIR (new or
//! empty) and the destructor removes otherwise. An interrupt removes it while it is still empty.
class StagedDirectory {
public:
    //! Creates the temporary sibling of `dir`; on failure path() is empty and `error` says why.
    StagedDirectory(const std::string& dir, std::string& error);
    ~StagedDirectory();
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;
    const std::string& path() const { return m_path; }
    //! Moves the files into place: false with a message when DIR cannot be replaced.
    bool commit(std::string& error);

private:
    std::string m_target;
    std::string m_path;
    int m_slot = -1;
};

//! The process's file-creation mask, without changing it.
mode_t current_umask();

//! Flushes standard output; false, with a message naming COMMAND on stderr, when the write failed.
bool flush_stdout(const char* command);

//! JSON string escaping is done by nlohmann::json; this quotes for the text formats.
std::string quote(const std::string& s);

struct Citation {
    std::string document_number;
    std::string article;
    std::string file;
    uint32_t line = 0;
};
Citation cite_clause(const rules::RuleSet& rs, rules::ClauseId clause);

} // namespace lexsim::app
