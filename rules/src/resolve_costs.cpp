// Costs that benefits compensate: `cost NAME "label"` declarations, and `benefit B … compensates C, …`
// linked to them. Two benefits that name one cost pay for the same underlying thing (the interest on one
// loan, one rent, one investment), which is what lets the checker see them as one cost paid twice.
#include "resolve.hpp"

#include <algorithm>
#include <unordered_map>

namespace lexsim::rules::detail {

void resolve_costs(RuleSet& rs, std::vector<SyntaxFile>& files, Diagnostics& diags) {
    std::unordered_map<std::string, int32_t> costs;
    for (const auto& f : files)
        for (const auto& [name, label] : f.costs) {
            auto [it, inserted] = costs.emplace(name.text, static_cast<int32_t>(rs.costs.size()));
            if (!inserted) {
                diags.error(name.span, "cost '" + name.text + "' is defined twice")
                    .note(rs.costs[static_cast<size_t>(it->second)].span, "first defined here");
                continue;
            }
            rs.costs.push_back({name.text, label, name.span});
        }
    std::unordered_map<std::string, int32_t> benefits;
    for (size_t i = 0; i < rs.benefits.size(); ++i)
        benefits.emplace(rs.benefits[i].name, static_cast<int32_t>(i));
    for (const auto& f : files)
        for (const auto& [benefit, names] : f.benefit_costs) {
            auto b = benefits.find(benefit.text);
            // A benefit defined twice is reported by the resolver; its links go to the first definition.
            if (b == benefits.end())
                continue;
            Benefit& out = rs.benefits[static_cast<size_t>(b->second)];
            for (const Name& n : names) {
                auto c = costs.find(n.text);
                if (c == costs.end()) {
                    diags.error(n.span, "unknown cost '" + n.text + "' (declare it with 'cost " + n.text +
                                            " \"…\"')");
                    continue;
                }
                if (std::find(out.compensates.begin(), out.compensates.end(), c->second) !=
                    out.compensates.end()) {
                    diags.error(n.span, "benefit '" + benefit.text + "' names cost '" + n.text + "' twice");
                    continue;
                }
                out.compensates.push_back(c->second);
            }
        }
}

} // namespace lexsim::rules::detail
