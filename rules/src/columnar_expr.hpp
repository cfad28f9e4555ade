#pragma once
// The columnar evaluator's expression kernels (private to lexsim::rules): one operator over a chunk of rows.
#include "lexsim/rules/columnar.hpp"

#include <cstdint>

namespace lexsim::rules::detail {

//! The rows an operator computes: idx[0..n) (chunk-relative, ascending), or 0..n-1 when idx is null.
struct Sel {
    const uint16_t* idx = nullptr;
    uint32_t n = 0;
};

//! A computed column, or a constant. Statuses are EvalStatus values (0 = Ok); `st` null means every row has
//! status `cst` (so a constant that failed, e.g. a missing parameter, is {v = null, cst = MissingParam}).
//! Values of failed rows and of rows outside the selection are unspecified.
struct Operand {
    const int64_t* v = nullptr; //!< null: the constant c
    const uint8_t* st = nullptr;
    int64_t c = 0;
    uint8_t cst = 0;

    bool constant() const { return v == nullptr; }
    bool all_ok() const { return st == nullptr && cst == 0; }
    uint8_t status(uint32_t r) const { return st ? st[r] : cst; }
    int64_t value(uint32_t r) const { return v ? v[r] : c; }
};

//! Where an evaluation reads its inputs and writes its results. Slot s owns values(s), statuses(s) and two
//! selection vectors; an operator at slot s puts its operands at slots s+1, s+2, ... so an operand's buffers
//! stay intact until its operator has consumed them.
struct ExprContext {
    const RuleSet& rs;
    const ColumnarInput& in;
    size_t row_begin = 0;
    const ColumnarDay& day;
    size_t cap = 0;
    int64_t* values_base = nullptr;
    uint8_t* statuses_base = nullptr;
    uint16_t* sel_base = nullptr;

    int64_t* values(int32_t slot) const { return values_base + static_cast<size_t>(slot) * cap; }
    uint8_t* statuses(int32_t slot) const { return statuses_base + static_cast<size_t>(slot) * cap; }
    uint16_t* sel(int32_t slot, int which) const {
        return sel_base + (static_cast<size_t>(slot) * 2 + static_cast<size_t>(which)) * cap;
    }
};

//! Slot a's byte column from the chunk's first row, or null when the slot is given as int64.
inline const uint8_t* byte_column(const ExprContext& cx, size_t a) {
    const uint8_t* col = cx.in.bytes ? cx.in.bytes[a] : nullptr;
    return col ? col + cx.row_begin : nullptr;
}

//! Evaluates expression `id` for the rows in `sel`, with its result in slot `slot` (or an input column or a
//! constant). Row for row the same value and status as eval_expr.
Operand eval_columns(const ExprContext& cx, ExprId id, Sel sel, int32_t slot);

//! The rows of `s` where `id` is Ok and true, compacted into `dest` (which may be s.idx itself), for a
//! condition made of `and`s over comparisons, memberships and booleans. Returns false, leaving `dest`
//! unspecified, when some row's value is not Ok: the caller then evaluates with eval_columns.
bool select_true(const ExprContext& cx, ExprId id, Sel s, int32_t slot, uint16_t* dest, uint32_t& count);

//! The set bits of x, without the popcnt instruction (not in baseline x86-64: the builtin calls libgcc).
inline uint32_t count_bits(uint64_t x) {
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return static_cast<uint32_t>((x * 0x0101010101010101ULL) >> 56);
}

/**
 * Selections as bitmaps (bit i of word w: row 64w + i of the chunk; bits at or past `rows` are 0): out[w] =
 * in[w] & (rows where `id` is Ok and true), for `and`/`or`/`not` over comparisons, memberships and
 * booleans whose operands are attributes given with every row present (byte or int64 columns) and
 * constants. Such operands are Ok on every row, so the result is the Decider's. Returns false (`out`
 * unspecified) for any other condition: the caller then uses select_true. `out` may be `in`.
 */
bool select_bits(const ExprContext& cx, ExprId id, uint32_t rows, const uint64_t* in, uint64_t* out,
                 int32_t slot);

//! The rows whose bits are set, ascending, into dest (which needs room for rows rounded up to 64);
//! returns how many.
uint32_t rows_from_bits(const uint64_t* bits, uint32_t rows, uint16_t* dest);

//! Statuses from a condition's bitmap: Applied at the set bits (Excluded at those of `excluded`, when not
//! null: a subset of them), NotApplicable elsewhere (written up to `rows` rounded up to 64).
void statuses_from_bits(const uint64_t* bits, const uint64_t* excluded, uint32_t rows, ClauseStatus* st);
//! The statuses at the set bits become `to`; the others are unchanged.
void set_statuses(const uint64_t* bits, uint32_t rows, ClauseStatus to, ClauseStatus* st);
//! The bitmap of the rows list[0..n) (ascending or not), over `rows` rows.
void bits_from_rows(const uint16_t* list, uint32_t n, uint32_t rows, uint64_t* bits);

//! The number of slots eval_columns uses for `id` (its own and its operands').
int32_t slots_needed(const RuleSet& rs, ExprId id);

} // namespace lexsim::rules::detail
