// Stable fingerprints of findings: what a baseline compares.
#include "lexsim/solver/findings.hpp"
#include "lexsim/solver/report.hpp"

#include <algorithm>
#include <cstdio>

namespace lexsim::solver {

std::string fingerprint(const rules::RuleSet& rs, const Finding& f) {
    // The cited ids in order, so the fingerprint does not depend on the order of citation.
    std::vector<std::string> ids;
    for (rules::ClauseId c : f.clauses)
        ids.push_back("c:" + rs.clause(c).id);
    for (int32_t t : f.tasks)
        ids.push_back("t:" + rs.tasks[static_cast<size_t>(t)].id);
    for (rules::DocumentId d : f.documents)
        ids.push_back("d:" + rs.document(d).id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string key = f.kind + '\n' + f.subject;
    for (const auto& id : ids)
        key += '\n' + id;
    if (ids.empty() && f.subject.empty())
        key += '\n' + f.message;         // internal errors cite nothing: their text is all there is
    uint64_t h = 1469598103934665603ULL; // FNV-1a, 64 bits
    for (unsigned char ch : key) {
        h ^= ch;
        h *= 1099511628211ULL;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

std::string finding_code(const std::string& kind) {
    for (const auto& k : finding_kinds())
        if (kind == k.id)
            return k.code;
    return "";
}

} // namespace lexsim::solver
