#include "lexsim/rules/exclusion.hpp"

#include <algorithm>
#include <unordered_map>

namespace lexsim::rules {
namespace {

void sort_unique(std::vector<std::vector<ClauseId>>& lists) {
    for (auto& v : lists) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
}

bool contains(const std::vector<ClauseId>& sorted, ClauseId x) {
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

} // namespace

ExclusionIndex::ExclusionIndex(const RuleSet& rs) {
    size_t n = rs.clauses.size();
    m_excluded_by.resize(n);
    m_partners.resize(n);
    // `excludes document` excludes the document's other clauses, except those that say it themselves.
    std::unordered_map<DocumentId, std::vector<ClauseId>> plain; // document → clauses without it
    for (ClauseId c : rs.clause_ids())
        if (!rs.clause(c).excludes_document)
            plain[rs.clause(c).document].push_back(c);
    for (ClauseId me : rs.clause_ids()) {
        const Clause& x = rs.clause(me);
        if (x.excludes_document)
            for (ClauseId j : plain[x.document])
                m_excluded_by[j.index()].push_back(me);
        for (ClauseId j : x.excludes)
            if (j.valid() && j != me)
                m_excluded_by[j.index()].push_back(me);
        for (ClauseId j : x.exclusive_with)
            if (j.valid() && j != me) {
                m_partners[me.index()].push_back(j);
                m_partners[j.index()].push_back(me);
            }
    }
    sort_unique(m_excluded_by);
    sort_unique(m_partners);
}

bool ExclusionIndex::linked(ClauseId a, ClauseId b) const {
    return contains(excluded_by(a), b) || contains(excluded_by(b), a) || contains(partners(a), b);
}

ExclusionIndex::Local ExclusionIndex::restrict(const std::vector<ClauseId>& clauses) const {
    std::unordered_map<ClauseId, int32_t> local;
    for (size_t k = 0; k < clauses.size(); ++k)
        local.emplace(clauses[k], static_cast<int32_t>(k));
    Local out;
    out.excluded_by.resize(clauses.size());
    out.partners.resize(clauses.size());
    auto renumber = [&](const std::vector<ClauseId>& global, std::vector<int32_t>& into) {
        for (ClauseId g : global)
            if (auto it = local.find(g); it != local.end())
                into.push_back(it->second);
    };
    for (size_t k = 0; k < clauses.size(); ++k) {
        renumber(excluded_by(clauses[k]), out.excluded_by[k]);
        renumber(partners(clauses[k]), out.partners[k]);
    }
    return out;
}

} // namespace lexsim::rules
