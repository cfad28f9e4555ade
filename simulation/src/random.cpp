#include "lexsim/simulation/random.hpp"

#include <Random123/philox.h>
#include <algorithm>
#include <bit>

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

// One version per instruction set, picked at load time by an ifunc resolver. The resolver runs before
// ThreadSanitizer's runtime is up and crashes a TSan build at start-up, so that build keeps the default only.
#if defined(__SANITIZE_THREAD__)
#define LEXSIM_CLONES
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LEXSIM_CLONES
#endif
#endif
#ifndef LEXSIM_CLONES
#define LEXSIM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

//! Counters (c0, first + i, c2, c3), key (k0, k1).
LEXSIM_CLONES void uniforms_by_entity(uint32_t c0, uint32_t first, uint32_t c2, uint32_t c3, uint32_t k0,
                                      uint32_t k1, double* out, size_t count) {
    for (size_t b = 0; b < count; b += lanes) {
        uint32_t x0[lanes], x1[lanes], x2[lanes], x3[lanes];
        for (size_t i = 0; i < lanes; ++i) {
            x0[i] = c0;
            x1[i] = first + static_cast<uint32_t>(b + i);
            x2[i] = c2;
            x3[i] = c3;
        }
        philox_rounds(x0, x1, x2, x3, k0, k1);
        to_uniforms(x0, x1, out + b, std::min(lanes, count - b));
    }
}

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
        for (size_t i = 0; i < lanes; ++i) {
            x0[i] = c0;
            x1[i] = first + static_cast<uint32_t>(b + i);
            x2[i] = c2;
            x3[i] = c3;
        }
        philox_rounds(x0, x1, x2, x3, k0, k1);
        size_t n = std::min(lanes, count - b);
        to_uniforms(x0, x1, out1 + b, n);
        to_uniforms(x2, x3, out2 + b, n);
    }
}

} // namespace

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
    uniform_pairs_by_entity(static_cast<uint32_t>(trial), first_entity, draw,
                            static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(seed), stream, out1,
                            out2, count);
}

void Stream::uniforms(uint64_t trial, const uint32_t* draws, double* out, size_t count) const {
    // bits(trial, draw)'s counter (trial, draw, high half of the seed) and key (low half, stream).
    uniforms_by_draw(static_cast<uint32_t>(trial), static_cast<uint32_t>(trial >> 32), draws,
                     static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(seed), stream, out, count);
}

void Stream::uniforms(uint64_t trial, uint32_t first_entity, uint32_t draw, double* out, size_t count) const {
    // bits(trial, entity, draw)'s counter and key, the entity word counting up.
    uniforms_by_entity(static_cast<uint32_t>(trial), first_entity, draw, static_cast<uint32_t>(seed >> 32),
                       static_cast<uint32_t>(seed), stream, out, count);
}

double Stream::uniform(uint64_t trial, uint32_t draw) const {
    return static_cast<double>(bits(trial, draw) >> 11) * 0x1.0p-53;
}

} // namespace lexsim::sim
