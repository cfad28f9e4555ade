// The checks that compare clauses and tasks across the rules (issue 13, part 1): grant-requirement,
// beyond-validity, class-conflict, class-unused, condition-gap, deadline-inconsistent, task-mismatch.
// Each has a case that reports and a case that must not.
#include "checked.hpp"
#include "lexsim/rules/calendar.hpp"

#include <catch2/catch.hpp>

using namespace lexsim;
using test::Checked;

namespace {

using Strings = std::vector<std::string>;

const std::string site = R"~(
entity site "地块" {
  use "用途" : enum { industrial "工业", housing "商品住宅" } = industrial
  area "面积" : number = 0
  certified "已认证" : bool = false
}
benefit build_award "建设补助"
)~";

const std::string lease = R"~(
entity lease "租约" {
  expiry "租期届满日" : date
  applied "续期申请日" : date
  renewing "申请续期" : bool = false
  recovered "已收回" : bool = false
}
benefit rent_award "租金补贴"
)~";

const std::string plot = R"~(
entity plot "地块" {
  town "乡镇" : enum { east "东镇", west "西镇", north "北镇" }
  holding "运营方式" : enum { self_held "自持", sold "销售" }
}
measure ring "圈层" : int
measure coef "修正系数" : rate
)~";

const std::string firm = R"~(
entity firm "企业" {
  revenue "营业收入" : money = 0 CNY
  listed "上市企业" : bool = false
  big "规模以上" : bool = false
}
benefit growth_award "成长支持"
benefit list_award "上市支持"
)~";

const std::string registry = R"~(
unit "区民政局"
unit "区卫生健康委"
unit "区城市管理委"
official "甲"
measure stations "养老驿站" : int unit "家"
)~";

} // namespace

TEST_CASE("grant-requirement: a grant another document forbids, wholly or in part", "[solver][coherence]") {
    auto c = test::check_texts({site,
                                R"~(document a { number "甲号" issued 2024-01-01 }
clause g1 { article "一" text "商品住宅项目补助" applies to site when use == housing grant build_award up to 100 万元 }
clause g2 { article "二" text "面积 100 以上补助" applies to site when area > 100 grant build_award up to 50 万元 }
clause g3 { article "三" text "认证补助" applies to site when certified grant build_award up to 10 万元 }
)~",
                                R"~(document b { number "乙号" issued 2024-01-01 }
clause f1 { article "第一条" text "不得建设商品住宅" applies to site forbid use == housing }
clause r2 { article "第二条" text "面积不超过 500" applies to site require area <= 500 }
)~"});
    auto fs = c.of("grant-requirement");
    REQUIRE(fs.size() == 2);
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(c.clauses(*fs[0]) == Strings{"a.g1", "b.f1"});
    CHECK(fs[0]->message ==
          "甲号 一 grants build_award only in cases that 乙号 第一条, in force at the same time, "
          "does not allow");
    CHECK(fs[1]->severity == solver::Severity::Warning);
    CHECK(c.clauses(*fs[1]) == Strings{"a.g2", "b.r2"});
    REQUIRE(fs[1]->witness);
}

TEST_CASE("grant-requirement: documents never in force together are no conflict", "[solver][coherence]") {
    auto c = test::check_texts({site,
                                R"~(document a { number "甲号" issued 2024-01-01 }
clause g1 { article "一" text "商品住宅项目补助" applies to site when use == housing grant build_award up to 100 万元 }
)~",
                                R"~(document b { number "乙号" issued 2023-01-01 expires 2023-12-31 }
clause f1 { article "第一条" text "不得建设商品住宅" applies to site forbid use == housing }
)~"});
    CHECK(c.of("grant-requirement").empty());
}

TEST_CASE("beyond-validity: renewals, recoveries and payments after the last day", "[solver][coherence]") {
    const std::string doc = R"~(document a { number "甲号" issued 2024-01-01 expires 2024-12-31 }
clause renew { article "第十三条" text "至迟于届满前一年申请续期" applies to lease when renewing require applied <= expiry - 365 days }
clause back { article "第十四条" text "届满未续期的，无偿收回" applies to lease when today > expiry and not renewing require recovered }
clause pay { article "第五条" text "连续三年每年补贴" applies to lease grant rent_award up to 10 万元 per year for 3 years }
clause plain { article "第六条" text "不得转租" applies to lease forbid recovered and renewing }
)~";
    auto c = test::check_texts({lease, doc});
    auto fs = c.of("beyond-validity");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == solver::Severity::Warning);
    CHECK(c.clauses(*fs[0]) == Strings{"a.renew", "a.back", "a.pay"});
    CHECK(fs[0]->message ==
          "甲号 is in force until 2024-12-31, but 甲号 第十三条, 甲号 第十四条, 甲号 第五条 govern "
          "things that happen after that, and no document succeeds it");
    REQUIRE(fs[0]->witness);
    CHECK(fs[0]->witness->date == rules::days_from_civil(2025, 1, 1));

    // A successor that repeals it carries the rules on; a document without a last day has nothing after it.
    auto succeeded = test::check_texts(
        {lease, doc, R"~(document b { number "乙号" issued 2024-12-01 effective 2025-01-01 repeals a }
)~"});
    CHECK(succeeded.of("beyond-validity").empty());
    std::string open = doc;
    open.replace(open.find(" expires 2024-12-31"), std::string(" expires 2024-12-31").size(), "");
    CHECK(test::check_texts({lease, open}).of("beyond-validity").empty());
}

TEST_CASE("class-conflict: one case in two classes, and overlapping ranges for one case",
          "[solver][coherence]") {
    auto c = test::check_texts({plot,
                                R"~(document a { number "甲号" issued 2024-01-01 }
clause r1 { article "第九条" text "第一圈层包括东镇、西镇" applies to plot when town in { east, west } range ring 1 .. 1 }
clause r2 { article "第九条" text "第二圈层包括西镇、北镇" applies to plot when town in { west, north } range ring 2 .. 2 }
clause c1 { article "第十条" text "东镇系数 0.4－0.6" applies to plot when town == east range coef 0.4 .. 0.6 }
)~",
                                R"~(document b { number "乙号" issued 2024-01-01 }
clause c2 { article "一" text "东镇系数 0.5－0.8" applies to plot when town == east range coef 0.5 .. 0.8 }
clause c3 { article "二" text "东镇系数 0.5－0.6" applies to plot when town == east range coef 0.5 .. 0.6 }
)~"});
    auto fs = c.of("class-conflict");
    REQUIRE(fs.size() == 2);
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(c.clauses(*fs[0]) == Strings{"a.r1", "a.r2"});
    CHECK(fs[0]->message ==
          "one plot falls under both 甲号 第九条 (ring 1) and 甲号 第九条 (2): no value meets both");
    REQUIRE(fs[0]->witness);
    CHECK(fs[1]->severity == solver::Severity::Warning);
    CHECK(c.clauses(*fs[1]) == Strings{"a.c1", "b.c2"});
    // c3 lies inside both c1 and c2: a refinement. Cases that never meet are range-overlap's.
    CHECK(c.of("range-overlap").empty());
}

TEST_CASE("class-conflict: disjoint cases are not a conflict", "[solver][coherence]") {
    auto c = test::check_texts({plot, R"~(document a { number "甲号" issued 2024-01-01 }
clause r1 { article "第九条" text "第一圈层包括东镇" applies to plot when town == east range ring 1 .. 1 }
clause r2 { article "第九条" text "第二圈层包括西镇、北镇" applies to plot when town in { west, north } range ring 2 .. 2 }
)~"});
    CHECK(c.of("class-conflict").empty());
}

TEST_CASE("class-unused: rings that no clause depends on are a note", "[solver][coherence]") {
    const std::string rings = R"~(document a { number "甲号" issued 2024-01-01 }
clause r1 { article "第九条" text "第一圈层包括东镇" applies to plot when town == east range ring 1 .. 1 }
clause r2 { article "第九条" text "第二圈层包括西镇" applies to plot when town == west range ring 2 .. 2 }
clause r3 { article "第九条" text "第三圈层包括北镇" applies to plot when town == north range ring 3 .. 3 }
clause k1 { article "第九条" text "自持部分系数 0.4－0.6" applies to plot when holding == self_held range coef 0.4 .. 0.6 }
)~";
    auto c = test::check_texts({plot, rings});
    auto fs = c.of("class-unused");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == solver::Severity::Info);
    CHECK(c.clauses(*fs[0]) == Strings{"a.r1", "a.r2", "a.r3"});
    CHECK(fs[0]->message ==
          "甲号 第九条 put each plot into a class of ring (1, 2, 3) by town, but no clause's "
          "condition, amount or requirement depends on it");

    // A coefficient that differs by town gives the classes an effect.
    auto used = test::check_texts({plot, rings + R"~(
clause k2 { article "第九条" text "东镇销售部分系数 0.6－0.8" applies to plot when town == east and holding == sold range coef 0.6 .. 0.8 }
)~"});
    CHECK(used.of("class-unused").empty());
}

TEST_CASE("condition-gap: a hole between bands and one side of a yes/no condition", "[solver][coherence]") {
    auto c = test::check_texts({firm, R"~(document a { number "甲号" issued 2024-01-01 }
clause small { article "（一）" text "收入 100 万元至 1000 万元的" applies to firm when revenue >= 100 万元 and revenue < 1000 万元 grant growth_award up to 10 万元 }
clause large { article "（二）" text "收入 2000 万元以上的" applies to firm when revenue >= 2000 万元 grant growth_award up to 50 万元 }
clause l1 { article "（三）" text "规模以上上市企业" applies to firm when listed and big grant list_award up to 100 万元 }
clause l2 { article "（四）" text "非上市企业" applies to firm when not listed grant list_award up to 10 万元 }
)~"});
    auto fs = c.of("condition-gap");
    REQUIRE(fs.size() == 2);
    CHECK(c.clauses(*fs[0]) == Strings{"a.small", "a.large"});
    CHECK(fs[0]->message ==
          "甲号 （一）, 甲号 （二） split growth_award on revenue into bands, but a value between "
          "two bands is covered by none");
    REQUIRE(fs[0]->witness);
    int64_t revenue = fs[0]->witness->row.values[0];
    CHECK(revenue >= 1000'0000 * rules::fen_per_yuan);
    CHECK(revenue < 2000'0000 * rules::fen_per_yuan);
    CHECK(c.clauses(*fs[1]) == Strings{"a.l1", "a.l2"});
    CHECK(fs[1]->message ==
          "甲号 （三）, 甲号 （四） split list_award on listed, but a case covered with one value "
          "of it is covered by none with the other");
}

TEST_CASE("condition-gap: adjoining bands and both sides covered", "[solver][coherence]") {
    auto c = test::check_texts({firm, R"~(document a { number "甲号" issued 2024-01-01 }
clause small { article "（一）" text "收入 1000 万元以下的" applies to firm when revenue < 1000 万元 grant growth_award up to 10 万元 }
clause large { article "（二）" text "收入 1000 万元以上的" applies to firm when revenue >= 1000 万元 grant growth_award up to 50 万元 }
clause l1 { article "（三）" text "规模以上上市企业" applies to firm when listed and big grant list_award up to 100 万元 }
clause l2 { article "（四）" text "规模以上非上市企业" applies to firm when not listed and big grant list_award up to 10 万元 }
)~"});
    CHECK(c.of("condition-gap").empty());
}

TEST_CASE("deadline-inconsistent: a text later than its deadline, and a blank cell", "[solver][coherence]") {
    auto c = test::check_texts({registry, R"~(document a { number "甲号" issued 2024-01-01 }
task t1 { article "1" text "力争 2024 年 9 月底前出台相关政策" owner "区民政局" deadline 2024-06-30 "6 月底前" }
task t2 { article "2" text "2月底、8 月底前更新清单" owner "区民政局" deadline 2024-12-31 "年底前" }
task t3 { article "3" text "各乡镇同比改善" owner "区民政局" deadline none "" }
task t4 { article "4" text "完成整治" owner "区民政局" deadline none "长期实施" }
)~"});
    auto fs = c.of("deadline-inconsistent");
    REQUIRE(fs.size() == 2);
    CHECK(c.tasks(*fs[0]) == Strings{"a.t1"});
    CHECK(fs[0]->message == "甲号 1 is due 2024-06-30 (\"6 月底前\"), before the date its own text writes, "
                            "\"2024年9月底\" (2024-09-30)");
    CHECK(c.tasks(*fs[1]) == Strings{"a.t3"});
    CHECK(fs[1]->message == "甲号: 3 of the table's 4 rows have a deadline; the deadline cell of 3 is blank");
}

TEST_CASE("deadline-inconsistent: a table without a deadline column is not reported", "[solver][coherence]") {
    auto c = test::check_texts({registry, R"~(document a { number "甲号" issued 2024-01-01 }
task t1 { article "1" text "建立机制" owner "区民政局" deadline none "" }
task t2 { article "2" text "完善制度" owner "区民政局" deadline none "" }
task t3 { article "3" text "年底前完成" owner "区民政局" deadline 2024-12-31 "2024 年 12 月底前" }
)~"});
    CHECK(c.of("deadline-inconsistent").empty());
}

TEST_CASE("task-mismatch: one task, two documents, different units or years", "[solver][coherence]") {
    auto c = test::check_texts({registry,
                                R"~(document a { number "甲号" issued 2024-01-01 }
task x { article "（二十三）" text "新建 10 家养老驿站" leads "甲" owner "区民政局" deadline 2024-12-31 "年底前" target stations >= 10 by 2024-12-31 }
task p { article "（五）" text "完成 87 条背街小巷环境精细化治理" leads "甲" owner "区城市管理委" deadline 2024-12-31 "年底前" }
task q { article "（六）" text "推进社区卫生服务中心建设" owner "区卫生健康委" deadline 2024-12-31 "年底前" }
)~",
                                R"~(document b { number "乙号" issued 2024-02-01 }
task y { article "144." text "优化养老服务，新建养老服务驿站" leads "甲" owner "区卫生健康委" deadline 2024-12-31 "年底" target stations >= 10 by 2024-12-31 }
task r { article "106." text "完成 87 条背街小巷环境精细化治理" leads "甲" owner "区城市管理委" deadline 2025-12-31 "2025 年底" }
task s { article "120." text "推进养老院建设" owner "区卫生健康委" deadline 2024-12-31 "年底" }
)~"});
    auto fs = c.of("task-mismatch");
    REQUIRE(fs.size() == 2);
    CHECK(c.tasks(*fs[0]) == Strings{"a.x", "b.y"});
    CHECK(fs[0]->readings ==
          Strings{"lead units: 甲号 （二十三） names 区民政局, 乙号 144. names 区卫生健康委"});
    CHECK(c.tasks(*fs[1]) == Strings{"a.p", "b.r"});
    CHECK(fs[1]->readings == Strings{"year: 甲号 （五） is due 2024-12-31, 乙号 106. 2025-12-31"});
}

TEST_CASE("the new checks speak Chinese by default", "[solver][coherence]") {
    solver::CheckOptions zh;
    auto c = test::check_texts({lease, plot, registry,
                                R"~(document a { number "甲号" issued 2024-01-01 expires 2024-12-31 }
clause back { article "第十四条" text "届满未续期的，无偿收回" applies to lease when today > expiry and not renewing require recovered }
clause r1 { article "第九条" text "第一圈层包括东镇" applies to plot when town == east range ring 1 .. 1 }
clause r2 { article "第九条" text "第二圈层包括西镇、北镇" applies to plot when town in { west, north } range ring 2 .. 2 }
task t1 { article "1" text "力争 2024 年 9 月底前出台相关政策" owner "区民政局" deadline 2024-06-30 "6 月底前" }
)~"},
                               zh);
    REQUIRE(c.report.lang == solver::Lang::Zh);
    auto beyond = c.of("beyond-validity");
    REQUIRE(beyond.size() == 1);
    CHECK(beyond[0]->message == "甲号 有效期至 2024-12-31，但 甲号 第十四条 "
                                "规定的事项发生在此之后，且没有文件接续（废止并替代）本文件");
    CHECK(beyond[0]->readings ==
          Strings{"甲号 第十四条：按租期届满日规定义务或期限，该日期可晚于 2024-12-31"});
    auto unused = c.of("class-unused");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0]->message ==
          "甲号 第九条 按乡镇把地块划入「圈层」1、2，但没有任何条款的条件、金额或要求因「圈层」而不同");
    auto late = c.of("deadline-inconsistent");
    REQUIRE(late.size() == 1);
    CHECK(late[0]->message ==
          "甲号 1 的完成时限为 2024-06-30（“6 月底前”），早于其任务内容中写明的“2024年9月底”（2024-09-30）");
}
