#include "lexsim/simulation/random.hpp"

#include <Random123/philox.h>
#include <algorithm>

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
inline void to_uniforms(const uint32_t* x0, const uint32_t* x1, double* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        auto b = static_cast<int64_t>(((static_cast<uint64_t>(x0[i]) << 32) | x1[i]) >> 11);
        out[i] = static_cast<double>(b) * 0x1.0p-53;
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

} // namespace

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

void Stream::uniforms_by_trial(uint64_t first_trial, size_t trials, const uint32_t* draws, size_t count,
                               double* out) const {
    // bits(trial, draw)'s counter and key, the trial counting up.
    uniforms_over_trials(first_trial, trials, draws, count, static_cast<uint32_t>(seed >> 32),
                      static_cast<uint32_t>(seed), stream, out);
}

double Stream::uniform(uint64_t trial, uint32_t draw) const {
    return static_cast<double>(bits(trial, draw) >> 11) * 0x1.0p-53;
}

} // namespace lexsim::sim
