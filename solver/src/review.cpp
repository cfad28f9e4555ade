// Reviewing a draft: a baseline of known findings, and a focus on the draft's own files.
#include "lexsim/solver/report.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace lexsim::solver {

std::optional<std::set<std::string>> read_baseline(const std::string& json_text, std::string& error) {
    nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("findings") || !j["findings"].is_array()) {
        error = "not a report of `lexsim check --format json` (no \"findings\" array)";
        return std::nullopt;
    }
    std::set<std::string> out;
    for (const auto& f : j["findings"]) {
        if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
            error = "a finding without a \"fingerprint\" (written by an older lexsim?)";
            return std::nullopt;
        }
        out.insert(f["fingerprint"].get<std::string>());
    }
    return out;
}

void apply_review(const rules::RuleSet& rs, CheckReport& report, const Review& review) {
    auto in_focus = [&](uint32_t file) {
        const std::string& path = rs.sources.path(file);
        return std::find(review.focus.begin(), review.focus.end(), path) != review.focus.end();
    };
    std::vector<Finding> kept;
    for (auto& f : report.findings) {
        if (review.baseline && review.baseline->count(fingerprint(rs, f))) {
            ++report.baselined;
            continue;
        }
        if (!review.focus.empty()) {
            // The first cited clause in a focused file becomes the primary citation.
            auto focused = std::find_if(f.clauses.begin(), f.clauses.end(),
                                        [&](rules::ClauseId c) { return in_focus(rs.clause(c).span.file); });
            bool task_focused = std::any_of(f.tasks.begin(), f.tasks.end(), [&](int32_t t) {
                return in_focus(rs.tasks[static_cast<size_t>(t)].span.file);
            });
            bool doc_focused = std::any_of(f.documents.begin(), f.documents.end(), [&](rules::DocumentId d) {
                return in_focus(rs.document(d).span.file);
            });
            if (focused == f.clauses.end() && !task_focused && !doc_focused) {
                ++report.unfocused;
                continue;
            }
            if (focused != f.clauses.end())
                std::rotate(f.clauses.begin(), focused, focused + 1);
        }
        kept.push_back(std::move(f));
    }
    report.findings = std::move(kept);
    report.reviewed = review.baseline.has_value();
}

} // namespace lexsim::solver
