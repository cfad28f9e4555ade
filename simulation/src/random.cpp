#include "lexsim/simulation/random.hpp"

#include "clones.hpp"

#include <Random123/philox.h>
#include <algorithm>
#include <atomic>
#include <bit>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lexsim::sim {

uint64_t Stream::bits(uint64_t trial, uint32_t draw) const {
    r123::Philox4x32 rng;
    r123::Philox4x32::ctr_type ctr = {
        {static_cast<uint32_t>(trial), static_cast<uint32_t>(trial >> 32), draw, 0}};
    r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed ^ (seed >> 32)), stream}};
    // Use both key words fully: the high half of the seed enters through the counter's last word.
    ctr.v[3] = static_cast<uint32_t>(seed >> 32);
    key.v[0] = static_cast<uint32_t>(seed);
    r123::Philox4x32::ctr_type out = rng(ctr, key);
    return (static_cast<uint64_t>(out.v[0]) << 32) | out.v[1];
}

uint64_t Stream::bits(uint64_t trial, uint32_t entity, uint32_t draw) const {
    r123::Philox4x32 rng;
    r123::Philox4x32::ctr_type ctr = {
        {static_cast<uint32_t>(trial), entity, draw, static_cast<uint32_t>(seed >> 32)}};
    r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed), stream}};
    r123::Philox4x32::ctr_type out = rng(ctr, key);
    return (static_cast<uint64_t>(out.v[0]) << 32) | out.v[1];
}

double Stream::uniform(uint64_t trial, uint32_t entity, uint32_t draw) const {
    return static_cast<double>(bits(trial, entity, draw) >> 11) * 0x1.0p-53;
}

namespace {

// Philox4x32-10 on a block of counters at once, written as a struct of arrays so that the compiler runs
// the lanes in vector registers (32 x 32 -> 64-bit products are vpmuludq); the rounds are Random123's
// (philox.h: _philox4x32round, _philox4x32bumpkey), so every number is the one r123::Philox4x32 gives.
constexpr size_t lanes = 16;

inline void philox_rounds(uint32_t* x0, uint32_t* x1, uint32_t* x2, uint32_t* x3, uint32_t k0, uint32_t k1) {
    for (int round = 0; round < 10; ++round) {
        for (size_t i = 0; i < lanes; ++i) {
            uint64_t p0 = uint64_t{0xD2511F53} * x0[i];
            uint64_t p1 = uint64_t{0xCD9E8D57} * x2[i];
            uint32_t y0 = static_cast<uint32_t>(p1 >> 32) ^ x1[i] ^ k0;
            uint32_t y2 = static_cast<uint32_t>(p0 >> 32) ^ x3[i] ^ k1;
            x1[i] = static_cast<uint32_t>(p1);
            x3[i] = static_cast<uint32_t>(p0);
            x0[i] = y0;
            x2[i] = y2;
        }
        k0 += 0x9E3779B9;
        k1 += 0xBB67AE85;
    }
}

//! The 53-bit uniform of Stream::uniform from the first two output words.
//! The int64 → double conversion is done on bit patterns (exactly: the low 52 bits as 2^52 + low − 2^52,
//! plus 2^52 for bit 52), which vectorises without AVX-512DQ's vcvtqq2pd.
inline void to_uniforms(const uint32_t* x0, const uint32_t* x1, double* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        uint64_t b = ((static_cast<uint64_t>(x0[i]) << 32) | x1[i]) >> 11;
        double low = std::bit_cast<double>(0x4330000000000000 | (b & 0x000fffffffffffff)) - 0x1.0p52;
        double high = std::bit_cast<double>((b >> 52) * 0x4330000000000000); // 0 or 2^52
        out[i] = (low + high) * 0x1.0p-53;
    }
}

//! The counters of entities first + b + i, i < lanes: (c0, first + b + i, c2, c3), the entity word
//! wrapping as a uint32_t does (uniforms_by_entity and uniform_pairs_by_entity share it).
inline void entity_counters(uint32_t c0, uint32_t first, uint32_t c2, uint32_t c3, uint32_t* x0, uint32_t* x1,
                            uint32_t* x2, uint32_t* x3) {
    for (size_t i = 0; i < lanes; ++i) {
        x0[i] = c0;
        x1[i] = first + static_cast<uint32_t>(i);
        x2[i] = c2;
        x3[i] = c3;
    }
}

//! Counters (c0, first + i, c2, c3), key (k0, k1).
LEXSIM_CLONES void uniforms_by_entity(uint32_t c0, uint32_t first, uint32_t c2, uint32_t c3, uint32_t k0,
                                      uint32_t k1, double* out, size_t count) {
    for (size_t b = 0; b < count; b += lanes) {
        uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
        entity_counters(c0, first + static_cast<uint32_t>(b), c2, c3, x0, x1, x2, x3);
        philox_rounds(x0, x1, x2, x3, k0, k1);
        to_uniforms(x0, x1, out + b, std::min(lanes, count - b));
    }
}

#if defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
//! Philox4x32-10's rounds on N vectors of eight 64-bit lanes, each 32-bit word in the low half of a lane, so
//! that each 32 x 32 -> 64-bit product is one vpmuludq (GCC's vectorised philox_rounds emulates a 64-bit
//! multiply on 32-bit lanes instead); N independent chains overlap the multiplies' latencies. High halves
//! left by a round are ignored by the next products; callers mask them off. The rounds are Random123's.
template <int N>
[[gnu::always_inline]] __attribute__((target("avx512f"))) inline void
philox_rounds_avx512(__m512i (&x0)[N], __m512i (&x1)[N], __m512i (&x2)[N], __m512i (&x3)[N], uint32_t k0,
                     uint32_t k1) {
    const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
    for (int round = 0; round < 10; ++round) {
        const __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
        for (int j = 0; j < N; ++j) {
            __m512i p0 = _mm512_mul_epu32(x0[j], m0), p1 = _mm512_mul_epu32(x2[j], m1);
            x0[j] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), x1[j], key0, 0x96); // xor
            x2[j] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), x3[j], key1, 0x96);
            x1[j] = p1;
            x3[j] = p0;
        }
        k0 += 0x9E3779B9;
        k1 += 0xBB67AE85;
    }
}

//! 8 uniforms of (word w, word w + 1) held in the 64-bit lanes of hi and lo: 2^21 * hi + lo's top 21 bits,
//! the 53-bit integer, exact in double (the bits to_uniforms gives).
__attribute__((target("avx512f"))) inline __m512d lanes_to_uniforms(__m512i hi, __m512i lo) {
    const __m512i lo32 = _mm512_set1_epi64(0xffffffff);
    __m256i w0 = _mm512_cvtepi64_epi32(_mm512_and_si512(hi, lo32));
    __m256i w1 = _mm512_cvtepi64_epi32(_mm512_srli_epi64(_mm512_and_si512(lo, lo32), 11));
    __m512d d = _mm512_add_pd(_mm512_mul_pd(_mm512_cvtepu32_pd(w0), _mm512_set1_pd(0x1.0p21)),
                              _mm512_cvtepu32_pd(w1));
    return _mm512_mul_pd(d, _mm512_set1_pd(0x1.0p-53));
}

//! uniforms_by_entity (out2 null) and uniform_pairs_by_entity with AVX-512F intrinsics, 32 entities at a
//! time (philox_rounds_avx512 on four vectors); the high halves of the lanes are masked off at the end. The
//! numbers are Random123's, bit for bit (tests/simulation/random_test.cpp).
__attribute__((target("avx512f"))) void philox_by_entity_avx512(uint32_t c0, uint32_t first, uint32_t c2,
                                                                uint32_t c3, uint32_t k0, uint32_t k1,
                                                                double* out1, double* out2, size_t count) {
    constexpr int vecs = 4;
    constexpr size_t block = 8 * vecs;
    const __m512i lane = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    for (size_t b = 0; b < count; b += block) {
        __m512i x0[vecs], x1[vecs], x2[vecs], x3[vecs];
        for (int h = 0; h < vecs; ++h) {
            // The entity word's carry out of 32 bits lands in the high half, which nothing reads.
            x0[h] = _mm512_set1_epi64(c0);
            x1[h] = _mm512_add_epi64(_mm512_set1_epi64(first + static_cast<uint32_t>(b) + 8 * h), lane);
            x2[h] = _mm512_set1_epi64(c2);
            x3[h] = _mm512_set1_epi64(c3);
        }
        philox_rounds_avx512(x0, x1, x2, x3, k0, k1);
        const size_t n = std::min(block, count - b);
        alignas(64) double u1[block], u2[block];
        double* to1 = n == block ? out1 + b : u1;
        double* to2 = n == block && out2 ? out2 + b : u2;
        for (int h = 0; h < vecs; ++h) {
            _mm512_storeu_pd(to1 + 8 * h, lanes_to_uniforms(x0[h], x1[h]));
            if (out2)
                _mm512_storeu_pd(to2 + 8 * h, lanes_to_uniforms(x2[h], x3[h]));
        }
        if (n < block) {
            std::copy(u1, u1 + n, out1 + b);
            if (out2)
                std::copy(u2, u2 + n, out2 + b);
        }
    }
}
#pragma GCC diagnostic pop
#endif

//! Counters (c0, c1, draws[i], c3), key (k0, k1).
LEXSIM_CLONES void uniforms_by_draw(uint32_t c0, uint32_t c1, const uint32_t* draws, uint32_t c3, uint32_t k0,
                                    uint32_t k1, double* out, size_t count) {
    for (size_t b = 0; b < count; b += lanes) {
        uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
        size_t n = std::min(lanes, count - b);
        for (size_t i = 0; i < lanes; ++i) {
            x0[i] = c0;
            x1[i] = c1;
            x2[i] = i < n ? draws[b + i] : 0;
            x3[i] = c3;
        }
        philox_rounds(x0, x1, x2, x3, k0, k1);
        to_uniforms(x0, x1, out + b, n);
    }
}

//! Counters (c0, first + i, c2, c3), key (k0, k1): two uniforms from each number, words 0–1 and 2–3.
LEXSIM_CLONES void uniform_pairs_by_entity(uint32_t c0, uint32_t first, uint32_t c2, uint32_t c3, uint32_t k0,
                                           uint32_t k1, double* out1, double* out2, size_t count) {
    for (size_t b = 0; b < count; b += lanes) {
        uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
        entity_counters(c0, first + static_cast<uint32_t>(b), c2, c3, x0, x1, x2, x3);
        philox_rounds(x0, x1, x2, x3, k0, k1);
        size_t n = std::min(lanes, count - b);
        to_uniforms(x0, x1, out1 + b, n);
        to_uniforms(x2, x3, out2 + b, n);
    }
}

//! Counters (first + i, draws[k], c3) for trials i < trials and draws k < count, key (k0, k1):
//! out[k * trials + i], the lanes running over trials. The trial's two counter words and the conversion to
//! a double are written lane-wise too (a 53-bit integer as 2^21 · high word + low word's top 21 bits:
//! both exact, so the sum is the number to_uniforms gives).
LEXSIM_CLONES void uniforms_over_trials(uint64_t first, size_t trials, const uint32_t* draws, size_t count,
                                        uint32_t c3, uint32_t k0, uint32_t k1, double* out) {
    for (size_t b = 0; b < trials; b += lanes) {
        const size_t n = std::min(lanes, trials - b);
        const auto low = static_cast<uint32_t>(first + b), high = static_cast<uint32_t>((first + b) >> 32);
        for (size_t k = 0; k < count; ++k) {
            uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
            for (size_t i = 0; i < lanes; ++i) {
                x0[i] = low + static_cast<uint32_t>(i);
                x1[i] = high + (x0[i] < low ? 1 : 0); // the low word wrapped
                x2[i] = draws[k];
                x3[i] = c3;
            }
            philox_rounds(x0, x1, x2, x3, k0, k1);
            double u[lanes];
            for (size_t i = 0; i < lanes; ++i)
                u[i] = (static_cast<double>(x0[i]) * 0x1.0p21 + static_cast<double>(x1[i] >> 11)) * 0x1.0p-53;
            std::copy(u, u + n, out + k * trials + b);
        }
    }
}

//! Stream::uniforms_paired16's generic version: two draws per 16 Philox lanes, lane i of draw k + i / 8 on
//! the counter (pair + i % 8, draws[k + i / 8], c3), key (k0, k1); words 0–1 give trial i % 8 of the block
//! and words 2–3 trial 8 + i % 8.
LEXSIM_CLONES void uniforms_paired(uint64_t pair, const uint32_t* draws, size_t count, uint32_t c3,
                                   uint32_t k0, uint32_t k1, double* out) {
    const auto low = static_cast<uint32_t>(pair), high = static_cast<uint32_t>(pair >> 32);
    for (size_t k = 0; k < count; k += 2) {
        uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
        const uint32_t second = k + 1 < count ? draws[k + 1] : draws[k];
        for (size_t i = 0; i < lanes; ++i) {
            x0[i] = low + static_cast<uint32_t>(i % 8);
            x1[i] = high + (x0[i] < low ? 1 : 0); // the low word wrapped
            x2[i] = i < 8 ? draws[k] : second;
            x3[i] = c3;
        }
        philox_rounds(x0, x1, x2, x3, k0, k1);
        double u[2][lanes];
        for (size_t i = 0; i < lanes; ++i) {
            u[0][i] = (static_cast<double>(x0[i]) * 0x1.0p21 + static_cast<double>(x1[i] >> 11)) * 0x1.0p-53;
            u[1][i] = (static_cast<double>(x2[i]) * 0x1.0p21 + static_cast<double>(x3[i] >> 11)) * 0x1.0p-53;
        }
        for (size_t j = 0; j < 2 && k + j < count; ++j) { // draw k + j: lanes 8j .. 8j + 8 of both halves
            std::copy(u[0] + 8 * j, u[0] + 8 * j + 8, out + (k + j) * lanes);
            std::copy(u[1] + 8 * j, u[1] + 8 * j + 8, out + (k + j) * lanes + 8);
        }
    }
}

#if defined(__x86_64__)
// GCC 12's avx512fintrin.h starts some conversions from _mm512_undefined_*, which -Wuninitialized flags.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
//! D draws of the block at once (2·D independent vectors, so that the rounds' multiply latencies overlap):
//! draws[0..D) into out + k · stride.
template <int D>
[[gnu::always_inline]] __attribute__((target("avx512f"))) inline void
philox_draws16(const __m512i (&t0)[2], const __m512i (&t1)[2], const uint32_t* draws, uint32_t c3,
               uint32_t k0, uint32_t k1, double* out, size_t stride, size_t n) {
    const __m512i lo32 = _mm512_set1_epi64(0xffffffff);
    __m512i x0[2 * D], x1[2 * D], x2[2 * D], x3[2 * D];
    for (int j = 0; j < 2 * D; ++j) {
        x0[j] = t0[j % 2];
        x1[j] = t1[j % 2];
        x2[j] = _mm512_set1_epi64(draws[j / 2]);
        x3[j] = _mm512_set1_epi64(c3);
    }
    philox_rounds_avx512(x0, x1, x2, x3, k0, k1);
    for (int k = 0; k < D; ++k) {
        alignas(64) double u[16];
        double* to = n == 16 ? out + static_cast<size_t>(k) * stride : u; // a whole block: stored in place
        for (int h = 0; h < 2; ++h) {
            // 2^21 * first word + top 21 bits of the second: the 53-bit integer, exact in double.
            const int j = 2 * k + h;
            __m256i w0 = _mm512_cvtepi64_epi32(_mm512_and_si512(x0[j], lo32));
            __m256i w1 = _mm512_cvtepi64_epi32(_mm512_srli_epi64(_mm512_and_si512(x1[j], lo32), 11));
            __m512d d = _mm512_add_pd(_mm512_mul_pd(_mm512_cvtepu32_pd(w0), _mm512_set1_pd(0x1.0p21)),
                                      _mm512_cvtepu32_pd(w1));
            _mm512_storeu_pd(to + 8 * h, _mm512_mul_pd(d, _mm512_set1_pd(0x1.0p-53)));
        }
        if (n < 16) // a call to memmove: 5% of the schedule loop when it was made for every draw
            std::copy(u, u + n, out + static_cast<size_t>(k) * stride);
    }
}

//! uniforms_over_trials for one block of 16 trials from (low, high) counter words, with AVX-512F
//! intrinsics: two vectors of eight 64-bit lanes per draw, each holding one 32-bit word, so that Philox's
//! 32 x 32 -> 64-bit products are one vpmuludq each (the compiler, given uint32 lanes, emulates a 64-bit
//! multiply instead, about six times slower). High halves left over by a round are ignored by the next
//! products and masked off at the end. Two draws at a time. The numbers are Random123's, bit for bit
//! (tests/simulation).
__attribute__((target("avx512f"))) void uniforms_block16(uint32_t low, uint32_t high, const uint32_t* draws,
                                                         size_t count, uint32_t c3, uint32_t k0, uint32_t k1,
                                                         double* out, size_t stride, size_t n) {
    const __m512i lo32 = _mm512_set1_epi64(0xffffffff);
    __m512i t0[2], t1[2];
    for (int64_t h = 0; h < 2; ++h) {
        __m512i x = _mm512_add_epi64(_mm512_set1_epi64(low),
                                     _mm512_set_epi64(7 + 8 * h, 6 + 8 * h, 5 + 8 * h, 4 + 8 * h, 3 + 8 * h,
                                                      2 + 8 * h, 1 + 8 * h, 8 * h));
        t0[h] = _mm512_and_si512(x, lo32);
        t1[h] = _mm512_add_epi64(_mm512_set1_epi64(high), _mm512_srli_epi64(x, 32)); // the low word's carry
    }
    size_t k = 0;
    for (; k + 2 <= count; k += 2)
        philox_draws16<2>(t0, t1, draws + k, c3, k0, k1, out + k * stride, stride, n);
    if (k < count)
        philox_draws16<1>(t0, t1, draws + k, c3, k0, k1, out + k * stride, stride, n);
}

//! uniforms_paired with AVX-512F intrinsics: one vector of eight 64-bit lanes per draw (each word in the low
//! half of a lane, so that Philox's products are one vpmuludq), D draws at once as independent chains; words
//! 0–1 are the block's first eight trials, words 2–3 the next eight.
template <int D>
[[gnu::always_inline]] __attribute__((target("avx512f"))) inline void
philox_paired16(__m512i t0, __m512i t1, const uint32_t* draws, uint32_t c3, uint32_t k0, uint32_t k1,
                double* out) {
    __m512i x0[D], x1[D], x2[D], x3[D];
    for (int j = 0; j < D; ++j) {
        x0[j] = t0;
        x1[j] = t1;
        x2[j] = _mm512_set1_epi64(draws[j]);
        x3[j] = _mm512_set1_epi64(c3);
    }
    philox_rounds_avx512(x0, x1, x2, x3, k0, k1);
    for (int j = 0; j < D; ++j) {
        _mm512_storeu_pd(out + 16 * j, lanes_to_uniforms(x0[j], x1[j]));
        _mm512_storeu_pd(out + 16 * j + 8, lanes_to_uniforms(x2[j], x3[j]));
    }
}

__attribute__((target("avx512f"))) void uniforms_paired_avx512(uint64_t pair, const uint32_t* draws,
                                                               size_t count, uint32_t c3, uint32_t k0,
                                                               uint32_t k1, double* out) {
    const __m512i lo32 = _mm512_set1_epi64(0xffffffff);
    const __m512i x = _mm512_add_epi64(_mm512_set1_epi64(static_cast<int64_t>(pair & 0xffffffff)),
                                       _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    const __m512i t0 = _mm512_and_si512(x, lo32);
    const __m512i t1 = _mm512_add_epi64(_mm512_set1_epi64(static_cast<int64_t>(pair >> 32)),
                                        _mm512_srli_epi64(x, 32)); // the low word's carry
    size_t k = 0;
    for (; k + 4 <= count; k += 4)
        philox_paired16<4>(t0, t1, draws + k, c3, k0, k1, out + k * 16);
    for (; k < count; ++k)
        philox_paired16<1>(t0, t1, draws + k, c3, k0, k1, out + k * 16);
}
#pragma GCC diagnostic pop
#endif

} // namespace

namespace {
std::atomic<bool> by_entity_avx512_allowed{true};

//! Whether the per-entity draws take philox_by_entity_avx512: the CPU has AVX-512F and no test said no.
bool entity_avx512() {
#if defined(__x86_64__)
    static const bool cpu = __builtin_cpu_supports("avx512f");
    return cpu && by_entity_avx512_allowed.load(std::memory_order_relaxed);
#else
    return false;
#endif
}
} // namespace

void allow_avx512_by_entity(bool allowed) {
    by_entity_avx512_allowed.store(allowed, std::memory_order_relaxed);
}

std::pair<double, double> Stream::uniform_pair(uint64_t trial, uint32_t entity, uint32_t draw) const {
    r123::Philox4x32 rng;
    r123::Philox4x32::ctr_type ctr = {
        {static_cast<uint32_t>(trial), entity, draw, static_cast<uint32_t>(seed >> 32)}};
    r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed), stream}};
    r123::Philox4x32::ctr_type out = rng(ctr, key);
    auto first = ((static_cast<uint64_t>(out.v[0]) << 32) | out.v[1]) >> 11;
    auto second = ((static_cast<uint64_t>(out.v[2]) << 32) | out.v[3]) >> 11;
    return {static_cast<double>(first) * 0x1.0p-53, static_cast<double>(second) * 0x1.0p-53};
}

void Stream::uniform_pairs(uint64_t trial, uint32_t first_entity, uint32_t draw, double* out1, double* out2,
                           size_t count) const {
    const auto c0 = static_cast<uint32_t>(trial), c3 = static_cast<uint32_t>(seed >> 32),
               k0 = static_cast<uint32_t>(seed);
#if defined(__x86_64__)
    if (entity_avx512()) {
        philox_by_entity_avx512(c0, first_entity, draw, c3, k0, stream, out1, out2, count);
        return;
    }
#endif
    uniform_pairs_by_entity(c0, first_entity, draw, c3, k0, stream, out1, out2, count);
}

void Stream::uniforms(uint64_t trial, const uint32_t* draws, double* out, size_t count) const {
    // bits(trial, draw)'s counter (trial, draw, high half of the seed) and key (low half, stream).
    uniforms_by_draw(static_cast<uint32_t>(trial), static_cast<uint32_t>(trial >> 32), draws,
                     static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(seed), stream, out, count);
}

void Stream::uniforms(uint64_t trial, uint32_t first_entity, uint32_t draw, double* out, size_t count) const {
    // bits(trial, entity, draw)'s counter and key, the entity word counting up.
    const auto c0 = static_cast<uint32_t>(trial), c3 = static_cast<uint32_t>(seed >> 32),
               k0 = static_cast<uint32_t>(seed);
#if defined(__x86_64__)
    if (entity_avx512()) {
        philox_by_entity_avx512(c0, first_entity, draw, c3, k0, stream, out, nullptr, count);
        return;
    }
#endif
    uniforms_by_entity(c0, first_entity, draw, c3, k0, stream, out, count);
}

void Stream::uniforms_by_trial(uint64_t first_trial, size_t trials, const uint32_t* draws, size_t count,
                               double* out) const {
    // bits(trial, draw)'s counter and key, the trial counting up.
    const auto c3 = static_cast<uint32_t>(seed >> 32), k0 = static_cast<uint32_t>(seed);
#if defined(__x86_64__)
    static const bool avx512 = __builtin_cpu_supports("avx512f");
    if (avx512) {
        for (size_t b = 0; b < trials; b += 16)
            uniforms_block16(static_cast<uint32_t>(first_trial + b),
                             static_cast<uint32_t>((first_trial + b) >> 32), draws, count, c3, k0, stream,
                             out + b, trials, std::min<size_t>(16, trials - b));
        return;
    }
#endif
    uniforms_over_trials(first_trial, trials, draws, count, c3, k0, stream, out);
}

double Stream::uniform(uint64_t trial, uint32_t draw) const {
    return static_cast<double>(bits(trial, draw) >> 11) * 0x1.0p-53;
}

double Stream::uniform_paired(uint64_t trial, uint32_t draw) const {
    const uint64_t pair = (trial >> 4 << 3) | (trial & 7);
    r123::Philox4x32 rng;
    r123::Philox4x32::ctr_type ctr = {{static_cast<uint32_t>(pair), static_cast<uint32_t>(pair >> 32), draw,
                                       static_cast<uint32_t>(seed >> 32)}};
    r123::Philox4x32::key_type key = {{static_cast<uint32_t>(seed), stream}};
    r123::Philox4x32::ctr_type out = rng(ctr, key);
    const size_t w = (trial & 8) != 0 ? 2 : 0;
    const uint64_t b = ((static_cast<uint64_t>(out.v[w]) << 32) | out.v[w + 1]) >> 11;
    return static_cast<double>(b) * 0x1.0p-53;
}

void Stream::uniforms_paired16(uint64_t first_trial, const uint32_t* draws, size_t count, double* out) const {
    const uint64_t pair = first_trial >> 1; // first_trial is a multiple of 16
    const auto c3 = static_cast<uint32_t>(seed >> 32), k0 = static_cast<uint32_t>(seed);
#if defined(__x86_64__)
    if (entity_avx512()) {
        uniforms_paired_avx512(pair, draws, count, c3, k0, stream, out);
        return;
    }
#endif
    uniforms_paired(pair, draws, count, c3, k0, stream, out);
}

} // namespace lexsim::sim
