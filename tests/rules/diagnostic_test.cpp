#include "test_util.hpp"

#include <catch2/catch.hpp>

using lexsim::test::diagnostics;
using lexsim::test::load;

TEST_CASE("columns count characters and carets span display cells", "[diagnostic]") {
    auto r = load("document d { number \"通政发\" issued 2024-01-01 }\n"
                  "enum e { 甲, 乙 }\n"
                  "entity firm { 等级 : e }\n"
                  "clause c { article \"（一）\" applies to firm when 等级 == 丙 require true }\n");
    REQUIRE_FALSE(r.ok());
    CHECK(diagnostics(r) ==
          "t.rules:4:53: error: '丙' is not a member of enum 'e'\n"
          " 4 | clause c { article \"（一）\" applies to firm when 等级 == 丙 require true }\n"
          "   |                                                          ^^\n"
          "t.rules:2:6: note: enum declared here\n"
          " 2 | enum e { 甲, 乙 }\n"
          "   |      ^\n");
}

TEST_CASE("a duplicate points at the first definition", "[diagnostic]") {
    auto r = load("benefit a \"甲\"\nbenefit a \"乙\"\n");
    CHECK(diagnostics(r) == "t.rules:2:9: error: benefit 'a' is defined twice\n"
                            " 2 | benefit a \"乙\"\n"
                            "   |         ^\n"
                            "t.rules:1:9: note: first defined here\n"
                            " 1 | benefit a \"甲\"\n"
                            "   |         ^\n");
}

TEST_CASE("the parser recovers and reports several errors", "[diagnostic]") {
    auto r = load("benefit 1\nbenefit ok\nmeasure m \"x\" int\nbenefit also_ok\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.diagnostics.error_count() == 2);
    CHECK(diagnostics(r).find("t.rules:1:9: error: expected a benefit name, found '1'") != std::string::npos);
    CHECK(diagnostics(r).find("t.rules:3:15: error: expected ':' and the measure's type, found 'int'") !=
          std::string::npos);
}
