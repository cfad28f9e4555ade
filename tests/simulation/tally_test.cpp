// Tally: exact statistics below the cap, bounded memory and a stated quantile error above it, any order.
#include "lexsim/simulation/tally.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

using namespace lexsim;

namespace {

//! Deterministic values spread over five orders of magnitude, some negative, some zero (fen).
std::vector<int64_t> spread_values(size_t n) {
    std::vector<int64_t> out;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double u = static_cast<double>(x >> 11) / 9007199254740992.0;
        auto v = static_cast<int64_t>(std::llround(std::exp(4 + 12 * u)));
        out.push_back(i % 10 == 0 ? 0 : i % 7 == 0 ? -v : v);
    }
    return out;
}

int64_t exact_rank(std::vector<int64_t> v, double q) {
    std::sort(v.begin(), v.end());
    auto rank = static_cast<size_t>(std::max(1.0, std::ceil(q * static_cast<double>(v.size()) - 1e-9)));
    return v[rank - 1];
}

} // namespace

TEST_CASE("tally: exact mean, standard error and quantiles up to the cap", "[simulation][tally]") {
    sim::Tally t;
    for (int64_t v : {300, 100, 200, 400})
        t.add(v);
    sim::Summary s = t.summary({0.25});
    CHECK(s.mean == 250);
    // sd = sqrt(((−150)² + (−50)² + 50² + 150²) / 3) = 129.099…; se = sd / 2 = 64.55 → 65
    CHECK(s.se == 65);
    CHECK(s.p5 == 100);
    CHECK(s.p50 == 200);
    CHECK(s.p95 == 400);
    CHECK(s.quantiles == std::vector<std::pair<double, int64_t>>{{0.25, 100}});
    CHECK(s.exact_quantiles);
    CHECK(t.stored() == 4);

    std::vector<int64_t> v = spread_values(sim::Tally::exact_cap);
    sim::Tally full;
    for (int64_t x : v)
        full.add(x);
    REQUIRE(full.exact());
    for (double q : {0.05, 0.5, 0.95, 0.999})
        CHECK(full.quantile(q) == exact_rank(v, q));
}

TEST_CASE("tally: past the cap, quantiles are within 0.1% and memory stays bounded", "[simulation][tally]") {
    std::vector<int64_t> v = spread_values(60'000);
    sim::Tally t;
    for (size_t i = 0; i < v.size(); ++i) {
        t.add(v[i]);
        if (i + 1 == static_cast<size_t>(sim::Tally::exact_cap))
            CHECK(t.stored() == static_cast<size_t>(sim::Tally::exact_cap));
    }
    CHECK_FALSE(t.exact());
    // Values of |v| up to e^16 fen: at most ⌈ln(e^16) / ln γ⌉ + 1 ≈ 8 000 buckets per sign.
    CHECK(t.stored() < 2 * 8'100 + 1);
    sim::Tally more = t;
    for (int64_t x : spread_values(200'000))
        more.add(x);
    CHECK(more.stored() <= 2 * 8'100 + 1); // 260 000 values, no more counters than the value range needs
    for (double q : {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
        int64_t exact = exact_rank(v, q);
        INFO("q = " << q << ", exact " << exact << ", sketch " << t.quantile(q));
        CHECK(std::abs(static_cast<double>(t.quantile(q) - exact)) <=
              sim::Tally::relative_accuracy * std::abs(static_cast<double>(exact)) + 1);
    }
    // Mean and standard error stay exact past the cap.
    sim::Summary s = t.summary();
    CHECK_FALSE(s.exact_quantiles);
    long double sum = 0;
    for (int64_t x : v)
        sum += static_cast<long double>(x);
    CHECK(std::abs(static_cast<long double>(s.mean) - sum / v.size()) <= 0.5L);
}

TEST_CASE("tally: the same values in any order give the same summary", "[simulation][tally]") {
    std::vector<int64_t> v = spread_values(25'000);
    sim::Tally forward, backward;
    for (int64_t x : v)
        forward.add(x);
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        backward.add(*it);
    sim::Summary a = forward.summary({0.1, 0.9}), b = backward.summary({0.1, 0.9});
    CHECK(a.mean == b.mean);
    CHECK(a.se == b.se);
    CHECK(a.p5 == b.p5);
    CHECK(a.p50 == b.p50);
    CHECK(a.p95 == b.p95);
    CHECK(a.quantiles == b.quantiles);
}
