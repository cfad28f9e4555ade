#include "trial.hpp"

#include "int128.hpp"
#include "sampling.hpp"
#include "value_spec.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lexsim::sim {

namespace {

//! amount × millionths / 10^6, rounded down, without overflow for any money amount.
int64_t scale(int64_t amount, int64_t millionths) {
    // amount >= 0 and millionths in [0, 10^6]: 64 bits suffice below 2^63 / 10^6 (about 9 × 10^10 元).
    if (millionths == rules::micro)
        return amount;
    if (amount <= INT64_MAX / rules::micro)
        return amount * millionths / rules::micro;
    return static_cast<int64_t>(static_cast<i128>(amount) * millionths / rules::micro);
}

} // namespace

TrialWorker::TrialWorker(const Plan& plan) : m_plan(plan), m_params(plan.params), m_chunk(plan.chunk) {
    for (const GroupPlan& g : plan.groups) {
        m_scratch.push_back(g.program->scratch(g.per_row_amounts));
        m_days.emplace_back(plan.years.size());
        m_grant_width = std::max(m_grant_width, g.decider->grant_count());
        m_clause_width = std::max(m_clause_width, g.decider->clauses().size());
    }
    m_zeros.assign(m_chunk, 0);
    // A worker has its own columns for the slots drawn per entity, starting as the shared row (a chunk
    // overwrites what it draws); the other slots read the plan's shared columns.
    for (const GroupPlan& g : plan.groups) {
        size_t width = g.defaults.size();
        size_t own = 0, own_bytes = 0;
        for (size_t a = 0; a < width; ++a)
            (g.narrow[a] ? own_bytes : own) += g.per_entity[a];
        auto& cols = m_columns.emplace_back(own * m_chunk, 0);
        auto& byte_cols = m_byte_columns.emplace_back(own_bytes * m_chunk, 0);
        auto& drawn = m_drawn.emplace_back(width, nullptr);
        auto& drawn_bytes = m_drawn_bytes.emplace_back(width, nullptr);
        auto& attrs = m_attrs.emplace_back(width, nullptr);
        auto& bytes = m_bytes.emplace_back(width, nullptr);
        auto& absent = m_absent.emplace_back(width, nullptr);
        for (size_t a = 0, j = 0, jb = 0; a < width; ++a) {
            auto shared = static_cast<size_t>(g.shared_column[a]) * m_chunk;
            if (g.per_entity[a] && g.narrow[a]) {
                drawn_bytes[a] = byte_cols.data() + jb++ * m_chunk;
                std::fill_n(drawn_bytes[a], m_chunk, static_cast<uint8_t>(g.shared_row[a]));
                bytes[a] = drawn_bytes[a];
            } else if (g.per_entity[a]) {
                drawn[a] = cols.data() + j++ * m_chunk;
                std::fill_n(drawn[a], m_chunk, g.shared_row[a]);
                attrs[a] = drawn[a];
            } else if (g.narrow[a]) {
                bytes[a] = g.shared_bytes.data() + shared;
            } else {
                attrs[a] = g.shared_columns.data() + shared;
            }
            absent[a] = g.present[a] ? nullptr : m_zeros.data();
        }
        m_row.resize(std::max(m_row.size(), width));
    }
    m_u1.assign(m_chunk, 0);
    m_u2.assign(m_chunk, 0);
    m_x.assign(m_chunk, 0);
    // Per clause or grant and row, only when some group reads them (take-up draws; rows claimed one by one;
    // drawn payout fractions): otherwise each thread would zero and fault in megabytes it never reads.
    auto any = [&](auto pred) { return std::any_of(plan.groups.begin(), plan.groups.end(), pred); };
    if (any([](const GroupPlan& g) { return !g.drawn_take_up.empty(); }))
        m_taken.assign(m_chunk * m_clause_width, 1);
    size_t paid_columns = 0; // only the grants read row by row: the others' pages are never touched
    for (const GroupPlan& g : plan.groups)
        paid_columns = std::max(paid_columns, g.paid_columns);
    m_first_paid.assign(m_chunk * paid_columns, -1);
    if (any([](const GroupPlan& g) { return !g.drawn_payout.empty(); }))
        m_fraction.assign(m_chunk * m_grant_width, plan.default_fraction);
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
        for (size_t y = 0; y < m_plan.years.size(); ++y) {
            m_days[g][y] = m_plan.groups[g].program->day(m_plan.groups[g].days[y].date, m_params[y]);
            skip_clauses(g, y);
        }
    m_claims.clear();
    size_t ncells = m_plan.cells.size();
    m_direct.assign(ncells * m_plan.years.size(), 0);
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
    std::copy(m_direct.begin(), m_direct.end(), totals);
    for (const Claim& c : m_claims)
        totals[static_cast<size_t>(c.year) * ncells + static_cast<size_t>(c.cell)] += c.amount;
    return counts;
}

void TrialWorker::skip_clauses(size_t g, size_t y) {
    const GroupPlan& gp = m_plan.groups[g];
    const auto& local = gp.decider->clauses();
    rules::ColumnarDay& day = m_days[g][y];
    day.skip.assign(local.size(), 0);
    rules::EvalInput shared{gp.shared_row.data(), gp.shared_present.data(), m_params[y].values.data(),
                            m_params[y].present.data(), gp.days[y].date};
    for (size_t k = 0; k < local.size(); ++k)
        day.skip[k] =
            day.in_force[k] && (!gp.needed[k] || rules::never_applicable(*m_plan.rs, local[k], shared));
}

void TrialWorker::draw_uniforms(uint64_t trial, uint32_t first_id, uint32_t d, const Distribution& dist,
                                size_t rows) {
    // The normal family takes both its uniforms from one Philox number (draw d; d + 1 stays unused).
    if (dist.uses_second())
        m_plan.stream.uniform_pairs(trial, first_id, d, m_u1.data(), m_u2.data(), rows);
    else if (dist.random())
        m_plan.stream.uniforms(trial, first_id, d, m_u1.data(), rows);
}

void TrialWorker::draw_attribute(uint64_t trial, size_t g, uint32_t first_id, size_t rows,
                                 const AttributeSpec& a, uint32_t d) {
    const Distribution& dist = a.value.dist;
    draw_uniforms(trial, first_id, d, dist, rows);
    if (uint8_t* bytes = m_drawn_bytes[g][static_cast<size_t>(a.slot)]) { // a narrow slot: not scaled
        if (sampling::discrete_to_bytes(dist, a.value.type.kind, m_u1.data(), bytes, rows))
            return;
        dist.sample(m_u1.data(), m_u2.data(), m_x.data(), rows);
        m_wide.resize(m_chunk);
        sampling::to_rules_values(a.value.type.kind, m_x.data(), m_wide.data(), rows);
        std::copy_n(m_wide.data(), rows, bytes); // 0..255 (plan_narrow)
        return;
    }
    int64_t* col = m_drawn[g][static_cast<size_t>(a.slot)];
    if (a.value.scaled_from < 0 &&
        sampling::discrete_to_rules_values(dist, a.value.type.kind, m_u1.data(), col, rows))
        return;
    dist.sample(m_u1.data(), m_u2.data(), m_x.data(), rows);
    if (a.value.scaled_from >= 0) {
        const int64_t* from = m_attrs[g][static_cast<size_t>(a.value.scaled_from)];
        for (size_t i = 0; i < rows; ++i)
            col[i] = sampling::round_half_away(static_cast<double>(from[i]) * m_x[i]);
    } else {
        sampling::to_rules_values(a.value.type.kind, m_x.data(), col, rows);
    }
}

// Attribute by attribute over the chunk, in the entity-at-a-time order of old (row table, then the
// attributes as listed): an entity's numbers are a pure function of (trial, entity, draw), so the values
// are the same; only the attributes some entity does not share are drawn.
void TrialWorker::start_chunk(uint64_t trial, size_t g, uint32_t first_id, size_t rows) {
    const GroupPlan& gp = m_plan.groups[g];
    const PopulationGroup& pg = *gp.group;
    const Stream& st = m_plan.stream;
    const std::vector<int64_t*>& cols = m_drawn[g];
    for (int32_t slot : gp.reset_slots)
        std::fill_n(cols[static_cast<size_t>(slot)], rows, gp.shared_row[static_cast<size_t>(slot)]);
    if (size_t width = pg.row_slots.size(); width > 0) {
        size_t n = pg.row_values.size() / width;
        st.uniforms(trial, first_id, draw::row, m_u1.data(), rows);
        for (size_t i = 0; i < rows; ++i) {
            auto r = std::min(n - 1, static_cast<size_t>(m_u1[i] * static_cast<double>(n)));
            for (size_t c = 0; c < width; ++c) {
                auto slot = static_cast<size_t>(pg.row_slots[c]);
                if (uint8_t* bytes = m_drawn_bytes[g][slot])
                    bytes[i] = static_cast<uint8_t>(pg.row_values[r * width + c]); // 0..255 (plan_narrow)
                else
                    cols[slot][i] = pg.row_values[r * width + c];
            }
        }
    }
    for (size_t i : gp.drawn) {
        const AttributeSpec& a = pg.attributes[i];
        draw_attribute(trial, g, first_id, rows, a, draw::attribute | static_cast<uint32_t>(a.slot * 2));
    }
    for (int32_t k : gp.drawn_take_up) {
        uint8_t* taken = m_taken.data() + static_cast<size_t>(k) * m_chunk;
        double p = m_rates[static_cast<size_t>(gp.take_up[static_cast<size_t>(k)])];
        st.uniforms(trial, first_id, draw::take_up | static_cast<uint32_t>(k), m_u1.data(), rows);
        for (size_t i = 0; i < rows; ++i)
            taken[i] = m_u1[i] < p;
    }
    for (size_t at : m_paid_set) // only what the last chunk set: back to never paid
        m_first_paid[at] = -1;
    m_paid_set.clear();
    for (int32_t flat : gp.drawn_payout) {
        const Distribution& dist =
            m_plan.rates[static_cast<size_t>(gp.payout[static_cast<size_t>(flat)])]->dist;
        auto d = draw::payout | static_cast<uint32_t>(flat * 2);
        draw_uniforms(trial, first_id, d, dist, rows);
        dist.sample(m_u1.data(), m_u2.data(), m_x.data(), rows);
        int64_t* fraction = m_fraction.data() + static_cast<size_t>(flat) * m_chunk;
        for (size_t i = 0; i < rows; ++i)
            fraction[i] =
                sampling::round_half_away(std::clamp(m_x[i], 0.0, 1.0) * static_cast<double>(rules::micro));
    }
}

void TrialWorker::evaluate(size_t g, size_t year, size_t rows) {
    rules::ColumnarInput in{m_attrs[g].data(), m_absent[g].data(), m_bytes[g].data()};
    m_plan.groups[g].program->run(in, 0, rows, m_days[g][year], m_scratch[g]);
}

void TrialWorker::run_cohort(uint64_t trial, size_t g, size_t entry, int64_t n, TrialCounts& counts) {
    const GroupPlan& gp = m_plan.groups[g];
    const PopulationGroup& pg = *gp.group;
    for (int64_t first = 0; first < n; first += static_cast<int64_t>(m_chunk)) {
        auto rows = static_cast<size_t>(std::min<int64_t>(n - first, static_cast<int64_t>(m_chunk)));
        uint32_t first_id = entity_id(g, entry, first); // the chunk's entities are first_id + i
        start_chunk(trial, g, first_id, rows);
        for (size_t y = entry; y < m_plan.years.size(); ++y) {
            if (y > entry)
                for (size_t i : gp.drawn)
                    if (const AttributeSpec& a = pg.attributes[i]; a.value.yearly)
                        draw_attribute(trial, g, first_id, rows, a,
                                       draw::yearly_attribute |
                                           static_cast<uint32_t>(a.slot << 8 | static_cast<int>(y * 2)));
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
        const rules::Clause& c = m_plan.rs->clause(local[k]);
        // A grant whose claims are summed as they come needs no row loop when the cohort has one year
        // (nothing is paid before or after, so no first-paid bookkeeping): the program's sum over the
        // applied rows is the sum of the claims (a failed amount is 0 there and no claim here).
        bool by_sum = entry + 1 == m_plan.years.size();
        bool rows_needed = false;
        for (size_t gi = 0; gi < c.grants.size(); ++gi) {
            size_t flat = decider.grant_begin(k) + gi;
            if (gp.grant_cell[flat] < 0)
                continue;
            if (by_sum && gp.summed[flat])
                add_sum(static_cast<int32_t>(y), gp.grant_cell[flat], s.grant_sum(flat));
            else
                rows_needed = true;
        }
        if (!rows_needed)
            continue;
        const uint16_t* applied = s.applied_rows(k);
        const uint8_t* taken = gp.take_up[k] < 0 ? nullptr : m_taken.data() + k * m_chunk;
        for (uint32_t j = 0; j < s.applied_count(k); ++j) {
            size_t i = applied[j];
            if (taken && !taken[i])
                continue;
            auto id = entity_id(g, entry, first + static_cast<int64_t>(i));
            for (size_t gi = 0; gi < c.grants.size(); ++gi) {
                size_t flat = decider.grant_begin(k) + gi;
                if (gp.grant_cell[flat] < 0 || (by_sum && gp.summed[flat]) ||
                    s.grant_status(flat)[i] != rules::EvalStatus::Ok)
                    continue;
                const rules::Grant& gr = c.grants[gi];
                size_t at = static_cast<size_t>(gp.paid_column[flat]) * m_chunk + i;
                int32_t& paid = m_first_paid[at];
                bool one_off = gr.once || !gr.per_year;
                if (one_off && paid >= 0)
                    continue; // paid once, in the first year it applied
                if (paid < 0) {
                    paid = static_cast<int32_t>(y);
                    m_paid_set.push_back(at);
                }
                if (gr.years > 0 && static_cast<int32_t>(y) >= paid + gr.years)
                    continue; // `for N years` counted from the first year paid
                int64_t amount = s.grant_amount(flat)[i];
                if (gr.amount_kind == rules::AmountKind::UpTo)
                    amount = scale(amount, gp.payout[flat] < 0 ? m_plan.default_fraction
                                                               : m_fraction[flat * m_chunk + i]);
                add_claim(static_cast<int32_t>(y), gp.grant_cell[flat], id, amount);
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
            for (size_t a = 0; a < gp.defaults.size(); ++a)
                m_row[a] = m_bytes[g][a] ? m_bytes[g][a][i] : m_attrs[g][a][i];
            rules::EvalInput in{m_row.data(), gp.present.data(), params.values.data(), params.present.data(),
                                gp.days[entry].date};
            for (int32_t cell : gp.receipt_cells[k]) {
                const Cell& c = m_plan.cells[static_cast<size_t>(cell)];
                const rules::RangeOutcome& r =
                    m_plan.rs->clause(c.clause).ranges[static_cast<size_t>(c.range)];
                rules::EvalValue low = rules::eval_expr(*m_plan.rs, r.low, in);
                rules::EvalValue high = rules::eval_expr(*m_plan.rs, r.high, in);
                // Only a range fixed to one value is a figure; a span such as 20%–50% stays a question.
                if (low.status == rules::EvalStatus::Ok && high.status == rules::EvalStatus::Ok &&
                    low.value == high.value)
                    add_claim(static_cast<int32_t>(entry), cell,
                              entity_id(g, entry, first + static_cast<int64_t>(i)), low.value);
            }
        }
    }
}

} // namespace lexsim::sim
