#include "lexsim/simulation/random.hpp"

#include <Random123/philox.h>

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

double Stream::uniform(uint64_t trial, uint32_t draw) const {
    return static_cast<double>(bits(trial, draw) >> 11) * 0x1.0p-53;
}

} // namespace lexsim::sim
