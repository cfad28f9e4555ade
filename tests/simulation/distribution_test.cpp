// The sampled distributions: moments against their closed forms on 10^6 draws (tolerances from the
// standard error), and the exact bits of the first draws for a fixed key, so that any change to the
// stream (the generator, the uniforms, the maths of the normal family) shows here first.
#include "lexsim/simulation/distribution.hpp"
#include "lexsim/simulation/random.hpp"

#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

using lexsim::sim::Distribution;
using lexsim::sim::Stream;

namespace {

constexpr size_t draws = 1'000'000;

//! 10^6 draws of d, a chunk of 4096 entities at a time, as the trial worker draws them.
std::vector<double> sample(const Distribution& d, uint32_t draw) {
    Stream st{20240226, 3};
    std::vector<double> out(draws), u1(4096), u2(4096);
    for (size_t b = 0; b < draws; b += 4096) {
        size_t n = std::min<size_t>(4096, draws - b);
        st.uniform_pairs(0, static_cast<uint32_t>(b), draw, u1.data(), u2.data(), n);
        d.sample(u1.data(), u2.data(), out.data() + b, n);
    }
    return out;
}

struct Moments {
    double mean = 0, variance = 0, skewness = 0;
};

Moments moments(const std::vector<double>& x) {
    double n = static_cast<double>(x.size()), sum = 0;
    for (double v : x)
        sum += v;
    Moments m;
    m.mean = sum / n;
    double m2 = 0, m3 = 0;
    for (double v : x) {
        double d = v - m.mean;
        m2 += d * d;
        m3 += d * d * d;
    }
    m.variance = m2 / (n - 1);
    m.skewness = (m3 / n) / std::pow(m2 / n, 1.5);
    return m;
}

} // namespace

TEST_CASE("distributions: normal moments on 10^6 draws within 4 standard errors", "[simulation][random]") {
    const double mu = 1.5, sigma = 2.0, n = draws;
    Moments m = moments(sample(Distribution::normal(mu, sigma), 0x01000004u));
    CHECK(std::abs(m.mean - mu) < 4 * sigma / std::sqrt(n));
    // Var of the sample variance of a normal: 2σ⁴/(n − 1); of the skewness: 6/n.
    CHECK(std::abs(m.variance - sigma * sigma) < 4 * sigma * sigma * std::sqrt(2 / (n - 1)));
    CHECK(std::abs(m.skewness) < 4 * std::sqrt(6 / n));
}

TEST_CASE("distributions: log-normal moments on 10^6 draws within 4 standard errors",
          "[simulation][random]") {
    const double median = 3.0e6, s = 0.5, n = draws;
    std::vector<double> x = sample(Distribution::lognormal(median, s), 0x01000006u);
    Moments m = moments(x);
    const double w = std::exp(s * s);
    const double mean = median * std::sqrt(w), variance = median * median * w * (w - 1);
    CHECK(std::abs(m.mean - mean) < 4 * std::sqrt(variance / n));
    // The logs are normal(log median, s): their mean and variance have the normal's standard errors.
    std::vector<double> logs(x.size());
    for (size_t i = 0; i < x.size(); ++i)
        logs[i] = std::log(x[i]);
    Moments l = moments(logs);
    CHECK(std::abs(l.mean - std::log(median)) < 4 * s / std::sqrt(n));
    CHECK(std::abs(l.variance - s * s) < 4 * s * s * std::sqrt(2 / (n - 1)));
    CHECK(m.mean == Approx(Distribution::lognormal(median, s).mean()).epsilon(4 * std::sqrt(w - 1) / 1000));
}

TEST_CASE("distributions: the normal family's maths agrees with the C library to about 1e-15",
          "[simulation][random]") {
    // Every 2^-20 in [0, 1) plus the ends: Box–Muller against glibc's log, cos and sqrt (and exp).
    Distribution z = Distribution::normal(0, 1), e = Distribution::lognormal(1, 1);
    const double two_pi = 6.283185307179586;
    for (double u : {0.0, 0x1p-53, 0.25, 0.5, 0.75, 1 - 0x1p-53}) {
        for (double v : {0.0, 0x1p-53, 0.125, 0.25, 0.375, 0.5, 0.75, 1 - 0x1p-53}) {
            double expect = std::sqrt(-2 * std::log(1 - u)) * std::cos(two_pi * v);
            // glibc's cos(2π·v) carries the rounding of 2π·v (about r · 2^-51 near a zero of the cosine, r up
            // to 8.6); the quadrant reduction here is exact there.
            CHECK(z.sample(u, v) == Approx(expect).epsilon(1e-15).margin(2e-14));
        }
    }
    for (uint32_t k = 0; k < (1u << 20); k += 7) {
        double u = k * 0x1p-20, v = (k ^ 0x5a5a5) * 0x1p-20;
        double expect = std::sqrt(-2 * std::log(1 - u)) * std::cos(two_pi * v);
        double got = z.sample(u, v);
        REQUIRE(std::abs(got - expect) <= 2e-15 * std::max(1.0, std::abs(expect)));
        REQUIRE(e.sample(u, v) == Approx(std::exp(got)).epsilon(1e-15));
    }
}

TEST_CASE("distributions: the first draws for a fixed key, bit for bit", "[simulation][random]") {
    // Seed 20240226, stream 3, trial 7, entities 0x01000000 + i, draw 0x01000004: the uniforms of one Philox
    // number per entity, then normal(0, 1) and lognormal(2 × 10^7, 0.8). A change here changes every
    // published figure: regenerate the goldens and say why in the commit.
    Stream st{20240226, 3};
    std::vector<double> u1(8), u2(8), z(8), y(8);
    st.uniform_pairs(7, 0x01000000u, 0x01000004u, u1.data(), u2.data(), 8);
    Distribution::normal(0, 1).sample(u1.data(), u2.data(), z.data(), 8);
    Distribution::lognormal(2e7, 0.8).sample(u1.data(), u2.data(), y.data(), 8);
    const uint64_t golden_z[8] = {0xbfe18f901b3f4681, 0xbfbab5a7057b311d, 0xbfe7de88b949cb3e,
                                  0x3fce29aa705ce318, 0xbfe0a8ac14e6faf7, 0x3fe6c2cf7ff6d270,
                                  0xbfec4bc16c9d1d9c, 0x3ffc5acdd431e1cd};
    const uint64_t golden_y[8] = {0x41689796030d0d10, 0x41718bcd4d5854c1, 0x416501086e66845c,
                                  0x417707ca5c47a45f, 0x416927269cac35fa, 0x4180d8d94e7804db,
                                  0x4162cdb8cc5e38b6, 0x4193aec55a28789a};
    for (size_t i = 0; i < 8; ++i) {
        auto [a, b] = st.uniform_pair(7, 0x01000000u + static_cast<uint32_t>(i), 0x01000004u);
        CHECK(std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(u1[i]));
        CHECK(std::bit_cast<uint64_t>(b) == std::bit_cast<uint64_t>(u2[i]));
        CHECK(a == st.uniform(7, 0x01000000u + static_cast<uint32_t>(i), 0x01000004u));
        CHECK(std::bit_cast<uint64_t>(z[i]) == golden_z[i]);
        CHECK(std::bit_cast<uint64_t>(y[i]) == golden_y[i]);
        // The scalar form gives the array form's bits.
        CHECK(std::bit_cast<uint64_t>(Distribution::normal(0, 1).sample(a, b)) == golden_z[i]);
    }
}
