// temporal: references, clause windows, task deadlines and overlapping documents over time.
#include "checked.hpp"
#include "lexsim/rules/calendar.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim;
using test::Checked;

namespace {

//! Each text is one file (a file holds at most one document).
Checked run(const std::vector<std::string>& texts) {
    return test::check_texts(texts);
}

const std::string shared = R"~(
entity firm { eligible : bool = false }
benefit award "奖励"
)~";

} // namespace

TEST_CASE("references to expired, repealed and external documents", "[solver][temporal]") {
    auto c = run(
        {shared, R"~(document old { number "旧号" issued 2020-01-01 expires 2023-12-31 })~",
         R"~(document short { number "短号" issued 2023-01-01 expires 2024-06-30 })~",
         R"~(document base { number "基号" issued 2020-01-01 })~",
         R"~(document gone { number "废号" external })~",
         R"~(document newer { number "新号" issued 2024-06-01 effective 2024-07-01 repeals base, gone })~",
         R"~(document a { number "甲号" issued 2024-01-01 }
clause expired { article "一" text "依据旧号" applies to firm require eligible refers old }
clause later { article "二" text "依据短号" applies to firm require eligible refers short }
clause repealed { article "三" text "依据基号" applies to firm require eligible refers base }
clause external { article "四" text "依据废号" applies to firm require eligible refers gone }
)~",
         R"~(document late { number "后号" issued 2024-08-01 }
clause stale { article "一" text "依据基号" applies to firm require eligible refers base }
clause fine { article "二" text "依据新号" applies to firm require eligible refers newer }
)~"});
    auto fs = c.of("temporal");
    REQUIRE(fs.size() == 5);
    CHECK(c.clauses(*fs[0]) == std::vector<std::string>{"a.expired"});
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(fs[0]->message ==
          "clause a.expired (甲号 一) refers to 旧号, which has already expired (last day in force "
          "2023-12-31) when the clause takes effect on 2024-01-01");
    CHECK(c.clauses(*fs[1]) == std::vector<std::string>{"a.later"});
    CHECK(fs[1]->severity == solver::Severity::Warning);
    CHECK(fs[1]->message == "clause a.later (甲号 二) refers to 短号, which expires after 2024-06-30 while "
                            "甲号 is still in force");
    REQUIRE(fs[1]->witness);
    CHECK(fs[1]->witness->date == rules::parse_date("2024-07-01"));
    CHECK(c.clauses(*fs[2]) == std::vector<std::string>{"a.repealed"});
    CHECK(fs[2]->severity == solver::Severity::Warning);
    CHECK(fs[2]->message == "clause a.repealed (甲号 三) refers to 基号, which is repealed by 新号 from "
                            "2024-07-01 while 甲号 is still in "
                            "force");
    CHECK(c.clauses(*fs[3]) == std::vector<std::string>{"a.external"});
    CHECK(fs[3]->severity == solver::Severity::Warning);
    CHECK(fs[3]->message ==
          "clause a.external (甲号 四) refers to 废号, which is known only by reference (external): "
          "whether it is in force while the clause is (from 2024-01-01) cannot be checked; it is "
          "repealed by 新号 from 2024-07-01");
    CHECK(c.clauses(*fs[4]) == std::vector<std::string>{"late.stale"});
    CHECK(fs[4]->severity == solver::Severity::Error);
    CHECK(fs[4]->message ==
          "clause late.stale (后号 一) refers to 基号, which is already repealed by 新号 from "
          "2024-07-01 when the clause takes effect on 2024-08-01");
}

TEST_CASE("a valid reference is no finding", "[solver][temporal]") {
    auto c = run({shared, R"~(document base { number "基号" issued 2020-01-01 })~",
                  R"~(document a { number "甲号" issued 2024-01-01 expires 2025-12-31 }
clause ok { article "一" text "依据基号" applies to firm require eligible refers base }
clause window { article "二" text "限期" applies to firm from 2024-03-01 until 2024-12-31 require eligible }
task t { article "三" text "t" deadline 2025-12-31 "2025 年底" }
)~"});
    CHECK(c.of("temporal").empty());
}

TEST_CASE("clause windows outside the document's life", "[solver][temporal]") {
    auto c = run(
        {shared, R"~(document a { number "甲号" issued 2024-01-01 effective 2024-02-01 expires 2024-12-31 }
clause early { article "一" text "早" applies to firm from 2024-01-01 require eligible }
clause long { article "二" text "长" applies to firm until 2025-06-30 require eligible }
)~"});
    auto fs = c.of("temporal");
    REQUIRE(fs.size() == 2);
    CHECK(c.clauses(*fs[0]) == std::vector<std::string>{"a.early"});
    CHECK(fs[0]->severity == solver::Severity::Warning);
    CHECK(fs[0]->message ==
          "clause a.early (甲号 一) is given from 2024-01-01, before 甲号 is in force (from "
          "2024-02-01): the days before have no effect");
    CHECK(c.clauses(*fs[1]) == std::vector<std::string>{"a.long"});
    CHECK(fs[1]->message ==
          "clause a.long (甲号 二) is given until 2025-06-30, after the last day 甲号 is in force "
          "(2024-12-31): the days after have no effect");
}

TEST_CASE("task deadlines before the document exists or after it lapses", "[solver][temporal]") {
    auto c = run({R"~(document p { number "3号" issued 2024-02-02 trial 1 year }
step ph1 { article "四(一)" text "第一阶段" start 2023-03-01 deadline 2023-08-31 "2023 年 3 月－8 月" }
step ph2 { article "四(二)" text "第二阶段" deadline 2024-10-01 .. 2024-12-31 "2024 年 10 月－12 月" }
task beyond { article "五" text "远期" deadline 2025-12-31 "2025 年底" }
)~"});
    auto fs = c.of("temporal");
    REQUIRE(fs.size() == 2);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"p.beyond"});
    CHECK(fs[0]->severity == solver::Severity::Warning);
    CHECK(fs[0]->message ==
          "task p.beyond (3号 五) is due by 2025-12-31 (“2025 年底”), after the document's last day "
          "in force (2025-02-01)");
    // A phase over before the document was issued is history, not a deadline: a note for the document.
    CHECK(c.tasks(*fs[1]) == std::vector<std::string>{"p.ph1"});
    CHECK(fs[1]->severity == solver::Severity::Info);
    CHECK(fs[1]->message ==
          "3号: 四(一)（2023 年 3 月－8 月） ended before the document was issued (2024-02-02): "
          "past phases, not deadlines anyone can still meet");
}

TEST_CASE("overlapping documents granting one benefit without a tie-break", "[solver][temporal]") {
    const std::string grant = "applies to firm when eligible grant award up to 100 万元";
    auto c = run({shared,
                  R"~(document a { number "甲号" issued 2024-01-01 }
clause g { article "一" text "奖励" )~" +
                      grant + " }\n",
                  R"~(document b { number "乙号" issued 2024-03-01 expires 2024-12-31 }
clause g { article "一" text "奖励" )~" +
                      grant + " }\n",
                  // linked by `exclusive with`: a tie-break rule
                  R"~(document x { number "丙号" issued 2024-01-01 }
clause g { article "一" text "奖励" )~" +
                      grant + " exclusive with a.g, b.g }\n",
                  // never in force together with b
                  R"~(document y { number "丁号" issued 2025-01-01 }
clause g { article "一" text "奖励" )~" +
                      grant + " exclusive with a.g, x.g }\n"});
    // Paying twice and overlapping in time are one problem: the note is a reading of the double-funding
    // finding.
    CHECK(c.of("temporal").empty());
    auto fs = c.of("double-funding");
    REQUIRE(fs.size() == 1);
    CHECK(c.clauses(*fs[0]) == std::vector<std::string>{"a.g", "b.g"});
    CHECK(fs[0]->readings.back() ==
          "in time: 甲号 and 乙号 both grant award and are both in force from 2024-03-01 to 2024-12-31; "
          "neither "
          "repeals the other and no `exclusive with` or `excludes` links their clauses");
    // Where no situation is paid twice (different cases), the overlap stands alone as a note.
    auto apart = run({shared,
                      R"~(document a { number "甲号" issued 2024-01-01 }
clause g { article "一" text "奖励" applies to firm when eligible grant award up to 100 万元 }
)~",
                      R"~(document b { number "乙号" issued 2024-03-01 expires 2024-12-31 }
clause g { article "一" text "奖励" applies to firm when not eligible grant award up to 100 万元 }
)~"});
    auto notes = apart.of("temporal");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]->severity == solver::Severity::Info);
    CHECK(
        notes[0]->message ==
        "overlapping documents on one subject with no tie-break rule: 甲号 and 乙号 both grant award and are "
        "both in force from 2024-03-01 to 2024-12-31; neither repeals the other and no `exclusive with` or "
        "`excludes` links their clauses");
}

TEST_CASE("a contradiction in a document's header is a finding, and the rest is still checked",
          "[solver][temporal]") {
    auto c = run({R"~(document a { number "甲号" issued 2024-02-02 expires 2023-12-31 }
entity firm { eligible : bool = false }
clause never { article "一" text "永不" applies to firm when eligible require eligible }
)~",
                  R"~(document b { number "乙号" trial 1 year })~",
                  R"~(document e { number "丙号" issued 2024-02-26 effective 2024-01-01 })~"});
    auto fs = c.of("temporal");
    REQUIRE(fs.size() == 3);
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(fs[0]->message ==
          "甲号 expires after 2023-12-31, before it takes effect on 2024-02-02: none of its "
          "clauses can ever apply");
    CHECK(fs[0]->documents == std::vector<rules::DocumentId>{rules::DocumentId(0)});
    CHECK(fs[1]->severity == solver::Severity::Error);
    CHECK(fs[1]->message ==
          "乙号 has a trial period but no issue or effective date to count it from: when it "
          "expires cannot be told");
    CHECK(fs[2]->severity == solver::Severity::Warning);
    CHECK(fs[2]->message == "丙号 takes effect on 2024-01-01, before it is issued on 2024-02-26");
    // The clause of the document that is never in force is not a second finding.
    CHECK(c.of("vacuous").empty());
}
