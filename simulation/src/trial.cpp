#include "trial.hpp"

#include "int128.hpp"
#include "lexsim/rules/calendar.hpp"
#include "sampling.hpp"
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
int32_t rate_for(const std::vector<const ClauseRate*>& rates, size_t begin, size_t end,
                 rules::ClauseId clause, int32_t benefit_or_any, const rules::Clause& c) {
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
    // amount >= 0 and millionths in [0, 10^6]: 64 bits suffice below 2^63 / 10^6 (about 9 × 10^10 元).
    if (millionths == rules::micro)
        return amount;
    if (amount <= INT64_MAX / rules::micro)
        return amount * millionths / rules::micro;
    return static_cast<int64_t>(static_cast<i128>(amount) * millionths / rules::micro);
}

//! Cells for the money ranges of the simulated clauses (receipts such as 土地收益调节金).
void add_receipt_cells(const rules::RuleSet& rs, Plan& p, GroupPlan& gp) {
    const auto& local = gp.decider->clauses();
    gp.receipt_cells.resize(local.size());
    for (size_t k = 0; k < local.size(); ++k) {
        const rules::Clause& c = rs.clause(local[k]);
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

//! Attribute-only sampling: which attributes, take-up rates and payout fractions an entity draws, what
//! every entity shares, and which clauses the run reads.
void plan_sampling(const rules::RuleSet& rs, GroupPlan& gp) {
    const PopulationGroup& g = *gp.group;
    const size_t width = gp.defaults.size();
    std::vector<uint8_t> per_entity(width, 0), scaled_source(width, 0), written(width, 0);
    for (int32_t slot : g.row_slots)
        per_entity[static_cast<size_t>(slot)] = 1;
    for (const AttributeSpec& a : g.attributes) {
        ++written[static_cast<size_t>(a.slot)];
        if (a.value.scaled_from >= 0)
            scaled_source[static_cast<size_t>(a.value.scaled_from)] = 1;
    }
    gp.shared_row = gp.defaults;
    for (size_t i = 0; i < g.attributes.size(); ++i) {
        const AttributeSpec& a = g.attributes[i];
        auto slot = static_cast<size_t>(a.slot);
        // A fixed value is the same for every entity, unless something per entity comes between.
        bool shared = !a.value.dist.random() && a.value.scaled_from < 0 && !per_entity[slot] &&
                      !scaled_source[slot] && written[slot] == 1;
        if (shared) {
            gp.shared_row[slot] = to_rules_value(a.value.type.kind, a.value.dist.a);
            continue;
        }
        gp.drawn.push_back(i);
        per_entity[slot] = 1;
    }
    gp.per_entity = per_entity;
    gp.shared_present.assign(width, 0);
    for (size_t a = 0; a < width; ++a) {
        gp.shared_present[a] = gp.present[a] && !per_entity[a];
        if (per_entity[a] && scaled_source[a])
            gp.reset_slots.push_back(static_cast<int32_t>(a));
    }
    const auto& local = gp.decider->clauses();
    for (size_t k = 0; k < local.size(); ++k)
        if (gp.take_up[k] >= 0)
            gp.drawn_take_up.push_back(static_cast<int32_t>(k));
    for (size_t k = 0; k < local.size(); ++k) {
        const rules::Clause& c = rs.clause(local[k]);
        for (size_t gi = 0; gi < c.grants.size(); ++gi) {
            auto flat = static_cast<int32_t>(gp.decider->grant_begin(k) + gi);
            if (gp.grant_cell[static_cast<size_t>(flat)] < 0)
                continue;
            if (gp.payout[static_cast<size_t>(flat)] >= 0 &&
                c.grants[gi].amount_kind == rules::AmountKind::UpTo)
                gp.drawn_payout.push_back(flat);
        }
    }
    // Every simulated clause is read: its grants, receipts, and whether it is undetermined.
    gp.needed = gp.program->needed_for(gp.simulated);
}

//! The grants whose claims in a chunk are the program's grant sum: summed as they come, the amount
//! owed unscaled, and no take-up draw between.
void plan_sums(const rules::RuleSet& rs, const Plan& p, GroupPlan& gp) {
    const auto& local = gp.decider->clauses();
    gp.summed.assign(gp.decider->grant_count(), 0);
    for (size_t k = 0; k < local.size(); ++k) {
        const rules::Clause& c = rs.clause(local[k]);
        for (size_t gi = 0; gi < c.grants.size(); ++gi) {
            size_t flat = gp.decider->grant_begin(k) + gi;
            int32_t cell = gp.grant_cell[flat];
            bool scaled = c.grants[gi].amount_kind == rules::AmountKind::UpTo &&
                          (gp.payout[flat] >= 0 || p.default_fraction != rules::micro);
            gp.summed[flat] =
                cell >= 0 && p.direct[static_cast<size_t>(cell)] && !scaled && gp.take_up[k] < 0;
            gp.per_row_amounts = gp.per_row_amounts || (cell >= 0 && !gp.summed[flat]);
        }
    }
    // With more than one year, chunks of the earlier cohorts run through later years row by row.
    gp.per_row_amounts = gp.per_row_amounts || p.years.size() > 1;
    // The grants collect_claims reaches row by row keep a first-paid column (a summed grant's rows are read
    // only in cohorts with later years).
    gp.paid_column.assign(gp.decider->grant_count(), -1);
    for (size_t flat = 0; flat < gp.paid_column.size(); ++flat)
        if (gp.grant_cell[flat] >= 0 && (!gp.summed[flat] || p.years.size() > 1))
            gp.paid_column[flat] = static_cast<int32_t>(gp.paid_columns++);
}

//! Which slots the program reads as byte columns (GroupPlan::narrow): a type of at most 256 values, and
//! every value a draw, a row or the shared row can give in 0..255.
void plan_narrow(const rules::RuleSet& rs, GroupPlan& gp) {
    const PopulationGroup& g = *gp.group;
    const auto& attrs = rs.entities[static_cast<size_t>(g.entity)].attrs;
    auto fits = [](int64_t v) { return v >= 0 && v <= 255; };
    gp.narrow.assign(gp.defaults.size(), 0);
    for (size_t a = 0; a < gp.narrow.size(); ++a) {
        const rules::Type& t = attrs[a].type;
        bool small = t.kind == rules::TypeKind::Bool ||
                     (t.kind == rules::TypeKind::Enum &&
                      rs.enums[static_cast<size_t>(t.enum_id)].members.size() <= 256);
        gp.narrow[a] = small && gp.present[a] && fits(gp.shared_row[a]);
    }
    for (const AttributeSpec& a : g.attributes) {
        if (a.value.scaled_from >= 0)
            gp.narrow[static_cast<size_t>(a.value.scaled_from)] = 0; // read as int64 by the scaling
        if (a.value.scaled_from >= 0 || !sampling::byte_valued(a.value.dist, a.value.type.kind))
            gp.narrow[static_cast<size_t>(a.slot)] = 0;
    }
    for (size_t i = 0; i < g.row_values.size(); ++i)
        if (!fits(g.row_values[i]))
            gp.narrow[static_cast<size_t>(g.row_slots[i % g.row_slots.size()])] = 0;
}

//! The chunk-long columns of the distinct values in `values`, one after the other.
template <class T>
std::vector<T> fill_columns(const std::vector<T>& values, size_t chunk) {
    std::vector<T> cols(values.size() * chunk);
    for (size_t v = 0; v < values.size(); ++v)
        std::fill_n(cols.data() + v * chunk, chunk, values[v]);
    return cols;
}

//! The columns of the slots every entity shares, one per distinct value (most are the same default), as
//! bytes for the narrow slots.
void plan_shared_columns(GroupPlan& gp, size_t chunk) {
    std::vector<int64_t> values;
    std::vector<uint8_t> bytes;
    gp.shared_column.assign(gp.shared_row.size(), -1);
    auto index = [](auto& list, auto v) {
        auto at = static_cast<int32_t>(std::find(list.begin(), list.end(), v) - list.begin());
        if (static_cast<size_t>(at) == list.size())
            list.push_back(v);
        return at;
    };
    for (size_t a = 0; a < gp.shared_row.size(); ++a)
        if (!gp.per_entity[a])
            gp.shared_column[a] = gp.narrow[a] ? index(bytes, static_cast<uint8_t>(gp.shared_row[a]))
                                               : index(values, gp.shared_row[a]);
    gp.shared_columns = fill_columns(values, chunk);
    gp.shared_bytes = fill_columns(bytes, chunk);
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
            const rules::Clause& c = rs.clause(local[k]);
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
        plan_sampling(rs, gp);
        plan_narrow(rs, gp);
        p.groups.push_back(std::move(gp));
    }
    // Claims that nothing rations are summed as they come; the rest wait for ration and the budgets.
    for (const Cell& c : p.cells) {
        bool rationed = false;
        if (c.range < 0) {
            const rules::Grant& g = rs.clause(c.clause).grants[static_cast<size_t>(c.grant)];
            rationed = g.quota > 0 || g.pool >= 0 || !s.budgets.empty();
        }
        p.direct.push_back(!rationed);
    }
    p.default_fraction =
        std::llround(std::clamp(s.default_payout, 0.0, 1.0) * static_cast<double>(rules::micro));
    for (GroupPlan& gp : p.groups)
        plan_sums(rs, p, gp);
    p.chunk = SIZE_MAX;
    for (const GroupPlan& gp : p.groups)
        p.chunk = std::min(p.chunk, gp.program->chunk_rows());
    if (p.groups.empty())
        p.chunk = 0;
    for (GroupPlan& gp : p.groups)
        plan_shared_columns(gp, p.chunk);
    return p;
}

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
