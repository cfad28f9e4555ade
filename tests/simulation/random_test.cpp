// The block Philox of Stream::uniforms against the per-number Random123 path it must equal, bit for bit.
#include "lexsim/simulation/random.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

using lexsim::sim::Stream;

namespace {

bool same_bits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

//! Restores the default (the AVX-512F version where the CPU has it) when a test ends, even on failure.
struct AllowAvx512 {
    explicit AllowAvx512(bool allowed) { lexsim::sim::allow_avx512_by_entity(allowed); }
    ~AllowAvx512() { lexsim::sim::allow_avx512_by_entity(true); }
    AllowAvx512(const AllowAvx512&) = delete;
    AllowAvx512& operator=(const AllowAvx512&) = delete;
};

} // namespace

TEST_CASE("random: block uniforms equal the one-at-a-time numbers, bit for bit", "[simulation][random]") {
    // The per-entity draws in both versions: AVX-512F (where the CPU has it) and the generic one.
    for (bool avx512 : {true, false}) {
        AllowAvx512 allow(avx512);
        for (uint64_t seed : {uint64_t{0}, uint64_t{20240226}, uint64_t{0xfedcba9876543210}}) {
            Stream st{seed, 7};
            for (uint64_t trial : {uint64_t{0}, uint64_t{3}, (uint64_t{1} << 32) + 5}) {
                // Counts that do and do not fill the last block of lanes.
                for (size_t count : {size_t{1}, size_t{15}, size_t{16}, size_t{33}, size_t{1000}}) {
                    std::vector<double> by_entity(count), by_draw(count);
                    std::vector<uint32_t> draws(count);
                    for (size_t i = 0; i < count; ++i)
                        draws[i] = static_cast<uint32_t>(i * 16 + (i % 3));
                    st.uniforms(trial, 0x01000000u + 40, 0x03000002u, by_entity.data(), count);
                    st.uniforms(trial, draws.data(), by_draw.data(), count);
                    for (size_t i = 0; i < count; ++i) {
                        double e =
                            st.uniform(trial, 0x01000000u + 40 + static_cast<uint32_t>(i), 0x03000002u);
                        double d = st.uniform(trial, draws[i]);
                        REQUIRE(same_bits(by_entity[i], e));
                        REQUIRE(same_bits(by_draw[i], d));
                    }
                }
            }
        }
    }
}

TEST_CASE("random: the AVX-512F and generic per-entity draws give the same bits, pairs included",
          "[simulation][random]") {
    Stream st{0xfedcba9876543210, 3};
    // The entity word wraps past 2^32 - 1 in the middle of a block; counts around the 32-entity block.
    for (uint32_t first : {0x01000000u, 0xffffffffu - 20}) {
        for (size_t count : {size_t{7}, size_t{31}, size_t{32}, size_t{65}, size_t{4096}}) {
            std::vector<double> one[2], a[2], b[2];
            for (int v = 0; v < 2; ++v) {
                AllowAvx512 allow(v == 0);
                one[v].resize(count);
                a[v].resize(count);
                b[v].resize(count);
                st.uniforms(11, first, 0x01000002u, one[v].data(), count);
                st.uniform_pairs(11, first, 0x01000004u, a[v].data(), b[v].data(), count);
            }
            for (size_t i = 0; i < count; ++i) {
                auto entity = first + static_cast<uint32_t>(i);
                auto [p, q] = st.uniform_pair(11, entity, 0x01000004u);
                REQUIRE(same_bits(one[0][i], one[1][i]));
                REQUIRE(same_bits(one[0][i], st.uniform(11, entity, 0x01000002u)));
                REQUIRE(same_bits(a[0][i], a[1][i]));
                REQUIRE(same_bits(b[0][i], b[1][i]));
                REQUIRE(same_bits(a[0][i], p));
                REQUIRE(same_bits(b[0][i], q));
            }
        }
    }
}
