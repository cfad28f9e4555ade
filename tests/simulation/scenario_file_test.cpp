#include "lexsim/simulation/scenario_file.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim;

namespace {

std::string rendered(const sim::ScenarioFile& f) {
    std::ostringstream out;
    f.diagnostics().render(f.sources(), out);
    return out.str();
}

} // namespace

TEST_CASE("simulation: scenario header keys are read with their defaults", "[simulation][scenario]") {
    auto f = sim::ScenarioFile::parse("dir/s.toml", "name = \"基线\"\nrules = [\"../corpus/tongzhou-2024\"]\n"
                                                    "seed = 7\ntrials = 200\nhorizon = [2024, 2025]\n");
    sim::ScenarioHeader h = sim::read_header(f);
    REQUIRE(f.ok());
    CHECK(h.name == "基线");
    CHECK(h.rules == std::vector<std::string>{"corpus/tongzhou-2024"});
    CHECK(h.seed == 7);
    CHECK(h.trials == 200);
    CHECK(h.first_year == 2024);
    CHECK(h.last_year == 2025);

    auto empty = sim::ScenarioFile::parse("e.toml", "");
    sim::ScenarioHeader d = sim::read_header(empty);
    CHECK(empty.ok());
    CHECK(d.rules.empty());
    CHECK(d.first_year == 2024);
    CHECK(d.last_year == 2026);
}

TEST_CASE("simulation: scenario type errors, unknown keys and syntax errors have carets",
          "[simulation][scenario]") {
    auto f =
        sim::ScenarioFile::parse("s.toml", "name = \"统计\"\ntrials = \"many\"\nhorizn = [2024, 2026]\n");
    sim::read_header(f);
    std::vector<std::string_view> known(sim::header_keys.begin(), sim::header_keys.end());
    f.reject_unknown_keys(f.root(), known);
    CHECK(rendered(f) == "s.toml:2:10: error: 'trials' must be an integer, found a string\n"
                         " 2 | trials = \"many\"\n"
                         "   |          ^^^^^^\n"
                         "s.toml:3:1: error: unknown key 'horizn' (expected name, description, rules, seed, "
                         "trials, horizon)\n"
                         " 3 | horizn = [2024, 2026]\n"
                         "   | ^^^^^^\n");

    auto bad = sim::ScenarioFile::parse("b.toml", "名 = 1\n");
    CHECK_FALSE(bad.ok());
    CHECK(rendered(bad).rfind("b.toml:1:1: error: TOML syntax: ", 0) == 0);

    auto h = sim::ScenarioFile::parse("h.toml", "horizon = [2026, 2024]\n");
    sim::read_header(h);
    CHECK(rendered(h) == "h.toml:1:11: error: 'horizon' must be [first year, last year] with first <= last\n"
                         " 1 | horizon = [2026, 2024]\n"
                         "   |           ^^^^^^^^^^^^\n");
}
