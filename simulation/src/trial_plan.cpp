// make_plan: what the engine knows about a run, built once (see trial.hpp).
#include "lexsim/rules/calendar.hpp"
#include "sampling.hpp"
#include "trial.hpp"
#include "value_spec.hpp"

#include <algorithm>
#include <cmath>

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
    plan_narrow(rs, gp);
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

} // namespace lexsim::sim
