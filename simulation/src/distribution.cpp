#include "lexsim/simulation/distribution.hpp"

#include "sampling.hpp"

#include <algorithm>
#include <cmath>

namespace lexsim::sim {

double normal_quantile(double p) {
    // Peter Acklam's algorithm: a rational approximation in three regions.
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    p = std::clamp(p, 1e-300, 1.0 - 1e-16);
    constexpr double low = 0.02425;
    if (p < low) {
        double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
        double q = std::sqrt(-2 * std::log(1 - p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

namespace {

double triangular_quantile(double lo, double mode, double hi, double u) {
    double f = hi > lo ? (mode - lo) / (hi - lo) : 0.5;
    if (u < f)
        return lo + std::sqrt(u * (hi - lo) * (mode - lo));
    return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
}

} // namespace

double Distribution::sample(double u1, double u2) const {
    switch (kind) {
    case Kind::Fixed:
        return a;
    case Kind::Bernoulli:
        return u1 < a ? 1.0 : 0.0;
    case Kind::Categorical:
        for (const auto& [value, cumulative] : categories)
            if (u1 < cumulative)
                return static_cast<double>(value);
        return categories.empty() ? 0.0 : static_cast<double>(categories.back().first);
    case Kind::Uniform:
        return a + (b - a) * u1;
    case Kind::Normal:
    case Kind::LogNormal: {
        double x = 0;
        sample(&u1, &u2, &x, 1); // the array form's bits: one code path for the normal family
        return x;
    }
    case Kind::Triangular:
        return triangular_quantile(a, c, b, u1);
    }
    return a;
}

void Distribution::sample(const double* u1, const double* u2, double* out, size_t n) const {
    // The scalar formulas, with the switch hoisted out of the loop: bit for bit what sample(u1, u2) gives.
    // The normal family is Box–Muller on sampling.cpp's vectorised log, cos and exp (u1 in [0, 1) is
    // mapped into (0, 1]), the same bits on every x86-64 and in every instruction-set variant.
    switch (kind) {
    case Kind::Fixed:
        std::fill(out, out + n, a);
        return;
    case Kind::Uniform:
        for (size_t i = 0; i < n; ++i)
            out[i] = a + (b - a) * u1[i];
        return;
    case Kind::Bernoulli:
        for (size_t i = 0; i < n; ++i)
            out[i] = u1[i] < a ? 1.0 : 0.0;
        return;
    case Kind::Normal:
        sampling::normals(a, b, u1, u2, out, n);
        return;
    case Kind::LogNormal:
        sampling::lognormals(a, b, u1, u2, out, n);
        return;
    case Kind::Categorical:
        for (size_t i = 0; i < n; ++i) {
            double x = categories.empty() ? 0.0 : static_cast<double>(categories.back().first);
            for (const auto& [value, cumulative] : categories)
                if (u1[i] < cumulative) {
                    x = static_cast<double>(value);
                    break;
                }
            out[i] = x;
        }
        return;
    default:
        for (size_t i = 0; i < n; ++i)
            out[i] = sample(u1[i], 0.0);
    }
}

double Distribution::quantile(double q) const {
    switch (kind) {
    case Kind::Normal:
        return a + b * normal_quantile(q);
    case Kind::LogNormal:
        return a * std::exp(b * normal_quantile(q));
    case Kind::Bernoulli:
        return q < 1 - a ? 0.0 : 1.0;
    default:
        return sample(q, 0.0);
    }
}

double Distribution::mean() const {
    switch (kind) {
    case Kind::Fixed:
    case Kind::Normal:
    case Kind::Bernoulli:
        return a;
    case Kind::Uniform:
        return (a + b) / 2;
    case Kind::LogNormal:
        return a * std::exp(b * b / 2);
    case Kind::Triangular:
        return (a + b + c) / 3;
    case Kind::Categorical: {
        double m = 0, prev = 0;
        for (const auto& [value, cumulative] : categories) {
            m += static_cast<double>(value) * (cumulative - prev);
            prev = cumulative;
        }
        return m;
    }
    }
    return a;
}

int64_t CountModel::sample(double u, double factor) const {
    double m = mean * factor;
    if (kind == Kind::Fixed || m <= 0)
        return std::max<int64_t>(0, std::llround(m));
    // Inversion on the probability mass function's recurrence, in log space for P(0) so large means
    // do not underflow; capped well above any plausible number of applicants.
    double log_p0 = kind == Kind::Poisson ? -m : dispersion * std::log(dispersion / (dispersion + m));
    if (log_p0 < -700) // beyond double's range: the normal approximation is exact enough there
        return std::max<int64_t>(
            0, std::llround(m + std::sqrt(kind == Kind::Poisson ? m : m + m * m / dispersion) *
                                    normal_quantile(u)));
    double p = std::exp(log_p0), cdf = p;
    int64_t n = 0;
    while (u >= cdf && n < 10'000'000) {
        if (kind == Kind::Poisson)
            p *= m / static_cast<double>(n + 1);
        else
            p *= (static_cast<double>(n) + dispersion) / static_cast<double>(n + 1) * m / (dispersion + m);
        cdf += p;
        ++n;
        if (p <= 0 && cdf < u) // rounding: the tail is exhausted
            break;
    }
    return n;
}

} // namespace lexsim::sim
