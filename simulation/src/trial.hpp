#pragma once
// One Monte Carlo trial: the plan the engine builds once per run, and the per-thread worker that runs
// trials against it. Private to simulation/src.
#include "lexsim/rules/columnar.hpp"
#include "lexsim/rules/decide.hpp"
#include "lexsim/simulation/engine.hpp"
#include "lexsim/simulation/random.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace lexsim::sim {

//! Draw numbers: the high byte says what a draw is for, so purposes never share a counter.
namespace draw {
inline constexpr uint32_t attribute = 1u << 24;        //!< | slot * 2 (+1)
inline constexpr uint32_t yearly_attribute = 2u << 24; //!< | (slot << 8) | year * 2 (+1)
inline constexpr uint32_t take_up = 3u << 24;          //!< | local clause
inline constexpr uint32_t payout = 4u << 24;           //!< | grant cell
inline constexpr uint32_t order = 5u << 24;            //!< | grant cell: first-come order for quota and pool
inline constexpr uint32_t budget_order = 6u << 24;     //!< | budget
inline constexpr uint32_t count = 7u << 24;            //!< entity 0: | group << 8 | year
inline constexpr uint32_t param = 8u << 24;            //!< entity 0: | param spec * 2 (+1)
inline constexpr uint32_t rate = 9u << 24;             //!< entity 0: | rate index (take-up, then payout)
inline constexpr uint32_t row = 10u << 24;             //!< which CSV row an entity is
} // namespace draw

//! Entity ids: (group + 1) << 24 | entry year offset << 20 | k. 0 is the trial.
inline uint32_t entity_id(size_t group, size_t year_offset, int64_t k) {
    return static_cast<uint32_t>(((group + 1) << 24) | (year_offset << 20) | static_cast<uint64_t>(k));
}
inline constexpr int64_t max_entrants = (1 << 20) - 1; //!< per group and year
inline constexpr size_t max_groups = 254;
inline constexpr size_t max_years = 16;

//! What the engine knows about one population group, built once per run.
struct GroupPlan {
    const PopulationGroup* group = nullptr;
    std::unique_ptr<rules::Decider> decider;         //!< the clause and grant numbering, and the dates
    std::unique_ptr<rules::ColumnarProgram> program; //!< what evaluates the entities, a chunk at a time
    std::vector<rules::Decider::Day> days;           //!< per year of the horizon
    std::vector<int64_t> defaults;                   //!< the entity's default row
    std::vector<uint8_t> present;                    //!< attributes with a default or a scenario value
    std::vector<uint8_t> simulated;                  //!< per local clause: its document is simulated
    std::vector<int32_t> take_up;    //!< per local clause: index into Plan::rates, -1 = always
    std::vector<int32_t> grant_cell; //!< per flat grant: cell within a year, -1 = not paid
    std::vector<int32_t> payout;     //!< per flat grant: index into Plan::rates, -1 = default
    std::vector<std::vector<int32_t>> receipt_cells; //!< per local clause: cells of its money ranges
    // What a chunk of entities needs drawn (attribute-only sampling): everything else is shared.
    std::vector<int64_t> shared_row;     //!< defaults, with the attributes fixed for every entity
    std::vector<uint8_t> shared_present; //!< per slot: present and the same for every entity
    std::vector<uint8_t> per_entity;     //!< per slot: drawn or read from the row table per entity
    //! Chunk-long columns, one per distinct value of the slots every entity shares, read by every worker
    //! (each worker writes only the per-entity columns), and per slot the index of its column (-1: per
    //! entity).
    std::vector<int64_t> shared_columns;
    std::vector<int32_t> shared_column;
    //! Per slot: given to the program as a byte column (a present boolean or enum code that every draw
    //! and row keeps in 0..255, not scaled or a scale's base); its shared column is then in shared_bytes.
    std::vector<uint8_t> narrow;
    std::vector<uint8_t> shared_bytes;
    std::vector<size_t> drawn;          //!< indexes into group->attributes drawn per entity, in order
    std::vector<int32_t> reset_slots;   //!< drawn slots a scaled attribute reads: reset per chunk
    std::vector<int32_t> drawn_take_up; //!< local clauses with a take-up rate
    std::vector<int32_t> drawn_payout;  //!< flat grants paid a drawn fraction of an `up to` ceiling
    std::vector<uint8_t> needed;        //!< per local clause: its results are read (see needed_for)
    std::vector<uint8_t> summed;  //!< per flat grant: a one-year chunk's claims are its grant sum (plan_sums)
    bool per_row_amounts = false; //!< some claim needs a row's amount (else the program keeps sums only)
    //! Per flat grant: its column among a worker's first-paid columns (-1: its claims never read one), and
    //! how many there are.
    std::vector<int32_t> paid_column;
    size_t paid_columns = 0;
};

struct Plan {
    const rules::RuleSet* rs = nullptr;
    const Scenario* scenario = nullptr;
    Stream stream;
    std::vector<int32_t> years;
    std::vector<Cell> cells; //!< one year's cells; the run repeats them per year
    std::vector<GroupPlan> groups;
    std::vector<const ClauseRate*> rates; //!< take-up rates, then payout fractions
    std::vector<rules::ParamRow> params;  //!< per year, before the scenario's values
    size_t chunk = 0;                     //!< rows per chunk (the programs' smallest)
    //! Per cell: its claims go straight into the totals (no quota, pool or budget rations them).
    std::vector<uint8_t> direct;
    int64_t default_fraction = 0; //!< the scenario's default payout, millionths
};

Plan make_plan(const rules::RuleSet& rs, const Scenario& s);

struct TrialCounts {
    int64_t entity_years = 0;
    int64_t undetermined = 0;
    int64_t quota_breaches = 0;
    int64_t pool_breaches = 0;
};

//! Per-thread state, sized once and reused for every trial.
class TrialWorker {
public:
    explicit TrialWorker(const Plan& plan);
    //! Writes the trial's totals (years × cells) and budget demands (budgets × years).
    TrialCounts run(uint64_t trial, int64_t* totals, int64_t* demand);

private:
    struct Claim {
        int32_t year = 0; //!< offset in the horizon
        int32_t cell = 0;
        uint32_t entity = 0;
        int64_t amount = 0;
    };
    void draw_params(uint64_t trial);
    //! The chunk's uniforms for a draw from dist into m_u1 (and m_u2 for the normal family).
    void draw_uniforms(uint64_t trial, uint32_t first_id, uint32_t d, const Distribution& dist, size_t rows);
    //! Draws attribute a for the chunk's rows (entities first_id + i) into its column.
    void draw_attribute(uint64_t trial, size_t g, uint32_t first_id, size_t rows, const AttributeSpec& a,
                        uint32_t draw);
    //! Draws a chunk of new entities' attributes, take-up and payout fractions (entities first_id + i).
    void start_chunk(uint64_t trial, size_t g, uint32_t first_id, size_t rows);
    //! The clauses a trial's year can skip: not read, or false on the values every entity shares.
    void skip_clauses(size_t g, size_t y);
    //! The one call into the rules' semantics: which clauses apply to the chunk's rows this year, and their
    //! grant amounts, by the columnar program (the Decider's semantics, row for row).
    void evaluate(size_t g, size_t year, size_t rows);
    //! Runs the entities entering group g in year `entry`, a chunk at a time, each year from their entry.
    void run_cohort(uint64_t trial, size_t g, size_t entry, int64_t n, TrialCounts& counts);
    //! Records the chunk's claims for year y (entity ids first_id + row).
    void collect_claims(size_t g, size_t y, size_t rows, int64_t first, size_t entry, TrialCounts& counts);
    void collect_receipts(size_t g, int64_t first, size_t entry);
    //! A claim: summed at once when nothing rations its cell, else kept for ration and the budgets.
    void add_claim(int32_t year, int32_t cell, uint32_t entity, int64_t amount) {
        if (m_plan.direct[static_cast<size_t>(cell)])
            m_direct[static_cast<size_t>(year) * m_plan.cells.size() + static_cast<size_t>(cell)] += amount;
        else
            m_claims.push_back(Claim{year, cell, entity, amount});
    }
    //! The sum of a chunk's claims in a cell nothing rations.
    void add_sum(int32_t year, int32_t cell, int64_t amount) {
        m_direct[static_cast<size_t>(year) * m_plan.cells.size() + static_cast<size_t>(cell)] += amount;
    }
    void ration(uint64_t trial, TrialCounts& counts);
    void apply_budgets(uint64_t trial, int64_t* demand);

    const Plan& m_plan;
    std::vector<rules::ParamRow> m_params;         //!< per year, with this trial's draws
    std::vector<double> m_rates;                   //!< this trial's take-up probabilities and mean fractions
    std::vector<rules::ColumnarScratch> m_scratch; //!< per group
    std::vector<std::vector<rules::ColumnarDay>> m_days; //!< per group and year, with this trial's params
    size_t m_chunk = 0;                                  //!< rows per chunk (the programs' smallest)
    size_t m_clause_width = 0, m_grant_width = 0;
    std::vector<std::vector<int64_t>> m_columns;       //!< per group: per-entity slots × chunk
    std::vector<std::vector<int64_t*>> m_drawn;        //!< per group and slot: its own column, or null
    std::vector<std::vector<const int64_t*>> m_attrs;  //!< per group and slot: its column (own or shared)
    std::vector<std::vector<const uint8_t*>> m_absent; //!< per group and slot: null (present) or m_zeros
    std::vector<std::vector<uint8_t>> m_byte_columns;  //!< per group: per-entity narrow slots × chunk
    std::vector<std::vector<uint8_t*>> m_drawn_bytes;  //!< per group and slot: its own byte column, or null
    std::vector<std::vector<const uint8_t*>> m_bytes;  //!< per group and slot: its byte column, or null
    std::vector<int64_t> m_wide; //!< chunk: a narrow slot's values before narrowing (non-discrete draws)
    std::vector<uint8_t> m_zeros;
    std::vector<double> m_u1, m_u2, m_x; //!< chunk: uniforms and draws
    std::vector<int64_t> m_row;          //!< one entity's row, gathered for receipts
    std::vector<uint8_t> m_taken;        //!< clauses × chunk (empty: no group draws take-up)
    std::vector<int32_t>
        m_first_paid;                //!< paid columns × chunk: first year offset paid, -1 = never (or empty)
    std::vector<size_t> m_paid_set;  //!< where this chunk set m_first_paid (reset at the next)
    std::vector<int64_t> m_fraction; //!< grants × chunk: paid millionths of an `up to` ceiling (or empty)
    std::vector<int64_t> m_direct;   //!< years × cells: totals of the claims no rule rations
    std::vector<uint8_t> m_undetermined; //!< chunk
    std::vector<Claim> m_claims;
    std::vector<size_t> m_index;
};

} // namespace lexsim::sim
