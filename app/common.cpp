#include "common.hpp"

#include "lexsim/corpus/embedded.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace lexsim::app {

rules::LoadResult load_or_report(const std::vector<std::string>& paths) {
    rules::LoadResult r =
        paths.empty() ? rules::load_texts(corpus::embedded_sources()) : rules::load_paths(paths);
    // Errors stop the command; warnings are shown and the command goes on.
    if (!r.diagnostics.all().empty())
        r.diagnostics.render(r.sources, std::cerr);
    return r;
}

namespace {

// Temporary files still on disk, removed by the SIGINT/SIGTERM handler. A fixed table of fixed-size names:
// the handler may only touch memory that is never reallocated.
constexpr int max_pending = 8;
char g_pending[max_pending][4096];
volatile sig_atomic_t g_pending_used[max_pending];

void remove_pending_and_reraise(int sig) {
    for (int i = 0; i < max_pending; ++i)
        if (g_pending_used[i] && ::unlink(g_pending[i]) != 0)
            ::rmdir(g_pending[i]); // a staged directory, removed while it is still empty
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

//! Registers a temporary for removal on SIGINT/SIGTERM; returns its slot, or -1 if the name does not fit.
int track_temporary(const std::string& path) {
    static bool installed = false;
    if (!installed) {
        std::signal(SIGINT, remove_pending_and_reraise);
        std::signal(SIGTERM, remove_pending_and_reraise);
        installed = true;
    }
    if (path.size() >= sizeof g_pending[0])
        return -1;
    for (int i = 0; i < max_pending; ++i) {
        if (!g_pending_used[i]) {
            std::memcpy(g_pending[i], path.c_str(), path.size() + 1);
            g_pending_used[i] = 1;
            return i;
        }
    }
    return -1;
}

void untrack_temporary(int slot) {
    if (slot >= 0)
        g_pending_used[slot] = 0;
}

bool write_all(int fd, const std::string& content) {
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

} // namespace

bool write_file_atomically(const std::string& path, const std::string& content, std::string& error) {
    namespace fs = std::filesystem;
    // A symlink is written through: the file it points to is replaced, the link stays.
    std::error_code ec;
    bool link = fs::is_symlink(fs::symlink_status(path, ec)); // a new file has no status: not a link
    fs::path target = link ? fs::canonical(path, ec) : fs::path(path);
    if (link && ec) {
        error = "cannot write " + path + ": " + ec.message();
        return false;
    }
    struct stat st {};
    bool exists = ::stat(target.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        error =
            "cannot write " + path + ": not a regular file (a device, FIFO or directory is never replaced)";
        return false;
    }
    if (exists && ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0)) { // even for root
        error = "cannot write " + path + ": the file is read-only";
        return false;
    }
    // A unique temporary beside the target (same file system, so the rename is atomic).
    std::string tmp = target.string() + ".lexsim-XXXXXX";
    std::vector<char> name(tmp.begin(), tmp.end());
    name.push_back('\0');
    int fd = ::mkostemp(name.data(), O_CLOEXEC); // O_CREAT | O_EXCL
    if (fd < 0) {
        error = "cannot write " + path + ": " + std::strerror(errno);
        return false;
    }
    tmp = name.data();
    int slot = track_temporary(tmp);
    auto fail = [&](const std::string& what) {
        int saved = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        untrack_temporary(slot);
        error = what + ": " + std::strerror(saved);
        return false;
    };
    mode_t mode = exists ? (st.st_mode & 07777) : 0666 & ~current_umask();
    if (::fchmod(fd, mode) != 0)
        return fail("cannot write " + path);
    if (exists && (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) &&
        ::fchown(fd, st.st_uid, st.st_gid) != 0)
        return fail("cannot keep the owner of " + path);
    if (!write_all(fd, content) || ::fsync(fd) != 0)
        return fail("cannot write " + path);
    if (const char* hold = std::getenv("LEXSIM_TEST_HOLD_WRITE"); hold != nullptr && *hold != '\0') {
        // Test hook (tests/cli/files_test.sh): stop with the temporary on disk until a signal arrives.
        std::cerr << "lexsim: holding " << tmp << std::endl;
        ::pause();
    }
    if (::close(fd) != 0) {
        fd = -1;
        int saved = errno;
        ::unlink(tmp.c_str());
        untrack_temporary(slot);
        error = "cannot write " + path + ": " + std::strerror(saved);
        return false;
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        int saved = errno;
        ::unlink(tmp.c_str());
        untrack_temporary(slot);
        error = "cannot replace " + path + ": " + std::strerror(saved);
        return false;
    }
    untrack_temporary(slot);
    return true;
}

StagedDirectory::StagedDirectory(const std::string& dir, std::string& error) : m_target(dir) {
    std::string trimmed = dir;
    while (trimmed.size() > 1 && trimmed.back() == '/')
        trimmed.pop_back();
    std::string tmp = trimmed + ".lexsim-XXXXXX";
    std::vector<char> name(tmp.begin(), tmp.end());
    name.push_back('\0');
    if (::mkdtemp(name.data()) == nullptr) {
        error = "cannot create the directory " + dir + ": " + std::strerror(errno);
        return;
    }
    m_path = name.data();
    m_slot = track_temporary(m_path);
}

StagedDirectory::~StagedDirectory() {
    if (m_path.empty())
        return;
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
    untrack_temporary(m_slot);
}

bool StagedDirectory::commit(std::string& error) {
    // rename(2) replaces an empty directory and refuses a non-empty one (checked before the run).
    if (::rename(m_path.c_str(), m_target.c_str()) != 0) {
        error = "cannot create the directory " + m_target + ": " + std::strerror(errno);
        return false;
    }
    untrack_temporary(m_slot);
    m_path.clear();
    return true;
}

mode_t current_umask() {
    mode_t m = ::umask(0);
    ::umask(m);
    return m;
}

bool flush_stdout(const char* command) {
    std::cout.flush();
    if (std::cout.good() && std::fflush(stdout) == 0)
        return true;
    std::cerr << "lexsim" << (*command ? " " : "") << command
              << ": error: cannot write to standard output (disk full or pipe closed)\n";
    return false;
}

std::string quote(const std::string& s) {
    return "“" + s + "”";
}

Citation cite_clause(const rules::RuleSet& rs, rules::ClauseId clause) {
    const rules::Clause& c = rs.clause(clause);
    Citation out;
    out.document_number = rs.document(c.document).number;
    out.article = c.article;
    out.file = rs.sources.path(c.span.file);
    out.line = rs.sources.line_col(c.span.file, c.span.begin).line;
    return out;
}

} // namespace lexsim::app
