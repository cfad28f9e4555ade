#pragma once
/**
 * @brief Statistics over per-trial totals, and the simulate report in text, JSON and CSV.
 *
 * Every statistic is computed from exact per-trial integers (fen) in trial order, so a report is
 * bit-identical for any number of threads. Money leaves as yuan with exactly two decimals, printed from
 * integers (no binary floating-point in the digits).
 *
 *     sim::Report r = sim::make_report(rs, scenario, run, {});
 *     std::string json = sim::render_json(r);
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/simulation/engine.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::sim {

struct Summary {
    int64_t mean = 0; //!< fen, rounded to the nearest fen
    int64_t se = 0;   //!< standard error of the mean, fen
    int64_t p5 = 0, p50 = 0, p95 = 0;
    std::vector<std::pair<double, int64_t>> quantiles; //!< extra quantiles on request
};
//! Summary of per-trial values (nearest-rank quantiles).
Summary summarize(std::vector<int64_t> values, const std::vector<double>& extra_quantiles = {});
//! Yuan with two decimals from fen: 123456 → "1234.56".
std::string yuan(int64_t fen);

struct OutlayRow {
    int32_t year = 0;
    std::string clause, document, article, benefit, benefit_label, unit, recipient;
    Summary stats;
};

struct TotalRow {
    int32_t year = 0; //!< 0 = the whole horizon
    Summary stats;
    std::optional<double> p_exceed; //!< probability the outlays exceed an overall budget for the year
};

//! Totals by paying unit or by recipient kind.
struct GroupRow {
    std::string group;
    int32_t year = 0;
    Summary stats;
};

struct BudgetRow {
    std::string label, unit;
    int32_t year = 0;
    int64_t ceiling = 0;
    double p_exceed = 0;
    int64_t expected_shortfall = 0; //!< mean of max(demand − ceiling, 0), fen
    Summary demand;
};

struct SensitivityRow {
    std::string input;
    double low = 0, high = 0;              //!< the input's values (scenario units)
    int64_t total_low = 0, total_high = 0; //!< mean horizon total, fen
};

struct Report {
    std::string scenario, compared_with; //!< compare: the what-if and its base
    uint64_t seed = 0;
    int64_t trials = 0;
    std::vector<int32_t> years;
    std::vector<OutlayRow> outlays;
    //! Money fixed by a clause's `range` (e.g. 土地收益调节金 at a given rate): paid to the district, not by
    //! it; `benefit` holds the measure. Not part of the totals.
    std::vector<OutlayRow> receipts;
    std::vector<TotalRow> totals;
    std::vector<GroupRow> by_unit, by_recipient;
    std::vector<BudgetRow> budgets;
    std::vector<SensitivityRow> sensitivity;
    std::vector<double> quantiles; //!< the extra quantiles asked for
    double undetermined_share = 0; //!< entity-years with an undetermined simulated clause
    int64_t quota_breaches = 0, pool_breaches = 0;
};

Report make_report(const rules::RuleSet& rs, const Scenario& s, const SimulationRun& run,
                   const std::vector<double>& quantiles);
//! The what-if minus the base, trial by trial (common random numbers), per matching row.
Report make_comparison(const rules::RuleSet& base_rs, const Scenario& base, const SimulationRun& base_run,
                       const rules::RuleSet& rs, const Scenario& what_if, const SimulationRun& run,
                       const std::vector<double>& quantiles);

std::string render_text(const Report& r);
std::string render_json(const std::vector<Report>& reports);
std::string render_csv(const std::vector<Report>& reports);
//! A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

} // namespace lexsim::sim
