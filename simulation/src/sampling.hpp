#pragma once
// Vectorisable, deterministic maths for the normal family: Box–Muller's log, sqrt and cos and the
// log-normal's exp over arrays of a chunk's uniforms, written with +, -, *, / and sqrt only (IEEE
// operations, correctly rounded on every x86-64), so every instruction-set variant of a loop gives the
// same bits. sampling.cpp is compiled with -ffp-contract=off: no fused multiply-add may change a
// rounding. The polynomials are fdlibm's (musl's log, __sin, __cos and exp), accurate to about 1 ulp.
// Also the conversion of a chunk's drawn values to the rules' integers (fen, millionths, codes).
// Private to simulation/src.
#include "lexsim/simulation/distribution.hpp"

#include <cstddef>
#include <cstdint>

namespace lexsim::rules {
enum class TypeKind : uint8_t;
}

namespace lexsim::sim::sampling {

//! z[i] = sqrt(-2 log(1 - u1[i])) · cos(2π u2[i]) for uniforms in [0, 1): Box–Muller's standard normal.
void standard_normals(const double* u1, const double* u2, double* z, size_t n);
//! out[i] = mean + sd · z[i], z the standard normal of (u1[i], u2[i]).
void normals(double mean, double sd, const double* u1, const double* u2, double* out, size_t n);
//! out[i] = median · exp(spread · z[i]), z the standard normal of (u1[i], u2[i]).
void lognormals(double median, double spread, const double* u1, const double* u2, double* out, size_t n);

//! out[i] = x[i] clamped to [0, 10^13] yuan, in fen rounded half away from zero: trial.cpp's
//! round_half_away(std::clamp(x, 0.0, 1e13) * 100.0), bit for bit, in vector registers (the integer
//! part and the conversion to int64 are exact bit-pattern arithmetic below 2^51).
void money_to_fen(const double* x, int64_t* out, size_t n);

//! std::llround (half away from zero) without a library call: exact for |y| < 2^63, since y minus its
//! truncation is exact (and 0 once |y| ≥ 2^52).
inline int64_t round_half_away(double y) {
    auto i = static_cast<int64_t>(y);
    double frac = y - static_cast<double>(i);
    return i + static_cast<int64_t>(frac >= 0.5) - static_cast<int64_t>(frac <= -0.5);
}
//! out[i] = to_rules_value(kind, x[i]) (value_spec.hpp), the kind decided once for the array.
void to_rules_values(rules::TypeKind kind, const double* x, int64_t* out, size_t n);
//! A discrete distribution's draws written straight as rules values: each outcome converted once (what
//! to_rules_values gives for it), then picked per row as Distribution::sample picks it (the first category
//! whose cumulative weight exceeds u, else the last; Bernoulli: 1 below p). False for the other kinds.
bool discrete_to_rules_values(const Distribution& d, rules::TypeKind kind, const double* u, int64_t* out,
                              size_t n);
//! discrete_to_rules_values into a byte column, for a distribution byte_valued for kind.
bool discrete_to_bytes(const Distribution& d, rules::TypeKind kind, const double* u, uint8_t* out, size_t n);
//! Whether every rules value of kind that a draw from d can give is in 0..255: booleans, and enum codes
//! of a fixed, Bernoulli or categorical distribution.
bool byte_valued(const Distribution& d, rules::TypeKind kind);

//! The scalar forms, the same bits as the array forms at one element.
double standard_normal(double u1, double u2);
double exp(double x);
double log(double x); //!< for x > 0 normal (not subnormal, infinite or NaN)
//! cos(2π u) for u in [0, 1).
double cos_two_pi(double u);

} // namespace lexsim::sim::sampling
