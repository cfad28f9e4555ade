#pragma once
/**
 * @brief Writing a CheckReport for people (text), programs (JSON) and editors (SARIF 2.1.0).
 *
 * The JSON keys are stable and documented in docs/checks.md.
 */
#include "lexsim/solver/findings.hpp"

#include <string>

namespace lexsim::solver {

std::string render_text(const rules::RuleSet& rs, const CheckReport& report);
std::string render_json(const rules::RuleSet& rs, const CheckReport& report);
std::string render_sarif(const rules::RuleSet& rs, const CheckReport& report);
//! A file path as a SARIF artifact URI: a relative reference with every byte but [A-Za-z0-9-._~/]
//! percent-encoded.
std::string uri_reference(const std::string& path);

//! One-line descriptions of each finding kind (SARIF rules, docs).
struct KindInfo {
    const char* id;
    const char* summary;
};
const std::vector<KindInfo>& finding_kinds();

} // namespace lexsim::solver
