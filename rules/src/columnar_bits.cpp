// The columnar evaluator's bitmap selections: a condition decided 64 rows a word (bit i of word w is row
// 64w + i of the chunk), for conditions over attributes given with every row present, and the statuses
// and row lists made from such bitmaps.
#include "columnar_bytes.hpp"
#include "columnar_expr.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace lexsim::rules::detail {

namespace {

constexpr uint32_t max_words = 64; //!< chunks of up to 4096 rows
//! How far ahead a pass over a column asks for its rows: the same rows of the next chunk.
constexpr size_t prefetch_rows = 4096;

uint32_t words_of(uint32_t rows) {
    return (rows + 63) / 64;
}

//! An operand on the bitmap path: a byte column, an int64 column (both with every row present), or an Ok
//! constant. Anything else (a missing value possible, arithmetic on attributes) is None.
struct Leaf {
    enum Kind { None, Bytes, Ints, Const } kind = None;
    const uint8_t* bytes = nullptr;
    const int64_t* ints = nullptr;
    int64_t c = 0;
};

bool reads_attr(const RuleSet& rs, ExprId id) {
    if (id == no_expr)
        return false;
    const Expr& e = rs.exprs[static_cast<size_t>(id)];
    if (e.op == ExprOp::Attr)
        return true;
    if (e.op == ExprOp::Min || e.op == ExprOp::Max)
        for (uint32_t i = 0; i < e.list_count; ++i)
            if (reads_attr(rs, static_cast<ExprId>(rs.lists[e.list_begin + i])))
                return true;
    return reads_attr(rs, e.a) || reads_attr(rs, e.b) || reads_attr(rs, e.c);
}

Leaf leaf_of(const ExprContext& cx, ExprId id, int32_t slot) {
    const Expr& e = cx.rs.exprs[static_cast<size_t>(id)];
    Leaf l;
    if (e.op == ExprOp::Attr) {
        auto a = static_cast<size_t>(e.value);
        if (cx.in.present && cx.in.present[a])
            return l;
        if (const uint8_t* col = byte_column(cx, a)) {
            l.kind = Leaf::Bytes;
            l.bytes = col;
        } else if (cx.in.attrs && cx.in.attrs[a]) {
            l.kind = Leaf::Ints;
            l.ints = cx.in.attrs[a] + cx.row_begin;
        }
        return l;
    }
    if (reads_attr(cx.rs, id))
        return l;
    Operand k = eval_columns(cx, id, Sel{nullptr, 0}, slot); // folds to a constant: no row is read
    if (k.all_ok() && k.constant()) {
        l.kind = Leaf::Const;
        l.c = k.c;
    }
    return l;
}

//! out[w] = in[w] & (rows of the word where keep(r)), one row at a time: every row of a full word whose
//! selection is dense (a loop the compiler unrolls), the selected rows only when it is sparse.
//! `stream` is the int64 column keep() reads: each word asks for that column's rows one chunk further on
//! (see byte_bits).
template <class Keep>
void rows_bits(uint32_t rows, const uint64_t* in, uint64_t* out, Keep keep, const int64_t* stream) {
    for (uint32_t w = 0, words = words_of(rows); w < words; ++w) {
        const uint64_t m = in[w];
        const uint32_t base = w * 64;
        for (uint32_t line = 0; line < 64; line += 8)
            __builtin_prefetch(stream + prefetch_rows + base + line);
        uint64_t b = 0;
        if (m != 0 && base + 64 <= rows && count_bits(m) > 16) {
            for (uint32_t i = 0; i < 64; ++i)
                b |= static_cast<uint64_t>(keep(base + i)) << i;
        } else {
            for (uint64_t t = m; t != 0; t &= t - 1) {
                auto i = static_cast<uint32_t>(__builtin_ctzll(t));
                b |= static_cast<uint64_t>(keep(base + i)) << i;
            }
        }
        out[w] = m & b;
    }
}

//! out[w] = in[w] & (rows whose byte passes t): 16 rows at a time for full words.
//! Each word asks for the column's rows one chunk further on: a chunk reads one 4 KiB page of a byte column,
//! and the hardware prefetcher, which does not cross pages, would start every page cold.
void byte_bits(const uint8_t* col, uint32_t rows, const uint64_t* in, uint64_t* out, const ByteTest& t) {
    for (uint32_t w = 0, words = words_of(rows); w < words; ++w) {
        const uint64_t m = in[w];
        const uint32_t base = w * 64;
        __builtin_prefetch(col + prefetch_rows + base);
        if (m == 0) {
            out[w] = 0;
        } else if (base + 64 <= rows) {
            out[w] = m & t.mask64(col + base);
        } else {
            uint64_t b = 0;
            for (uint64_t x = m; x != 0; x &= x - 1) {
                auto i = static_cast<uint32_t>(__builtin_ctzll(x));
                b |= static_cast<uint64_t>(t.keep(col[base + i])) << i;
            }
            out[w] = m & b;
        }
    }
}

//! `x op y` read as `y op' x`.
ExprOp swapped(ExprOp op) {
    return op == ExprOp::Lt   ? ExprOp::Gt
           : op == ExprOp::Gt ? ExprOp::Lt
           : op == ExprOp::Le ? ExprOp::Ge
           : op == ExprOp::Ge ? ExprOp::Le
                              : op;
}

template <class Cmp>
void int_compare_bits(const int64_t* x, const Leaf& y, uint32_t rows, const uint64_t* in, uint64_t* out,
                      Cmp cmp) {
    if (y.kind == Leaf::Const) {
        const int64_t c = y.c;
        rows_bits(
            rows, in, out, [&](uint32_t r) { return cmp(x[r], c); }, x);
    } else {
        const int64_t* yv = y.ints;
        rows_bits(
            rows, in, out, [&](uint32_t r) { return cmp(x[r], yv[r]); }, x);
    }
}

//! A comparison on the bitmap path: false when its operands are not leaves this path reads.
bool compare_bits(const ExprContext& cx, const Expr& e, uint32_t rows, const uint64_t* in, uint64_t* out,
                  int32_t slot) {
    Leaf a = leaf_of(cx, e.a, slot + 1);
    if (a.kind == Leaf::None)
        return false;
    Leaf b = leaf_of(cx, e.b, slot + 2);
    ExprOp op = e.op;
    if (a.kind == Leaf::Const) { // c op x is x op' c
        std::swap(a, b);
        op = swapped(op);
    }
    if (a.kind == Leaf::Bytes && b.kind == Leaf::Const) {
        byte_bits(a.bytes, rows, in, out, ByteTest::compare(op, b.c));
        return true;
    }
    if (a.kind != Leaf::Ints || (b.kind != Leaf::Const && b.kind != Leaf::Ints))
        return false;
    switch (op) {
    case ExprOp::Eq:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x == y; });
        return true;
    case ExprOp::Ne:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x != y; });
        return true;
    case ExprOp::Lt:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x < y; });
        return true;
    case ExprOp::Le:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x <= y; });
        return true;
    case ExprOp::Gt:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x > y; });
        return true;
    default:
        int_compare_bits(a.ints, b, rows, in, out, [](int64_t x, int64_t y) { return x >= y; });
        return true;
    }
}

//! `x in {…}` on the bitmap path.
bool member_bits(const ExprContext& cx, const Expr& e, uint32_t rows, const uint64_t* in, uint64_t* out,
                 int32_t slot) {
    const int64_t* list = cx.rs.lists.data() + e.list_begin;
    Leaf a = leaf_of(cx, e.a, slot + 1);
    if (a.kind == Leaf::Bytes && e.list_count <= 8) {
        byte_bits(a.bytes, rows, in, out, ByteTest::members(list, e.list_count));
        return true;
    }
    if (a.kind != Leaf::Ints ||
        !std::all_of(list, list + e.list_count, [](int64_t m) { return m >= 0 && m < 64; }))
        return false;
    uint64_t mask = 0;
    for (uint32_t i = 0; i < e.list_count; ++i)
        mask |= uint64_t{1} << list[i];
    const int64_t* x = a.ints;
    rows_bits(
        rows, in, out,
        [&](uint32_t r) {
            auto v = static_cast<uint64_t>(x[r]);
            return v < 64 && ((mask >> v) & 1);
        },
        x);
    return true;
}

} // namespace

// Every leaf this path accepts is Ok on every row, so `and`, `or` and `not` are Boolean here, and a later
// operand may be computed on more rows than Kleene's rules would look at without changing a result.
bool select_bits(const ExprContext& cx, ExprId id, uint32_t rows, const uint64_t* in, uint64_t* out,
                 int32_t slot) {
    if (cx.cap > size_t{max_words} * 64)
        return false;
    const Expr& e = cx.rs.exprs[static_cast<size_t>(id)];
    const uint32_t words = words_of(rows);
    switch (e.op) {
    case ExprOp::And:
        return select_bits(cx, e.a, rows, in, out, slot + 1) &&
               select_bits(cx, e.b, rows, out, out, slot + 2);
    case ExprOp::Or: { // b only where a is false
        uint64_t yes_a[max_words];
        if (!select_bits(cx, e.a, rows, in, yes_a, slot + 1))
            return false;
        for (uint32_t w = 0; w < words; ++w)
            out[w] = in[w] & ~yes_a[w];
        if (!select_bits(cx, e.b, rows, out, out, slot + 2))
            return false;
        for (uint32_t w = 0; w < words; ++w)
            out[w] |= yes_a[w];
        return true;
    }
    case ExprOp::Not: {
        uint64_t yes[max_words];
        if (!select_bits(cx, e.a, rows, in, yes, slot + 1))
            return false;
        for (uint32_t w = 0; w < words; ++w)
            out[w] = in[w] & ~yes[w];
        return true;
    }
    case ExprOp::Eq:
    case ExprOp::Ne:
    case ExprOp::Lt:
    case ExprOp::Le:
    case ExprOp::Gt:
    case ExprOp::Ge:
        return compare_bits(cx, e, rows, in, out, slot);
    case ExprOp::In:
        return member_bits(cx, e, rows, in, out, slot);
    default:
        break;
    }
    Leaf v = leaf_of(cx, id, slot);
    switch (v.kind) {
    case Leaf::Bytes:
        byte_bits(v.bytes, rows, in, out, ByteTest::compare(ExprOp::Ne, 0));
        return true;
    case Leaf::Ints: {
        const int64_t* x = v.ints;
        rows_bits(
            rows, in, out, [&](uint32_t r) { return x[r] != 0; }, x);
        return true;
    }
    case Leaf::Const:
        for (uint32_t w = 0; w < words; ++w)
            out[w] = v.c != 0 ? in[w] : 0;
        return true;
    default:
        return false;
    }
}

uint32_t rows_from_bits(const uint64_t* bits, uint32_t rows, uint16_t* dest) {
    const CompactTable& tab = compact_table();
    uint32_t n = 0;
    for (uint32_t w = 0, words = words_of(rows); w < words; ++w) {
        uint64_t m = bits[w];
        if (m == 0)
            continue;
        for (uint32_t q = 0; q < 8; ++q, m >>= 8) {
            const auto byte = static_cast<uint32_t>(m & 0xffU);
            __m128i base = _mm_set1_epi16(static_cast<int16_t>(w * 64 + q * 8));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dest + n), _mm_add_epi16(base, tab.rows[byte]));
            n += tab.count[byte];
        }
    }
    return n;
}

//! Per 8-bit mask: the byte 0xff at each set bit's position (bit i: byte i).
namespace {

const uint64_t* byte_masks() {
    static const auto table = [] {
        std::array<uint64_t, 256> t{};
        for (unsigned m = 0; m < 256; ++m)
            for (unsigned i = 0; i < 8; ++i)
                if ((m >> i) & 1)
                    t[m] |= uint64_t{0xff} << (8 * i);
        return t;
    }();
    return table.data();
}

constexpr uint64_t status_bytes(ClauseStatus st) {
    return 0x0101010101010101ULL * static_cast<uint8_t>(st);
}

} // namespace

//! A condition decided as a bitmap: Applied at the set bits (Excluded at those of `excluded`, when given, a
//! subset), NotApplicable elsewhere, 8 rows per step (the rows are written up to a multiple of 64: a status
//! array's capacity is one).
void statuses_from_bits(const uint64_t* bits, const uint64_t* excluded, uint32_t rows, ClauseStatus* st) {
    const uint64_t* masks = byte_masks();
    const uint64_t yes = status_bytes(ClauseStatus::Applied), no = status_bytes(ClauseStatus::NotApplicable);
    const uint64_t out = status_bytes(ClauseStatus::Excluded);
    for (uint32_t w = 0; w < (rows + 63) / 64; ++w)
        for (uint32_t q = 0; q < 8; ++q) {
            uint64_t m = masks[(bits[w] >> (8 * q)) & 0xffU];
            uint64_t x = excluded ? masks[(excluded[w] >> (8 * q)) & 0xffU] : 0;
            uint64_t v = (m & ~x & yes) | (x & out) | (~m & no);
            std::memcpy(st + (size_t{w} * 64 + size_t{q} * 8), &v, sizeof v);
        }
}

//! The statuses at the set bits become `to`; the others are unchanged.
void set_statuses(const uint64_t* bits, uint32_t rows, ClauseStatus to, ClauseStatus* st) {
    const uint64_t* masks = byte_masks();
    const uint64_t value = status_bytes(to);
    for (uint32_t w = 0; w < (rows + 63) / 64; ++w) {
        if (bits[w] == 0)
            continue;
        for (uint32_t q = 0; q < 8; ++q) {
            uint64_t m = masks[(bits[w] >> (8 * q)) & 0xffU]; // no test of m: on dense rows it mispredicts
            uint64_t v = 0;
            std::memcpy(&v, st + (size_t{w} * 64 + size_t{q} * 8), sizeof v);
            v = (v & ~m) | (m & value);
            std::memcpy(st + (size_t{w} * 64 + size_t{q} * 8), &v, sizeof v);
        }
    }
}

void bits_from_rows(const uint16_t* list, uint32_t n, uint32_t rows, uint64_t* bits) {
    std::fill_n(bits, (rows + 63) / 64, 0);
    for (uint32_t i = 0; i < n; ++i)
        bits[list[i] >> 6] |= uint64_t{1} << (list[i] & 63);
}

} // namespace lexsim::rules::detail
