#include "lexsim/simulation/scenario_file.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
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

TEST_CASE("simulation: scenario type errors and unknown keys and syntax errors have carets",
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

namespace {

//! A fresh folder under the temporary directory with the given files.
std::filesystem::path folder_with(const std::string& name,
                                  const std::vector<std::pair<std::string, std::string>>& files) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lexsim-extends-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& [file, text] : files)
        std::ofstream(dir / file) << text;
    return dir;
}

} // namespace

TEST_CASE("simulation: extends lays a what-if over its base", "[simulation][scenario]") {
    auto dir = folder_with("merge", {{"base.toml", "name = \"基线\"\nseed = 7\ntrials = 50\n"
                                                   "[take_up]\nrd_award = 0.8\ngreen_award = 0.6\n"
                                                   "[[population]]\nentity = \"firm\"\ncount = 3\n"},
                                     {"whatif.toml", "extends = \"base.toml\"\nname = \"假设\"\n"
                                                     "[take_up]\nrd_award = 0.4\nnew_award = 1\n"}});
    auto f = sim::ScenarioFile::load((dir / "whatif.toml").string());
    sim::ScenarioHeader h = sim::read_header(f);
    REQUIRE(f.ok());
    CHECK(h.name == "假设");
    CHECK(h.seed == 7);
    CHECK(h.trials == 50);
    CHECK_FALSE(f.root().get("extends").present());
    sim::ScenarioValue take_up = f.root().get("take_up");
    // The base's keys in the base's order (a replaced one keeps its place), then the what-if's new keys.
    CHECK(take_up.keys() == std::vector<std::string>{"rd_award", "green_award", "new_award"});
    CHECK(take_up.get("rd_award").as_number() == 0.4);
    CHECK(take_up.get("green_award").as_number() == 0.6);
    CHECK(f.root().get("population").size() == 1);
    // A value from the base is reported in the base file, one from the what-if in the what-if.
    f.error(take_up.get("green_award").span(), "here");
    f.error(take_up.get("rd_award").span(), "there");
    std::string base = (dir / "base.toml").lexically_normal().string();
    std::string what_if = (dir / "whatif.toml").string();
    CHECK(rendered(f) == base + ":6:15: error: here\n 6 | green_award = 0.6\n   |               ^^^\n" +
                             what_if + ":4:12: error: there\n 4 | rd_award = 0.4\n   |            ^^^\n");
}

TEST_CASE("simulation: a missing, mistyped or cyclic extends is an error at its value",
          "[simulation][scenario]") {
    auto dir = folder_with("errors", {{"a.toml", "extends = \"b.toml\"\n"},
                                      {"b.toml", "extends = \"a.toml\"\n"},
                                      {"missing.toml", "extends = \"nowhere.toml\"\n"},
                                      {"number.toml", "extends = 3\n"}});
    auto cyclic = sim::ScenarioFile::load((dir / "a.toml").string());
    CHECK_FALSE(cyclic.ok());
    std::string b = (dir / "b.toml").lexically_normal().string();
    std::string a = (dir / "a.toml").string();
    CHECK(rendered(cyclic) == b +
                                  ":1:11: error: 'extends' forms a cycle: a.toml → b.toml → a.toml\n"
                                  " 1 | extends = \"a.toml\"\n"
                                  "   |           ^^^^^^^^\n" +
                                  a +
                                  ":1:11: error: the scenario that 'extends' names has errors\n"
                                  " 1 | extends = \"b.toml\"\n"
                                  "   |           ^^^^^^^^\n");
    CHECK_FALSE(cyclic.root().present());

    auto missing = sim::ScenarioFile::load((dir / "missing.toml").string());
    CHECK(rendered(missing) == (dir / "missing.toml").string() + ":1:11: error: cannot read the scenario '" +
                                   (dir / "nowhere.toml").lexically_normal().string() +
                                   "' that 'extends' names\n"
                                   " 1 | extends = \"nowhere.toml\"\n"
                                   "   |           ^^^^^^^^^^^^^^\n");
    auto number = sim::ScenarioFile::load((dir / "number.toml").string());
    CHECK(rendered(number) == (dir / "number.toml").string() +
                                  ":1:11: error: 'extends' must be a string, found an integer\n"
                                  " 1 | extends = 3\n"
                                  "   |           ^\n");
}

TEST_CASE("simulation: extends = \"baseline.toml\" falls back to the built-in baseline",
          "[simulation][scenario]") {
    auto f =
        sim::ScenarioFile::parse("/nonexistent-folder/w.toml", "extends = \"baseline.toml\"\nname = \"w\"\n");
    sim::ScenarioHeader h = sim::read_header(f);
    REQUIRE(f.ok());
    CHECK(h.name == "w");
    CHECK(h.trials == 200); // the baseline's
    CHECK(f.root().get("population").size() > 5);
}
