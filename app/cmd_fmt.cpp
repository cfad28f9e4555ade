// lexsim fmt: canonical layout of rules files.
#include "commands.hpp"
#include "common.hpp"
#include "lexsim/rules/format.hpp"

#include <iostream>

namespace lexsim::app {

int run_fmt(const FmtOptions& o) {
    std::vector<rules::PathProblem> problems;
    auto files = rules::expand_paths(o.paths, problems);
    for (const auto& [path, reason] : problems)
        std::cerr << path << ": error: " << reason << '\n';
    if (!problems.empty())
        return Exit::bad_input;
    if (files.size() > 1 && !o.check && !o.in_place) {
        std::cerr << "lexsim fmt: several files: use --check or --in-place\n";
        return Exit::bad_input;
    }
    // Format everything first, write nothing until every file is known to be good.
    rules::SourceManager sm;
    rules::Diagnostics diags;
    std::vector<std::pair<std::string, std::string>> results;
    bool unreadable = false;
    for (const auto& path : files) {
        std::string text;
        if (auto error = rules::read_text_file(path, rules::max_file_bytes, text)) {
            std::cerr << path << ": error: " << *error << '\n';
            unreadable = true;
            continue;
        }
        uint32_t id = sm.add(path, std::move(text));
        auto formatted = rules::format_source(sm, id, diags);
        if (formatted)
            results.emplace_back(path, std::move(*formatted));
    }
    if (diags.has_errors() || unreadable) {
        diags.render(sm, std::cerr);
        return Exit::bad_input;
    }
    int not_canonical = 0;
    for (size_t i = 0; i < results.size(); ++i) {
        const auto& [path, text] = results[i];
        bool same = text == sm.text(static_cast<uint32_t>(i));
        if (o.check) {
            if (!same) {
                std::cout << path << ": not in canonical form\n";
                ++not_canonical;
            }
        } else if (o.in_place) {
            std::string err;
            if (!same && !write_file_atomically(path, text, err)) {
                std::cerr << "lexsim fmt: " << err << '\n';
                return Exit::bad_input;
            }
        } else {
            std::cout << text;
        }
    }
    return not_canonical ? Exit::findings : Exit::ok;
}

} // namespace lexsim::app
