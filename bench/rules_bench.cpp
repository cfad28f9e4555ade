// Benchmark: rule evaluation over a population of firms, with the per-entity Decider and with the columnar
// program (sim::evaluate_population, 1 and 2 threads), on the fully determined benchmark population of
// tests/fixtures/random_population.hpp. Checks that all paths give the same per-clause totals, optionally
// writes the population for the numpy reference (bench/reference/firm_clauses.py), and prints one JSON
// line of timings. It asserts nothing about time; bench/run turns the timings into ratios.
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/decide.hpp"
#include "lexsim/rules/loader.hpp"
#include "lexsim/simulation/population.hpp"
#include "random_population.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

using namespace lexsim;
using clock_type = std::chrono::steady_clock;

namespace {

//! Per local clause: recipients and outlay, the way evaluate_population sums them before it used the
//! columnar program (one Decider call per row, on one thread).
std::vector<std::pair<int64_t, int64_t>> decider_totals(const rules::RuleSet& rs, const sim::Population& pop,
                                                        int32_t date, const rules::ParamRow& params) {
    rules::Decider decider(rs, pop.entity());
    auto day = decider.day(date);
    auto s = decider.scratch();
    size_t n = decider.clauses().size(), attrs = pop.attributes();
    std::vector<int64_t> row(attrs);
    std::vector<std::pair<int64_t, int64_t>> out(n);
    rules::EvalInput in{row.data(), nullptr, params.values.data(), params.present.data(), date};
    for (size_t r = 0; r < pop.rows(); ++r) {
        for (size_t a = 0; a < attrs; ++a)
            row[a] = pop.value(static_cast<int32_t>(a), r);
        decider.decide(in, day, s);
        for (size_t k = 0; k < n; ++k)
            if (s.status[k] == rules::ClauseStatus::Applied) {
                ++out[k].first;
                out[k].second += s.amount[k];
            }
    }
    return out;
}

std::vector<std::pair<int64_t, int64_t>> totals_of(const sim::Outlays& o) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& c : o.clauses)
        out.emplace_back(c.recipients, c.amount);
    return out;
}

double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

//! Best of `repeats`: wall-clock seconds, and CPU seconds of the process (on a shared machine the CPU time of
//! a one-thread run is what it costs; the wall-clock time also counts the time other work held the core).
struct Timing {
    double wall = 1e30;
    double cpu = 1e30;
};

template <class F>
Timing best_of(int repeats, F f) {
    Timing best;
    for (int i = 0; i < repeats; ++i) {
        auto t = clock_type::now();
        double c = cpu_now();
        f();
        best.cpu = std::min(best.cpu, cpu_now() - c);
        best.wall = std::min(best.wall, std::chrono::duration<double>(clock_type::now() - t).count());
    }
    return best;
}

//! PREFIX.bin: the columns, int64 (byte columns widened; the reference narrows them itself), attribute after
//! attribute; PREFIX.json: what the reference needs.
void dump(const rules::RuleSet& rs, const sim::Population& pop, const rules::ParamRow& params,
          const sim::Outlays& out, const std::string& prefix) {
    std::ofstream bin(prefix + ".bin", std::ios::binary);
    for (size_t a = 0; a < pop.attributes(); ++a) {
        std::vector<int64_t> column = pop.wide(static_cast<int32_t>(a));
        bin.write(reinterpret_cast<const char*>(column.data()),
                  static_cast<std::streamsize>(pop.rows() * sizeof(int64_t)));
    }
    nlohmann::json meta;
    meta["rows"] = pop.rows();
    meta["attributes"] = nlohmann::json::array();
    meta["bools"] = nlohmann::json::array();
    meta["members"] = nlohmann::json::object();
    for (const auto& a : rs.entities[static_cast<size_t>(pop.entity())].attrs) {
        meta["attributes"].push_back(a.name);
        if (a.type.kind == rules::TypeKind::Bool)
            meta["bools"].push_back(a.name);
        if (a.type.kind == rules::TypeKind::Enum) {
            auto& m = meta["members"][a.name] = nlohmann::json::array();
            for (const auto& member : rs.enums[static_cast<size_t>(a.type.enum_id)].members)
                m.push_back(member.name);
        }
    }
    for (size_t p = 0; p < rs.params.size(); ++p)
        meta["params"][rs.params[p].name] = params.values[p];
    for (const auto& c : out.clauses)
        meta["clauses"][rs.clause(c.clause).local_id] = {c.recipients, c.amount};
    std::ofstream(prefix + ".json") << meta.dump() << "\n";
}

} // namespace

int main(int argc, char** argv) {
    size_t rows = 1'000'000;
    int repeats = 5;
    std::string prefix;
    bool columnar_only = false; // --columnar-only: no Decider run (for profiling the columnar program)
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--columnar-only")
            columnar_only = true;
        else if (arg == "--dump" && i + 1 < argc)
            prefix = argv[++i];
        else if (arg == "--repeats" && i + 1 < argc)
            repeats = std::atoi(argv[++i]);
        else
            rows = std::strtoull(argv[i], nullptr, 10);
    }
    auto loaded = rules::load_texts(corpus::embedded_sources());
    if (!loaded.ok())
        return 2;
    const rules::RuleSet& rs = *loaded.rules;
    int32_t firm = *rs.find_entity("firm");
    int32_t date = *rules::parse_date("2024-08-15");
    rules::ParamRow params = fixtures::determined_params(rs, date);
    sim::Population pop = fixtures::random_population(rs, firm, rows, 2024, params);

    sim::Outlays one, two;
    std::vector<std::pair<int64_t, int64_t>> reference;
    Timing decider;
    if (!columnar_only)
        decider =
            best_of(std::max(1, repeats / 2), [&] { reference = decider_totals(rs, pop, date, params); });
    Timing columnar1 = best_of(repeats, [&] { one = sim::evaluate_population(rs, pop, date, params, 1); });
    Timing columnar2 = best_of(repeats, [&] { two = sim::evaluate_population(rs, pop, date, params, 2); });
    if (columnar_only)
        reference = totals_of(one);
    bool same = totals_of(one) == reference && totals_of(two) == reference && one.total == two.total;
    if (!prefix.empty())
        dump(rs, pop, params, one, prefix);
    nlohmann::json j{{"rows", rows},
                     {"clauses", one.clauses.size()},
                     {"decider_1", {{"wall", decider.wall}, {"cpu", decider.cpu}}},
                     {"columnar_1", {{"wall", columnar1.wall}, {"cpu", columnar1.cpu}}},
                     {"columnar_2", {{"wall", columnar2.wall}, {"cpu", columnar2.cpu}}},
                     {"total_fen", one.total},
                     {"undetermined", one.undetermined},
                     {"same_totals", same}};
    std::printf("%s\n", j.dump().c_str());
    return same ? 0 : 1;
}
