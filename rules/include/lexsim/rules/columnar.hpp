#pragma once
/**
 * @brief The vectorised evaluator: the clauses about one entity kind, run over
 * chunks of rows held in columns, with the Decider's exact semantics.
 *
 * A ColumnarProgram is built once per entity kind. It walks the same expression
 * arena as rules::Decider, but one operator at a time over a whole chunk of rows
 * (int64 columns: fen, 0/1, enum member indices, millionths, days; or byte columns
 * for booleans and enum codes), the
 * way analytic databases execute expressions. A condition over attributes given
 * on every row is decided as a bitmap of the chunk (one bit per row); otherwise a
 * failed conjunct narrows a selection vector, so the rest of the clause is
 * computed only for the rows still in play. Parameters and `today` are constants
 * folded per chunk.
 * Statuses, amounts, exclusions, `exclusive with`, three-valued missing values
 * and undetermined clauses are the Decider's, row for row (the differential
 * test tests/rules/columnar_test.cpp holds them to it).
 *
 *     ColumnarProgram prog(rs, firm);               // once
 *     ColumnarDay day = prog.day(date, params);     // once per date and parameter values
 *     ColumnarScratch s = prog.scratch();           // once per thread (scratch(false): sums only)
 *     ColumnarInput in{columns.data(), nullptr};    // one pointer per attribute slot
 *     for (size_t b = 0; b < rows; b += prog.chunk_rows()) {
 *         size_t e = std::min(rows, b + prog.chunk_rows());
 *         prog.run(in, b, e, day, s);
 *         // per row b + i: s.status(k)[i], s.amount(k)[i], s.grant_amount(g)[i];
 *         // per clause: s.applied_rows(k) (s.applied_count(k) of them), s.amount_sum(k), s.grant_sum(g)
 *     }
 *
 * Results are per local clause (the Decider's numbering: clauses about the
 * entity in declaration order; grants flat in that order): per row, and summed
 * over the rows where the clause applies, which is what a simulator totals.
 * As with the Decider, per-row amounts are computed before `exclusive with` is
 * decided, so only the amounts of Applied clauses are owed (the sums count
 * only those). What the Decider reports as the missing value of an
 * undetermined clause is given here as its EvalStatus only (which slot was
 * missing is not kept).
 */
#include "lexsim/rules/evaluator.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace lexsim::rules {

//! The caller's columns. Row r of attribute slot a is bytes[a][r] when the slot has a byte column, else
//! attrs[a][r].
struct ColumnarInput {
    const int64_t* const* attrs = nullptr;
    //! Per slot: 1 = present; null (or a null entry) = every row present.
    const uint8_t* const* present = nullptr;
    /**
     * Per slot (null, or a null entry: none): the values as bytes 0..255, for booleans and enum codes. The
     * conditions read a byte column directly (one byte per row instead of eight); attrs[a] is then not
     * read and may be null.
     */
    const uint8_t* const* bytes = nullptr;
};

//! What is fixed for a run of chunks: the date, which clauses are in force, the parameter values.
struct ColumnarDay {
    int32_t date = 0;
    std::vector<uint8_t> in_force; //!< per local clause
    std::vector<int64_t> params;
    std::vector<uint8_t> param_present;
    /**
     * Per local clause (empty = none): the caller knows the clause is not applicable on any row of the
     * run, so its condition is not evaluated and every row is NotApplicable. A simulator sets it for
     * clauses whose condition is false on the values every entity shares (see never_applicable), and for
     * clauses whose results it does not read, as long as nothing it reads depends on them (they exclude
     * no clause it reads and are no `exclusive with` partner of one).
     */
    std::vector<uint8_t> skip;
};

/**
 * Whether clause `clause`'s condition is false (Ok and 0) on every row that agrees with `row` on the
 * attributes `row.present` marks: the condition evaluated with every other attribute missing. Kleene's
 * `and`/`or` and the first-failing-operand rule make that sound: a result that does not depend on a
 * missing value is the same for any value.
 */
bool never_applicable(const RuleSet& rs, ClauseId clause, const EvalInput& row);

class ColumnarProgram;
namespace detail {
struct ExprContext;

//! Zero-filled memory: fresh pages from the kernel (mapped on first touch) when large, calloc otherwise.
void* zeroed_alloc(size_t bytes);
void zeroed_free(void* p, size_t bytes);

/**
 * A zero-filled array. Large ones are fresh pages that the kernel maps on first touch (not the allocator's
 * recycled memory, which calloc would clear again), so the parts of a scratch a run never writes (per-row
 * amounts when only sums are kept, statuses past a short last chunk) cost neither a memset nor page faults.
 */
template <class T>
class ZeroedArray {
public:
    ZeroedArray() = default;
    explicit ZeroedArray(size_t n)
        : m_data(static_cast<T*>(zeroed_alloc(n * sizeof(T))), Free{n * sizeof(T)}) {}
    T* data() { return m_data.get(); }
    const T* data() const { return m_data.get(); }
    T& operator[](size_t i) { return m_data.get()[i]; }
    const T& operator[](size_t i) const { return m_data.get()[i]; }

private:
    struct Free {
        size_t bytes = 0;
        void operator()(T* p) const { zeroed_free(p, bytes); }
    };
    std::unique_ptr<T, Free> m_data;
};
} // namespace detail

//! Per-thread working memory and the results of the last run (rows of the chunk, clause-major).
class ColumnarScratch {
public:
    ColumnarScratch() = default;
    ColumnarScratch(ColumnarScratch&&) = default;
    ColumnarScratch& operator=(ColumnarScratch&&) = default;
    ColumnarScratch(const ColumnarScratch&) = delete; //!< it points into its own buffers
    ColumnarScratch& operator=(const ColumnarScratch&) = delete;

    size_t rows() const { return m_rows; }
    //! Clause k's status per row (a clause not in force, or skipped, reads one column shared by every
    //! scratch).
    const ClauseStatus* status(size_t k) const { return m_status_rows[k]; }
    //! The rows (chunk-relative, ascending) where clause k applies: status(k)[i] == Applied.
    const uint16_t* applied_rows(size_t k) const { return m_final_rows[k]; }
    uint32_t applied_count(size_t k) const { return m_final_count[k]; }
    //! How many rows have clause k undetermined (0 spares a caller the scan of status(k)).
    uint32_t undetermined_count(size_t k) const { return m_undetermined[k]; }
    //! For the rows where clause k is Undetermined: why (MissingAttr, MissingParam, ...); other rows:
    //! unspecified.
    const EvalStatus* missing(size_t k) const { return m_missing.data() + k * m_cap; }
    //! Over the rows where clause k applies: the sum of its amounts, and of grant g's.
    int64_t amount_sum(size_t k) const { return m_amount_sum[k]; }
    int64_t grant_sum(size_t g) const { return m_grant_sum[g]; }
    //! Whether amount, grant_amount and grant_status are written (see ColumnarProgram::scratch).
    bool per_row_amounts() const { return m_per_row; }
    //! Sum of the clause's computable quantified grants (before `exclusive with`), 0 unless it applied.
    const int64_t* amount(size_t k) const { return m_amount.data() + k * m_cap; }
    //! max(amount, 0) per flat grant; 0 when the clause did not apply or the amount failed.
    const int64_t* grant_amount(size_t g) const { return m_grant_amount.data() + g * m_cap; }
    //! Ok, or why the grant's amount could not be computed.
    const EvalStatus* grant_status(size_t g) const { return m_grant_status.data() + g * m_cap; }

private:
    friend class ColumnarProgram;
    size_t m_cap = 0;
    size_t m_rows = 0;
    //! Per clause: the statuses, as the condition decides them until exclusions and `exclusive with` rewrite
    //! the rows they change (in place: exclusions are decided on the candidate lists, not on these).
    detail::ZeroedArray<ClauseStatus> m_status;
    //! Per clause: its column of m_status, or (not in force, or skipped, and with no `exclusive with`
    //! partner) a read-only column of that status shared by every scratch, so no scratch fills or faults in a
    //! page for it.
    std::vector<const ClauseStatus*> m_status_rows;
    detail::ZeroedArray<ClauseStatus> m_pre; //!< clauses with partners: statuses before `exclusive with`
    detail::ZeroedArray<EvalStatus> m_missing, m_grant_status;
    detail::ZeroedArray<int64_t> m_amount, m_grant_amount;
    detail::ZeroedArray<uint16_t>
        m_candidates; //!< per clause: rows whose condition holds (before exclusions)
    std::vector<uint32_t> m_candidate_count;
    detail::ZeroedArray<uint16_t>
        m_granted; //!< per clause: rows applied after exclusions (amounts written there)
    std::vector<uint32_t> m_granted_count;
    std::vector<const uint16_t*> m_granted_rows; //!< per clause: into m_granted, or its candidates
    std::vector<uint64_t> m_excluded_bits; //!< per exclusion group: rows some excluder applies to, 1 bit each
    std::vector<uint64_t> m_cand_bits;     //!< per clause: its candidates, 1 bit per row
    std::vector<uint64_t> m_all_bits;      //!< the chunk's rows, 1 bit each
    //! Per clause: its statuses are still to be written from its bitmap (by exclude(), with its exclusions).
    std::vector<uint8_t> m_status_pending;
    detail::ZeroedArray<uint16_t> m_final; //!< per clause with `exclusive with` partners: rows still applied
    std::vector<const uint16_t*> m_final_rows;
    std::vector<uint32_t> m_final_count;
    std::vector<uint32_t> m_undetermined;
    std::vector<uint32_t>
        m_skip_filled; //!< per clause: leading rows of m_status a skipped run left NotApplicable
    std::vector<int64_t> m_amount_sum, m_grant_sum;
    bool m_per_row = true;
    detail::ZeroedArray<int64_t> m_values;   //!< expression slots × capacity
    detail::ZeroedArray<uint8_t> m_statuses; //!< expression slots × capacity
    detail::ZeroedArray<uint16_t> m_sel;     //!< 2 selection vectors per expression slot
    std::vector<uint8_t> m_mask;             //!< capacity: scratch for the exclusivity pass
};

class ColumnarProgram {
public:
    ColumnarProgram(const RuleSet& rs, int32_t entity);

    int32_t entity() const { return m_entity; }
    //! Clauses about this entity kind, in declaration order (the Decider's local numbering).
    const std::vector<ClauseId>& clauses() const { return m_clauses; }
    uint32_t grant_begin(size_t k) const { return m_grant_begin[k]; }
    size_t grant_count() const { return m_grant_begin.back(); }
    //! The most rows one run() takes.
    size_t chunk_rows() const { return m_chunk; }
    //! `read` (per local clause) with every clause whose results decide theirs: what excludes them and
    //! their `exclusive with` partners, transitively. The rest may be skipped (ColumnarDay::skip).
    std::vector<uint8_t> needed_for(std::vector<uint8_t> read) const;

    ColumnarDay day(int32_t date, const ParamRow& params) const;
    /**
     * Working memory for one thread. With `per_row_amounts` false, the per-row amount, grant_amount and
     * grant_status outputs are left unwritten (except for clauses with `exclusive with` partners, which
     * need them) and only the sums are kept: what a simulator that totals outlays needs, for less work.
     */
    ColumnarScratch scratch(bool per_row_amounts = true) const;

    //! Evaluates rows [row_begin, row_end) (at most chunk_rows() of them) into `s`.
    void run(const ColumnarInput& in, size_t row_begin, size_t row_end, const ColumnarDay& day,
             ColumnarScratch& s) const;

private:
    const RuleSet& m_rs;
    int32_t m_entity;
    size_t m_chunk = 4096;
    std::vector<ClauseId> m_clauses;
    std::vector<uint32_t> m_grant_begin;
    std::vector<std::vector<int32_t>> m_excluded_by;
    std::vector<std::vector<int32_t>> m_partners;
    //! Clauses excluded by the same clauses share a group (8号's measures: 一事一议 under either document),
    //! whose bitmap of excluded rows is built once per chunk. Per clause: its group, or -1.
    std::vector<int32_t> m_exclusion_group;
    std::vector<std::vector<int32_t>> m_group_excluders; //!< per group: the clauses that exclude its members
    int32_t m_slots = 1;
    std::vector<int32_t> m_same_condition; //!< per clause: an earlier clause with the same condition, or -1

    void decide_conditions(const detail::ExprContext& cx, uint32_t rows, const ColumnarDay& day,
                           ColumnarScratch& s) const;
    bool decide_condition(const detail::ExprContext& cx, size_t k, uint32_t rows, const ColumnarDay& day,
                          ColumnarScratch& s) const;
    void apply_exclusions_and_grants(const detail::ExprContext& cx, uint32_t rows, ColumnarScratch& s) const;
    void mark_excluded_rows(uint32_t rows, ColumnarScratch& s) const;
    uint32_t exclude(size_t k, ColumnarScratch& s) const;
    void grant(const detail::ExprContext& cx, size_t k, uint32_t rows, ColumnarScratch& s) const;
    void decide_exclusivity(uint32_t rows, ColumnarScratch& s) const;
};

} // namespace lexsim::rules
