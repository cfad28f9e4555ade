#include "lexsim/rules/value.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace lexsim::rules;

TEST_CASE("values from text use the literal syntax", "[value]") {
    auto r = lexsim::test::load("enum level { none, municipal }\n");
    REQUIRE(r.ok());
    const RuleSet& rs = *r.rules;
    CHECK(parse_value(rs, Type{TypeKind::Money}, "300 万元").value == 300'000'000);
    CHECK(parse_value(rs, Type{TypeKind::Money}, "1234.5").value == 123'450);
    CHECK(parse_value(rs, Type{TypeKind::Rate}, "70%").value == 700'000);
    CHECK(parse_value(rs, Type{TypeKind::Rate}, "0.4").value == 400'000);
    CHECK(parse_value(rs, Type{TypeKind::Date}, "2024-08-15").value == 19950);
    CHECK(parse_value(rs, Type{TypeKind::Enum, 0}, "municipal").value == 1);
    CHECK(parse_value(rs, Type{TypeKind::Bool}, "true").value == 1);
    CHECK(parse_value(rs, Type{TypeKind::Int}, "-3").value == -3);
    CHECK(parse_value(rs, Type{TypeKind::Enum, 0}, "national").error ==
          "'national' is not a member of enum level (none, municipal)");
    CHECK(parse_value(rs, Type{TypeKind::Money}, "0.001 元").error == "'0.001 元' is finer than a fen");
    CHECK(parse_value(rs, Type{TypeKind::Date}, "2024-02-30").error ==
          "'2024-02-30' is not a date: '2024-02-30' is not a calendar date (dates run from 1900-01-01 to "
          "2999-12-31)");
}
