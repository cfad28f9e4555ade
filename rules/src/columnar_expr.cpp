// Vectorised expression kernels. Each operator runs over a selection of rows of a chunk; the rules for
// statuses (the first failing operand wins; `false and missing` is false; `true or missing` is true) are
// eval_expr's, applied row by row. Products and quotients take an int64 fast path and fall back to 128-bit
// arithmetic only when the int64 product overflows, with the same floor rounding and overflow results.
#include "columnar_expr.hpp"

#include "int128.hpp"

#include <algorithm>

namespace lexsim::rules::detail {

namespace {

constexpr uint8_t st_ok = 0;
constexpr auto st_overflow = static_cast<uint8_t>(EvalStatus::Overflow);
constexpr auto st_div_zero = static_cast<uint8_t>(EvalStatus::DivByZero);

template <class F>
inline void for_rows(Sel s, F&& f) {
    if (s.idx == nullptr) {
        for (uint32_t r = 0; r < s.n; ++r)
            f(r);
    } else {
        const uint16_t* __restrict idx = s.idx;
        for (uint32_t i = 0; i < s.n; ++i)
            f(static_cast<uint32_t>(idx[i]));
    }
}

Operand constant(int64_t v, uint8_t st = st_ok) {
    return {nullptr, nullptr, v, st};
}

bool fits(i128 v) {
    return v >= INT64_MIN && v <= INT64_MAX;
}

int64_t floor_div_wide(i128 a, i128 b, uint8_t& st) {
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    if (!fits(q))
        st = st_overflow;
    return static_cast<int64_t>(q);
}

//! floor(x * y / scale), scale > 0.
template <int64_t Scale>
inline int64_t mul_scaled(int64_t x, int64_t y, uint8_t& st) {
    int64_t p;
    if (!__builtin_mul_overflow(x, y, &p)) {
        if constexpr (Scale == 1) {
            return p;
        } else {
            int64_t q = p / Scale;
            return q - (p % Scale < 0);
        }
    }
    return floor_div_wide(static_cast<i128>(x) * y, Scale, st);
}

//! floor(x * scale / y).
inline int64_t div_scaled(int64_t x, int64_t y, int64_t scale, uint8_t& st) {
    if (y == 0) {
        st = st_div_zero;
        return 0;
    }
    int64_t p;
    if (!__builtin_mul_overflow(x, scale, &p) && !(p == INT64_MIN && y == -1)) {
        int64_t q = p / y;
        return q - ((p % y != 0) && ((p < 0) != (y < 0)));
    }
    return floor_div_wide(static_cast<i128>(x) * scale, y, st);
}

//! Writes `a`'s statuses for the rows of `s` into `out` (an operand's buffers belong to its own slot).
void copy_status(Sel s, const Operand& a, uint8_t* out) {
    if (a.st)
        for_rows(s, [&](uint32_t r) { out[r] = a.st[r]; });
    else
        for_rows(s, [&](uint32_t r) { out[r] = a.cst; });
}

//! Copies `a` into slot `slot` unless it is a constant (used where a result would otherwise point into
//! an operand's slot).
Operand own(const ExprContext& cx, Sel s, const Operand& a, int32_t slot) {
    if (a.constant() && a.st == nullptr)
        return a;
    int64_t* out = cx.values(slot);
    for_rows(s, [&](uint32_t r) { out[r] = a.value(r); });
    Operand res{out, nullptr, 0, st_ok};
    if (!a.all_ok()) {
        copy_status(s, a, cx.statuses(slot));
        res.st = cx.statuses(slot);
    }
    return res;
}

//! A strict operator of one or two operands: the first failing operand's status, else the operator's own.
//! `f(x, y, st)` computes one row and may set st (only when CanFail).
template <bool CanFail, class F>
Operand strict(const ExprContext& cx, Sel s, const Operand& a, const Operand& b, int32_t slot, F f) {
    if (a.st == nullptr && a.cst != st_ok)
        return constant(0, a.cst);
    if (a.all_ok() && b.st == nullptr && b.cst != st_ok)
        return constant(0, b.cst);
    // A constant has one status for all rows (its st is null), so two constants that get here are both Ok;
    // below, at least one operand is a column.
    if (a.constant() && b.constant()) {
        uint8_t st = st_ok;
        int64_t v = f(a.c, b.c, st);
        return constant(v, st);
    }
    int64_t* __restrict out = cx.values(slot);
    uint8_t* __restrict ost = cx.statuses(slot);
    uint8_t any = 0;
    auto row = [&](uint32_t r, int64_t x, int64_t y) {
        if constexpr (CanFail) {
            uint8_t st = st_ok;
            out[r] = f(x, y, st);
            ost[r] = st;
            any |= st;
        } else {
            uint8_t unused = st_ok;
            out[r] = f(x, y, unused);
        }
    };
    if (!a.constant() && !b.constant()) {
        const int64_t* __restrict av = a.v;
        const int64_t* __restrict bv = b.v;
        for_rows(s, [&](uint32_t r) { row(r, av[r], bv[r]); });
    } else if (!a.constant()) {
        const int64_t* __restrict av = a.v;
        int64_t y = b.c;
        for_rows(s, [&](uint32_t r) { row(r, av[r], y); });
    } else {
        const int64_t* __restrict bv = b.v;
        int64_t x = a.c;
        for_rows(s, [&](uint32_t r) { row(r, x, bv[r]); });
    }
    Operand res{out, nullptr, 0, st_ok};
    if (!a.all_ok() || !b.all_ok()) {
        for_rows(s, [&](uint32_t r) {
            uint8_t st = a.status(r);
            if (st == st_ok)
                st = b.status(r);
            if (st == st_ok)
                st = CanFail ? ost[r] : st_ok;
            ost[r] = st;
        });
        res.st = ost;
    } else if (CanFail && any) {
        res.st = ost;
    }
    return res;
}

Operand eval_and_or(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    bool is_and = e.op == ExprOp::And;
    // A row is decided by `a` alone when a is Ok and equals the absorbing value (false for and, true for or).
    auto decides = [is_and](uint8_t st, int64_t v) { return st == st_ok && (is_and ? v == 0 : v != 0); };
    Operand a = eval_columns(cx, e.a, s, slot + 1);
    int64_t absorbing = is_and ? 0 : 1;
    if (a.constant() && a.st == nullptr && decides(a.cst, a.c))
        return constant(absorbing);
    Sel rest = s;
    if (!a.constant()) {
        uint16_t* idx = cx.sel(slot, 0);
        uint32_t n = 0;
        for_rows(s, [&](uint32_t r) {
            idx[n] = static_cast<uint16_t>(r);
            n += !decides(a.status(r), a.v[r]);
        });
        if (n == 0)
            return constant(absorbing);
        if (n < s.n)
            rest = {idx, n};
    }
    Operand b = eval_columns(cx, e.b, rest, slot + 2);
    int64_t* __restrict out = cx.values(slot);
    uint8_t* __restrict ost = cx.statuses(slot);
    bool ok = a.all_ok() && b.all_ok();
    for_rows(s, [&](uint32_t r) {
        uint8_t as = a.status(r), bs = b.status(r);
        int64_t av = a.value(r), bv = b.value(r);
        bool decided = decides(as, av) || decides(bs, bv);
        out[r] = decided ? absorbing : is_and ? bv : (bv != 0);
        if (!ok)
            ost[r] = decided ? st_ok : as != st_ok ? as : bs;
    });
    return {out, ok ? nullptr : ost, 0, st_ok};
}

Operand eval_ite(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    Operand c = eval_columns(cx, e.a, s, slot + 1);
    if (c.constant() && c.st == nullptr) {
        if (c.cst != st_ok)
            return c;
        return own(cx, s, eval_columns(cx, c.c ? e.b : e.c, s, slot + 2), slot);
    }
    uint16_t* yes = cx.sel(slot, 0);
    uint16_t* no = cx.sel(slot, 1);
    uint32_t ny = 0, nn = 0;
    for_rows(s, [&](uint32_t r) {
        bool ok = c.status(r) == st_ok;
        yes[ny] = no[nn] = static_cast<uint16_t>(r);
        ny += ok && c.v[r] != 0;
        nn += ok && c.v[r] == 0;
    });
    Operand b = ny ? eval_columns(cx, e.b, {yes, ny}, slot + 2) : constant(0);
    Operand d = nn ? eval_columns(cx, e.c, {no, nn}, slot + 3) : constant(0);
    int64_t* out = cx.values(slot);
    uint8_t* ost = cx.statuses(slot);
    for_rows(s, [&](uint32_t r) {
        uint8_t cs = c.status(r);
        bool take_b = cs == st_ok && c.v[r] != 0;
        out[r] = take_b ? b.value(r) : d.value(r);
        ost[r] = cs != st_ok ? cs : take_b ? b.status(r) : d.status(r);
    });
    return {out, ost, 0, st_ok};
}

Operand eval_min_max(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    if (e.list_count == 0)
        return constant(0);
    bool is_min = e.op == ExprOp::Min;
    int64_t* out = cx.values(slot);
    uint8_t* ost = cx.statuses(slot);
    bool ok = true;
    for (uint32_t i = 0; i < e.list_count; ++i) {
        auto item_id = static_cast<ExprId>(cx.rs.lists[e.list_begin + i]);
        Operand v = eval_columns(cx, item_id, s, slot + 1);
        if (i == 0) {
            if (v.constant() && v.st == nullptr && v.cst != st_ok)
                return v;
            for_rows(s, [&](uint32_t r) { out[r] = v.value(r); });
            ok = v.all_ok();
            if (!ok)
                copy_status(s, v, ost);
            continue;
        }
        if (ok && v.all_ok()) {
            if (is_min)
                for_rows(s, [&](uint32_t r) { out[r] = std::min(out[r], v.value(r)); });
            else
                for_rows(s, [&](uint32_t r) { out[r] = std::max(out[r], v.value(r)); });
            continue;
        }
        if (ok) {
            std::fill(ost, ost + cx.cap, st_ok);
            ok = false;
        }
        for_rows(s, [&](uint32_t r) {
            if (ost[r] != st_ok)
                return;
            uint8_t st = v.status(r);
            ost[r] = st;
            int64_t x = v.value(r);
            if (st == st_ok)
                out[r] = is_min ? std::min(out[r], x) : std::max(out[r], x);
        });
    }
    return {out, ok ? nullptr : ost, 0, st_ok};
}

Operand eval_in(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    Operand a = eval_columns(cx, e.a, s, slot + 1);
    const int64_t* list = cx.rs.lists.data() + e.list_begin;
    bool small = std::all_of(list, list + e.list_count, [](int64_t m) { return m >= 0 && m < 64; });
    uint64_t mask = 0;
    if (small)
        for (uint32_t i = 0; i < e.list_count; ++i)
            mask |= uint64_t{1} << list[i];
    uint32_t count = e.list_count;
    auto member = [&](int64_t x, uint8_t&) -> int64_t {
        if (small)
            return x >= 0 && x < 64 && ((mask >> x) & 1);
        for (uint32_t i = 0; i < count; ++i)
            if (list[i] == x)
                return 1;
        return 0;
    };
    return strict<false>(cx, s, a, constant(0), slot,
                         [&](int64_t x, int64_t, uint8_t& st) { return member(x, st); });
}

Operand eval_attr(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    auto a = static_cast<size_t>(e.value);
    Operand res{nullptr, nullptr, 0, st_ok};
    if (const uint8_t* __restrict col = byte_column(cx, a)) { // widened, for the rows of s only
        int64_t* __restrict out = cx.values(slot);
        for_rows(s, [&](uint32_t r) { out[r] = col[r]; });
        res.v = out;
    } else {
        res.v = cx.in.attrs[a] + cx.row_begin;
    }
    const uint8_t* present = cx.in.present ? cx.in.present[a] : nullptr;
    if (present) {
        present += cx.row_begin;
        uint8_t* ost = cx.statuses(slot);
        constexpr auto missing = static_cast<uint8_t>(EvalStatus::MissingAttr);
        for_rows(s, [&](uint32_t r) { ost[r] = present[r] ? st_ok : missing; });
        res.st = ost;
    }
    return res;
}

Operand eval_binary(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    Operand a = eval_columns(cx, e.a, s, slot + 1);
    if (a.st == nullptr && a.cst != st_ok)
        return constant(0, a.cst); // eval_expr does not look at b when a failed
    Operand b = eval_columns(cx, e.b, s, slot + 2);
    int64_t scale = e.value;
    switch (e.op) {
    case ExprOp::Add:
        return strict<true>(cx, s, a, b, slot, [](int64_t x, int64_t y, uint8_t& st) {
            int64_t r;
            if (__builtin_add_overflow(x, y, &r))
                st = st_overflow;
            return r;
        });
    case ExprOp::Sub:
        return strict<true>(cx, s, a, b, slot, [](int64_t x, int64_t y, uint8_t& st) {
            int64_t r;
            if (__builtin_sub_overflow(x, y, &r))
                st = st_overflow;
            return r;
        });
    case ExprOp::Mul:
        if (scale == 1)
            return strict<true>(cx, s, a, b, slot,
                                [](int64_t x, int64_t y, uint8_t& st) { return mul_scaled<1>(x, y, st); });
        if (scale == micro)
            return strict<true>(cx, s, a, b, slot, [](int64_t x, int64_t y, uint8_t& st) {
                return mul_scaled<micro>(x, y, st);
            });
        return strict<true>(cx, s, a, b, slot, [scale](int64_t x, int64_t y, uint8_t& st) {
            return floor_div_wide(static_cast<i128>(x) * y, scale, st);
        });
    case ExprOp::Div:
        return strict<true>(cx, s, a, b, slot, [scale](int64_t x, int64_t y, uint8_t& st) {
            return div_scaled(x, y, scale, st);
        });
    case ExprOp::Eq:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x == y; });
    case ExprOp::Ne:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x != y; });
    case ExprOp::Lt:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x < y; });
    case ExprOp::Le:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x <= y; });
    case ExprOp::Gt:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x > y; });
    case ExprOp::Ge:
        return strict<false>(cx, s, a, b, slot,
                             [](int64_t x, int64_t y, uint8_t&) -> int64_t { return x >= y; });
    default:
        break;
    }
    return constant(0, st_overflow); // as eval_expr does for an operator it does not know
}

Operand eval_unary(const ExprContext& cx, const Expr& e, Sel s, int32_t slot) {
    Operand a = eval_columns(cx, e.a, s, slot + 1);
    int64_t scale = e.value;
    switch (e.op) {
    case ExprOp::Not:
        return strict<false>(cx, s, a, constant(0), slot,
                             [](int64_t x, int64_t, uint8_t&) -> int64_t { return x == 0; });
    case ExprOp::Neg:
        return strict<true>(cx, s, a, constant(0), slot, [](int64_t x, int64_t, uint8_t& st) -> int64_t {
            if (x == INT64_MIN) {
                st = st_overflow;
                return 0;
            }
            return -x;
        });
    default: // Scale
        return strict<true>(cx, s, a, constant(0), slot, [scale](int64_t x, int64_t, uint8_t& st) {
            int64_t r;
            if (__builtin_mul_overflow(x, scale, &r))
                st = st_overflow;
            return r;
        });
    }
}

} // namespace

Operand eval_columns(const ExprContext& cx, ExprId id, Sel s, int32_t slot) {
    const Expr& e = cx.rs.exprs[static_cast<size_t>(id)];
    switch (e.op) {
    case ExprOp::Literal:
        return constant(e.value);
    case ExprOp::Param: {
        auto p = static_cast<size_t>(e.value);
        if (!cx.day.param_present[p])
            return constant(0, static_cast<uint8_t>(EvalStatus::MissingParam));
        return constant(cx.day.params[p]);
    }
    case ExprOp::Today:
        return constant(cx.day.date);
    case ExprOp::Attr:
        return eval_attr(cx, e, s, slot);
    case ExprOp::And:
    case ExprOp::Or:
        return eval_and_or(cx, e, s, slot);
    case ExprOp::Ite:
        return eval_ite(cx, e, s, slot);
    case ExprOp::Min:
    case ExprOp::Max:
        return eval_min_max(cx, e, s, slot);
    case ExprOp::In:
        return eval_in(cx, e, s, slot);
    case ExprOp::Not:
    case ExprOp::Neg:
    case ExprOp::Scale:
        return eval_unary(cx, e, s, slot);
    default:
        return eval_binary(cx, e, s, slot);
    }
}

int32_t slots_needed(const RuleSet& rs, ExprId id) {
    if (id == no_expr)
        return 0;
    const Expr& e = rs.expr(id);
    int32_t need = 1;
    if (e.op == ExprOp::Min || e.op == ExprOp::Max) {
        for (uint32_t i = 0; i < e.list_count; ++i)
            need = std::max(need, 1 + slots_needed(rs, static_cast<ExprId>(rs.lists[e.list_begin + i])));
        return need;
    }
    need = std::max(need, 1 + slots_needed(rs, e.a));
    need = std::max(need, 2 + slots_needed(rs, e.b));
    need = std::max(need, 3 + slots_needed(rs, e.c));
    return need;
}

} // namespace lexsim::rules::detail
