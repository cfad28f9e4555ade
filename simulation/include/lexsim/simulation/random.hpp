#pragma once
/**
 * @brief Reproducible random numbers: a pure function of (seed, stream, trial, draw).
 *
 * Built on the Philox4x32-10 counter-based generator: the key is (seed, stream),
 * the counter is (trial, draw). A trial's numbers never depend on which thread
 * ran it or in what order, so Monte Carlo results are bit-identical for any
 * thread count. Distributions are built here on the generator's bits, never on
 * std:: distributions (whose output differs between standard libraries).
 */
#include <cstddef>
#include <cstdint>
#include <utility>

namespace lexsim::sim {

struct Stream {
    uint64_t seed = 0;
    uint32_t stream = 0; //!< e.g. the scenario

    //! 64 random bits for (trial, draw).
    uint64_t bits(uint64_t trial, uint32_t draw) const;
    //! Uniform on [0, 1), 53-bit resolution.
    double uniform(uint64_t trial, uint32_t draw) const;
    //! Bernoulli(p) from uniform().
    bool chance(double p, uint64_t trial, uint32_t draw) const { return uniform(trial, draw) < p; }

    //! 64 random bits for (trial, entity, draw): the counter is (trial, entity, draw), so an entity's
    //! numbers do not depend on how many entities came before it. Entity 0 is the trial itself
    //! (the same numbers as bits(trial, draw) for trials below 2^32).
    uint64_t bits(uint64_t trial, uint32_t entity, uint32_t draw) const;
    //! Uniform on [0, 1) for (trial, entity, draw).
    double uniform(uint64_t trial, uint32_t entity, uint32_t draw) const;
    //! out[i] = uniform(trial, draws[i]) for i < count, in one tight loop.
    void uniforms(uint64_t trial, const uint32_t* draws, double* out, size_t count) const;
    //! out[k * trials + i] = uniform(first_trial + i, draws[k]) for k < count and i < trials: the same
    //! numbers with the lanes running over trials (what a Monte Carlo over a block of trials draws).
    void uniforms_by_trial(uint64_t first_trial, size_t trials, const uint32_t* draws, size_t count,
                           double* out) const;
    //! Uniform on [0, 1) for (trial, draw) from half a Philox number: in each block of 16 trials from a
    //! multiple of 16, b + i and b + 8 + i (i < 8) share the number of bits(b / 2 + i, draw)'s counter, the
    //! first taking words 0–1 (the bits uniform() takes), the second words 2–3. Half the generator work
    //! of uniform(trial, draw), with a trial's numbers still independent of the thread that ran it.
    double uniform_paired(uint64_t trial, uint32_t draw) const;
    //! out[k * 16 + i] = uniform_paired(first_trial + i, draws[k]) for k < count and i < 16, first_trial a
    //! multiple of 16 (what the schedule Monte Carlo draws for a block of trials).
    void uniforms_paired16(uint64_t first_trial, const uint32_t* draws, size_t count, double* out) const;
    //! out[i] = uniform(trial, first_entity + i, draw) for i < count: the same numbers, computed a chunk
    //! of entities at a time in one tight loop (what a Monte Carlo over a chunk of rows draws).
    void uniforms(uint64_t trial, uint32_t first_entity, uint32_t draw, double* out, size_t count) const;
    //! Two uniforms on [0, 1) from one Philox number for (trial, entity, draw): the first from the words
    //! uniform(trial, entity, draw) uses, the second from the other two (what a normal draw needs).
    std::pair<double, double> uniform_pair(uint64_t trial, uint32_t entity, uint32_t draw) const;
    //! out1[i], out2[i] = uniform_pair(trial, first_entity + i, draw) for i < count, in one tight loop.
    void uniform_pairs(uint64_t trial, uint32_t first_entity, uint32_t draw, double* out1, double* out2,
                       size_t count) const;
};

//! Whether the block draws (Stream::uniforms over entities, Stream::uniform_pairs, Stream::uniforms_paired16)
//! may take their AVX-512F version on a CPU that has it (the default). false selects the generic version,
//! which gives the same bits: for tests that compare the two. Set it while no other thread draws.
void allow_avx512_by_entity(bool allowed);

} // namespace lexsim::sim
