#include "trial.hpp"

#include "int128.hpp"
#include "lexsim/rules/calendar.hpp"
#include "value_spec.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lexsim::sim {

namespace {

bool quantified(const rules::Grant& g) {
    return g.amount_kind == rules::AmountKind::UpTo || g.amount_kind == rules::AmountKind::Exact;
}

//! Index of the rate for a clause: its own entry first, else the first entry for one of its benefits.
int32_t rate_for(const std::vector<const ClauseRate*>& rates, size_t begin, size_t end, int32_t clause,
                 int32_t benefit_or_any, const rules::Clause& c) {
    for (size_t i = begin; i < end; ++i)
        if (rates[i]->clause == clause)
            return static_cast<int32_t>(i);
    for (size_t i = begin; i < end; ++i) {
        if (rates[i]->benefit < 0)
            continue;
        if (benefit_or_any >= 0 ? rates[i]->benefit == benefit_or_any
                                : std::any_of(c.grants.begin(), c.grants.end(), [&](const rules::Grant& g) {
                                      return g.benefit == rates[i]->benefit;
                                  }))
            return static_cast<int32_t>(i);
    }
    return -1;
}

//! amount × millionths / 10^6, rounded down, without overflow for any money amount.
int64_t scale(int64_t amount, int64_t millionths) {
    return static_cast<int64_t>(static_cast<i128>(amount) * millionths / rules::micro);
}

//! Cells for the money ranges of the simulated clauses (receipts such as 土地收益调节金).
void add_receipt_cells(const rules::RuleSet& rs, Plan& p, GroupPlan& gp) {
    const auto& local = gp.decider->clauses();
    gp.receipt_cells.resize(local.size());
    for (size_t k = 0; k < local.size(); ++k) {
        const rules::Clause& c = rs.clauses[static_cast<size_t>(local[k])];
        if (!gp.simulated[k])
            continue;
        for (size_t r = 0; r < c.ranges.size(); ++r) {
            const rules::Measure& m = rs.measures[static_cast<size_t>(c.ranges[r].measure)];
            if (m.type.kind != rules::TypeKind::Money)
                continue;
            auto it = std::find_if(p.cells.begin(), p.cells.end(), [&](const Cell& x) {
                return x.clause == local[k] && x.range == static_cast<int32_t>(r);
            });
            if (it == p.cells.end()) {
                p.cells.push_back(
                    Cell{0, local[k], -1, -1, -1, c.entity, static_cast<int32_t>(r), c.ranges[r].measure});
                it = p.cells.end() - 1;
            }
            gp.receipt_cells[k].push_back(static_cast<int32_t>(it - p.cells.begin()));
        }
    }
}

} // namespace

Plan make_plan(const rules::RuleSet& rs, const Scenario& s) {
    Plan p;
    p.rs = &rs;
    p.scenario = &s;
    p.stream = Stream{s.header.seed, s.stream};
    for (int32_t y = s.header.first_year; y <= s.header.last_year; ++y) {
        p.years.push_back(y);
        p.params.push_back(
            rules::resolve_params(rs, rules::days_from_civil(y, s.evaluation_month, s.evaluation_day)));
    }
    for (const ClauseRate& r : s.take_up)
        p.rates.push_back(&r);
    size_t payout_begin = p.rates.size();
    for (const ClauseRate& r : s.payout)
        p.rates.push_back(&r);
    for (const PopulationGroup& g : s.populations) {
        GroupPlan gp;
        gp.group = &g;
        gp.decider = std::make_unique<rules::Decider>(rs, g.entity);
        gp.program = std::make_unique<rules::ColumnarProgram>(rs, g.entity);
        for (int32_t y : p.years)
            gp.days.push_back(
                gp.decider->day(rules::days_from_civil(y, s.evaluation_month, s.evaluation_day)));
        rules::EntityRow row = rules::make_row(rs, g.entity);
        gp.defaults = row.values;
        gp.present = row.present;
        for (const AttributeSpec& a : g.attributes)
            gp.present[static_cast<size_t>(a.slot)] = 1;
        for (int32_t slot : g.row_slots)
            gp.present[static_cast<size_t>(slot)] = 1;
        const auto& local = gp.decider->clauses();
        gp.grant_cell.assign(gp.decider->grant_count(), -1);
        gp.payout.assign(gp.decider->grant_count(), -1);
        for (size_t k = 0; k < local.size(); ++k) {
            const rules::Clause& c = rs.clauses[static_cast<size_t>(local[k])];
            bool sim = s.documents.empty() ||
                       std::find(s.documents.begin(), s.documents.end(), c.document) != s.documents.end();
            gp.simulated.push_back(sim);
            gp.take_up.push_back(rate_for(p.rates, 0, payout_begin, local[k], -1, c));
            for (size_t gi = 0; gi < c.grants.size(); ++gi) {
                const rules::Grant& gr = c.grants[gi];
                size_t flat = gp.decider->grant_begin(k) + gi;
                gp.payout[flat] = rate_for(p.rates, payout_begin, p.rates.size(), local[k], gr.benefit, c);
                if (!sim || !quantified(gr))
                    continue;
                // One cell per (clause, grant), shared by every group of the same entity kind.
                auto it = std::find_if(p.cells.begin(), p.cells.end(), [&](const Cell& x) {
                    return x.clause == local[k] && x.grant == static_cast<int32_t>(gi);
                });
                if (it == p.cells.end()) {
                    p.cells.push_back(Cell{0, local[k], static_cast<int32_t>(gi), gr.benefit, gr.payer,
                                           gr.recipient >= 0 ? gr.recipient : c.entity});
                    it = p.cells.end() - 1;
                }
                gp.grant_cell[flat] = static_cast<int32_t>(it - p.cells.begin());
            }
        }
        add_receipt_cells(rs, p, gp);
        p.groups.push_back(std::move(gp));
    }
    return p;
}

TrialWorker::TrialWorker(const Plan& plan) : m_plan(plan), m_params(plan.params) {
    m_chunk = SIZE_MAX;
    for (const GroupPlan& g : plan.groups) {
        m_scratch.push_back(g.program->scratch());
        m_days.emplace_back(plan.years.size());
        m_chunk = std::min(m_chunk, g.program->chunk_rows());
        m_width = std::max(m_width, g.defaults.size());
        m_grant_width = std::max(m_grant_width, g.decider->grant_count());
        m_clause_width = std::max(m_clause_width, g.decider->clauses().size());
    }
    if (plan.groups.empty())
        m_chunk = 0;
    m_rows.assign(m_chunk * m_width, 0);
    m_columns.assign(m_width * m_chunk, 0);
    m_attrs.assign(m_width, nullptr);
    m_absent.assign(m_width, nullptr);
    for (size_t a = 0; a < m_width; ++a)
        m_attrs[a] = m_columns.data() + a * m_chunk;
    m_zeros.assign(m_chunk, 0);
    m_taken.assign(m_chunk * m_clause_width, 0);
    m_first_paid.assign(m_chunk * m_grant_width, -1);
    m_fraction.assign(m_chunk * m_grant_width, rules::micro);
    m_undetermined.assign(m_chunk, 0);
    m_rates.assign(plan.rates.size(), 1.0);
}

void TrialWorker::draw_params(uint64_t trial) {
    const Scenario& s = *m_plan.scenario;
    for (size_t i = 0; i < s.params.size(); ++i) {
        const ParamSpec& ps = s.params[i];
        double u1 = m_plan.stream.uniform(trial, 0, draw::param | static_cast<uint32_t>(i * 2));
        double u2 = m_plan.stream.uniform(trial, 0, draw::param | static_cast<uint32_t>(i * 2 + 1));
        int64_t v = to_rules_value(ps.value.type.kind, ps.value.dist.sample(u1, u2));
        for (rules::ParamRow& row : m_params) {
            row.values[static_cast<size_t>(ps.param)] = v;
            row.present[static_cast<size_t>(ps.param)] = 1;
        }
    }
    for (size_t i = 0; i < m_plan.rates.size(); ++i) {
        const Distribution& d = m_plan.rates[i]->dist;
        m_rates[i] = d.random()
                         ? d.sample(m_plan.stream.uniform(trial, 0, draw::rate | static_cast<uint32_t>(i)), 0)
                         : d.a;
    }
}

TrialCounts TrialWorker::run(uint64_t trial, int64_t* totals, int64_t* demand) {
    TrialCounts counts;
    draw_params(trial);
    for (size_t g = 0; g < m_plan.groups.size(); ++g)
        for (size_t y = 0; y < m_plan.years.size(); ++y)
            m_days[g][y] = m_plan.groups[g].program->day(m_plan.groups[g].days[y].date, m_params[y]);
    m_claims.clear();
    for (size_t g = 0; g < m_plan.groups.size(); ++g) {
        const PopulationGroup& pg = *m_plan.groups[g].group;
        for (size_t y = 0; y < m_plan.years.size(); ++y) {
            int32_t year = m_plan.years[y];
            if (year < pg.first_entry || year > pg.last_entry)
                continue;
            double factor = std::pow(1.0 + pg.growth, year - pg.first_entry);
            double u = m_plan.stream.uniform(trial, 0, draw::count | static_cast<uint32_t>(g << 8 | y));
            run_cohort(trial, g, y, std::min(pg.count.sample(u, factor), max_entrants), counts);
        }
    }
    ration(trial, counts);
    apply_budgets(trial, demand);
    size_t ncells = m_plan.cells.size();
    std::fill(totals, totals + ncells * m_plan.years.size(), 0);
    for (const Claim& c : m_claims)
        totals[static_cast<size_t>(c.year) * ncells + static_cast<size_t>(c.cell)] += c.amount;
    return counts;
}

void TrialWorker::draw_attribute(uint64_t trial, uint32_t id, const AttributeSpec& a, uint32_t d,
                                 int64_t* row) {
    const Stream& st = m_plan.stream;
    double x = a.value.dist.sample(st.uniform(trial, id, d), st.uniform(trial, id, d + 1));
    auto slot = static_cast<size_t>(a.slot);
    if (a.value.scaled_from >= 0)
        row[slot] = static_cast<int64_t>(
            std::llround(static_cast<double>(row[static_cast<size_t>(a.value.scaled_from)]) * x));
    else
        row[slot] = to_rules_value(a.value.type.kind, x);
}

void TrialWorker::start_entity(uint64_t trial, size_t g, uint32_t id, size_t i) {
    const GroupPlan& gp = m_plan.groups[g];
    const rules::Decider& decider = *gp.decider;
    const Stream& st = m_plan.stream;
    int64_t* row = m_rows.data() + i * m_width;
    std::copy(gp.defaults.begin(), gp.defaults.end(), row);
    if (size_t width = gp.group->row_slots.size(); width > 0) {
        size_t rows = gp.group->row_values.size() / width;
        auto r = std::min(rows - 1,
                          static_cast<size_t>(st.uniform(trial, id, draw::row) * static_cast<double>(rows)));
        for (size_t c = 0; c < width; ++c)
            row[static_cast<size_t>(gp.group->row_slots[c])] = gp.group->row_values[r * width + c];
    }
    for (const AttributeSpec& a : gp.group->attributes)
        draw_attribute(trial, id, a, draw::attribute | static_cast<uint32_t>(a.slot * 2), row);
    uint8_t* taken = m_taken.data() + i * m_clause_width;
    for (size_t k = 0; k < decider.clauses().size(); ++k) {
        int32_t r = gp.take_up[k];
        taken[k] = r < 0 || st.uniform(trial, id, draw::take_up | static_cast<uint32_t>(k)) <
                                m_rates[static_cast<size_t>(r)];
    }
    int32_t* first_paid = m_first_paid.data() + i * m_grant_width;
    int64_t* fraction = m_fraction.data() + i * m_grant_width;
    for (size_t gi = 0; gi < decider.grant_count(); ++gi) {
        first_paid[gi] = -1;
        int32_t r = gp.payout[gi];
        double f = r < 0 ? m_plan.scenario->default_payout
                         : m_plan.rates[static_cast<size_t>(r)]->dist.sample(
                               st.uniform(trial, id, draw::payout | static_cast<uint32_t>(gi * 2)),
                               st.uniform(trial, id, draw::payout | static_cast<uint32_t>(gi * 2 + 1)));
        fraction[gi] = std::llround(std::clamp(f, 0.0, 1.0) * static_cast<double>(rules::micro));
    }
}

void TrialWorker::evaluate(size_t g, size_t year, size_t rows) {
    const GroupPlan& gp = m_plan.groups[g];
    size_t width = gp.defaults.size();
    for (size_t a = 0; a < width; ++a) {
        int64_t* col = m_columns.data() + a * m_chunk;
        const int64_t* src = m_rows.data() + a;
        for (size_t i = 0; i < rows; ++i)
            col[i] = src[i * m_width];
        m_absent[a] = gp.present[a] ? nullptr : m_zeros.data();
    }
    rules::ColumnarInput in{m_attrs.data(), m_absent.data()};
    gp.program->run(in, 0, rows, m_days[g][year], m_scratch[g]);
}

void TrialWorker::run_cohort(uint64_t trial, size_t g, size_t entry, int64_t n, TrialCounts& counts) {
    const PopulationGroup& pg = *m_plan.groups[g].group;
    for (int64_t first = 0; first < n; first += static_cast<int64_t>(m_chunk)) {
        auto rows = static_cast<size_t>(std::min<int64_t>(n - first, static_cast<int64_t>(m_chunk)));
        for (size_t i = 0; i < rows; ++i)
            start_entity(trial, g, entity_id(g, entry, first + static_cast<int64_t>(i)), i);
        for (size_t y = entry; y < m_plan.years.size(); ++y) {
            if (y > entry)
                for (size_t i = 0; i < rows; ++i)
                    for (const AttributeSpec& a : pg.attributes)
                        if (a.value.yearly)
                            draw_attribute(trial, entity_id(g, entry, first + static_cast<int64_t>(i)), a,
                                           draw::yearly_attribute |
                                               static_cast<uint32_t>(a.slot << 8 | static_cast<int>(y * 2)),
                                           m_rows.data() + i * m_width);
            evaluate(g, y, rows);
            collect_claims(g, y, rows, first, entry, counts);
            if (y == entry)
                collect_receipts(g, first, entry);
        }
    }
}

// Claims are recorded clause by clause, rows ascending: after ration's stable sort by (year, cell) they stand
// in the order the entity-at-a-time loop gave them, and one entity's claims keep their relative order.
void TrialWorker::collect_claims(size_t g, size_t y, size_t rows, int64_t first, size_t entry,
                                 TrialCounts& counts) {
    const GroupPlan& gp = m_plan.groups[g];
    const rules::Decider& decider = *gp.decider;
    const rules::ColumnarScratch& s = m_scratch[g];
    const auto& local = decider.clauses();
    counts.entity_years += static_cast<int64_t>(rows);
    bool any_undetermined = false;
    for (size_t k = 0; k < local.size(); ++k) {
        if (!gp.simulated[k])
            continue;
        if (s.undetermined_count(k) > 0) {
            if (!any_undetermined)
                std::fill(m_undetermined.begin(), m_undetermined.begin() + static_cast<std::ptrdiff_t>(rows),
                          0);
            any_undetermined = true;
            const rules::ClauseStatus* st = s.status(k);
            for (size_t i = 0; i < rows; ++i)
                m_undetermined[i] |= st[i] == rules::ClauseStatus::Undetermined;
        }
        const rules::Clause& c = m_plan.rs->clauses[static_cast<size_t>(local[k])];
        const uint16_t* applied = s.applied_rows(k);
        for (uint32_t j = 0; j < s.applied_count(k); ++j) {
            size_t i = applied[j];
            if (!m_taken[i * m_clause_width + k])
                continue;
            auto id = entity_id(g, entry, first + static_cast<int64_t>(i));
            for (size_t gi = 0; gi < c.grants.size(); ++gi) {
                size_t flat = decider.grant_begin(k) + gi;
                if (gp.grant_cell[flat] < 0 || s.grant_status(flat)[i] != rules::EvalStatus::Ok)
                    continue;
                const rules::Grant& gr = c.grants[gi];
                int32_t& paid = m_first_paid[i * m_grant_width + flat];
                bool one_off = gr.once || !gr.per_year;
                if (one_off && paid >= 0)
                    continue; // paid once, in the first year it applied
                if (paid < 0)
                    paid = static_cast<int32_t>(y);
                if (gr.years > 0 && static_cast<int32_t>(y) >= paid + gr.years)
                    continue; // `for N years` counted from the first year paid
                int64_t amount = s.grant_amount(flat)[i];
                if (gr.amount_kind == rules::AmountKind::UpTo)
                    amount = scale(amount, m_fraction[i * m_grant_width + flat]);
                m_claims.push_back(Claim{static_cast<int32_t>(y), gp.grant_cell[flat], id, amount});
            }
        }
    }
    if (any_undetermined)
        counts.undetermined +=
            std::count(m_undetermined.begin(), m_undetermined.begin() + static_cast<std::ptrdiff_t>(rows), 1);
}

void TrialWorker::collect_receipts(size_t g, int64_t first, size_t entry) {
    const GroupPlan& gp = m_plan.groups[g];
    const rules::ColumnarScratch& s = m_scratch[g];
    const rules::ParamRow& params = m_params[entry];
    for (size_t k = 0; k < gp.receipt_cells.size(); ++k) {
        if (gp.receipt_cells[k].empty())
            continue;
        const uint16_t* applied = s.applied_rows(k);
        for (uint32_t j = 0; j < s.applied_count(k); ++j) {
            size_t i = applied[j];
            rules::EvalInput in{m_rows.data() + i * m_width, gp.present.data(), params.values.data(),
                                params.present.data(), gp.days[entry].date};
            for (int32_t cell : gp.receipt_cells[k]) {
                const Cell& c = m_plan.cells[static_cast<size_t>(cell)];
                const rules::RangeOutcome& r =
                    m_plan.rs->clauses[static_cast<size_t>(c.clause)].ranges[static_cast<size_t>(c.range)];
                rules::EvalValue low = rules::eval_expr(*m_plan.rs, r.low, in);
                rules::EvalValue high = rules::eval_expr(*m_plan.rs, r.high, in);
                // Only a range fixed to one value is a figure; a span such as 20%–50% stays a question.
                if (low.status == rules::EvalStatus::Ok && high.status == rules::EvalStatus::Ok &&
                    low.value == high.value)
                    m_claims.push_back(Claim{static_cast<int32_t>(entry), cell,
                                             entity_id(g, entry, first + static_cast<int64_t>(i)),
                                             low.value});
            }
        }
    }
}

} // namespace lexsim::sim

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
    m_index.resize(m_claims.size());
    std::iota(m_index.begin(), m_index.end(), size_t{0});
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
        const rules::Grant& g =
            m_plan.rs->clauses[static_cast<size_t>(cell.clause)].grants[static_cast<size_t>(cell.grant)];
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
