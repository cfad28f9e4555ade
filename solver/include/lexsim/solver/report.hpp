#pragma once
/**
 * @brief Writing a CheckReport for people (text), programs (JSON) and editors (SARIF 2.1.0), and
 * narrowing it to what a draft's review needs.
 *
 *     solver::Review review;
 *     review.baseline = solver::read_baseline(old_json_text, error);   // only new findings
 *     review.focus = {"my-draft/tzf-2025-01.rules"};                    // only findings citing the draft
 *     solver::apply_review(rules, report, review);
 *
 * The JSON keys are stable and documented in docs/checks.md.
 */
#include "lexsim/solver/findings.hpp"

#include <optional>
#include <set>
#include <string>

namespace lexsim::solver {

std::string render_text(const rules::RuleSet& rs, const CheckReport& report);
std::string render_json(const rules::RuleSet& rs, const CheckReport& report);
std::string render_sarif(const rules::RuleSet& rs, const CheckReport& report);
//! A file path as a SARIF artifact URI: a relative reference with every byte but [A-Za-z0-9-._~/]
//! percent-encoded.
std::string uri_reference(const std::string& path);

//! Each finding kind: its code, one-line summaries and a one-paragraph explanation (SARIF rules,
//! `lexsim explain-finding`, docs/checks.md).
struct KindInfo {
    const char* id;
    const char* code;
    const char* summary;
    const char* summary_zh;
    const char* explanation;
    const char* explanation_zh;
};
const std::vector<KindInfo>& finding_kinds();
//! The kind with this id or code (case-insensitive code), or nullptr.
const KindInfo* find_kind(const std::string& id_or_code);

//! Words for people, shared by check, diff and bounds: money in 元/万元/亿元 ("500 万元", "1.5 亿元"), and
//! the rules' own labels for benefits, entities and attribute values when the language is Chinese.
std::string money_text(int64_t fen);
std::string benefit_text(const rules::RuleSet& rs, const std::string& benefit, Lang lang);
std::string entity_text(const rules::RuleSet& rs, const std::string& entity, Lang lang);
//! "创新平台级别：市级" / "platform_level = municipal" for an attribute given by name and value text.
std::string attribute_text(const rules::RuleSet& rs, const std::string& entity, const std::string& attribute,
                           const std::string& value, Lang lang);
//! explain's words: a condition ("研发投入大于 0 元"; the rule text in English), an amount formula in
//! words ("年度区域贡献的 70%"), a value (money in 元/万元, 是/否, an enum member's label), and the names of
//! an attribute (by slot) and a parameter.
std::string condition_text(const rules::RuleSet& rs, rules::ExprId e, int32_t entity, Lang lang);
std::string formula_text(const rules::RuleSet& rs, rules::ExprId e, int32_t entity, Lang lang);
std::string value_text(const rules::RuleSet& rs, rules::Type t, int64_t v, Lang lang);
std::string attribute_name_text(const rules::RuleSet& rs, int32_t entity, int32_t slot, Lang lang);
std::string param_name_text(const rules::RuleSet& rs, int32_t param, Lang lang);

//! What a draft's review keeps.
struct Review {
    std::optional<std::set<std::string>> baseline; //!< fingerprints already known: reported no more
    std::vector<std::string> focus;                //!< keep only findings citing these files (as loaded)
};
//! The fingerprints of a JSON report written by `lexsim check --format json`; nullopt and `error` set when
//! the text is not such a report.
std::optional<std::set<std::string>> read_baseline(const std::string& json_text, std::string& error);
//! Drops the findings the review does not want, and puts the first citation in a focused file first (the
//! primary location). Sets `report.baselined` and `report.unfocused` to the numbers dropped.
void apply_review(const rules::RuleSet& rs, CheckReport& report, const Review& review);

} // namespace lexsim::solver
