// The columnar evaluator's selection kernels: the rows of a chunk where a condition holds, as a selection
// vector, for conditions made of `and`/`or` over comparisons, memberships and booleans (the common case,
// computed without materialising value and status columns). Byte columns (booleans, enum codes) are read
// in place, one byte per row.
#include "columnar_bytes.hpp"
#include "columnar_expr.hpp"

#include <algorithm>
#include <emmintrin.h>

namespace lexsim::rules::detail {

namespace {

//! Compacts the rows of `s` that satisfy keep(r) into dest (in place when dest == s.idx).
//! `stream`, when given, is the column keep() reads: a dense pass asks for it ahead of use, since a new
//! column starts cold and the hardware prefetcher needs a few lines to notice the stream.
template <class Keep, class T = int64_t>
uint32_t compact(Sel s, uint16_t* dest, Keep keep, const T* stream = nullptr) {
    uint32_t n = 0;
    if (s.idx == nullptr) {
        constexpr uint32_t line = 64 / sizeof(T); // rows per cache line
        constexpr uint32_t ahead = 16 * line;
        for (uint32_t r = 0; r < s.n; ++r) {
            if (stream && (r & (line - 1)) == 0)
                __builtin_prefetch(stream + r + ahead);
            dest[n] = static_cast<uint16_t>(r);
            n += keep(r);
        }
    } else {
        for (uint32_t i = 0; i < s.n; ++i) {
            uint16_t r = s.idx[i];
            dest[n] = r;
            n += keep(r);
        }
    }
    return n;
}

template <class Cmp>
uint32_t compare_rows(Sel s, const Operand& a, const Operand& b, uint16_t* dest, Cmp cmp) {
    if (!a.constant() && !b.constant()) {
        const int64_t* av = a.v;
        const int64_t* bv = b.v;
        return compact(s, dest, [&](uint32_t r) { return cmp(av[r], bv[r]); });
    }
    if (!a.constant()) {
        const int64_t* av = a.v;
        int64_t y = b.c;
        return compact(
            s, dest, [&](uint32_t r) { return cmp(av[r], y); }, av);
    }
    const int64_t* bv = b.v;
    int64_t x = a.c;
    return compact(s, dest, [&](uint32_t r) { return cmp(x, bv[r]); });
}

//! If `id` reads an attribute given as a byte column with every row present: that column (from the chunk's
//! first row); else null.
const uint8_t* byte_attr(const ExprContext& cx, ExprId id) {
    const Expr& e = cx.rs.exprs[static_cast<size_t>(id)];
    if (e.op != ExprOp::Attr)
        return nullptr;
    auto a = static_cast<size_t>(e.value);
    if (cx.in.present && cx.in.present[a])
        return nullptr;
    return byte_column(cx, a);
}

//! The rows of `s` whose byte passes `t`, into dest. A dense selection goes 16 rows at a time: a mask, then
//! each half's rows stored from the table as 8 lanes, of which the first count[mask] are kept. The stores
//! stay below row `s.n` (n <= r, so dest[n + 15] is below r + 16 <= s.n), so dest needs no slack.
uint32_t select_bytes(Sel s, const uint8_t* col, uint16_t* dest, const ByteTest& t) {
    if (s.idx != nullptr)
        return compact(s, dest, [&](uint32_t r) { return t.keep(col[r]); });
    const CompactTable& tab = compact_table();
    uint32_t n = 0, r = 0;
    const __m128i eight = _mm_set1_epi16(8);
    for (; r + 16 <= s.n; r += 16) {
        if ((r & 63) == 0)
            __builtin_prefetch(col + r + 1024); // 16 cache lines ahead, as compact()
        unsigned m = t.mask16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(col + r)));
        __m128i base = _mm_set1_epi16(static_cast<int16_t>(r));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dest + n), _mm_add_epi16(base, tab.rows[m & 0xffU]));
        n += tab.count[m & 0xffU];
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dest + n),
                         _mm_add_epi16(_mm_add_epi16(base, eight), tab.rows[m >> 8]));
        n += tab.count[m >> 8];
    }
    for (; r < s.n; ++r) {
        dest[n] = static_cast<uint16_t>(r);
        n += t.keep(col[r]);
    }
    return n;
}

//! `attribute op constant` or `constant op attribute` over a byte column, compared in place (not widened).
//! False when the comparison is not of that form or the constant is not Ok.
bool select_byte_comparison(const ExprContext& cx, const Expr& e, Sel s, int32_t slot, uint16_t* dest,
                            uint32_t& count) {
    const uint8_t* col = byte_attr(cx, e.a);
    bool attr_first = col != nullptr;
    if (col == nullptr)
        col = byte_attr(cx, e.b);
    if (col == nullptr)
        return false;
    Operand k = attr_first ? eval_columns(cx, e.b, s, slot + 2) : eval_columns(cx, e.a, s, slot + 1);
    if (!k.all_ok() || !k.constant())
        return false;
    ExprOp op = e.op;
    if (!attr_first) // c < x is x > c
        op = op == ExprOp::Lt   ? ExprOp::Gt
             : op == ExprOp::Gt ? ExprOp::Lt
             : op == ExprOp::Le ? ExprOp::Ge
             : op == ExprOp::Ge ? ExprOp::Le
                                : op;
    count = select_bytes(s, col, dest, ByteTest::compare(op, k.c));
    return true;
}

bool select_comparison(const ExprContext& cx, const Expr& e, Sel s, int32_t slot, uint16_t* dest,
                       uint32_t& count) {
    if (select_byte_comparison(cx, e, s, slot, dest, count))
        return true;
    Operand a = eval_columns(cx, e.a, s, slot + 1);
    if (!a.all_ok())
        return false;
    Operand b = eval_columns(cx, e.b, s, slot + 2);
    if (!b.all_ok())
        return false;
    if (a.constant() && b.constant())
        return false; // folded by eval_columns
    switch (e.op) {
    case ExprOp::Eq:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x == y; });
        return true;
    case ExprOp::Ne:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x != y; });
        return true;
    case ExprOp::Lt:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x < y; });
        return true;
    case ExprOp::Le:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x <= y; });
        return true;
    case ExprOp::Gt:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x > y; });
        return true;
    default:
        count = compare_rows(s, a, b, dest, [](int64_t x, int64_t y) { return x >= y; });
        return true;
    }
}

// `a or b`: the rows where a holds, and among the others those where b holds, merged in row order. b is
// computed only where a is false, and its value elsewhere does not matter (`true or x` is true for any x,
// missing or not), as eval_expr's Kleene `or`.
bool select_either(const ExprContext& cx, const Expr& e, Sel s, int32_t slot, uint16_t* dest,
                   uint32_t& count) {
    uint16_t* yes_a = cx.sel(slot, 0);
    uint16_t* rest = cx.sel(slot, 1);
    if (yes_a == nullptr || rest == nullptr) // a context without selection buffers (run() always has them)
        return false;
    uint32_t na = 0;
    if (!select_true(cx, e.a, s, slot + 1, yes_a, na))
        return false;
    uint32_t nr = 0;
    for (uint32_t i = 0, j = 0; i < s.n; ++i) { // s without the rows of yes_a (both ascending)
        auto r = static_cast<uint16_t>(s.idx ? s.idx[i] : i);
        bool hit = j < na && yes_a[j] == r;
        rest[nr] = r;
        j += hit;
        nr += !hit;
    }
    uint32_t nb = 0;
    if (nr > 0 && !select_true(cx, e.b, {rest, nr}, slot + 2, rest, nb))
        return false;
    count = static_cast<uint32_t>(std::merge(yes_a, yes_a + na, rest, rest + nb, dest) - dest);
    return true;
}

} // namespace

bool select_true(const ExprContext& cx, ExprId id, Sel s, int32_t slot, uint16_t* dest, uint32_t& count) {
    const Expr& e = cx.rs.exprs[static_cast<size_t>(id)];
    switch (e.op) {
    case ExprOp::And: {
        uint32_t n = 0;
        if (!select_true(cx, e.a, s, slot + 1, dest, n))
            return false;
        if (n == 0) {
            count = 0;
            return true;
        }
        Sel rest = n == s.n && s.idx == nullptr ? s : Sel{dest, n};
        return select_true(cx, e.b, rest, slot + 2, dest, count);
    }
    case ExprOp::Or:
        return select_either(cx, e, s, slot, dest, count);
    case ExprOp::Eq:
    case ExprOp::Ne:
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge:
        if (select_comparison(cx, e, s, slot, dest, count))
            return true;
        break;
    case ExprOp::In: {
        const int64_t* list = cx.rs.lists.data() + e.list_begin;
        bool small = std::all_of(list, list + e.list_count, [](int64_t m) { return m >= 0 && m < 64; });
        uint64_t mask = 0;
        for (uint32_t i = 0; small && i < e.list_count; ++i)
            mask |= uint64_t{1} << list[i];
        const uint8_t* col = e.list_count <= 8 ? byte_attr(cx, e.a) : nullptr;
        if (col != nullptr) { // an enum code, read as a byte
            count = select_bytes(s, col, dest, ByteTest::members(list, e.list_count));
            return true;
        }
        Operand a = eval_columns(cx, e.a, s, slot + 1);
        if (!a.all_ok())
            return false;
        if (!small || a.constant())
            break;
        const int64_t* av = a.v;
        count = compact(
            s, dest,
            [&](uint32_t r) {
                auto x = static_cast<uint64_t>(av[r]);
                return x < 64 && ((mask >> x) & 1);
            },
            av);
        return true;
    }
    case ExprOp::Attr:
        if (const uint8_t* col = byte_attr(cx, id)) { // a boolean, read as a byte
            count = select_bytes(s, col, dest, ByteTest::compare(ExprOp::Ne, 0));
            return true;
        }
        break;
    default:
        break;
    }
    Operand v = eval_columns(cx, id, s, slot);
    if (!v.all_ok())
        return false;
    if (v.constant()) {
        count = v.c ? compact(s, dest, [](uint32_t) { return true; }) : 0;
        return true;
    }
    const int64_t* vv = v.v;
    count = compact(
        s, dest, [&](uint32_t r) { return vv[r] != 0; }, vv);
    return true;
}

} // namespace lexsim::rules::detail
