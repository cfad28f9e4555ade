#include "lexsim/simulation/sensitivity.hpp"

#include <algorithm>
#include <cstdlib>

namespace lexsim::sim {

namespace {

int64_t mean_total(const rules::RuleSet& rs, const Scenario& s, const SimulationOptions& options) {
    SimulationOptions o = options;
    o.progress = nullptr;
    o.until_se = 0;
    return simulate_reports({&rs, &s}, {}, o, {})[0].totals.back().stats.mean;
}

//! Low and high values of a probability-like input.
std::pair<double, double> rate_range(const Distribution& d) {
    if (d.random())
        return {d.quantile(0.1), d.quantile(0.9)};
    return {d.a / 2, std::min(1.0, d.a * 1.5)};
}

//! A distribution's parameter: its Chinese name, and where it sits in the Distribution.
struct DistParam {
    const char* name;
    double Distribution::*field;
    double floor, ceiling; //!< the values it must stay between (other parameters, or 0 and 1)
};

//! The parameters of a population's distribution that the tornado varies.
std::vector<DistParam> parameters_of(const Distribution& d) {
    using K = Distribution::Kind;
    constexpr double inf = 1e300;
    switch (d.kind) {
    case K::Bernoulli:
        return {{"概率", &Distribution::a, 0, 1}};
    case K::LogNormal:
        return {{"中位数", &Distribution::a, 0, inf}, {"离散度", &Distribution::b, 0, inf}};
    case K::Normal:
        return {{"均值", &Distribution::a, -inf, inf}, {"标准差", &Distribution::b, 0, inf}};
    case K::Uniform:
        return {{"下限", &Distribution::a, -inf, d.b}, {"上限", &Distribution::b, d.a, inf}};
    case K::Triangular:
        return {{"下限", &Distribution::a, -inf, d.c},
                {"众数", &Distribution::c, d.a, d.b},
                {"上限", &Distribution::b, d.c, inf}};
    default: // fixed values and categorical weights are not varied
        return {};
    }
}

//! ±20% of a distribution parameter, kept between its neighbours (low <= mode <= high, p <= 1).
std::pair<double, double> parameter_range(double v, const DistParam& p) {
    double lo = v - 0.2 * std::abs(v), hi = v + 0.2 * std::abs(v);
    return {std::clamp(lo, p.floor, p.ceiling), std::clamp(hi, p.floor, p.ceiling)};
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
    for (size_t g = 0; g < s.populations.size(); ++g) {
        const PopulationGroup& pop = s.populations[g];
        const CountModel& count = pop.count;
        if (count.kind != CountModel::Kind::Fixed)
            run_pair(pop.label + "·申报数量 均值", count.mean * 0.8, count.mean * 1.2,
                     [g](Scenario& x, double val) { x.populations[g].count.mean = val; });
        const rules::Entity& e = rs.entities[static_cast<size_t>(pop.entity)];
        for (size_t i = 0; i < pop.attributes.size(); ++i) {
            const AttributeSpec& a = pop.attributes[i];
            const rules::Attribute& attr = e.attrs[static_cast<size_t>(a.slot)];
            std::string label = pop.label + "·" + (attr.label.empty() ? attr.name : attr.label) + " ";
            for (const DistParam& p : parameters_of(a.value.dist)) {
                auto [low, high] = parameter_range(a.value.dist.*p.field, p);
                run_pair(label + p.name, low, high, [g, i, field = p.field](Scenario& x, double val) {
                    x.populations[g].attributes[i].value.dist.*field = val;
                });
            }
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const SensitivityRow& a, const SensitivityRow& b) {
        return std::llabs(a.total_high - a.total_low) > std::llabs(b.total_high - b.total_low);
    });
    return rows;
}

} // namespace lexsim::sim
