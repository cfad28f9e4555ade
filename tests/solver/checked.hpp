#pragma once
// Shared by the solver tests: load rules texts, run lexsim check, and look at the findings.
#include "lexsim/rules/loader.hpp"
#include "lexsim/solver/check.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace lexsim::test {

struct Checked {
    std::unique_ptr<rules::RuleSet> rs;
    solver::CheckReport report;

    std::vector<const solver::Finding*> of(const std::string& kind) const {
        std::vector<const solver::Finding*> out;
        for (const auto& f : report.findings)
            if (f.kind == kind)
                out.push_back(&f);
        return out;
    }
    //! The ids of the clauses a finding cites.
    std::vector<std::string> clauses(const solver::Finding& f) const {
        std::vector<std::string> out;
        for (rules::ClauseId c : f.clauses)
            out.push_back(rs->clause(c).id);
        return out;
    }
    //! The ids of the tasks a finding cites.
    std::vector<std::string> tasks(const solver::Finding& f) const {
        std::vector<std::string> out;
        for (int32_t t : f.tasks)
            out.push_back(rs->tasks[static_cast<size_t>(t)].id);
        return out;
    }
    //! A fact of the finding's witness, or "".
    std::string fact(const solver::Finding& f, const std::string& key) const {
        if (f.witness)
            for (const auto& [k, v] : f.witness->facts)
                if (k == key)
                    return v;
        return "";
    }
};

//! English messages unless a test asks for Chinese: most tests compare English texts.
inline solver::CheckOptions english() {
    solver::CheckOptions o;
    o.lang = solver::Lang::En;
    return o;
}

//! Loads the files (they must load), checks them, and fails the test on any internal error.
inline Checked check_files(std::vector<rules::SourceText> files,
                           const solver::CheckOptions& options = english()) {
    auto r = rules::load_texts(std::move(files));
    std::ostringstream diags;
    r.diagnostics.render(r.sources, diags);
    INFO(diags.str());
    REQUIRE(r.ok());
    Checked c{std::move(r.rules), {}};
    c.report = solver::check(*c.rs, options);
    for (const auto& e : c.report.internal_errors)
        FAIL_CHECK(e);
    return c;
}

//! Each text as its own file t0.rules, t1.rules, … (a file holds at most one document).
inline Checked check_texts(const std::vector<std::string>& texts,
                           const solver::CheckOptions& options = english()) {
    std::vector<rules::SourceText> files;
    for (size_t i = 0; i < texts.size(); ++i)
        files.push_back({"t" + std::to_string(i) + ".rules", texts[i]});
    return check_files(std::move(files), options);
}

} // namespace lexsim::test
