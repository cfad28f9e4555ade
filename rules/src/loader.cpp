#include "lexsim/rules/loader.hpp"

#include "resolve.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

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

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file(ec) && it->path().extension() == ".rules")
                    found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else {
            out.push_back(p);
        }
    }
    return out;
}

LoadResult load_paths(const std::vector<std::string>& paths) {
    std::vector<SourceText> texts;
    std::vector<std::string> unreadable;
    for (const auto& p : expand_paths(paths)) {
        std::ifstream in(p, std::ios::binary);
        std::error_code ec;
        if (!in || fs::is_directory(p, ec)) {
            unreadable.push_back(p);
            continue;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        texts.push_back({p, ss.str()});
    }
    if (!unreadable.empty()) {
        LoadResult out;
        for (const auto& p : unreadable) {
            uint32_t id = out.sources.add(p, "");
            out.diagnostics.error(Span{id, 0, 0}, "cannot read file");
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
