#include "lexsim/rules/exclusion.hpp"

#include <algorithm>
#include <unordered_map>

namespace lexsim::rules {
namespace {

void sort_unique(std::vector<std::vector<int32_t>>& lists) {
    for (auto& v : lists) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
}

bool contains(const std::vector<int32_t>& sorted, int32_t x) {
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

} // namespace

ExclusionIndex::ExclusionIndex(const RuleSet& rs) {
    size_t n = rs.clauses.size();
    m_excluded_by.resize(n);
    m_partners.resize(n);
    // `excludes document` excludes the document's other clauses, except those that say it themselves.
    std::unordered_map<int32_t, std::vector<int32_t>> plain; // document → clauses without it
    for (size_t i = 0; i < n; ++i)
        if (!rs.clauses[i].excludes_document)
            plain[rs.clauses[i].document].push_back(static_cast<int32_t>(i));
    for (size_t i = 0; i < n; ++i) {
        const Clause& x = rs.clauses[i];
        auto me = static_cast<int32_t>(i);
        if (x.excludes_document)
            for (int32_t j : plain[x.document])
                m_excluded_by[static_cast<size_t>(j)].push_back(me);
        for (int32_t j : x.excludes)
            if (j >= 0 && j != me)
                m_excluded_by[static_cast<size_t>(j)].push_back(me);
        for (int32_t j : x.exclusive_with)
            if (j >= 0 && j != me) {
                m_partners[i].push_back(j);
                m_partners[static_cast<size_t>(j)].push_back(me);
            }
    }
    sort_unique(m_excluded_by);
    sort_unique(m_partners);
}

bool ExclusionIndex::linked(int32_t a, int32_t b) const {
    return contains(excluded_by(a), b) || contains(excluded_by(b), a) || contains(partners(a), b);
}

ExclusionIndex::Local ExclusionIndex::restrict(const std::vector<int32_t>& clauses) const {
    std::unordered_map<int32_t, int32_t> local;
    for (size_t k = 0; k < clauses.size(); ++k)
        local.emplace(clauses[k], static_cast<int32_t>(k));
    Local out;
    out.excluded_by.resize(clauses.size());
    out.partners.resize(clauses.size());
    auto renumber = [&](const std::vector<int32_t>& global, std::vector<int32_t>& into) {
        for (int32_t g : global)
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
