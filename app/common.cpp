#include "common.hpp"

#include "lexsim/corpus/embedded.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace lexsim::app {

rules::LoadResult load_or_report(const std::vector<std::string>& paths) {
    rules::LoadResult r =
        paths.empty() ? rules::load_texts(corpus::embedded_sources()) : rules::load_paths(paths);
    // Errors stop the command; warnings are shown and the command goes on.
    if (!r.diagnostics.all().empty())
        r.diagnostics.render(r.sources, std::cerr);
    return r;
}

bool write_file_atomically(const std::string& path, const std::string& content, std::string& error) {
    namespace fs = std::filesystem;
    std::string tmp = path + ".lexsim-tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = "cannot write " + tmp;
            return false;
        }
        out << content;
        out.flush();
        if (!out) {
            error = "cannot write " + tmp;
            out.close();
            std::remove(tmp.c_str());
            return false;
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        error = "cannot replace " + path + ": " + ec.message();
        return false;
    }
    return true;
}

std::string quote(const std::string& s) {
    return "“" + s + "”";
}

Citation cite_clause(const rules::RuleSet& rs, int32_t clause) {
    const rules::Clause& c = rs.clauses[static_cast<size_t>(clause)];
    Citation out;
    out.document_number = rs.documents[static_cast<size_t>(c.document)].number;
    out.article = c.article;
    out.file = rs.sources.path(c.span.file);
    out.line = rs.sources.line_col(c.span.file, c.span.begin).line;
    return out;
}

} // namespace lexsim::app
