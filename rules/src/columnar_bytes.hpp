#pragma once
// Tests of byte columns 16 rows at a time (SSE2, part of every x86-64: every CPU computes the same rows) and
// the table that turns an 8-bit mask into row numbers; private to the columnar evaluator.
#include "lexsim/rules/ast.hpp"

#include <algorithm>
#include <cstdint>
#include <emmintrin.h>

namespace lexsim::rules::detail {

/**
 * A condition on a byte column, as the set of values 0..255 it keeps: a range [lo, hi] (empty when lo > hi),
 * its complement, or a few members. Tested one row at a time through a bitset, or 16 or 64 rows at a time
 * with SSE2 (part of every x86-64, so every CPU computes the same rows).
 */
class ByteTest {
public:
    //! The values in [lo, hi] ∩ [0, 255], or (negate) the others.
    static ByteTest range(int64_t lo, int64_t hi, bool negate) {
        ByteTest t;
        lo = std::max<int64_t>(lo, 0);
        hi = std::min<int64_t>(hi, 255);
        if (lo > hi) { // empty: max(x, 1) == x and min(x, 0) == x holds for no byte
            lo = 1;
            hi = 0;
        }
        t.m_lo = _mm_set1_epi8(static_cast<char>(lo));
        t.m_hi = _mm_set1_epi8(static_cast<char>(hi));
        t.m_negate = negate;
        t.m_single = lo == hi;
        for (int64_t w = 0; w < 4; ++w) { // the values 64w .. 64w + 63 in [lo, hi], as bits
            int64_t a = std::max(lo, 64 * w) - 64 * w, b = std::min(hi, 64 * w + 63) - 64 * w;
            uint64_t in = a > b ? 0 : (~uint64_t{0} >> (63 - b)) & (~uint64_t{0} << a);
            t.m_bits[w] = negate ? ~in : in;
        }
        return t;
    }
    //! `x op c`.
    static ByteTest compare(ExprOp op, int64_t c) {
        switch (op) {
        case ExprOp::Eq:
            return range(c, c, false);
        case ExprOp::Ne:
            return range(c, c, true);
        case ExprOp::Lt:
            return c <= 0 ? range(1, 0, false) : range(0, c - 1, false);
        case ExprOp::Le:
            return range(0, c, false);
        case ExprOp::Gt:
            return c >= 255 ? range(1, 0, false) : range(c + 1, 255, false);
        default: // Ge
            return range(c, 255, false);
        }
    }
    //! Membership of list[0..n), n <= 8 (members outside 0..255 match no byte).
    static ByteTest members(const int64_t* list, uint32_t n) {
        ByteTest t = range(1, 0, false);
        for (uint32_t i = 0; i < n; ++i) {
            if (list[i] < 0 || list[i] > 255)
                continue;
            t.m_single = false;
            t.m_member[t.m_members++] = _mm_set1_epi8(static_cast<char>(list[i]));
            t.m_bits[list[i] >> 6] |= uint64_t{1} << (list[i] & 63);
        }
        return t;
    }
    bool keep(uint8_t x) const { return (m_bits[x >> 6] >> (x & 63)) & 1; }
    //! Bit i: whether byte i of x is kept.
    unsigned mask16(__m128i x) const {
        __m128i in =
            _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, m_lo), x), _mm_cmpeq_epi8(_mm_min_epu8(x, m_hi), x));
        for (uint32_t i = 0; i < m_members; ++i)
            in = _mm_or_si128(in, _mm_cmpeq_epi8(x, m_member[i]));
        auto m = static_cast<unsigned>(_mm_movemask_epi8(in));
        return m_negate ? ~m & 0xffffU : m;
    }
    //! Bit i: whether p[i] is kept, for 64 bytes (a single value, as for booleans and `==`, is one compare).
    uint64_t mask64(const uint8_t* p) const {
        uint64_t m = 0;
        if (m_single) {
            for (uint32_t q = 0; q < 4; ++q) {
                __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + size_t{16} * q));
                m |= uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, m_lo)))} << (16 * q);
            }
            return m_negate ? ~m : m;
        }
        for (uint32_t q = 0; q < 4; ++q)
            m |= uint64_t{mask16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + size_t{16} * q)))}
                 << (16 * q);
        return m;
    }

private:
    uint64_t m_bits[4] = {};
    __m128i m_lo{}, m_hi{};
    bool m_negate = false;
    bool m_single = false; //!< the range is one value and there are no members
    uint32_t m_members = 0;
    __m128i m_member[8]{};
};

//! For each 8-bit mask: the positions of its set bits, ascending (8 lanes of uint16), and how many.
struct CompactTable {
    __m128i rows[256];
    uint8_t count[256];
};

inline const CompactTable& compact_table() {
    static const CompactTable table = [] {
        CompactTable t{};
        for (unsigned m = 0; m < 256; ++m) {
            alignas(16) uint16_t lanes[8] = {};
            uint8_t n = 0;
            for (uint16_t b = 0; b < 8; ++b)
                if ((m >> b) & 1)
                    lanes[n++] = b;
            t.rows[m] = _mm_load_si128(reinterpret_cast<const __m128i*>(lanes));
            t.count[m] = n;
        }
        return t;
    }();
    return table;
}

} // namespace lexsim::rules::detail
