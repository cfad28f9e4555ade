#include "lexsim/simulation/sensitivity.hpp"

#include <algorithm>
#include <cstdlib>

namespace lexsim::sim {

namespace {

int64_t mean_total(const rules::RuleSet& rs, const Scenario& s, const SimulationOptions& options) {
    SimulationOptions o = options;
    o.progress = nullptr;
    SimulationRun run = simulate(rs, s, o);
    std::vector<int64_t> totals(static_cast<size_t>(run.trials), 0);
    for (int64_t t = 0; t < run.trials; ++t)
        for (size_t c = 0; c < run.cells.size(); ++c)
            totals[static_cast<size_t>(t)] += run.value(t, c);
    return summarize(std::move(totals)).mean;
}

//! Low and high values of a probability-like input.
std::pair<double, double> rate_range(const Distribution& d) {
    if (d.random())
        return {d.quantile(0.1), d.quantile(0.9)};
    return {d.a / 2, std::min(1.0, d.a * 1.5)};
}

} // namespace

std::vector<SensitivityRow> sensitivity(const rules::RuleSet& rs, const Scenario& s,
                                        const SimulationOptions& options) {
    std::vector<SensitivityRow> rows;
    auto run_pair = [&](const std::string& name, double low, double high, auto set) {
        Scenario a = s, b = s;
        set(a, low);
        set(b, high);
        rows.push_back({name, low, high, mean_total(rs, a, options), mean_total(rs, b, options)});
    };
    for (size_t i = 0; i < s.params.size(); ++i) {
        const ValueSpec& v = s.params[i].value;
        if (!v.dist.random())
            continue;
        run_pair("参数 " + rs.params[static_cast<size_t>(s.params[i].param)].name, v.dist.quantile(0.1),
                 v.dist.quantile(0.9),
                 [i](Scenario& x, double val) { x.params[i].value.dist = Distribution::fixed(val); });
    }
    for (size_t i = 0; i < s.take_up.size(); ++i) {
        auto [low, high] = rate_range(s.take_up[i].dist);
        run_pair("申报率 " + s.take_up[i].name, low, high,
                 [i](Scenario& x, double val) { x.take_up[i].dist = Distribution::fixed(val); });
    }
    for (size_t i = 0; i < s.payout.size(); ++i) {
        if (!s.payout[i].dist.random())
            continue;
        auto [low, high] = rate_range(s.payout[i].dist);
        run_pair("兑付比例 " + s.payout[i].name, low, high,
                 [i](Scenario& x, double val) { x.payout[i].dist = Distribution::fixed(val); });
    }
    std::stable_sort(rows.begin(), rows.end(), [](const SensitivityRow& a, const SensitivityRow& b) {
        return std::llabs(a.total_high - a.total_low) > std::llabs(b.total_high - b.total_low);
    });
    return rows;
}

} // namespace lexsim::sim
