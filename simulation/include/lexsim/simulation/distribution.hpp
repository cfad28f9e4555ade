#pragma once
/**
 * @brief The distributions a scenario draws from, as plain values.
 *
 * A Distribution turns uniform numbers in [0, 1) into a value in the scenario's own units (yuan for
 * money, a fraction for a rate, a count for an int). Sampling is by inverse transform (Box–Muller for
 * the normal family) on the caller's uniforms, never on std:: distributions, so a draw is the same
 * on every standard library and every thread.
 *
 *     sim::Distribution d = sim::Distribution::lognormal(2'000'000, 0.8);
 *     double yuan = d.sample(u1, u2);
 *     double p90 = d.quantile(0.9);
 */
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lexsim::sim {

struct Distribution {
    enum class Kind : uint8_t { Fixed, Bernoulli, Categorical, Uniform, Normal, LogNormal, Triangular };
    Kind kind = Kind::Fixed;
    double a =
        0; //!< Fixed: value · Bernoulli: p · Uniform/Triangular: low · Normal: mean · LogNormal: median
    double b = 0; //!< Uniform/Triangular: high · Normal: sd · LogNormal: spread (sd of the log)
    double c = 0; //!< Triangular: mode
    //! Categorical: (value, cumulative weight), the last weight 1.
    std::vector<std::pair<int64_t, double>> categories;

    static Distribution fixed(double v) { return {Kind::Fixed, v, 0, 0, {}}; }
    static Distribution bernoulli(double p) { return {Kind::Bernoulli, p, 0, 0, {}}; }
    static Distribution uniform(double lo, double hi) { return {Kind::Uniform, lo, hi, 0, {}}; }
    static Distribution normal(double mean, double sd) { return {Kind::Normal, mean, sd, 0, {}}; }
    static Distribution lognormal(double median, double spread) {
        return {Kind::LogNormal, median, spread, 0, {}};
    }
    static Distribution triangular(double lo, double mode, double hi) {
        return {Kind::Triangular, lo, hi, mode, {}};
    }

    bool random() const { return kind != Kind::Fixed; }
    //! A draw from two independent uniforms on [0, 1) (the second is used by the normal family only).
    double sample(double u1, double u2) const;
    //! Whether sample() reads its second uniform (the normal family, by Box–Muller).
    bool uses_second() const { return kind == Kind::Normal || kind == Kind::LogNormal; }
    //! out[i] = sample(u1[i], u2[i]) for i < n, the kind decided once for the array (u2 may be null
    //! unless uses_second()).
    void sample(const double* u1, const double* u2, double* out, size_t n) const;
    //! The q-quantile (0 < q < 1), for the sensitivity table's low and high values.
    double quantile(double q) const;
    //! The mean, where it has a closed form (tests).
    double mean() const;
};

//! Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
double normal_quantile(double p);

//! Applicants per year: a fixed number, Poisson(mean) or negative binomial(mean, dispersion k).
struct CountModel {
    enum class Kind : uint8_t { Fixed, Poisson, NegativeBinomial };
    Kind kind = Kind::Fixed;
    double mean = 0;
    double dispersion = 1; //!< k: variance = mean + mean² / k
    //! A draw by inversion from one uniform, with the mean scaled by `factor` (growth).
    int64_t sample(double u, double factor = 1.0) const;
};

} // namespace lexsim::sim
