// The block Philox of Stream::uniforms against the per-number Random123 path it must equal, bit for bit.
#include "lexsim/simulation/random.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

using lexsim::sim::Stream;

TEST_CASE("random: block uniforms equal the one-at-a-time numbers, bit for bit", "[simulation][random]") {
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
                    double e = st.uniform(trial, 0x01000000u + 40 + static_cast<uint32_t>(i), 0x03000002u);
                    double d = st.uniform(trial, draws[i]);
                    REQUIRE(std::memcmp(&by_entity[i], &e, sizeof e) == 0);
                    REQUIRE(std::memcmp(&by_draw[i], &d, sizeof d) == 0);
                }
            }
        }
    }
}
