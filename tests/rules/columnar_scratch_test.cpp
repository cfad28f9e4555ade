// ColumnarScratch's statuses of clauses that are not evaluated: a clause not in force reads NotInForce on
// every row and a skipped one NotApplicable (from a column shared by every scratch, or, for a clause with
// `exclusive with` partners, its own), whatever the scratch ran before.
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/columnar.hpp"
#include "lexsim/rules/loader.hpp"

#include <catch2/catch.hpp>

using namespace lexsim;

namespace {

//! Every row of every clause of the last run has status `in_force` when its clause is in force, else
//! NotInForce.
bool all_rows(const rules::ColumnarProgram& prog, const rules::ColumnarScratch& s,
              const rules::ColumnarDay& day, rules::ClauseStatus in_force) {
    for (size_t k = 0; k < prog.clauses().size(); ++k) {
        rules::ClauseStatus want = day.in_force[k] ? in_force : rules::ClauseStatus::NotInForce;
        for (size_t i = 0; i < s.rows(); ++i)
            if (s.status(k)[i] != want)
                return false;
    }
    return true;
}

} // namespace

TEST_CASE("columnar: clauses not in force or skipped read one status on every row, chunk after chunk",
          "[columnar]") {
    auto loaded = rules::load_texts(corpus::embedded_sources());
    REQUIRE(loaded.ok());
    const rules::RuleSet& rs = *loaded.rules;
    int32_t firm = *rs.find_entity("firm");
    rules::ColumnarProgram prog(rs, firm);
    size_t clauses = prog.clauses().size();
    REQUIRE(clauses > 0);
    // Nothing is evaluated on these days, so the input columns are never read.
    std::vector<const int64_t*> attrs(rs.entities[static_cast<size_t>(firm)].attrs.size(), nullptr);
    rules::ColumnarInput in{attrs.data(), nullptr, nullptr};
    int32_t during = *rules::parse_date("2024-08-15"), before = *rules::parse_date("2020-01-01");
    rules::ColumnarDay skipped = prog.day(during, rules::resolve_params(rs, during));
    skipped.skip.assign(clauses, 1);
    rules::ColumnarDay none = prog.day(before, rules::resolve_params(rs, before));
    size_t in_force = 0;
    for (size_t k = 0; k < clauses; ++k) {
        in_force += skipped.in_force[k];
        REQUIRE_FALSE(none.in_force[k]);
    }
    REQUIRE(in_force > 0);
    for (bool per_row : {true, false}) {
        rules::ColumnarScratch a = prog.scratch(per_row), b = prog.scratch(per_row);
        // Runs of different lengths, alternating the days: each reads its own day's statuses.
        for (size_t rows : {prog.chunk_rows(), size_t{100}, prog.chunk_rows(), size_t{1}}) {
            prog.run(in, 0, rows, skipped, a);
            CHECK(all_rows(prog, a, skipped, rules::ClauseStatus::NotApplicable));
            prog.run(in, 0, rows, none, a);
            CHECK(all_rows(prog, a, none, rules::ClauseStatus::NotApplicable));
            prog.run(in, 0, rows, skipped, a);
            CHECK(all_rows(prog, a, skipped, rules::ClauseStatus::NotApplicable));
            prog.run(in, 0, rows, skipped, b);
            CHECK(all_rows(prog, b, skipped, rules::ClauseStatus::NotApplicable));
            for (size_t k = 0; k < clauses; ++k) {
                CHECK(a.applied_count(k) == 0);
                CHECK(a.amount_sum(k) == 0);
            }
        }
    }
}
