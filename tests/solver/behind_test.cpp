// target-behind: a target worse than a result reported for an earlier year.
#include "checked.hpp"

#include <catch2/catch.hpp>

using namespace lexsim;
using test::Checked;

namespace {

const std::string measures = R"~(
measure renovated "老旧小区改造完成" : int unit "个"
measure unemployment "城镇登记失业率" : rate
measure space "新型产业空间" : int unit "平方米"
measure cumulative "累计完工面积" : number unit "万平方米"
param task_cap "市级下达任务（文本未给出）" : int
)~";

using Facts = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("targets below the result reported for the year before", "[solver][behind]") {
    Checked c = test::check_texts({measures, R"~(document r { number "甲号" issued 2024-02-02 }
task b06 { article "回顾三" text "老旧小区改造完工 14 个" reported renovated = 14 at 2023-12-31 }
task b12 { article "回顾六" text "城镇登记失业率控制在 3.86%" reported unemployment = 3.86% at 2023-12-31 }
task k08 { article "任务五" text "完成 10 个老旧小区改造" target renovated >= 10 by 2024-12-31 }
task g05 { article "目标" text "城镇登记失业率控制在 5%以内" target unemployment <= 5% by 2024-12-31 }
)~",
                                   R"~(document p { number "乙号" issued 2024-02-26 }
clause space { article "（十五）" text "每年释放不少于 50 万平方米" target space >= 500000 per year }
clause space_report { article "回顾" text "2023 年释放 60 万平方米" reported space = 600000 at 2023-12-31 }
)~"});
    auto fs = c.of("target-behind");
    REQUIRE(fs.size() == 3);
    // Measures in declaration order.
    const solver::Finding& ren = *fs[0];
    CHECK(ren.severity == solver::Severity::Info);
    CHECK(ren.subject == "renovated");
    CHECK(c.tasks(ren) == std::vector<std::string>{"r.k08", "r.b06"});
    CHECK(ren.message == "the target for renovated falls behind a result reported earlier: 甲号 任务五 sets "
                         "at least 10 个 by 2024-12-31, while 甲号 回顾三 reports 14 个 as of 2023-12-31");
    REQUIRE(ren.readings.size() == 1);
    CHECK(ren.readings[0] == "a value that meets the target, 10 个, is below the reported 14 个");
    CHECK(ren.witness->facts == Facts{{"甲号 任务五", "at least 10 个 by 2024-12-31"},
                                      {"甲号 回顾三", "14 个 (as of 2023-12-31)"},
                                      {"a value meeting the target", "10 个"}});

    // Less is better: a cap above the reported rate falls behind.
    const solver::Finding& un = *fs[1];
    CHECK(c.tasks(un) == std::vector<std::string>{"r.g05", "r.b12"});
    CHECK(un.message == "the target for unemployment falls behind a result reported earlier: 甲号 目标 sets "
                        "at most 5% by 2024-12-31, while 甲号 回顾六 reports 3.86% as of 2023-12-31");
    CHECK(un.readings[0] == "a value that meets the target, 5%, is above the reported 3.86%");

    // A per-year target from 2024 against the 2023 result.
    const solver::Finding& sp = *fs[2];
    CHECK(c.clauses(sp) == std::vector<std::string>{"p.space", "p.space_report"});
    CHECK(sp.message ==
          "the target for space falls behind a result reported earlier: 乙号 （十五） sets "
          "at least 500000 平方米 every year, while 乙号 回顾 reports 600000 平方米 as of 2023-12-31");
}

TEST_CASE("no finding: targets at or above the result, results of a later year, open values",
          "[solver][behind]") {
    Checked c = test::check_texts({measures, R"~(document r { number "甲号" issued 2024-02-02 }
task b02 { article "回顾一" text "累计完工 470 万平方米" reported cumulative = 470 at 2023-12-31 }
task b06 { article "回顾三" text "老旧小区改造完工 14 个" reported renovated = 14 at 2023-12-31 }
task b12 { article "回顾六" text "失业率 3.86%" reported unemployment = 3.86% at 2023-12-31 }
task k01 { article "任务一" text "力争累计完工 500 万平方米" target cumulative >= 500 by 2024-12-31 }
task k02 { article "任务二" text "老旧小区改造 14 个" target renovated == 14 by 2024-12-31 }
task k03 { article "任务三" text "失业率控制在 3.5%以内" target unemployment <= 3.5% by 2024-12-31 }
task k04 { article "任务四" text "完成市级下达任务" target renovated >= task_cap by 2024-12-31 }
task k05 { article "任务五" text "2023 年完成 10 个" target renovated >= 10 by 2023-12-31 }
)~"});
    // k01 and k03 are better than the results; k02 equals it; k04's value is open; k05 is set for the year
    // of the result itself, not a later one.
    CHECK(c.of("target-behind").empty());
    CHECK(c.report.findings.size() == c.of("target-mismatch").size()); // nothing else from these rows
}

TEST_CASE("a yearly target without `by` recurs: a later year's result is earlier than its next year",
          "[solver][behind]") {
    Checked c = test::check_texts({measures, R"~(document p { number "乙号" issued 2024-02-26 }
clause space { article "（十五）" text "每年释放不少于 50 万平方米" target space >= 500000 per year }
clause until { article "（十六）" text "2024 年前每年不少于 50 万平方米" target space >= 500000 per year by 2024-12-31 }
)~",
                                   R"~(document r { number "丙号" issued 2025-01-20 }
task b { article "回顾" text "2024 年释放 70 万平方米" reported space = 700000 at 2024-12-31 }
)~"});
    auto fs = c.of("target-behind");
    REQUIRE(fs.size() == 1);
    // （十五） recurs in 2025, after the 2024 result; （十六） ends with 2024, the year of the result.
    CHECK(c.clauses(*fs[0]) == std::vector<std::string>{"p.space"});
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"r.b"});
}
