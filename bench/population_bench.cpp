// Benchmark: the simulators' path (Decider over flat columns, TBB) against the reference path
// (rules::evaluate per entity, which builds a full trace), on the same machine in one run.
// Reports throughput and the ratio; it asserts nothing about time.
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/population.hpp"
#include "lexsim/simulation/random.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace lexsim;
using clock_type = std::chrono::steady_clock;

namespace {

sim::Population firms(const rules::RuleSet& rs, size_t rows) {
    int32_t firm = *rs.find_entity("firm");
    sim::Population pop(rs, firm, rows);
    sim::Stream s{2024, 1};
    const auto& attrs = rs.entities[static_cast<size_t>(firm)].attrs;
    for (size_t a = 0; a < attrs.size(); ++a) {
        auto& col = pop.column(static_cast<int32_t>(a));
        for (size_t r = 0; r < rows; ++r) {
            uint64_t bits = s.bits(r, static_cast<uint32_t>(a));
            switch (attrs[a].type.kind) {
            case rules::TypeKind::Bool:
                col[r] = static_cast<int64_t>(bits & 1);
                break;
            case rules::TypeKind::Enum:
                col[r] = static_cast<int64_t>(
                    bits % rs.enums[static_cast<size_t>(attrs[a].type.enum_id)].members.size());
                break;
            case rules::TypeKind::Money:
                col[r] = static_cast<int64_t>(bits % 5'000'000'000);
                break;
            default:
                col[r] = static_cast<int64_t>(bits % 1'000'000);
            }
        }
    }
    return pop;
}

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

} // namespace

int main(int argc, char** argv) {
    size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200'000;
    auto loaded = rules::load_texts(corpus::embedded_sources());
    if (!loaded.ok())
        return 2;
    const rules::RuleSet& rs = *loaded.rules;
    int32_t date = *rules::parse_date("2024-08-15");
    rules::ParamRow params = rules::resolve_params(rs, date);
    sim::Population pop = firms(rs, rows);

    // Reference: one rules::evaluate per entity (allocates a trace), on a sample of the rows.
    size_t sample = std::min<size_t>(rows, 20'000);
    auto t0 = clock_type::now();
    int64_t reference_total = 0;
    for (size_t r = 0; r < sample; ++r) {
        rules::EntityRow row = rules::make_row(rs, pop.entity());
        for (size_t a = 0; a < pop.attributes(); ++a)
            row.set(static_cast<int32_t>(a), pop.column(static_cast<int32_t>(a))[r]);
        for (const auto& g : rules::evaluate(rs, row, date, params).grants)
            reference_total += g.amount;
    }
    double reference_rate = static_cast<double>(sample) / seconds_since(t0);

    auto t1 = clock_type::now();
    auto one = sim::evaluate_population(rs, pop, date, params, 1);
    double one_rate = static_cast<double>(rows) / seconds_since(t1);

    auto t2 = clock_type::now();
    auto all = sim::evaluate_population(rs, pop, date, params, 0);
    double all_rate = static_cast<double>(rows) / seconds_since(t2);

    std::printf("rows: %zu (reference on %zu), clauses about firm: %zu\n", rows, sample, one.clauses.size());
    std::printf("reference  rules::evaluate per entity : %12.0f entities/s\n", reference_rate);
    std::printf("columns    Decider, 1 thread          : %12.0f entities/s  (x%.1f)\n", one_rate,
                one_rate / reference_rate);
    std::printf("columns    Decider, all threads       : %12.0f entities/s  (x%.1f)\n", all_rate,
                all_rate / reference_rate);
    std::printf("same outlay for 1 and all threads: %s (%s)\n", one.total == all.total ? "yes" : "NO",
                rules::format_money(all.total).c_str());
    (void)reference_total;
    return one.total == all.total ? 0 : 1;
}
