// The columnar program: the Decider's five steps (validity, conditions, exclusions, grant amounts,
// `exclusive with`), each done for a whole chunk of rows before the next.
#include "lexsim/rules/columnar.hpp"

#include "columnar_expr.hpp"
#include "lexsim/rules/exclusion.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <new>
#include <sys/mman.h>
#include <unordered_map>

namespace lexsim::rules {

namespace {

//! Sums of amounts (never negative) stop at INT64_MAX instead of wrapping: a total that large is already
//! reported as an overflow by the per-row amounts.
void add_saturated(int64_t& total, int64_t amount) {
    if (__builtin_add_overflow(total, amount, &total))
        total = INT64_MAX;
}

//! Sums of terms in [0, 2^63), saturated at INT64_MAX as add_saturated would: the high and low 32-bit
//! halves are summed apart (no carry chain, no overflow for fewer than 2^31 terms) and joined at the end.
struct SplitSum {
    uint64_t hi = 0, lo = 0;
    void add(int64_t a) {
        hi += static_cast<uint64_t>(a) >> 32;
        lo += static_cast<uint64_t>(a) & 0xffffffffu;
    }
    int64_t total() const {
        int64_t t = 0;
        if (hi >= (uint64_t{1} << 31) ||
            __builtin_add_overflow(static_cast<int64_t>(hi << 32), static_cast<int64_t>(lo), &t))
            return INT64_MAX;
        return t;
    }
};

//! Grant amounts at the rows granted (granted[i], or i when dense), added into the clause's per-row
//! amounts; returns their sum, saturated as add_saturated would. `first`: no earlier grant of the clause
//! wrote amounts this chunk, so amount[r] is 0 there and the addition cannot overflow.
template <bool dense>
int64_t write_row_amounts(const detail::Operand& v, const uint16_t* granted, uint32_t n, bool first,
                          int64_t* __restrict amount, int64_t* __restrict out, EvalStatus* __restrict gst) {
    SplitSum sum;
    if (first && v.all_ok()) { // statuses stay Ok (as reset), no overflow
        for (uint32_t i = 0; i < n; ++i) {
            uint32_t r = dense ? i : granted[i];
            int64_t a = std::max<int64_t>(v.value(r), 0);
            out[r] = a;
            amount[r] = a;
            sum.add(a);
        }
        return sum.total();
    }
    for (uint32_t i = 0; i < n; ++i) {
        uint32_t r = dense ? i : granted[i];
        uint8_t e = v.status(r);
        int64_t a = e ? 0 : std::max<int64_t>(v.value(r), 0);
        gst[r] = static_cast<EvalStatus>(e);
        out[r] = a;
        // As the Decider: a clause total that does not fit is INT64_MAX (only compared for
        // `exclusive with`) and the grant that overflowed it is an overflow.
        if (__builtin_add_overflow(amount[r], a, &amount[r])) {
            amount[r] = INT64_MAX;
            gst[r] = EvalStatus::Overflow;
        }
        sum.add(a);
    }
    return sum.total();
}

} // namespace

namespace {

//! Structural equality of two expressions (what they compute, not where they are written).
bool same_expr(const RuleSet& rs, ExprId a, ExprId b) {
    if (a == b)
        return true;
    if (a == no_expr || b == no_expr)
        return false;
    const Expr& x = rs.expr(a);
    const Expr& y = rs.expr(b);
    if (x.op != y.op || !(x.type == y.type) || x.value != y.value || x.list_count != y.list_count)
        return false;
    bool lists_of_exprs = x.op == ExprOp::Min || x.op == ExprOp::Max;
    for (uint32_t i = 0; i < x.list_count; ++i) {
        int64_t u = rs.lists[x.list_begin + i], v = rs.lists[y.list_begin + i];
        if (lists_of_exprs ? !same_expr(rs, static_cast<ExprId>(u), static_cast<ExprId>(v)) : u != v)
            return false;
    }
    return same_expr(rs, x.a, y.a) && same_expr(rs, x.b, y.b) && same_expr(rs, x.c, y.c);
}

uint64_t expr_hash(const RuleSet& rs, ExprId id) {
    if (id == no_expr)
        return 0x9e3779b97f4a7c15ULL;
    const Expr& e = rs.expr(id);
    uint64_t h = static_cast<uint64_t>(e.op) * 31 + static_cast<uint64_t>(e.type.kind);
    auto mix = [&h](uint64_t v) { h = (h ^ v) * 0x100000001b3ULL + (h >> 29); };
    mix(static_cast<uint64_t>(e.value));
    for (uint32_t i = 0; i < e.list_count; ++i) {
        auto v = rs.lists[e.list_begin + i];
        mix(e.op == ExprOp::Min || e.op == ExprOp::Max ? expr_hash(rs, static_cast<ExprId>(v))
                                                       : static_cast<uint64_t>(v));
    }
    mix(expr_hash(rs, e.a));
    mix(expr_hash(rs, e.b));
    mix(expr_hash(rs, e.c));
    return h;
}

bool quantified(const Grant& g) {
    return (g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact) && g.amount != no_expr;
}

} // namespace

ColumnarProgram::ColumnarProgram(const RuleSet& rs, int32_t entity) : m_rs(rs), m_entity(entity) {
    // The same index as the Decider's: local clause numbering, flat grants, who excludes whom, partners.
    m_grant_begin.push_back(0);
    for (ClauseId id : rs.clause_ids()) {
        const Clause& c = rs.clause(id);
        if (c.entity != entity)
            continue;
        m_clauses.push_back(id);
        m_grant_begin.push_back(m_grant_begin.back() + static_cast<uint32_t>(c.grants.size()));
        m_slots = std::max(m_slots, detail::slots_needed(rs, c.condition));
        for (const Grant& g : c.grants)
            if (quantified(g))
                m_slots = std::max(m_slots, detail::slots_needed(rs, g.amount));
    }
    size_t n = m_clauses.size();
    // Clauses with the same condition (8号's three 人才 services for 重点企业, ...) decide it once per chunk.
    m_same_condition.assign(n, -1);
    std::unordered_map<uint64_t, std::vector<int32_t>> by_hash; // clauses deciding their own condition
    for (size_t k = 0; k < n; ++k) {
        ExprId cond = rs.clause(m_clauses[k]).condition;
        if (cond == no_expr)
            continue;
        auto& bucket = by_hash[expr_hash(rs, cond)];
        for (int32_t j : bucket)
            if (same_expr(rs, cond, rs.clause(m_clauses[static_cast<size_t>(j)]).condition)) {
                m_same_condition[k] = j;
                break;
            }
        if (m_same_condition[k] < 0)
            bucket.push_back(static_cast<int32_t>(k));
    }
    ExclusionIndex::Local index = ExclusionIndex(rs).restrict(m_clauses);
    m_excluded_by = std::move(index.excluded_by);
    m_partners = std::move(index.partners);
    m_exclusion_group.assign(n, -1);
    for (size_t k = 0; k < n; ++k) {
        if (m_excluded_by[k].empty())
            continue;
        std::vector<int32_t> excluders = m_excluded_by[k];
        std::sort(excluders.begin(), excluders.end());
        auto found = std::find(m_group_excluders.begin(), m_group_excluders.end(), excluders);
        m_exclusion_group[k] = static_cast<int32_t>(found - m_group_excluders.begin());
        if (found == m_group_excluders.end())
            m_group_excluders.push_back(std::move(excluders));
    }
}

namespace {

//! A read-only column of one status, as long as a chunk: what a clause not in force or skipped reads as its
//! statuses in every scratch (constant data: its page is mapped once per process, not filled per thread).
constexpr size_t uniform_rows = 4096; // at least a chunk (ColumnarProgram::m_chunk)

template <ClauseStatus S>
constexpr std::array<ClauseStatus, uniform_rows> uniform_column = [] {
    std::array<ClauseStatus, uniform_rows> rows{};
    rows.fill(S);
    return rows;
}();

const ClauseStatus* uniform_status(ClauseStatus s) {
    return s == ClauseStatus::NotInForce ? uniform_column<ClauseStatus::NotInForce>.data()
                                         : uniform_column<ClauseStatus::NotApplicable>.data();
}

} // namespace

namespace detail {

namespace {
constexpr size_t fresh_pages_from = size_t{128} << 10; // bytes
} // namespace

void* zeroed_alloc(size_t bytes) {
    void* p = nullptr;
    if (bytes >= fresh_pages_from) {
        p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p = p == MAP_FAILED ? nullptr : p; // NOLINT(performance-no-int-to-ptr): MAP_FAILED is (void*)-1
    } else {
        p = std::calloc(bytes == 0 ? 1 : bytes, 1);
    }
    if (p == nullptr)
        throw std::bad_alloc();
    return p;
}

void zeroed_free(void* p, size_t bytes) {
    if (p == nullptr)
        return;
    if (bytes >= fresh_pages_from)
        munmap(p, bytes);
    else
        std::free(p); // NOLINT(cppcoreguidelines-no-malloc): paired with calloc above
}

} // namespace detail

ColumnarDay ColumnarProgram::day(int32_t date, const ParamRow& params) const {
    ColumnarDay d;
    d.date = date;
    d.in_force.assign(m_clauses.size(), 0);
    std::vector<int8_t> doc(m_rs.documents.size(), -1);
    for (size_t k = 0; k < m_clauses.size(); ++k) {
        const Clause& c = m_rs.clause(m_clauses[k]);
        size_t di = c.document.index();
        if (doc[di] < 0)
            doc[di] = document_in_force(m_rs, c.document, date) ? 1 : 0;
        d.in_force[k] = doc[di] == 1 && (!c.from || date >= *c.from) && (!c.until || date <= *c.until);
    }
    d.params = params.values;
    d.param_present = params.present;
    return d;
}

std::vector<uint8_t> ColumnarProgram::needed_for(std::vector<uint8_t> read) const {
    read.resize(m_clauses.size(), 0);
    std::vector<int32_t> todo;
    for (size_t k = 0; k < read.size(); ++k)
        if (read[k])
            todo.push_back(static_cast<int32_t>(k));
    while (!todo.empty()) {
        auto k = static_cast<size_t>(todo.back());
        todo.pop_back();
        for (const auto* list : {&m_excluded_by[k], &m_partners[k]})
            for (int32_t j : *list)
                if (!read[static_cast<size_t>(j)]) {
                    read[static_cast<size_t>(j)] = 1;
                    todo.push_back(j);
                }
    }
    return read;
}

bool never_applicable(const RuleSet& rs, ClauseId clause, const EvalInput& row) {
    ExprId cond = rs.clause(clause).condition;
    if (cond == no_expr)
        return false;
    EvalValue v = eval_expr(rs, cond, row);
    return v.status == EvalStatus::Ok && v.value == 0;
}

ColumnarScratch ColumnarProgram::scratch(bool per_row_amounts) const {
    ColumnarScratch s;
    s.m_per_row = per_row_amounts;
    size_t cap = m_chunk, n = m_clauses.size(), g = grant_count();
    s.m_cap = cap;
    assert(cap % 64 == 0 && cap <= 4096); // bitmaps of a chunk: at most 64 words (exclude())
    assert(cap <= uniform_rows);
    // Statuses and row lists are written before they are read; per-row amounts read 0 and grant statuses
    // Ok until written (EvalStatus::Ok is 0), and kernels may read (and ignore) rows outside their
    // selection, so all of it starts zeroed (ZeroedArray: fresh pages, and untouched ones cost nothing).
    s.m_status = detail::ZeroedArray<ClauseStatus>(n * cap);
    s.m_status_rows.resize(n);
    for (size_t k = 0; k < n; ++k)
        s.m_status_rows[k] = s.m_status.data() + k * cap;
    s.m_pre = detail::ZeroedArray<ClauseStatus>(n * cap);
    s.m_missing = detail::ZeroedArray<EvalStatus>(n * cap);
    s.m_amount = detail::ZeroedArray<int64_t>(n * cap);
    s.m_grant_amount = detail::ZeroedArray<int64_t>(g * cap);
    s.m_grant_status = detail::ZeroedArray<EvalStatus>(g * cap);
    s.m_candidates = detail::ZeroedArray<uint16_t>(n * cap);
    s.m_candidate_count.assign(n, 0);
    s.m_granted = detail::ZeroedArray<uint16_t>(n * cap);
    s.m_granted_count.assign(n, 0);
    s.m_granted_rows.assign(n, nullptr);
    s.m_excluded_bits.assign(m_group_excluders.size() * (cap / 64), 0);
    s.m_cand_bits.assign(n * (cap / 64), 0);
    s.m_all_bits.assign(cap / 64, 0);
    s.m_status_pending.assign(n, 0);
    s.m_final = detail::ZeroedArray<uint16_t>(n * cap);
    s.m_final_rows.assign(n, nullptr);
    s.m_final_count.assign(n, 0);
    s.m_undetermined.assign(n, 0);
    s.m_skip_filled.assign(n, 0);
    s.m_amount_sum.assign(n, 0);
    s.m_grant_sum.assign(g, 0);
    s.m_values = detail::ZeroedArray<int64_t>(static_cast<size_t>(m_slots) * cap);
    s.m_statuses = detail::ZeroedArray<uint8_t>(static_cast<size_t>(m_slots) * cap);
    s.m_sel = detail::ZeroedArray<uint16_t>(static_cast<size_t>(m_slots) * 2 * cap);
    s.m_mask.assign(cap, 0);
    return s;
}

void ColumnarProgram::run(const ColumnarInput& in, size_t row_begin, size_t row_end, const ColumnarDay& day,
                          ColumnarScratch& s) const {
    assert(row_end >= row_begin && row_end - row_begin <= s.m_cap && s.m_cap == m_chunk);
    const auto rows = static_cast<uint32_t>(row_end - row_begin);
    s.m_rows = rows;
    detail::ExprContext cx{m_rs,          in, row_begin, day, s.m_cap, s.m_values.data(), s.m_statuses.data(),
                           s.m_sel.data()};
    decide_conditions(cx, rows, day, s);
    apply_exclusions_and_grants(cx, rows, s);
    decide_exclusivity(rows, s);
}

// 1–2: validity and conditions. A condition made of `and`/`or`/`not` over comparisons, memberships and
// booleans on attributes given with every row present is decided as a bitmap, 64 rows a word (no row list,
// no value column); one that may meet a missing value narrows a selection vector; otherwise it is evaluated
// with statuses, row by row the way eval_expr does. Each clause's candidates (the rows where its condition
// holds) are kept as a bitmap; as a row list too where exclusions leave them as they are.
void ColumnarProgram::decide_conditions(const detail::ExprContext& cx, uint32_t rows, const ColumnarDay& day,
                                        ColumnarScratch& s) const {
    const size_t cap = s.m_cap, words = cap / 64;
    const uint32_t used = (rows + 63) / 64;
    std::vector<uint64_t>& all = s.m_all_bits;
    std::fill_n(all.begin(), used, ~uint64_t{0});
    if (rows % 64 != 0)
        all[used - 1] = (uint64_t{1} << (rows % 64)) - 1;
    for (size_t k = 0; k < m_clauses.size(); ++k) {
        uint64_t* bits = s.m_cand_bits.data() + k * words;
        uint16_t* cand = s.m_candidates.data() + k * cap;
        uint32_t& count = s.m_candidate_count[k];
        s.m_undetermined[k] = 0;
        if (decide_condition(cx, k, rows, day, s)) { // `cand` holds the rows: the bitmap from them
            detail::bits_from_rows(cand, count, rows, bits);
        } else if (m_exclusion_group[k] < 0) { // exclude() hands the list on as it is
            count = detail::rows_from_bits(bits, rows, cand);
        } else { // exclude() makes its list from the bitmap
            count = 0;
            for (uint32_t w = 0; w < used; ++w)
                count += detail::count_bits(bits[w]);
        }
    }
}

//! Clause k's statuses before exclusions, and its candidates: returns true with them in m_candidates
//! (and m_candidate_count), or false with them in m_cand_bits.
bool ColumnarProgram::decide_condition(const detail::ExprContext& cx, size_t k, uint32_t rows,
                                       const ColumnarDay& day, ColumnarScratch& s) const {
    const size_t cap = s.m_cap, words = cap / 64;
    ClauseStatus* raw = s.m_status.data() + k * cap; // before exclusions, until exclude()
    uint64_t* bits = s.m_cand_bits.data() + k * words;
    uint16_t* cand = s.m_candidates.data() + k * cap;
    uint32_t& count = s.m_candidate_count[k];
    const Clause& c = m_rs.clause(m_clauses[k]);
    s.m_status_pending[k] = 0;
    s.m_status_rows[k] = raw;
    const uint32_t filled = s.m_skip_filled[k]; // rows a skipped run left NotApplicable in raw
    s.m_skip_filled[k] = 0;
    // A clause not in force, or skipped, has one status on every row: a shared column, unless `exclusive
    // with` reads and rewrites its own.
    const bool own = !m_partners[k].empty();
    if (!day.in_force[k]) {
        if (own)
            std::fill(raw, raw + rows, ClauseStatus::NotInForce);
        else
            s.m_status_rows[k] = uniform_status(ClauseStatus::NotInForce);
        count = 0;
        return true;
    }
    if (!day.skip.empty() && day.skip[k]) {
        if (!own)
            s.m_status_rows[k] = uniform_status(ClauseStatus::NotApplicable);
        else if (filled < rows)
            std::fill(raw, raw + rows, ClauseStatus::NotApplicable);
        s.m_skip_filled[k] = own ? std::max(filled, rows) : 0;
        count = 0;
        return true;
    }
    if (int32_t j = m_same_condition[k]; j >= 0 && day.in_force[static_cast<size_t>(j)] &&
                                         (day.skip.empty() || !day.skip[static_cast<size_t>(j)])) {
        auto src = static_cast<size_t>(j);
        if (s.m_status_pending[src] == 0)
            std::copy_n(s.m_status.data() + src * cap, rows, raw);
        else if (m_exclusion_group[k] < 0)
            detail::statuses_from_bits(s.m_cand_bits.data() + src * words, nullptr, rows, raw);
        else
            s.m_status_pending[k] = 1;
        if (s.m_undetermined[src] > 0) // `missing` is read at Undetermined rows only
            std::copy_n(s.m_missing.data() + src * cap, rows, s.m_missing.data() + k * cap);
        std::copy_n(s.m_cand_bits.data() + src * words, (rows + 63) / 64, bits);
        s.m_undetermined[k] = s.m_undetermined[src];
        return false;
    }
    if (c.condition == no_expr) {
        std::fill(raw, raw + rows, ClauseStatus::Applied);
        std::copy_n(s.m_all_bits.data(), (rows + 63) / 64, bits);
        return false;
    }
    if (detail::select_bits(cx, c.condition, rows, s.m_all_bits.data(), bits, 0)) {
        if (m_exclusion_group[k] < 0)
            detail::statuses_from_bits(bits, nullptr, rows, raw);
        else // written with the exclusions, in one pass
            s.m_status_pending[k] = 1;
        return false;
    }
    if (detail::select_true(cx, c.condition, {nullptr, rows}, 0, cand, count)) {
        std::fill(raw, raw + rows, ClauseStatus::NotApplicable);
        for (uint32_t i = 0; i < count; ++i)
            raw[cand[i]] = ClauseStatus::Applied;
        return true;
    }
    detail::Operand v = detail::eval_columns(cx, c.condition, {nullptr, rows}, 0);
    EvalStatus* missing = s.m_missing.data() + k * cap;
    uint32_t n = 0, undetermined = 0;
    for (uint32_t r = 0; r < rows; ++r) {
        uint8_t st = v.status(r);
        bool yes = st == 0 && v.value(r) != 0;
        raw[r] = st ? ClauseStatus::Undetermined : yes ? ClauseStatus::Applied : ClauseStatus::NotApplicable;
        missing[r] = static_cast<EvalStatus>(st);
        undetermined += st != 0;
        cand[n] = static_cast<uint16_t>(r);
        n += yes;
    }
    count = n;
    s.m_undetermined[k] = undetermined;
    return true;
}

// 3–4: exclusions (decided on the statuses before any exclusion, so they do not chain), then the grant
// amounts of the rows where the clause still applies.
void ColumnarProgram::apply_exclusions_and_grants(const detail::ExprContext& cx, uint32_t rows,
                                                  ColumnarScratch& s) const {
    mark_excluded_rows(rows, s);
    for (size_t k = 0; k < m_clauses.size(); ++k)
        grant(cx, k, rows, s);
}

// Per exclusion group, one bit per row: whether some clause that excludes the group's members applies there
// (its candidates are exactly the rows where its status before exclusions is Applied).
void ColumnarProgram::mark_excluded_rows(uint32_t rows, ColumnarScratch& s) const {
    const size_t words = s.m_cap / 64;
    const size_t used = (rows + 63) / 64;
    for (size_t g = 0; g < m_group_excluders.size(); ++g) {
        uint64_t* bits = s.m_excluded_bits.data() + g * words;
        std::fill(bits, bits + used, 0);
        for (int32_t x : m_group_excluders[g]) {
            const uint64_t* cand = s.m_cand_bits.data() + static_cast<size_t>(x) * words;
            for (size_t w = 0; w < used; ++w)
                bits[w] |= cand[w];
        }
    }
}

//! Statuses after exclusion for clause k, and the list of rows it is granted to; returns their number.
uint32_t ColumnarProgram::exclude(size_t k, ColumnarScratch& s) const {
    const size_t cap = s.m_cap;
    ClauseStatus* st = s.m_status.data() + k * cap; // rewritten in place at the excluded candidates
    const uint16_t* cand = s.m_candidates.data() + k * cap;
    const uint32_t count = s.m_candidate_count[k];
    uint16_t* granted = s.m_granted.data() + k * cap;
    const uint16_t* rows_granted = granted;
    uint32_t n = 0;
    if (m_exclusion_group[k] < 0) {
        n = count;
        // The per-row outputs are reset at the granted rows of the previous chunk, so they need their own
        // copy.
        if (s.m_per_row || !m_partners[k].empty())
            std::copy_n(cand, n, granted);
        else
            rows_granted = cand;
    } else {
        // Candidates as a bitmap: those an excluder also applies to are Excluded, the others granted.
        const size_t words = cap / 64;
        const uint32_t rows = s.m_rows, used = (rows + 63) / 64;
        const uint64_t* excl = s.m_excluded_bits.data() + static_cast<size_t>(m_exclusion_group[k]) * words;
        const uint64_t* bits = s.m_cand_bits.data() + k * words;
        uint64_t excluded[64], kept[64];
        uint64_t any = 0;
        for (uint32_t w = 0; w < used; ++w) {
            excluded[w] = bits[w] & excl[w];
            kept[w] = bits[w] & ~excl[w];
            any |= excluded[w];
        }
        if (s.m_status_pending[k] != 0)
            detail::statuses_from_bits(bits, excluded, rows, st);
        else if (any != 0)
            detail::set_statuses(excluded, rows, ClauseStatus::Excluded, st);
        n = detail::rows_from_bits(kept, rows, granted);
    }
    s.m_granted_count[k] = n;
    s.m_granted_rows[k] = rows_granted;
    s.m_final_rows[k] = rows_granted;
    s.m_final_count[k] = n;
    return n;
}

// Per-row amounts are written only at the rows a clause is granted to; the rows written by the previous
// chunk are reset first, so every other row reads 0. Without per-row outputs only the sums are kept (a
// constant amount is then one multiplication per chunk).
void ColumnarProgram::grant(const detail::ExprContext& cx, size_t k, uint32_t rows,
                            ColumnarScratch& s) const {
    const size_t cap = s.m_cap;
    const bool per_row = s.m_per_row || !m_partners[k].empty();
    const Clause& c = m_rs.clause(m_clauses[k]);
    const uint16_t* granted = s.m_granted.data() + k * cap;
    int64_t* amount = s.m_amount.data() + k * cap;
    if (const uint32_t old = s.m_granted_count[k]; per_row && old > 0) {
        // The rows written by the previous chunk (always in m_granted when per_row, ascending): a dense
        // list is reset with block fills up to its last row, a sparse one row by row.
        if (old >= granted[old - 1] / 4) {
            const size_t end = size_t{granted[old - 1]} + 1;
            std::fill_n(amount, end, 0);
            for (uint32_t g = m_grant_begin[k]; g < m_grant_begin[k + 1]; ++g) {
                std::fill_n(s.m_grant_amount.data() + g * cap, end, 0);
                std::fill_n(s.m_grant_status.data() + g * cap, end, EvalStatus::Ok);
            }
        } else {
            for (uint32_t i = 0; i < old; ++i) {
                amount[granted[i]] = 0;
                for (uint32_t g = m_grant_begin[k]; g < m_grant_begin[k + 1]; ++g) {
                    s.m_grant_amount[g * cap + granted[i]] = 0;
                    s.m_grant_status[g * cap + granted[i]] = EvalStatus::Ok;
                }
            }
        }
    }
    uint32_t n = exclude(k, s);
    granted = s.m_granted_rows[k];
    s.m_amount_sum[k] = 0;
    bool first = true; // no grant of the clause has written per-row amounts yet
    for (size_t g = 0; g < c.grants.size(); ++g) {
        size_t gi = m_grant_begin[k] + g;
        s.m_grant_sum[gi] = 0;
        if (n == 0 || !quantified(c.grants[g]))
            continue;
        detail::Operand v =
            detail::eval_columns(cx, c.grants[g].amount, {n == rows ? nullptr : granted, n}, 0);
        int64_t sum = 0;
        if (per_row) {
            int64_t* out = s.m_grant_amount.data() + gi * cap;
            EvalStatus* gst = s.m_grant_status.data() + gi * cap;
            sum = n == rows ? write_row_amounts<true>(v, granted, n, first, amount, out, gst)
                            : write_row_amounts<false>(v, granted, n, first, amount, out, gst);
            first = false;
        } else if (v.all_ok() && v.constant()) {
            if (__builtin_mul_overflow(std::max<int64_t>(v.c, 0), static_cast<int64_t>(n), &sum))
                sum = INT64_MAX;
        } else {
            for (uint32_t i = 0; i < n; ++i) {
                uint16_t r = granted[i];
                add_saturated(sum, v.status(r) ? 0 : std::max<int64_t>(v.value(r), 0));
            }
        }
        s.m_grant_sum[gi] = sum;
        add_saturated(s.m_amount_sum[k], sum);
    }
}

// 5: `exclusive with`: among partners that apply, the higher amount wins, the earlier declared on a tie.
void ColumnarProgram::decide_exclusivity(uint32_t rows, ColumnarScratch& s) const {
    const size_t cap = s.m_cap;
    for (size_t k = 0; k < m_clauses.size(); ++k)
        if (!m_partners[k].empty())
            std::copy_n(s.m_status.data() + k * cap, rows, s.m_pre.data() + k * cap);
    uint8_t* beaten = s.m_mask.data();
    for (size_t k = 0; k < m_clauses.size(); ++k) {
        if (m_partners[k].empty())
            continue;
        const ClauseStatus* pre_k = s.m_pre.data() + k * cap;
        const int64_t* amt_k = s.m_amount.data() + k * cap;
        std::fill(beaten, beaten + rows, 0);
        for (int32_t jj : m_partners[k]) {
            auto j = static_cast<size_t>(jj);
            const ClauseStatus* pre_j = s.m_pre.data() + j * cap;
            const int64_t* amt_j = s.m_amount.data() + j * cap;
            bool earlier = j < k;
            for (uint32_t r = 0; r < rows; ++r)
                beaten[r] |= pre_j[r] == ClauseStatus::Applied &&
                             (earlier ? amt_j[r] >= amt_k[r] : amt_j[r] > amt_k[r]);
        }
        ClauseStatus* st = s.m_status.data() + k * cap;
        uint16_t* final_rows = s.m_final.data() + k * cap;
        uint32_t n = 0;
        for (uint32_t r = 0; r < rows; ++r) {
            bool superseded = pre_k[r] == ClauseStatus::Applied && beaten[r];
            st[r] = superseded ? ClauseStatus::Superseded : st[r];
            final_rows[n] = static_cast<uint16_t>(r);
            n += st[r] == ClauseStatus::Applied;
        }
        s.m_final_rows[k] = final_rows;
        s.m_final_count[k] = n;
        // The sums are over the rows still applied.
        s.m_amount_sum[k] = 0;
        for (uint32_t g = m_grant_begin[k]; g < m_grant_begin[k + 1]; ++g) {
            const int64_t* ga = s.m_grant_amount.data() + g * cap;
            int64_t sum = 0;
            for (uint32_t i = 0; i < n; ++i)
                add_saturated(sum, ga[final_rows[i]]);
            s.m_grant_sum[g] = sum;
            add_saturated(s.m_amount_sum[k], sum);
        }
    }
}

} // namespace lexsim::rules
