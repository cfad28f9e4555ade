#include "test_util.hpp"

#include <catch2/catch.hpp>

using lexsim::test::diagnostics;
using lexsim::test::load;

namespace {
std::string first_error(const std::string& text) {
    auto r = load(text);
    REQUIRE_FALSE(r.ok());
    const auto& d = r.diagnostics.all().front();
    return d.message;
}
const std::string base = "document d { number \"x\" issued 2024-01-01 }\n"
                         "entity firm { a : money = 0 CNY\n d : date = 2024-01-01\n k : enum { x, y } = x }\n"
                         "benefit b\n";
} // namespace

TEST_CASE("type errors name both types", "[resolve]") {
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when a + d > a require true }\n") ==
          "cannot add money and date");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when a > 5 require true }\n") ==
          "cannot compare money and int");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm grant b up to 5 }\n") ==
          "expected money, found int (write money with its unit, e.g. '0 CNY' or '300 万元')");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when k < x require true }\n") ==
          "enum k values can only be compared with == and !=");
}

TEST_CASE("unknown names and enum members", "[resolve]") {
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when zz > a require true }\n") ==
          "unknown name 'zz': not an attribute of 'firm' nor a parameter");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when k in {x, z} require true }\n") ==
          "'z' is not a member of enum 'k'");
    CHECK(first_error(base + "clause c { article \"一\" applies to shop require true }\n") ==
          "unknown entity kind 'shop'");
}

TEST_CASE("clause ids are unique within a document", "[resolve]") {
    CHECK(first_error(base + "clause c { article \"一\" applies to firm require true }\n"
                             "clause c { article \"二\" applies to firm require true }\n") ==
          "clause id 'd.c' is defined twice");
}

TEST_CASE("repeals must name a declared document", "[resolve]") {
    CHECK(first_error("document d { number \"x\" issued 2024-01-01 repeals old }\n") ==
          "unknown document 'old' (declare it, with 'external' if it is not in the corpus)");
}

TEST_CASE("a clause relying on a repealed document gets a warning, and still loads", "[resolve]") {
    auto r = load(
        "document old { number \"通政发〔2022〕15号\" external }\n"
        "document d { number \"通政发〔2024〕14号\" issued 2024-06-25 effective 2024-07-01 repeals old }\n"
        "entity firm { a : bool }\n"
        "clause c { article \"第一条\" applies to firm require a refers old }\n");
    REQUIRE(r.ok());
    REQUIRE(r.diagnostics.all().size() == 1);
    const auto& d = r.diagnostics.all()[0];
    CHECK(d.severity == lexsim::rules::Severity::Warning);
    CHECK(d.message ==
          "clause 'c' refers to 通政发〔2022〕15号, which 通政发〔2024〕14号 repeals from 2024-07-01");
    CHECK(diagnostics(r).find("t.rules:4:59: warning: clause 'c' refers to") == 0);
    CHECK(diagnostics(r).find("t.rules:2:83: note: repealed here") != std::string::npos);
}

TEST_CASE("clauses need an outcome and a citation", "[resolve]") {
    CHECK(first_error(base + "clause c { article \"一\" applies to firm }\n") ==
          "clause 'c' has no outcome (grant, forbid, require, range, target, reported or excludes)");
    CHECK(first_error(base + "clause c { applies to firm require true }\n") ==
          "clause 'c' has no 'article' label");
}

TEST_CASE("dated values must not repeat a date", "[resolve]") {
    CHECK(first_error("param p : int {\n 2024-01-01: 1\n 2024-01-01: 2\n}\n") ==
          "two values for the same date");
}

TEST_CASE("unknown names suggest the nearest declared name of the same kind", "[resolve]") {
    auto r = load(base + "clause c { article \"一\" applies to frim require true }\n");
    REQUIRE_FALSE(r.ok());
    const auto& d = r.diagnostics.all().front();
    CHECK(d.message == "unknown entity kind 'frim'");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "did you mean 'firm'?");
    CHECK(diagnostics(r).find("t.rules:2:8: note: did you mean 'firm'?") != std::string::npos);
    // An attribute in scope is a candidate for an unknown name in an expression; a benefit is not.
    auto n = load(base + "clause c { article \"一\" applies to firm when dd > d require true }\n");
    REQUIRE(n.diagnostics.all().front().notes.size() == 1);
    CHECK(n.diagnostics.all().front().notes[0].message == "did you mean 'd'?");
    // Nothing near enough: no suggestion.
    auto far = load(base + "clause c { article \"一\" applies to firm grant zzzzzz up to 5 CNY }\n");
    CHECK(far.diagnostics.all().front().message.rfind("unknown benefit 'zzzzzz'", 0) == 0);
    CHECK(far.diagnostics.all().front().notes.empty());
}

TEST_CASE("operators are typed from one table, money units are converted by the type checker", "[resolve]") {
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when a * a > a require true }\n") ==
          "cannot multiply money and money");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm when d + d > d require true }\n") ==
          "cannot add date and date");
    CHECK(first_error(base + "clause c { article \"一\" applies to firm grant b up to 0.001 元 }\n") ==
          "money is exact to the fen (0.01 yuan); '0.001 元' is finer");
    auto ok =
        load(base + "clause c { article \"一\" applies to firm grant b up to a * 50% + 1.5 万元 / 3 }\n");
    CHECK(ok.ok());
}

TEST_CASE("a misspelt keyword gets the nearest one", "[parser]") {
    CHECK(first_error(base + "clause c { article \"一\" aplies to firm require true }\n") ==
          "unknown clause field 'aplies': did you mean 'applies'? (expected article, text, note, applies, "
          "from, until, grant, forbid, require, range, target, reported, excludes, exclusive or refers)");
}
