#include "lexsim/simulation/population.hpp"

#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/columnar.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <stdexcept>
#include <string>

namespace lexsim::sim {

Population::Population(const rules::RuleSet& rs, int32_t entity, size_t rows)
    : m_entity(entity), m_rows(rows) {
    rules::EntityRow defaults = rules::make_row(rs, entity);
    const auto& attrs = rs.entities[static_cast<size_t>(entity)].attrs;
    size_t n = defaults.values.size();
    m_narrow.assign(n, 0);
    m_columns.resize(n);
    m_bytes.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const rules::Type& t = attrs[i].type;
        bool narrow = t.kind == rules::TypeKind::Bool ||
                      (t.kind == rules::TypeKind::Enum &&
                       rs.enums[static_cast<size_t>(t.enum_id)].members.size() <= 256);
        int64_t d = defaults.values[i];
        m_narrow[i] = narrow && d >= 0 && d <= 255;
        if (m_narrow[i])
            m_bytes[i].assign(rows, static_cast<uint8_t>(d));
        else
            m_columns[i].assign(rows, d);
    }
}

void Population::set(int32_t slot, size_t row, int64_t value) {
    auto a = static_cast<size_t>(slot);
    if (!m_narrow[a]) {
        m_columns[a][row] = value;
        return;
    }
    if (value < 0 || value > 255)
        throw std::out_of_range("Population::set: " + std::to_string(value) + " in a byte column");
    m_bytes[a][row] = static_cast<uint8_t>(value);
}

void Population::fill(int32_t slot, int64_t value) {
    auto a = static_cast<size_t>(slot);
    if (!m_narrow[a]) {
        std::fill(m_columns[a].begin(), m_columns[a].end(), value);
        return;
    }
    if (value < 0 || value > 255)
        throw std::out_of_range("Population::fill: " + std::to_string(value) + " in a byte column");
    std::fill(m_bytes[a].begin(), m_bytes[a].end(), static_cast<uint8_t>(value));
}

std::vector<int64_t> Population::wide(int32_t slot) const {
    auto a = static_cast<size_t>(slot);
    if (!m_narrow[a])
        return m_columns[a];
    return {m_bytes[a].begin(), m_bytes[a].end()};
}

namespace {

//! One thread's running sums and its columnar scratch space (sized once, reused for every chunk).
struct Partial {
    rules::ColumnarScratch scratch;
    std::vector<int64_t> recipients;
    std::vector<int64_t> amounts;
    std::vector<int64_t> grant_amounts; //!< per grant (flat, as the Decider numbers them)
    std::vector<uint8_t> undetermined_row;
    int64_t undetermined = 0;
};

//! Adds one evaluated chunk of `rows` rows to the thread's sums.
void add_chunk(const rules::ColumnarProgram& prog, size_t rows, Partial& p) {
    bool any_undetermined = false;
    for (size_t k = 0; k < prog.clauses().size(); ++k) {
        p.recipients[k] += p.scratch.applied_count(k);
        p.amounts[k] += p.scratch.amount_sum(k);
        for (uint32_t g = prog.grant_begin(k); g < prog.grant_begin(k + 1); ++g)
            p.grant_amounts[g] += p.scratch.grant_sum(g);
        any_undetermined = any_undetermined || p.scratch.undetermined_count(k) > 0;
    }
    if (!any_undetermined)
        return;
    std::fill(p.undetermined_row.begin(), p.undetermined_row.begin() + static_cast<std::ptrdiff_t>(rows), 0);
    for (size_t k = 0; k < prog.clauses().size(); ++k) {
        if (p.scratch.undetermined_count(k) == 0)
            continue;
        const rules::ClauseStatus* st = p.scratch.status(k);
        for (size_t i = 0; i < rows; ++i)
            p.undetermined_row[i] |= st[i] == rules::ClauseStatus::Undetermined;
    }
    for (size_t i = 0; i < rows; ++i)
        p.undetermined += p.undetermined_row[i];
}

} // namespace

Outlays evaluate_population(const rules::RuleSet& rs, const Population& pop, int32_t date,
                            const rules::ParamRow& params, int threads) {
    // The columnar program gives the Decider's results chunk by chunk (tests/rules/columnar_test.cpp).
    rules::ColumnarProgram prog(rs, pop.entity());
    rules::ColumnarDay day = prog.day(date, params);
    size_t n = prog.clauses().size();
    std::vector<const int64_t*> columns(pop.attributes(), nullptr);
    std::vector<const uint8_t*> bytes(pop.attributes(), nullptr);
    for (size_t a = 0; a < columns.size(); ++a) {
        auto slot = static_cast<int32_t>(a);
        if (pop.narrow(slot))
            bytes[a] = pop.bytes(slot).data(); // booleans and enum codes: one byte per row
        else
            columns[a] = pop.column(slot).data();
    }
    rules::ColumnarInput input{columns.data(), nullptr, bytes.data()};
    const size_t chunk = prog.chunk_rows();
    tbb::enumerable_thread_specific<Partial> partials([&] {
        Partial p;
        p.scratch = prog.scratch(false); // totals only: no per-row amounts
        p.recipients.assign(n, 0);
        p.amounts.assign(n, 0);
        p.grant_amounts.assign(prog.grant_count(), 0);
        p.undetermined_row.assign(chunk, 0);
        return p;
    });
    // TBB's own synchronisation is invisible to ThreadSanitizer (libtbb is not instrumented), so each chunk
    // also publishes its writes with a release increment that the caller acquires after the loop.
    std::atomic<size_t> chunks_done{0};
    auto body = [&](const tbb::blocked_range<size_t>& range) {
        Partial& p = partials.local();
        for (size_t b = range.begin(); b < range.end(); b += chunk) {
            size_t e = std::min(range.end(), b + chunk);
            prog.run(input, b, e, day, p.scratch);
            add_chunk(prog, e - b, p);
        }
        chunks_done.fetch_add(1, std::memory_order_release);
    };
    auto run = [&] { tbb::parallel_for(tbb::blocked_range<size_t>(0, pop.rows(), chunk), body); };
    if (threads > 0) {
        tbb::task_arena arena(threads);
        arena.execute(run);
    } else {
        run();
    }
    (void)chunks_done.load(std::memory_order_acquire);
    // Integer sums: the same result whichever thread summed which rows.
    Outlays out;
    out.clauses.resize(n);
    for (size_t k = 0; k < n; ++k)
        out.clauses[k].clause = prog.clauses()[k];
    for (const Partial& p : partials) {
        for (size_t k = 0; k < n; ++k) {
            out.clauses[k].recipients += p.recipients[k];
            out.clauses[k].amount += p.amounts[k];
        }
        out.undetermined += p.undetermined;
    }
    std::vector<int64_t> per_benefit(rs.benefits.size(), 0);
    for (const Partial& p : partials) {
        for (size_t k = 0; k < n; ++k) {
            const rules::Clause& c = rs.clause(out.clauses[k].clause);
            for (size_t g = 0; g < c.grants.size(); ++g)
                per_benefit[static_cast<size_t>(c.grants[g].benefit)] +=
                    p.grant_amounts[prog.grant_begin(k) + g];
        }
    }
    for (const auto& c : out.clauses)
        out.total += c.amount;
    for (size_t b = 0; b < per_benefit.size(); ++b)
        if (per_benefit[b] != 0)
            out.benefits.emplace_back(static_cast<int32_t>(b), per_benefit[b]);
    return out;
}

} // namespace lexsim::sim
