#include "lexsim/rules/loader.hpp"

#include "resolve.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace lexsim::rules {

namespace fs = std::filesystem;

LoadResult load_texts(std::vector<SourceText> texts) {
    LoadResult out;
    auto rs = std::make_unique<RuleSet>();
    std::vector<detail::SyntaxFile> files;
    for (auto& t : texts) {
        uint32_t id = rs->sources.add(t.path, std::move(t.text));
        if (rs->sources.text(id).size() > max_file_bytes) {
            out.diagnostics.error(Span{id, 0, 0},
                                  "file is larger than " + std::to_string(max_file_bytes >> 20) + " MiB");
            continue;
        }
        detail::LexResult lexed = detail::lex(rs->sources, id, out.diagnostics);
        if (lexed.tokens.size() == 1 && !out.diagnostics.has_errors()) {
            out.diagnostics.error(Span{id, 0, 0}, lexed.comments.empty() ? "empty rules file"
                                                                         : "rules file has no declarations");
            continue;
        }
        files.push_back(detail::parse(rs->sources, id, lexed, out.diagnostics));
    }
    if (!out.diagnostics.has_errors())
        detail::resolve(*rs, files, out.diagnostics);
    out.sources = rs->sources;
    if (!out.diagnostics.has_errors())
        out.rules = std::move(rs);
    return out;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<PathProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> found;
        std::string current = p;
        auto it = fs::recursive_directory_iterator(p, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            current = it->path().string();
            // A *.rules entry that is not a regular file (a FIFO, a device) is kept, so reading names it.
            if (it->path().extension() == ".rules" && !it->is_directory(ec))
                found.push_back(current);
            ec.clear();
        }
        if (ec) {
            // An unreadable folder inside the tree would silently drop its documents: an error instead.
            std::error_code dir_ec;
            std::string where = fs::is_directory(current, dir_ec) ? current : p;
            problems.push_back({where, "cannot read the directory: " + ec.message()});
        }
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
    std::vector<PathProblem> ignored;
    return expand_paths(paths, ignored);
}

std::optional<std::string> read_text_file(const std::string& path, size_t limit, std::string& text) {
    text.clear();
    std::string too_large = "is larger than " + std::to_string(limit >> 20) + " MiB";
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return std::string("cannot read the file: ") + std::strerror(errno);
    if (S_ISDIR(st.st_mode))
        return std::string("is a directory, not a file");
    if (!S_ISREG(st.st_mode))
        return std::string("is not a regular file (a device, FIFO or socket is not read)");
    if (static_cast<uint64_t>(st.st_size) > limit)
        return too_large;
    // O_NONBLOCK: should the path have been swapped for a FIFO since stat, opening it does not block.
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return std::string("cannot read the file: ") + std::strerror(errno);
    std::optional<std::string> error;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        error = "is not a regular file (a device, FIFO or socket is not read)";
    char buf[1 << 16];
    while (!error) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            error = std::string("cannot read the file: ") + std::strerror(errno);
        else if (n == 0)
            break;
        else if (text.size() + static_cast<size_t>(n) > limit)
            error = too_large; // it grew while being read
        else
            text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    if (error)
        text.clear();
    return error;
}

LoadResult load_paths(const std::vector<std::string>& paths) {
    std::vector<SourceText> texts;
    std::vector<PathProblem> problems;
    std::map<std::string, std::string> seen; // canonical path → the path as given
    for (const auto& p : expand_paths(paths, problems)) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(p, ec);
        std::string key = ec ? p : canonical.string();
        if (auto [it, fresh] = seen.emplace(key, p); !fresh) {
            problems.push_back({p, it->second == p
                                       ? "the same file is given twice"
                                       : "the same file is given twice (also as " + it->second + ")"});
            continue;
        }
        std::string text;
        if (auto error = read_text_file(p, max_file_bytes, text)) {
            problems.push_back({p, *error});
            continue;
        }
        texts.push_back({p, std::move(text)});
    }
    if (!problems.empty()) {
        LoadResult out;
        for (const auto& [path, reason] : problems) {
            uint32_t id = out.sources.add(path, "");
            out.diagnostics.error(Span{id, 0, 0}, reason);
        }
        return out;
    }
    if (texts.empty()) {
        LoadResult out;
        uint32_t id = out.sources.add(paths.empty() ? std::string("<none>") : paths.front(), "");
        out.diagnostics.error(Span{id, 0, 0}, "no .rules files found");
        return out;
    }
    return load_texts(std::move(texts));
}

} // namespace lexsim::rules
