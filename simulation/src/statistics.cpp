#include "lexsim/simulation/report.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace lexsim::sim {

namespace {

//! One simulator's cell, added or subtracted: a series is a sum of terms.
struct Term {
    uint32_t source = 0; //!< 0 = the base, k = the k-th what-if
    uint32_t cell = 0;
    int64_t sign = 1;
};

//! One (year, clause, grant) row: its terms and the Tally of its per-trial values.
struct Series {
    OutlayRow row;
    int32_t grant = 0;
    int32_t range = -1; //!< a receipt
    std::vector<Term> terms;
    Tally tally;
};

//! A sum of outlay series: a year's total, the horizon's, a paying unit's or a recipient kind's.
struct Group {
    std::string name;
    int32_t year = 0; //!< 0 = the whole horizon
    std::vector<uint32_t> members;
    Tally tally;
};

struct BudgetSeries {
    BudgetRow row;
    size_t budget = 0, year_index = 0;
    bool overall = false; //!< all payers together: its chance of exceeding goes into the totals
    Tally demand, shortfall;
    int64_t exceeded = 0;
};

std::string key_of(const Series& s) {
    return std::to_string(s.row.year) + "|" + s.row.clause + "|" + std::to_string(s.grant) + "|" +
           std::to_string(s.range);
}

Series series_of(const rules::RuleSet& rs, const Cell& cell) {
    const rules::Clause& cl = rs.clause(cell.clause);
    Series s;
    s.row.year = cell.year;
    s.row.clause = cl.id;
    s.row.document = rs.document(cl.document).number;
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
    return s;
}

//! What one report accumulates over the trials.
class Accumulator {
public:
    //! The base's own rows.
    Accumulator(const SimulationInput& in, const Simulator& sim) {
        for (size_t c = 0; c < sim.cells().size(); ++c) {
            m_series.push_back(series_of(*in.rules, sim.cells()[c]));
            m_series.back().terms.push_back({0, static_cast<uint32_t>(c), 1});
        }
        group(sim.years());
        budgets(in, sim);
    }
    //! What-if `source` minus the base, per row either has.
    Accumulator(const SimulationInput& base, const Simulator& base_sim, const SimulationInput& what_if,
                const Simulator& sim, uint32_t source) {
        std::map<std::string, Series> diff;
        for (size_t c = 0; c < sim.cells().size(); ++c) {
            Series s = series_of(*what_if.rules, sim.cells()[c]);
            s.terms.push_back({source, static_cast<uint32_t>(c), 1});
            diff.emplace(key_of(s), std::move(s));
        }
        for (size_t c = 0; c < base_sim.cells().size(); ++c) {
            Series s = series_of(*base.rules, base_sim.cells()[c]);
            auto it = diff.try_emplace(key_of(s), std::move(s)).first;
            it->second.terms.push_back({0, static_cast<uint32_t>(c), -1});
        }
        for (auto& [k, s] : diff)
            m_series.push_back(std::move(s));
        std::stable_sort(m_series.begin(), m_series.end(),
                         [](const Series& a, const Series& b) { return a.row.year < b.row.year; });
        group(sim.years());
    }

    void add_trial(const std::vector<std::unique_ptr<Simulator>>& sims, int64_t t) {
        m_values.resize(m_series.size());
        for (size_t i = 0; i < m_series.size(); ++i) {
            int64_t v = 0;
            for (const Term& term : m_series[i].terms)
                v += term.sign * sims[term.source]->value(t, term.cell);
            m_values[i] = v;
            m_series[i].tally.add(v);
        }
        for (auto* groups : {&m_totals, &m_by_unit, &m_by_recipient})
            for (Group& g : *groups) {
                int64_t v = 0;
                for (uint32_t i : g.members)
                    v += m_values[i];
                g.tally.add(v);
            }
        for (BudgetSeries& b : m_budgets) {
            int64_t d = sims[0]->demand(t, b.budget, b.year_index);
            b.demand.add(d);
            b.shortfall.add(std::max<int64_t>(d - b.row.ceiling, 0));
            b.exceeded += d > b.row.ceiling;
        }
    }

    //! The horizon total's Tally (the --until-se test).
    const Tally& horizon() const { return m_totals.back().tally; }

    void finish(Report& r) const {
        for (const Series& s : m_series) {
            OutlayRow row = s.row;
            row.stats = s.tally.summary(r.quantiles);
            (s.range >= 0 ? r.receipts : r.outlays).push_back(std::move(row));
        }
        for (const Group& g : m_totals)
            r.totals.push_back({g.year, g.tally.summary(r.quantiles), std::nullopt});
        for (const Group& g : m_by_unit)
            r.by_unit.push_back({g.name, g.year, g.tally.summary(r.quantiles)});
        for (const Group& g : m_by_recipient)
            r.by_recipient.push_back({g.name, g.year, g.tally.summary(r.quantiles)});
        for (const BudgetSeries& b : m_budgets) {
            BudgetRow row = b.row;
            int64_t n = b.demand.count();
            row.p_exceed = n ? static_cast<double>(b.exceeded) / static_cast<double>(n) : 0;
            row.expected_shortfall = b.shortfall.mean();
            row.demand = b.demand.summary(r.quantiles);
            if (b.overall)
                for (TotalRow& tr : r.totals)
                    if (tr.year == row.year)
                        tr.p_exceed = row.p_exceed;
            r.budgets.push_back(std::move(row));
        }
    }

private:
    //! Totals per year and for the horizon (last), and per paying unit and recipient kind: outlays only.
    void group(const std::vector<int32_t>& years) {
        std::map<int32_t, Group> per_year;
        for (int32_t y : years)
            per_year[y].year = y;
        Group horizon;
        std::map<std::pair<std::string, int32_t>, Group> by_unit, by_recipient;
        for (uint32_t i = 0; i < m_series.size(); ++i) {
            const Series& s = m_series[i];
            if (s.range >= 0)
                continue;
            per_year[s.row.year].members.push_back(i);
            horizon.members.push_back(i);
            for (auto* m : {&by_unit, &by_recipient}) {
                const std::string& name = m == &by_unit ? s.row.unit : s.row.recipient;
                for (int32_t y : {s.row.year, 0}) {
                    Group& g = (*m)[{name, y}];
                    g.name = name;
                    g.year = y;
                    g.members.push_back(i);
                }
            }
        }
        for (auto& [y, g] : per_year)
            m_totals.push_back(std::move(g));
        m_totals.push_back(std::move(horizon));
        // Per group: its years, then its horizon total (year 0).
        for (auto* m : {&by_unit, &by_recipient}) {
            auto& out = m == &by_unit ? m_by_unit : m_by_recipient;
            for (auto& [k, g] : *m)
                out.push_back(std::move(g));
            std::stable_sort(out.begin(), out.end(), [](const Group& a, const Group& b) {
                auto year = [](const Group& g) { return g.year == 0 ? INT32_MAX : g.year; };
                return a.name != b.name ? a.name < b.name : year(a) < year(b);
            });
        }
    }

    void budgets(const SimulationInput& in, const Simulator& sim) {
        const std::vector<Budget>& budgets = in.scenario->budgets;
        for (size_t b = 0; b < budgets.size(); ++b) {
            const Budget& bud = budgets[b];
            for (size_t y = 0; y < sim.years().size(); ++y) {
                if (bud.year != 0 && bud.year != sim.years()[y])
                    continue;
                BudgetSeries s;
                s.row.label = bud.label;
                s.row.unit = bud.payer >= 0 ? in.rules->units[static_cast<size_t>(bud.payer)].name : "全部";
                s.row.year = sim.years()[y];
                s.row.ceiling = bud.ceiling;
                s.budget = b;
                s.year_index = y;
                s.overall = bud.payer < 0;
                m_budgets.push_back(std::move(s));
            }
        }
    }

    std::vector<Series> m_series;
    std::vector<Group> m_totals; //!< per year, then the horizon
    std::vector<Group> m_by_unit, m_by_recipient;
    std::vector<BudgetSeries> m_budgets;
    std::vector<int64_t> m_values; //!< the current trial's series values
};

Report header_of(const SimulationInput& in, const Simulator& sim, int64_t trials,
                 const std::vector<double>& quantiles) {
    Report r;
    r.scenario = in.scenario->header.name;
    r.seed = in.scenario->header.seed;
    r.trials = trials;
    r.years = sim.years();
    r.quantiles = quantiles;
    return r;
}

} // namespace

Summary summarize(const std::vector<int64_t>& values, const std::vector<double>& extra_quantiles) {
    Tally t;
    for (int64_t v : values)
        t.add(v);
    return t.summary(extra_quantiles);
}

std::string yuan(int64_t fen) {
    bool negative = fen < 0;
    uint64_t a = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
    std::string cents = std::to_string(a % 100);
    return (negative ? "-" : "") + std::to_string(a / 100) + "." + (cents.size() == 1 ? "0" : "") + cents;
}

std::vector<Report> simulate_reports(const SimulationInput& base,
                                     const std::vector<SimulationInput>& what_ifs,
                                     const SimulationOptions& options, const std::vector<double>& quantiles) {
    std::vector<std::unique_ptr<Simulator>> sims;
    sims.push_back(std::make_unique<Simulator>(*base.rules, *base.scenario, options.threads));
    for (const SimulationInput& w : what_ifs)
        sims.push_back(std::make_unique<Simulator>(*w.rules, *w.scenario, options.threads));
    std::vector<Accumulator> accs;
    accs.emplace_back(base, *sims[0]);
    for (size_t k = 0; k < what_ifs.size(); ++k)
        accs.emplace_back(base, *sims[0], what_ifs[k], *sims[k + 1], static_cast<uint32_t>(k + 1));

    // --until-se stops only between batch_size's batches. Without it the batches bound the per-trial values
    // held (1000 trials at most) and pace the progress bar, if any, and fewer, larger ones leave the threads
    // fewer barriers to wait at (the tallies see the trials in the same order either way).
    int64_t planned = std::max<int64_t>(options.trials, 1), done = 0;
    int64_t batch = options.until_se > 0 ? batch_size(planned)
                    : options.progress   ? std::clamp<int64_t>(planned / 4, 8, 1000)
                                         : std::min<int64_t>(planned, 1000);
    while (done < planned) {
        int64_t end = std::min(planned, done + batch);
        for (auto& s : sims)
            s->run(done, end);
        // Serially, in trial order: the tallies see the same values in the same order for any thread count.
        for (int64_t t = done; t < end; ++t)
            for (Accumulator& a : accs)
                a.add_trial(sims, t);
        done = end;
        if (options.progress)
            options.progress(done, planned);
        if (options.until_se > 0 && done >= 32 && accs[0].horizon().standard_error() / 100 < options.until_se)
            break;
    }

    std::vector<Report> reports;
    Report r = header_of(base, *sims[0], done, quantiles);
    const RunCounts& c = sims[0]->counts();
    r.undetermined_share =
        c.entity_years > 0 ? static_cast<double>(c.undetermined) / static_cast<double>(c.entity_years) : 0;
    r.quota_breaches = c.quota_breaches;
    r.pool_breaches = c.pool_breaches;
    accs[0].finish(r);
    reports.push_back(std::move(r));
    for (size_t k = 0; k < what_ifs.size(); ++k) {
        Report d = header_of(what_ifs[k], *sims[k + 1], done, quantiles);
        d.compared_with = base.scenario->header.name;
        d.seed = base.scenario->header.seed;
        accs[k + 1].finish(d);
        reports.push_back(std::move(d));
    }
    return reports;
}

} // namespace lexsim::sim
