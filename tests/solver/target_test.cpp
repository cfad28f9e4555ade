// target-mismatch: targets for one measure set by different documents.
#include "checked.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim;
using test::Checked;

namespace {

Checked run(const std::vector<std::string>& texts) {
    return test::check_texts(texts);
}

const std::string measures = R"~(
measure places "学位" : int unit "个"
measure growth "增长率" : rate
param task_cap "市级下达任务" : int
param fixed_cap "既定上限" : int = 500
)~";

using Facts = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("contradictory targets are an error", "[solver][target]") {
    auto c = run({measures,
                  R"~(document a { number "甲号" issued 2024-01-01 }
task t1 { article "（一）" text "新增学位 720 个" deadline 2024-12-31 "年底" target places >= 720 by 2024-12-31 }
clause g { article "一" text "增长 5%左右" target growth about 5% by 2024-12-31 }
)~",
                  R"~(document b { number "乙号" issued 2024-02-01 }
clause k { article "二" text "学位不超过 500 个" target places <= fixed_cap }
clause h { article "三" text "增长 6%以上" target growth >= 6% by 2024-12-31 }
)~"});
    auto fs = c.of("target-mismatch");
    REQUIRE(fs.size() == 2);
    // Measures in declaration order; each pair in document order.
    const solver::Finding* places = fs[0];
    const solver::Finding* growth = fs[1];

    CHECK(places->severity == solver::Severity::Error);
    CHECK(c.clauses(*places) == std::vector<std::string>{"b.k"});
    CHECK(c.tasks(*places) == std::vector<std::string>{"a.t1"});
    CHECK(places->message ==
          "contradictory targets for places (学位): 甲号 （一） sets >= 720 by 2024-12-31, 乙号 二 sets "
          "<= fixed_cap = 500 with no deadline; no value of places meets both");
    REQUIRE(places->witness);
    CHECK(places->witness->facts == Facts{{"甲号 （一）", "720"}, {"乙号 二", "fixed_cap = 500"}});

    CHECK(growth->severity == solver::Severity::Error);
    CHECK(c.clauses(*growth) == std::vector<std::string>{"a.g", "b.h"});
    CHECK(growth->tasks.empty());
    CHECK(growth->message ==
          "contradictory targets for growth (增长率): 甲号 一 sets about 5% by 2024-12-31, 乙号 三 "
          "sets >= 6% by 2024-12-31; no value of growth meets both");
    CHECK(growth->witness->facts == Facts{{"甲号 一", "5%"}, {"乙号 三", "6%"}});
}

TEST_CASE("different but compatible targets are a warning; open parameters are free", "[solver][target]") {
    auto c = run({measures,
                  R"~(document a { number "甲号" issued 2024-01-01 }
task t1 { article "（一）" text "新增学位 720 个" deadline 2024-12-31 "年底" target places >= 720 by 2024-12-31 }
)~",
                  R"~(document b { number "乙号" issued 2024-02-01 }
task t2 { article "1." text "新增学位 1080 个" deadline 2024-12-31 "年底" target places >= 1080 by 2024-12-31 }
)~",
                  R"~(document x { number "丙号" issued 2024-02-01 }
clause k { article "二" text "完成市级下达任务" target places <= task_cap by 2024-12-31 }
)~"});
    auto fs = c.of("target-mismatch");
    REQUIRE(fs.size() == 3);
    for (const auto* f : fs)
        CHECK(f->severity == solver::Severity::Warning);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"a.t1", "b.t2"});
    CHECK(fs[0]->message == "different targets for places (学位): 甲号 （一） sets >= 720 by 2024-12-31, "
                            "乙号 1. sets >= 1080 by 2024-12-31");
    CHECK(c.clauses(*fs[1]) == std::vector<std::string>{"x.k"});
    CHECK(c.tasks(*fs[1]) == std::vector<std::string>{"a.t1"});
    CHECK(fs[1]->message ==
          "different targets for places (学位): 甲号 （一） sets >= 720 by 2024-12-31, 丙号 二 sets <= "
          "task_cap (not fixed by the text) by 2024-12-31");
    CHECK(c.tasks(*fs[2]) == std::vector<std::string>{"b.t2"});
    CHECK(c.clauses(*fs[2]) == std::vector<std::string>{"x.k"});
}

TEST_CASE("agreeing targets, and targets within one document, are no finding", "[solver][target]") {
    auto c = run({measures,
                  R"~(document a { number "甲号" issued 2024-01-01 }
task t1 { article "（一）" text "新增学位 720 个" deadline 2024-12-31 "年底" target places >= 720 by 2024-12-31 }
task t2 { article "（二）" text "学位不超过 500 个" deadline 2024-12-31 "年底" target places <= 500 by 2024-12-31 }
)~",
                  R"~(document b { number "乙号" issued 2024-02-01 }
task t1 { article "1." text "新增学位 720 个" deadline 2024-12-31 "年底" target places >= 720 by 2024-12-31 }
)~"});
    // a.t2 contradicts b.t1, but a.t1 agrees with b.t1; a.t1 and a.t2 are one document's business.
    auto fs = c.of("target-mismatch");
    REQUIRE(fs.size() == 1);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"a.t2", "b.t1"});
    CHECK(fs[0]->severity == solver::Severity::Error);

    auto same = run({measures,
                     R"~(document a { number "甲号" issued 2024-01-01 }
clause k { article "一" text "学位不超过既定上限" target places <= fixed_cap by 2024-12-31 }
)~",
                     R"~(document b { number "乙号" issued 2024-02-01 }
clause k { article "一" text "学位不超过 500 个" target places <= 500 by 2024-12-31 }
)~"});
    CHECK(same.of("target-mismatch").empty());
}
