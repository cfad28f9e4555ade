#pragma once
/**
 * @brief Statistics over per-trial totals, and the simulate report in text, JSON and CSV.
 *
 * The trials run a batch at a time and each series (a cell, a year's total, a group, a budget's demand)
 * keeps a Tally of its per-trial integers (fen): exact sums, and exact quantiles up to Tally::exact_cap
 * trials, a mergeable histogram past it, so memory is flat in the number of trials and a report is
 * bit-identical for any number of threads. A what-if runs in step with its base, trial by trial, with the
 * same random numbers, and its report holds the per-trial differences. Money leaves as yuan with exactly
 * two decimals, printed from integers (no binary floating-point in the digits).
 *
 *     std::vector<sim::Report> r = sim::simulate_reports({&rs, &scenario}, {}, {.trials = 500}, {});
 *     std::string json = sim::render_json(r);
 */
#include "lexsim/rules/ast.hpp"
#include "lexsim/simulation/engine.hpp"
#include "lexsim/simulation/tally.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lexsim::sim {

//! Summary of per-trial values (nearest-rank quantiles), through a Tally.
Summary summarize(const std::vector<int64_t>& values, const std::vector<double>& extra_quantiles = {});
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

//! A scenario and the rules it is simulated on (its what-if applied); both outlive the call.
struct SimulationInput {
    const rules::RuleSet* rules = nullptr;
    const Scenario* scenario = nullptr;
};

//! Runs `base` and, in step with it, each what-if: the base's report, then per what-if its differences
//! (what-if − base, trial by trial, per matching row). Give a what-if the base's seed and stream for
//! common random numbers. --until-se (options.until_se) watches the base's horizon total.
std::vector<Report> simulate_reports(const SimulationInput& base,
                                     const std::vector<SimulationInput>& what_ifs,
                                     const SimulationOptions& options, const std::vector<double>& quantiles);

std::string render_text(const Report& r);
std::string render_json(const std::vector<Report>& reports);
std::string render_csv(const std::vector<Report>& reports);
//! A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

} // namespace lexsim::sim
