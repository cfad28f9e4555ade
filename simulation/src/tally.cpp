#include "lexsim/simulation/tally.hpp"

#include "int128.hpp"

#include <algorithm>
#include <cmath>

namespace lexsim::sim {

namespace {

__extension__ typedef unsigned __int128 u128;

const double gamma_ = (1 + Tally::relative_accuracy) / (1 - Tally::relative_accuracy);
const double log_gamma = std::log(gamma_);

u128 mul64(uint64_t a, uint64_t b) {
    return static_cast<u128>(a) * b;
}

//! 256-bit unsigned arithmetic on four 64-bit limbs, least significant first: just what Σx² needs.
struct U256 {
    uint64_t limb[4] = {0, 0, 0, 0};

    void add_at(size_t i, u128 v) {
        for (; i < 4 && v != 0; ++i) {
            u128 s = static_cast<u128>(limb[i]) + static_cast<uint64_t>(v);
            limb[i] = static_cast<uint64_t>(s);
            v = (v >> 64) + (s >> 64);
        }
    }
    static U256 times(const uint64_t (&a)[4], uint64_t n) {
        U256 r;
        for (size_t i = 0; i < 4; ++i)
            r.add_at(i, mul64(a[i], n));
        return r;
    }
    static U256 square(u128 a) {
        auto lo = static_cast<uint64_t>(a), hi = static_cast<uint64_t>(a >> 64);
        U256 r;
        r.add_at(0, mul64(lo, lo));
        r.add_at(1, mul64(lo, hi));
        r.add_at(1, mul64(lo, hi));
        r.add_at(2, mul64(hi, hi));
        return r;
    }
    //! this − b, for this >= b.
    U256 minus(const U256& b) const {
        U256 r;
        uint64_t borrow = 0;
        for (size_t i = 0; i < 4; ++i) {
            u128 d = static_cast<u128>(limb[i]) - b.limb[i] - borrow;
            r.limb[i] = static_cast<uint64_t>(d);
            borrow = (d >> 64) != 0 ? 1 : 0;
        }
        return r;
    }
    long double value() const {
        long double v = 0;
        for (size_t i = 4; i-- > 0;)
            v = v * 18446744073709551616.0L + static_cast<long double>(limb[i]);
        return v;
    }
};

i128 sum_of(const uint64_t (&s)[2]) {
    return static_cast<i128>((static_cast<u128>(s[1]) << 64) | s[0]);
}

//! Rounds a / b to the nearest integer, halves away from zero (b > 0).
int64_t div_round(i128 a, i128 b) {
    i128 q = (a >= 0 ? a + b / 2 : a - b / 2) / b;
    return static_cast<int64_t>(q);
}

size_t rank_of(double q, int64_t n) {
    auto r = static_cast<int64_t>(std::max(1.0, std::ceil(q * static_cast<double>(n) - 1e-9)));
    return static_cast<size_t>(std::min(r, n));
}

//! Bucket of a value: 0 for 0, ±(1 + ⌈log_γ |v|⌉) by sign.
int32_t bucket_of(int64_t fen) {
    if (fen == 0)
        return 0;
    u128 mag = fen < 0 ? static_cast<u128>(-static_cast<i128>(fen)) : static_cast<u128>(fen);
    auto i = static_cast<int32_t>(std::ceil(std::log(static_cast<double>(mag)) / log_gamma));
    i = std::clamp(i, 0, Tally::max_buckets - 1);
    return fen < 0 ? -(i + 1) : i + 1;
}

//! The value a bucket stands for: 2γ^i / (γ + 1), within α of every value in it.
int64_t bucket_value(int32_t bucket) {
    if (bucket == 0)
        return 0;
    int32_t i = std::abs(bucket) - 1;
    double v = 2 * std::exp(i * log_gamma) / (gamma_ + 1);
    auto fen = static_cast<int64_t>(std::llround(std::min(v, 9.2e18)));
    return bucket < 0 ? -fen : fen;
}

} // namespace

void Tally::add(int64_t fen) {
    m_min = m_count == 0 ? fen : std::min(m_min, fen);
    m_max = m_count == 0 ? fen : std::max(m_max, fen);
    ++m_count;
    u128 s = (static_cast<u128>(m_sum[1]) << 64) | m_sum[0];
    s += static_cast<u128>(static_cast<i128>(fen));
    m_sum[0] = static_cast<uint64_t>(s);
    m_sum[1] = static_cast<uint64_t>(s >> 64);
    u128 mag = fen < 0 ? static_cast<u128>(-static_cast<i128>(fen)) : static_cast<u128>(fen);
    U256 q;
    std::copy(std::begin(m_square), std::end(m_square), q.limb);
    q.add_at(0, mag * mag);
    std::copy(std::begin(q.limb), std::end(q.limb), m_square);
    if (m_count <= exact_cap) {
        m_values.push_back(fen);
        return;
    }
    if (!m_values.empty()) // the first value past the cap: the exact values move into the histogram
        to_histogram();
    add_to_histogram(fen);
}

void Tally::to_histogram() {
    for (int64_t v : m_values)
        add_to_histogram(v);
    std::vector<int64_t>().swap(m_values);
}

void Tally::add_to_histogram(int64_t fen) {
    ++m_buckets[bucket_of(fen)];
}

int64_t Tally::mean() const {
    return m_count ? div_round(sum_of(m_sum), m_count) : 0;
}

double Tally::standard_error() const {
    if (m_count < 2)
        return m_count ? 0 : INFINITY;
    // n·Σx² − (Σx)² = Σ(n·x − Σx)² / n exactly, then one rounding: var = that / (n (n − 1)).
    i128 s = sum_of(m_sum);
    U256 d = U256::times(m_square, static_cast<uint64_t>(m_count))
                 .minus(U256::square(s < 0 ? static_cast<u128>(-s) : static_cast<u128>(s)));
    auto n = static_cast<long double>(m_count);
    return static_cast<double>(std::sqrt(d.value() / (n * n * (n - 1))));
}

int64_t Tally::quantile(double q) const {
    if (m_count == 0)
        return 0;
    size_t rank = rank_of(q, m_count);
    if (exact()) {
        std::vector<int64_t> v = m_values;
        std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(rank - 1), v.end());
        return v[rank - 1];
    }
    int64_t seen = 0;
    for (auto [bucket, n] : m_buckets) {
        seen += n;
        if (seen >= static_cast<int64_t>(rank))
            return std::clamp(bucket_value(bucket), m_min, m_max);
    }
    return m_max;
}

Summary Tally::summary(const std::vector<double>& extra_quantiles) const {
    Summary s;
    if (m_count == 0)
        return s;
    s.mean = mean();
    s.se = m_count > 1 ? std::llround(standard_error()) : 0;
    s.exact_quantiles = exact();
    std::vector<int64_t> sorted;
    if (exact()) {
        sorted = m_values;
        std::sort(sorted.begin(), sorted.end());
    }
    auto at = [&](double q) { return exact() ? sorted[rank_of(q, m_count) - 1] : quantile(q); };
    s.p5 = at(0.05);
    s.p50 = at(0.50);
    s.p95 = at(0.95);
    for (double q : extra_quantiles)
        s.quantiles.emplace_back(q, at(q));
    return s;
}

} // namespace lexsim::sim
