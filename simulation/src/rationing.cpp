// Rationing of one trial's claims: quotas and pools per grant cell, then budget ceilings (TrialWorker's
// last steps, apart from the sampling and evaluation in trial.cpp).
#include "int128.hpp"
#include "trial.hpp"

#include <algorithm>
#include <numeric>

namespace lexsim::sim {

namespace {

//! Pays `limit` in total over the claims `idx` (all of them together exceed it).
template <typename Claims>
void ration_to(Claims& claims, std::vector<size_t>& idx, int64_t limit, int64_t sum, Rationing rule,
               const std::vector<uint64_t>& order) {
    if (rule == Rationing::ProRata) {
        for (size_t i : idx)
            claims[i].amount = static_cast<int64_t>(static_cast<i128>(claims[i].amount) * limit / sum);
    } else if (rule == Rationing::FirstCome) {
        std::vector<size_t> by(idx.size());
        std::iota(by.begin(), by.end(), size_t{0});
        std::sort(by.begin(), by.end(), [&](size_t a, size_t b) {
            return order[a] != order[b] ? order[a] < order[b] : idx[a] < idx[b];
        });
        int64_t left = limit;
        for (size_t j : by) {
            int64_t& a = claims[idx[j]].amount;
            a = std::min(a, left);
            left -= a;
        }
    }
}

} // namespace

void TrialWorker::ration(uint64_t trial, TrialCounts& counts) {
    const Scenario& s = *m_plan.scenario;
    // Only the claims of cells with a quota or a pool are rationed here; sorting the others changes nothing.
    m_index.clear();
    for (size_t c = 0; c < m_claims.size(); ++c) {
        const Cell& cell = m_plan.cells[static_cast<size_t>(m_claims[c].cell)];
        if (cell.range < 0) {
            const rules::Grant& g = m_plan.rs->clause(cell.clause).grants[static_cast<size_t>(cell.grant)];
            if (g.quota > 0 || g.pool >= 0)
                m_index.push_back(c);
        }
    }
    std::stable_sort(m_index.begin(), m_index.end(), [&](size_t a, size_t b) {
        const Claim &x = m_claims[a], &y = m_claims[b];
        return x.year != y.year ? x.year < y.year : x.cell < y.cell;
    });
    std::vector<size_t> group;
    std::vector<uint64_t> order;
    for (size_t i = 0; i < m_index.size();) {
        size_t j = i;
        const Claim& first = m_claims[m_index[i]];
        while (j < m_index.size() && m_claims[m_index[j]].year == first.year &&
               m_claims[m_index[j]].cell == first.cell)
            ++j;
        const Cell& cell = m_plan.cells[static_cast<size_t>(first.cell)];
        if (cell.range >= 0) { // receipts are not rationed
            i = j;
            continue;
        }
        const rules::Grant& g = m_plan.rs->clause(cell.clause).grants[static_cast<size_t>(cell.grant)];
        if (g.quota > 0 || g.pool >= 0) {
            group.assign(m_index.begin() + static_cast<std::ptrdiff_t>(i),
                         m_index.begin() + static_cast<std::ptrdiff_t>(j));
            order.clear();
            auto d = draw::order | static_cast<uint32_t>(first.cell << 4 | first.year);
            for (size_t c : group)
                order.push_back(m_plan.stream.bits(trial, m_claims[c].entity, d));
            if (g.quota > 0 && group.size() > static_cast<size_t>(g.quota)) {
                ++counts.quota_breaches;
                if (s.quota_rule == Rationing::FirstCome) {
                    std::vector<size_t> by(group.size());
                    std::iota(by.begin(), by.end(), size_t{0});
                    std::sort(by.begin(), by.end(), [&](size_t a, size_t b) {
                        return order[a] != order[b] ? order[a] < order[b] : group[a] < group[b];
                    });
                    for (size_t r = static_cast<size_t>(g.quota); r < by.size(); ++r)
                        m_claims[group[by[r]]].amount = 0;
                }
            }
            int64_t sum = 0;
            for (size_t c : group)
                sum += m_claims[c].amount;
            if (g.pool >= 0 && sum > g.pool) {
                ++counts.pool_breaches;
                ration_to(m_claims, group, g.pool, sum, s.pool_rule, order);
            }
        }
        i = j;
    }
}

void TrialWorker::apply_budgets(uint64_t trial, int64_t* demand) {
    const Scenario& s = *m_plan.scenario;
    size_t years = m_plan.years.size();
    std::vector<size_t> idx;
    std::vector<uint64_t> order;
    for (size_t b = 0; b < s.budgets.size(); ++b) {
        const Budget& bud = s.budgets[b];
        for (size_t y = 0; y < years; ++y) {
            demand[b * years + y] = 0;
            if (bud.year != 0 && bud.year != m_plan.years[y])
                continue;
            idx.clear();
            order.clear();
            int64_t sum = 0;
            auto d = draw::budget_order | static_cast<uint32_t>(b << 4 | y);
            for (size_t c = 0; c < m_claims.size(); ++c) {
                const Claim& cl = m_claims[c];
                const Cell& cell = m_plan.cells[static_cast<size_t>(cl.cell)];
                if (static_cast<size_t>(cl.year) != y || cell.range >= 0 ||
                    (bud.payer >= 0 && cell.payer != bud.payer))
                    continue;
                idx.push_back(c);
                order.push_back(m_plan.stream.bits(trial, cl.entity, d));
                sum += cl.amount;
            }
            demand[b * years + y] = sum;
            if (sum > bud.ceiling)
                ration_to(m_claims, idx, bud.ceiling, sum, bud.rule, order);
        }
    }
}

} // namespace lexsim::sim
