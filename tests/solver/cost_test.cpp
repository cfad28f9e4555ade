// cost-double-funding: two different benefits that compensate one cost, paid for one situation.
#include "checked.hpp"
#include "lexsim/rules/calendar.hpp"

#include <catch2/catch.hpp>

using namespace lexsim;
using test::Checked;

namespace {

const std::string shared = R"~(
entity firm "企业" {
  credit_loss "信用贷款本金损失" : money = 0 CNY
  green_loan "发放单笔绿色信贷" : bool = false
  rd_spend "研发投入" : money = 0 CNY
  assume credit_loss >= 0 CNY
  assume rd_spend >= 0 CNY
}
cost loan_loss "贷款本金损失"
cost rd_spending "研发投入"
benefit risk_comp "信用贷款风险补偿" compensates loan_loss
benefit green_comp "绿色信贷风险补偿" compensates loan_loss
benefit rd_award "研发投入支持" compensates rd_spending
benefit rd_project "科技研发项目支持" compensates rd_spending
)~";

} // namespace

TEST_CASE("two benefits compensating one cost, paid together, are one finding", "[solver][cost]") {
    Checked c = test::check_texts({shared, R"~(document a { number "甲号" issued 2024-01-01 }
clause risk {
  article "（二十二）"
  text "对信用贷款按本金损失部分的 30%给予金融机构贷款风险补偿"
  applies to firm when credit_loss > 0 CNY
  grant risk_comp 30% of credit_loss
}
clause green {
  article "（二十六）"
  text "对单笔绿色信贷给予最高 600 万元风险补偿"
  applies to firm when green_loan
  grant green_comp up to 600 万元
}
)~"});
    auto fs = c.of("cost-double-funding");
    REQUIRE(fs.size() == 1);
    const solver::Finding& f = *fs[0];
    CHECK(f.severity == solver::Severity::Warning);
    CHECK(f.subject == "loan_loss");
    CHECK(c.clauses(f) == std::vector<std::string>{"a.risk", "a.green"});
    CHECK(f.message ==
          "the same cost, loan_loss, can be compensated by risk_comp, green_comp "
          "at once (甲号 （二十二）, 甲号 （二十六）), and nothing says whether both may be received");
    REQUIRE(f.readings.size() == 2);
    CHECK(f.readings[1] ==
          "if both may be received: combined maximum unbounded (an amount grows with an input)");
    CHECK(c.fact(f, "cost compensated") == "loan_loss");
    // The witness is a situation in which both pay: re-run through the evaluator by the checker.
    REQUIRE(f.witness);
    CHECK(f.witness->row.values[0] > 0);  // credit_loss
    CHECK(f.witness->row.values[1] == 1); // green_loan
}

TEST_CASE("grants for one cost across documents in force together; the combined maximum", "[solver][cost]") {
    Checked c = test::check_texts({shared, R"~(document a { number "甲号" issued 2024-01-01 }
clause rd { article "（七）" text "按照研发投入情况，每年给予最高 300 万元支持" applies to firm when rd_spend > 0 CNY
  grant rd_award up to 300 万元 per year }
)~",
                                   R"~(document b { number "乙号" issued 2024-06-25 effective 2024-07-01 }
clause project { article "第四条(一)" text "对科技研发项目，采取事前直接补助方式最高支持 300 万元" applies to firm when rd_spend > 0 CNY
  grant rd_project up to 300 万元 }
)~"});
    auto fs = c.of("cost-double-funding");
    REQUIRE(fs.size() == 1);
    CHECK(c.clauses(*fs[0]) == std::vector<std::string>{"a.rd", "b.project"});
    CHECK(fs[0]->readings[0] == "the clauses: 甲号 （七） (rd_award): up to 300 万元 per year, "
                                "乙号 第四条(一) (rd_project): up to 300 万元");
    CHECK(fs[0]->readings[1] == "if both may be received: combined maximum 600 万元 a year");
    REQUIRE(fs[0]->witness);
    CHECK(*fs[0]->witness->date >= rules::days_from_civil(2024, 7, 1)); // both in force
}

TEST_CASE("no finding: one benefit twice, exclusive clauses, documents never in force together",
          "[solver][cost]") {
    Checked c = test::check_texts({shared + "benefit plain \"无成本声明的支持\"\n",
                                   R"~(document a { number "甲号" issued 2024-01-01 expires 2024-06-30 }
clause risk { article "（二十二）" text "贷款风险补偿" applies to firm when credit_loss > 0 CNY grant risk_comp 30% of credit_loss }
clause rd1 { article "（七）" text "研发投入支持" applies to firm when rd_spend > 0 CNY grant rd_award up to 300 万元 }
clause rd2 { article "（八）" text "研发投入支持（二）" applies to firm when rd_spend > 0 CNY grant rd_award up to 100 万元 }
)~",
                                   R"~(document b { number "乙号" issued 2024-07-01 }
clause green { article "（二十六）" text "绿色信贷风险补偿" applies to firm when green_loan grant green_comp up to 600 万元 }
clause rd3 { article "（一）" text "研发投入支持" applies to firm when rd_spend > 0 CNY grant rd_award up to 300 万元 }
clause project { article "第四条(一)" text "科技研发项目" applies to firm when rd_spend > 0 CNY grant rd_project up to 300 万元
  exclusive with rd3 }
clause other { article "（二）" text "其他支持" applies to firm when green_loan grant plain up to 100 万元 }
)~"});
    // risk (甲号) and green (乙号) are never in force together; rd1 and rd2 pay one benefit (double-funding's
    // question); rd3 and project are exclusive; plain names no cost.
    CHECK(c.of("cost-double-funding").empty());
    CHECK(c.of("cap-conflict").size() == 1); // rd1 and rd2: 300 万元 against 100 万元
}
