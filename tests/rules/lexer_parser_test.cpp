#include "lexsim/rules/calendar.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using lexsim::test::diagnostics;
using lexsim::test::load;
using namespace lexsim::rules;

TEST_CASE("money literals are exact fen", "[lexer]") {
    auto r = load("param a : money = 500 万元\n"
                  "param b : money = 1.5 亿元\n"
                  "param c : money = 12.34 元\n"
                  "param d : money = 5_000_000 CNY\n"
                  "param e : rate = 0.5%\n"
                  "param f : number = 2.27\n"
                  "param g : workdays = 15 workdays\n");
    INFO(diagnostics(r));
    REQUIRE(r.ok());
    const RuleSet& rs = *r.rules;
    CHECK(rs.params[0].values[0].value == 500'000'000);
    CHECK(rs.params[1].values[0].value == 15'000'000'000);
    CHECK(rs.params[2].values[0].value == 1234);
    CHECK(rs.params[3].values[0].value == 500'000'000);
    CHECK(rs.params[4].values[0].value == 5'000);
    CHECK(rs.params[5].values[0].value == 2'270'000);
    CHECK(rs.params[6].values[0].value == 15);
}

TEST_CASE("money finer than a fen is rejected", "[lexer]") {
    auto r = load("param a : money = 0.001 元\n");
    CHECK(diagnostics(r) ==
          "t.rules:1:19: error: money is exact to the fen (0.01 yuan); '0.001 元' is finer\n"
          " 1 | param a : money = 0.001 元\n"
          "   |                   ^^^^^^^^\n");
}

TEST_CASE("identifiers may be Chinese; punctuation may not", "[lexer]") {
    REQUIRE(load("benefit 区域贡献奖励 \"区域贡献\"\n").ok());
    auto r = load("benefit 奖励（一）\n");
    CHECK(diagnostics(r).find("unexpected character '（' (full-width punctuation belongs inside a string)") !=
          std::string::npos);
}

TEST_CASE("dated parameter values are ordered by date", "[parser]") {
    auto r = load("param cap : money {\n  2024-07-01: 500 万元\n  2024-01-01: 300 万元\n}\n");
    REQUIRE(r.ok());
    const Param& p = r.rules->params[0];
    REQUIRE(p.values.size() == 2);
    CHECK(p.values[0].value == 300'000'000);
    CHECK(p.values[1].value == 500'000'000);
    CHECK(resolve_params(*r.rules, *parse_date("2024-06-30")).values[0] == 300'000'000);
    CHECK(resolve_params(*r.rules, *parse_date("2024-07-01")).values[0] == 500'000'000);
    CHECK(resolve_params(*r.rules, *parse_date("2023-12-31")).present[0] == 0);
}

TEST_CASE("trial periods set the last day in force", "[parser]") {
    auto r = load("document d { number \"13号\" issued 2024-04-30 trial 1 year }\n");
    REQUIRE(r.ok());
    CHECK(format_date(*r.rules->documents[0].expires) == "2025-04-29");
}

TEST_CASE("deep nesting is a diagnostic, not a crash", "[parser]") {
    std::string deep = "param p : int = " + std::string(200, '(') + "1" + std::string(200, ')') + "\n";
    auto r = load(deep);
    CHECK_FALSE(r.ok());
    CHECK(diagnostics(r).find("expression nested too deeply (more than 64 levels)") != std::string::npos);
    std::string negs = "param p : int = " + std::string(10000, '-') + "1\n";
    CHECK_FALSE(load(negs).ok());
}

TEST_CASE("tasks carry deadlines with their wording", "[parser]") {
    auto r = load("document d { number \"1号\" issued 2024-01-01 }\n"
                  "unit \"区水务局\"\n"
                  "official \"姚伟龙\"\n"
                  "task t03 {\n  article \"（三）\"\n  text \"完成 4 个供水管线改造提升工程\"\n"
                  "  leads \"姚伟龙\"\n  owner \"区水务局\"\n  deadline 2024-12-31 \"2024 年 12 月底前\"\n}\n"
                  "task t04 {\n  article \"（四）\"\n  text \"定期组织\"\n  deadline 2024-06-01 .. "
                  "2024-09-30 \"6-9 月\"\n"
                  "  after t03\n}\n");
    INFO(diagnostics(r));
    REQUIRE(r.ok());
    const auto& t = r.rules->tasks;
    REQUIRE(t.size() == 2);
    CHECK(t[0].deadline.kind == DeadlineKind::Date);
    CHECK(t[0].deadline.wording == "2024 年 12 月底前");
    CHECK(t[1].deadline.kind == DeadlineKind::Window);
    CHECK(format_date(t[1].deadline.window_start) == "2024-06-01");
    CHECK(t[1].after == std::vector<int32_t>{0});
    CHECK(t[0].id == "d.t03");
}
