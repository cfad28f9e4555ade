// Population evaluation over flat columns agrees with per-entity evaluation, for any thread count.
#include "../fixtures/random_population.hpp"
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/population.hpp"
#include "lexsim/simulation/random.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <vector>

using namespace lexsim;

namespace {
const rules::RuleSet& tongzhou() {
    static std::unique_ptr<rules::RuleSet> rs = [] {
        auto r = rules::load_texts(corpus::embedded_sources());
        REQUIRE(r.ok());
        return std::move(r.rules);
    }();
    return *rs;
}

//! Random firms from the fixture the columnar test and the benchmark share, thresholds taken from the rules.
sim::Population random_firms(const rules::RuleSet& rs, size_t rows, uint64_t seed) {
    int32_t date = *rules::parse_date("2024-08-15");
    return fixtures::random_population(rs, *rs.find_entity("firm"), rows, seed,
                                       fixtures::determined_params(rs, date));
}
} // namespace

TEST_CASE("population outlays equal the sum of per-entity evaluations", "[simulation]") {
    const rules::RuleSet& rs = tongzhou();
    int32_t date = *rules::parse_date("2024-08-15");
    rules::ParamRow params = rules::resolve_params(rs, date);
    for (size_t p = 0; p < rs.params.size(); ++p)
        if (!params.present[p]) { // open parameters: give them a value so nothing is undetermined by them
            params.values[p] = rs.params[p].has_range ? rs.params[p].low : 0;
            params.present[p] = 1;
        }
    auto pop = random_firms(rs, 2000, 42);
    auto out = sim::evaluate_population(rs, pop, date, params, 2);
    int64_t expected_total = 0;
    std::map<int32_t, int64_t> expected_benefit;
    for (size_t r = 0; r < pop.rows(); ++r) {
        rules::EntityRow row = rules::make_row(rs, pop.entity());
        for (size_t a = 0; a < pop.attributes(); ++a)
            row.set(static_cast<int32_t>(a), pop.value(static_cast<int32_t>(a), r));
        rules::Evaluation ev = rules::evaluate(rs, row, date, params);
        for (const auto& g : ev.grants)
            if (g.quantified) {
                expected_total += g.amount;
                expected_benefit[g.benefit] += g.amount;
            }
    }
    CHECK(out.total == expected_total);
    CHECK(out.total > 0);
    for (const auto& [b, v] : out.benefits)
        CHECK(v == expected_benefit[b]);
}

TEST_CASE("population outlays are identical for 1, 2 and 4 threads", "[simulation]") {
    const rules::RuleSet& rs = tongzhou();
    int32_t date = *rules::parse_date("2024-08-15");
    rules::ParamRow params = rules::resolve_params(rs, date);
    auto pop = random_firms(rs, 5000, 7);
    auto one = sim::evaluate_population(rs, pop, date, params, 1);
    for (int threads : {2, 4}) {
        auto many = sim::evaluate_population(rs, pop, date, params, threads);
        CHECK(many.total == one.total);
        CHECK(many.undetermined == one.undetermined);
        REQUIRE(many.clauses.size() == one.clauses.size());
        for (size_t k = 0; k < one.clauses.size(); ++k) {
            CHECK(many.clauses[k].amount == one.clauses[k].amount);
            CHECK(many.clauses[k].recipients == one.clauses[k].recipients);
        }
    }
}

TEST_CASE("a population holds booleans and enum codes as bytes, other attributes as int64", "[simulation]") {
    const rules::RuleSet& rs = tongzhou();
    int32_t firm = *rs.find_entity("firm");
    const auto& attrs = rs.entities[static_cast<size_t>(firm)].attrs;
    sim::Population pop(rs, firm, 3);
    rules::EntityRow defaults = rules::make_row(rs, firm);
    size_t narrow = 0;
    for (size_t a = 0; a < attrs.size(); ++a) {
        auto slot = static_cast<int32_t>(a);
        rules::TypeKind kind = attrs[a].type.kind;
        bool small_enum = kind == rules::TypeKind::Enum &&
                          rs.enums[static_cast<size_t>(attrs[a].type.enum_id)].members.size() <= 256;
        INFO(attrs[a].name);
        CHECK(pop.narrow(slot) == (kind == rules::TypeKind::Bool || small_enum));
        CHECK((pop.narrow(slot) ? pop.bytes(slot).size() : pop.column(slot).size()) == 3);
        CHECK((pop.narrow(slot) ? pop.column(slot).size() : pop.bytes(slot).size()) == 0);
        CHECK(pop.value(slot, 2) == defaults.values[a]);
        narrow += pop.narrow(slot);
        int64_t v = pop.narrow(slot) ? 1 : -123'456'789'012;
        pop.set(slot, 1, v);
        CHECK(pop.value(slot, 1) == v);
        CHECK(pop.wide(slot) == std::vector<int64_t>{defaults.values[a], v, defaults.values[a]});
        if (pop.narrow(slot)) {
            CHECK_THROWS_AS(pop.set(slot, 0, 256), std::out_of_range);
            CHECK_THROWS_AS(pop.fill(slot, -1), std::out_of_range);
        }
    }
    CHECK(narrow >= 40); // the firm's booleans and enums: most of its 60-odd attributes
}

TEST_CASE("Philox streams are a pure function of seed, stream, trial and draw", "[simulation][random]") {
    sim::Stream a{2024, 1}, b{2024, 1}, c{2024, 2}, d{2025, 1};
    std::set<uint64_t> seen;
    for (uint64_t t = 0; t < 100; ++t)
        for (uint32_t draw = 0; draw < 10; ++draw) {
            CHECK(a.bits(t, draw) == b.bits(t, draw));
            seen.insert(a.bits(t, draw));
            double u = a.uniform(t, draw);
            CHECK(u >= 0.0);
            CHECK(u < 1.0);
        }
    CHECK(seen.size() == 1000);
    CHECK(a.bits(5, 3) != c.bits(5, 3));
    CHECK(a.bits(5, 3) != d.bits(5, 3));
    CHECK(a.bits(1ULL << 33, 0) != a.bits(0, 0));
    // The mean of many uniforms is near 1/2.
    double sum = 0;
    for (uint64_t t = 0; t < 100000; ++t)
        sum += a.uniform(t, 0);
    CHECK(sum / 100000 == Approx(0.5).margin(0.01));
}
