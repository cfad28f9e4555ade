#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/exclusion.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using lexsim::test::diagnostics;
using lexsim::test::load;
using namespace lexsim::rules;

namespace {

const char* doc8 = R"(document d8 { number "8号" issued 2024-02-26 })";
const char* doc14 = R"(document d14 { number "14号" issued 2024-06-25 effective 2024-07-01 repeals old }
document old { number "2022年15号" external })";
const char* firm_rules = R"(
enum level { none, municipal, national }
entity firm {
  level : level = none
  first : bool = false
  contribution : money
  investment : money = 0 CNY
  deal : bool = false
  assume contribution >= 0 CNY
}
benefit platform "平台"
benefit contrib "贡献"
benefit reno "改造"
param share : rate = 70%
)";

struct Fixture {
    std::unique_ptr<RuleSet> rs;
    explicit Fixture(const std::string& more) {
        auto r = load_texts(
            {{"a.rules", firm_rules}, {"d8.rules", doc8}, {"d14.rules", doc14}, {"b.rules", more}});
        INFO(lexsim::test::diagnostics(r));
        REQUIRE(r.ok());
        rs = std::move(r.rules);
    }
    Evaluation run(std::initializer_list<std::pair<const char*, int64_t>> values, const char* date) {
        EntityRow row = make_row(*rs, 0);
        for (auto& [n, v] : values)
            row.set(*rs->find_attribute(0, n), v);
        int32_t d = *parse_date(date);
        return evaluate(*rs, row, d, resolve_params(*rs, d));
    }
};

} // namespace

TEST_CASE("rate of money rounds down to the fen", "[evaluator]") {
    Fixture f("part of d8\n"
              "clause c { article \"（一）\" applies to firm grant contrib up to share of contribution per "
              "year }\n");
    auto ev = f.run({{"contribution", 123'457}}, "2024-03-01"); // 1234.57 yuan
    CHECK(ev.total(0 + 1, 2024) == 86'419);                     // 70% = 864.199 → 864.19
}

TEST_CASE("min of a percentage and a cap", "[evaluator]") {
    Fixture f("part of d8\n"
              "clause c { article \"（十七）\" applies to firm when investment > 0 CNY\n"
              "  grant reno up to min(30% of investment, 1000 万元) }\n");
    CHECK(f.run({{"contribution", 0}, {"investment", 2'000'000'000}}, "2024-03-01").total(2, 2024) ==
          600'000'000);
    CHECK(f.run({{"contribution", 0}, {"investment", 5'000'000'000}}, "2024-03-01").total(2, 2024) ==
          1'000'000'000);
    auto none = f.run({{"contribution", 0}}, "2024-03-01");
    CHECK(none.total(2, 2024) == 0);
    CHECK(none.clauses[0].status == ClauseStatus::NotApplicable);
}

TEST_CASE("multi-year grants cover consecutive years", "[evaluator]") {
    Fixture f("part of d8\n"
              "clause c { article \"（三）\" applies to firm grant platform up to 1000 万元 per year for 3 "
              "years }\n");
    auto ev = f.run({{"contribution", 0}}, "2024-05-01");
    CHECK(ev.total(0, 2024) == 1'000'000'000);
    CHECK(ev.total(0, 2026) == 1'000'000'000);
    CHECK(ev.total(0, 2027) == 0);
}

TEST_CASE("documents are in force from their effective date and not after repeal", "[evaluator]") {
    Fixture f("part of d14\n"
              "clause c { article \"第三条\" applies to firm when level == municipal and first\n"
              "  grant platform up to 200 万元 mode post_subsidy }\n");
    auto before = f.run({{"contribution", 0}, {"level", 1}, {"first", 1}}, "2024-06-30");
    CHECK(before.clauses[0].status == ClauseStatus::NotInForce);
    auto after = f.run({{"contribution", 0}, {"level", 1}, {"first", 1}}, "2024-07-01");
    CHECK(after.total(0, 2024) == 200'000'000);
    CHECK_FALSE(document_in_force(*f.rs, DocumentId(2), *parse_date("2024-07-01")));
}

TEST_CASE("an excluding clause removes the document's other clauses", "[evaluator]") {
    Fixture f("part of d8\n"
              "clause c { article \"（一）\" applies to firm grant contrib up to share of contribution }\n"
              "clause scope { article \"后\" applies to firm when deal excludes document }\n");
    auto ev = f.run({{"contribution", 100'000'000}, {"deal", 1}}, "2024-03-01");
    CHECK(ev.total(1, 2024) == 0);
    CHECK(ev.clauses[0].status == ClauseStatus::Excluded);
    CHECK(ev.clauses[0].by_clause == ClauseId(1));
    CHECK(ev.clauses[1].status == ClauseStatus::Applied);
}

TEST_CASE("exclusive grants keep the higher amount", "[evaluator]") {
    Fixture f("part of d8\n"
              "clause a { article \"甲\" applies to firm grant platform up to 300 万元 exclusive with b }\n"
              "clause b { article \"乙\" applies to firm grant platform up to 500 万元 }\n");
    auto ev = f.run({{"contribution", 0}}, "2024-03-01");
    CHECK(ev.total(0, 2024) == 500'000'000);
    CHECK(ev.clauses[0].status == ClauseStatus::Superseded);
}

TEST_CASE("a missing attribute makes a clause undetermined, unless the condition is already false",
          "[evaluator]") {
    Fixture f(
        "part of d8\n"
        "clause a { article \"甲\" applies to firm when contribution > 0 CNY grant platform up to 1 CNY }\n"
        "clause b { article \"乙\" applies to firm when first and contribution > 0 CNY grant platform up to "
        "1 CNY }\n");
    EntityRow row = make_row(*f.rs, 0);
    int32_t d = *parse_date("2024-03-01");
    auto ev = evaluate(*f.rs, row, d, resolve_params(*f.rs, d));
    CHECK(ev.clauses[0].status == ClauseStatus::Undetermined);
    CHECK(ev.clauses[0].missing.status == EvalStatus::MissingAttr);
    CHECK(ev.clauses[1].status == ClauseStatus::NotApplicable);
}

TEST_CASE("inputs that break an entity assumption are reported", "[evaluator]") {
    Fixture f("part of d8\nclause a { article \"甲\" applies to firm grant platform up to 1 CNY }\n");
    auto ev = f.run({{"contribution", -5}}, "2024-03-01");
    REQUIRE(ev.errors.size() == 1);
    CHECK(ev.errors[0] == "the input breaks the assumption 'contribution >= 0 CNY' of entity firm");
}

TEST_CASE("examples check requirements and prohibitions", "[evaluator]") {
    auto r = load(
        "document d { number \"x\" issued 2024-01-01 }\n"
        "entity parcel { collective : bool\n housing : bool }\n"
        "clause c { article \"一\" applies to parcel when collective forbid housing }\n"
        "example ok { on 2024-02-01 given parcel { collective = true, housing = false } expect satisfied c "
        "}\n"
        "example bad { on 2024-02-01 given parcel { collective = true, housing = true } expect violated c }\n"
        "example wrong { on 2024-02-01 given parcel { collective = true, housing = true } expect satisfied c "
        "}\n"
        "example off { on 2024-02-01 given parcel { collective = false, housing = true } expect violated c "
        "}\n");
    INFO(diagnostics(r));
    REQUIRE(r.ok());
    auto failures = run_examples(*r.rules);
    REQUIRE(failures.size() == 2);
    CHECK(failures[0].message == "expected clause d.c to be satisfied, but it is violated");
    CHECK(failures[1].message ==
          "expected clause d.c to apply with its requirements checked, but it did not apply");
}

TEST_CASE("failing examples name the expectation", "[evaluator]") {
    auto r = load("document d { number \"x\" issued 2024-01-01 }\n"
                  "entity firm { a : money }\n"
                  "benefit b\n"
                  "clause c { article \"一\" applies to firm grant b up to 10% of a }\n"
                  "example e { on 2024-02-01 given firm { a = 100 万元 } expect b = 11 万元 }\n");
    REQUIRE(r.ok());
    auto failures = run_examples(*r.rules);
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].message == "expected b = 11 万元 in 2024, got 10 万元");
}

TEST_CASE("one exclusion index: excludes, excludes document and exclusive with", "[evaluator]") {
    auto r = load("document d { number \"x\" issued 2024-01-01 }\n"
                  "entity firm { a : bool }\n"
                  "benefit b\n"
                  "clause c0 { article \"一\" applies to firm grant b up to 1 CNY exclusive with c2 }\n"
                  "clause c1 { article \"二\" applies to firm grant b up to 2 CNY excludes c0 }\n"
                  "clause c2 { article \"三\" applies to firm grant b up to 3 CNY }\n"
                  "clause c3 { article \"四\" applies to firm when a excludes document }\n");
    REQUIRE(r.ok());
    ExclusionIndex ex(*r.rules);
    const ClauseId c0(0), c1(1), c2(2), c3(3);
    CHECK(ex.excluded_by(c0) == std::vector<ClauseId>{c1, c3});
    CHECK(ex.excluded_by(c1) == std::vector<ClauseId>{c3});
    CHECK(ex.excluded_by(c3).empty()); // a clause that excludes its document is not excluded by it
    CHECK(ex.partners(c0) == std::vector<ClauseId>{c2});
    CHECK(ex.partners(c2) == std::vector<ClauseId>{c0});
    CHECK(ex.linked(c1, c0));
    CHECK(ex.linked(c2, c0));
    CHECK_FALSE(ex.linked(c1, c2));
    // Restricted to c0, c2, c3 and renumbered 0, 1, 2.
    auto local = ex.restrict({c0, c2, c3});
    CHECK(local.excluded_by[0] == std::vector<int32_t>{2});
    CHECK(local.partners[0] == std::vector<int32_t>{1});
    CHECK(local.partners[1] == std::vector<int32_t>{0});
}
