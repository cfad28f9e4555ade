#include "int128.hpp"
#include "lexsim/simulation/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace lexsim::sim {

namespace {

//! Rounds a / b to the nearest integer, halves away from zero (b > 0).
int64_t div_round(i128 a, i128 b) {
    i128 q = (a >= 0 ? a + b / 2 : a - b / 2) / b;
    return static_cast<int64_t>(q);
}

int64_t nearest_rank(const std::vector<int64_t>& sorted, double q) {
    if (sorted.empty())
        return 0;
    auto n = static_cast<double>(sorted.size());
    auto rank = static_cast<size_t>(std::max(1.0, std::ceil(q * n - 1e-9)));
    return sorted[std::min(rank, sorted.size()) - 1];
}

//! One (year, clause, grant) row with its per-trial totals.
struct Series {
    OutlayRow row;
    int32_t grant = 0;
    int32_t range = -1; //!< a receipt
    std::vector<int64_t> values;
};

std::string key_of(const Series& s) {
    return std::to_string(s.row.year) + "|" + s.row.clause + "|" + std::to_string(s.grant) + "|" +
           std::to_string(s.range);
}

std::vector<Series> cell_series(const rules::RuleSet& rs, const SimulationRun& run) {
    std::vector<Series> out;
    for (size_t c = 0; c < run.cells.size(); ++c) {
        const Cell& cell = run.cells[c];
        const rules::Clause& cl = rs.clauses[static_cast<size_t>(cell.clause)];
        Series s;
        s.row.year = cell.year;
        s.row.clause = cl.id;
        s.row.document = rs.documents[static_cast<size_t>(cl.document)].number;
        s.row.article = cl.article;
        if (cell.range >= 0) {
            s.row.benefit = rs.measures[static_cast<size_t>(cell.measure)].name;
            s.row.benefit_label = rs.measures[static_cast<size_t>(cell.measure)].label;
        } else {
            s.row.benefit = rs.benefits[static_cast<size_t>(cell.benefit)].name;
            s.row.benefit_label = rs.benefits[static_cast<size_t>(cell.benefit)].label;
        }
        s.row.unit = cell.payer >= 0 ? rs.units[static_cast<size_t>(cell.payer)].name : "未写明";
        const rules::Entity& e = rs.entities[static_cast<size_t>(cell.recipient)];
        s.row.recipient = e.label.empty() ? e.name : e.label;
        s.grant = cell.grant;
        s.range = cell.range;
        s.values.resize(static_cast<size_t>(run.trials));
        for (int64_t t = 0; t < run.trials; ++t)
            s.values[static_cast<size_t>(t)] = run.value(t, c);
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<int64_t> zeros(int64_t trials) {
    return std::vector<int64_t>(static_cast<size_t>(trials), 0);
}

void add_to(std::vector<int64_t>& sum, const std::vector<int64_t>& v) {
    for (size_t t = 0; t < sum.size(); ++t)
        sum[t] += v[t];
}

//! Rows, totals and group totals from cell series (a run's, or a comparison's differences).
void assemble(Report& r, const std::vector<Series>& series, int64_t trials) {
    std::map<int32_t, std::vector<int64_t>> per_year;
    std::map<std::pair<std::string, int32_t>, std::vector<int64_t>> by_unit, by_recipient;
    std::vector<int64_t> horizon = zeros(trials);
    for (int32_t y : r.years)
        per_year[y] = zeros(trials);
    for (const Series& s : series) {
        OutlayRow row = s.row;
        row.stats = summarize(s.values, r.quantiles);
        if (s.range >= 0) {
            r.receipts.push_back(std::move(row));
            continue;
        }
        r.outlays.push_back(std::move(row));
        add_to(per_year[s.row.year], s.values);
        add_to(horizon, s.values);
        for (auto* m : {&by_unit, &by_recipient}) {
            const std::string& g = m == &by_unit ? s.row.unit : s.row.recipient;
            for (int32_t y : {s.row.year, 0}) {
                auto it = m->try_emplace({g, y}, zeros(trials)).first;
                add_to(it->second, s.values);
            }
        }
    }
    for (auto& [y, v] : per_year)
        r.totals.push_back({y, summarize(v, r.quantiles), std::nullopt});
    r.totals.push_back({0, summarize(horizon, r.quantiles), std::nullopt});
    // Per group: its years, then its horizon total (year 0).
    for (auto* m : {&by_unit, &by_recipient}) {
        auto& rows = m == &by_unit ? r.by_unit : r.by_recipient;
        for (auto& [k, v] : *m)
            rows.push_back({k.first, k.second, summarize(v, r.quantiles)});
        std::stable_sort(rows.begin(), rows.end(), [](const GroupRow& a, const GroupRow& b) {
            auto year = [](const GroupRow& g) { return g.year == 0 ? INT32_MAX : g.year; };
            return a.group != b.group ? a.group < b.group : year(a) < year(b);
        });
    }
}

} // namespace

Summary summarize(std::vector<int64_t> values, const std::vector<double>& extra_quantiles) {
    Summary s;
    if (values.empty())
        return s;
    auto n = static_cast<i128>(values.size());
    i128 sum = 0;
    for (int64_t v : values)
        sum += v;
    s.mean = div_round(sum, n);
    if (values.size() > 1) {
        // Deviations n·x − Σx are exact integers; only their squares are summed in long double.
        long double ss = 0;
        for (int64_t v : values) {
            auto d = static_cast<long double>(static_cast<i128>(v) * n - sum);
            ss += d * d;
        }
        long double nn = static_cast<long double>(values.size());
        long double var = ss / (nn * nn) / (nn - 1);
        s.se = std::llround(static_cast<double>(std::sqrt(var / nn)));
    }
    std::sort(values.begin(), values.end());
    s.p5 = nearest_rank(values, 0.05);
    s.p50 = nearest_rank(values, 0.50);
    s.p95 = nearest_rank(values, 0.95);
    for (double q : extra_quantiles)
        s.quantiles.emplace_back(q, nearest_rank(values, q));
    return s;
}

std::string yuan(int64_t fen) {
    bool negative = fen < 0;
    uint64_t a = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
    std::string cents = std::to_string(a % 100);
    return (negative ? "-" : "") + std::to_string(a / 100) + "." + (cents.size() == 1 ? "0" : "") + cents;
}

Report make_report(const rules::RuleSet& rs, const Scenario& s, const SimulationRun& run,
                   const std::vector<double>& quantiles) {
    Report r;
    r.scenario = s.header.name;
    r.seed = s.header.seed;
    r.trials = run.trials;
    r.years = run.years;
    r.quantiles = quantiles;
    r.undetermined_share = run.entity_years > 0
                               ? static_cast<double>(run.undetermined) / static_cast<double>(run.entity_years)
                               : 0;
    r.quota_breaches = run.quota_breaches;
    r.pool_breaches = run.pool_breaches;
    assemble(r, cell_series(rs, run), run.trials);
    for (size_t b = 0; b < s.budgets.size(); ++b) {
        const Budget& bud = s.budgets[b];
        for (size_t y = 0; y < run.years.size(); ++y) {
            if (bud.year != 0 && bud.year != run.years[y])
                continue;
            BudgetRow row;
            row.label = bud.label;
            row.unit = bud.payer >= 0 ? rs.units[static_cast<size_t>(bud.payer)].name : "全部";
            row.year = run.years[y];
            row.ceiling = bud.ceiling;
            std::vector<int64_t> demand, shortfall;
            int64_t exceeded = 0;
            for (int64_t t = 0; t < run.trials; ++t) {
                int64_t d = run.demand(t, b, y);
                demand.push_back(d);
                shortfall.push_back(std::max<int64_t>(d - bud.ceiling, 0));
                exceeded += d > bud.ceiling;
            }
            row.p_exceed = run.trials ? static_cast<double>(exceeded) / static_cast<double>(run.trials) : 0;
            row.expected_shortfall = summarize(shortfall).mean;
            row.demand = summarize(demand, quantiles);
            if (bud.payer < 0)
                for (TotalRow& tr : r.totals)
                    if (tr.year == row.year)
                        tr.p_exceed = row.p_exceed;
            r.budgets.push_back(std::move(row));
        }
    }
    return r;
}

Report make_comparison(const rules::RuleSet& base_rs, const Scenario& base, const SimulationRun& base_run,
                       const rules::RuleSet& rs, const Scenario& what_if, const SimulationRun& run,
                       const std::vector<double>& quantiles) {
    Report r;
    r.scenario = what_if.header.name;
    r.compared_with = base.header.name;
    r.seed = base.header.seed;
    int64_t trials = std::min(base_run.trials, run.trials);
    r.trials = trials;
    r.years = run.years;
    r.quantiles = quantiles;
    std::map<std::string, Series> diff;
    for (Series& s : cell_series(rs, run)) {
        s.values.resize(static_cast<size_t>(trials));
        diff.emplace(key_of(s), std::move(s));
    }
    for (Series& s : cell_series(base_rs, base_run)) {
        s.values.resize(static_cast<size_t>(trials));
        auto [it, fresh] = diff.try_emplace(key_of(s), s);
        if (fresh)
            std::fill(it->second.values.begin(), it->second.values.end(), 0);
        for (size_t t = 0; t < s.values.size(); ++t)
            it->second.values[t] -= s.values[t];
    }
    std::vector<Series> ordered;
    for (auto& [k, s] : diff)
        ordered.push_back(std::move(s));
    std::stable_sort(ordered.begin(), ordered.end(), [](const Series& a, const Series& b) {
        return a.row.year != b.row.year ? a.row.year < b.row.year : false;
    });
    assemble(r, ordered, trials);
    return r;
}

} // namespace lexsim::sim
