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

//! The number of slots eval_columns uses for `id` (its own and its operands').
int32_t slots_needed(const RuleSet& rs, ExprId id);

} // namespace lexsim::rules::detail
