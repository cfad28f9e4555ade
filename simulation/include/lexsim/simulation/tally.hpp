#pragma once
/**
 * @brief The per-trial values of one series (a cell, a year's total, a budget's demand) in bounded memory.
 *
 * The mean and standard error come from exact integer sums (Σx in 128 bits, Σx² in 256 bits), so they
 * do not depend on the order values arrive in. Quantiles are exact (nearest rank over the stored values)
 * while at most `exact_cap` values have been added; past that the values move into a log-bucket histogram
 * (DDSketch: bucket i holds the values v with γ^(i−1) < |v| ≤ γ^i, γ = (1 + α)/(1 − α), α = 0.1%) whose
 * counts only add up, so the result is the same whatever the order, and a quantile is within α·|v| + ½ fen
 * of the exact one. Memory is bounded whatever the number of trials: at most `exact_cap` values, then at
 * most 2·`max_buckets` + 1 counters.
 *
 *     sim::Tally t;
 *     for (int64_t fen : per_trial) t.add(fen);
 *     sim::Summary s = t.summary({0.99});   // mean, se, p5, p50, p95, p99
 */
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace lexsim::sim {

struct Summary {
    int64_t mean = 0; //!< fen, rounded to the nearest fen
    int64_t se = 0;   //!< standard error of the mean, fen
    int64_t p5 = 0, p50 = 0, p95 = 0;
    std::vector<std::pair<double, int64_t>> quantiles; //!< extra quantiles on request
    bool exact_quantiles = true; //!< false: from the histogram, within Tally::relative_accuracy
};

class Tally {
public:
    static constexpr int64_t exact_cap = 10'000;      //!< values kept exactly
    static constexpr double relative_accuracy = 1e-3; //!< of a quantile past the cap
    //! Buckets per sign: |v| < 2^63 fen needs at most this many (log_γ 2^63 ≈ 21 837).
    static constexpr int32_t max_buckets = 21'900;

    void add(int64_t fen);
    int64_t count() const { return m_count; }
    //! Mean rounded to the nearest fen (halves away from zero).
    int64_t mean() const;
    //! Standard error of the mean in fen, as a real number (the --until-se test).
    double standard_error() const;
    //! Nearest-rank quantile: exact up to exact_cap values, else within relative_accuracy.
    int64_t quantile(double q) const;
    Summary summary(const std::vector<double>& extra_quantiles = {}) const;
    bool exact() const { return m_count <= exact_cap; }
    //! Values and histogram buckets held: bounded independent of count() (the memory test).
    size_t stored() const { return m_values.size() + m_buckets.size(); }

private:
    void to_histogram();
    void add_to_histogram(int64_t fen);

    int64_t m_count = 0;
    uint64_t m_sum[2] = {0, 0};          //!< Σx, two's complement 128 bits (low, high)
    uint64_t m_square[4] = {0, 0, 0, 0}; //!< Σx², 256 bits, least significant first
    int64_t m_min = 0, m_max = 0;
    std::vector<int64_t> m_values;        //!< in arrival order, while count() <= exact_cap
    std::map<int32_t, int64_t> m_buckets; //!< signed bucket index (0 = the value 0) → count
};

} // namespace lexsim::sim
