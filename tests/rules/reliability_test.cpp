// Hostile input and scale: no crash, no wrong money, no unbounded read (issue 10).
#include "../fuzz/arith_case.hpp"
#include "../fuzz/gen_case.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/decide.hpp"
#include "lexsim/rules/format.hpp"
#include "lexsim/rules/situation.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

using lexsim::test::diagnostics;
using lexsim::test::load;
using namespace lexsim::rules;

namespace {

const char* header = R"(document d { number "通政发〔2024〕1号" issued 2024-01-01 }
enum level { none, municipal, national }
entity firm {
  a : money
  b : money
  n : number
  r : rate
  k : int
  lv : level = none
}
benefit award "奖励"
param cap : money in 0 CNY .. 1000 万元
)";

std::string chain(const std::string& term, const std::string& op, size_t n) {
    std::string s = term;
    for (size_t i = 1; i < n; ++i)
        s += " " + op + " " + term;
    return s;
}

std::unique_ptr<RuleSet> must_load(const std::string& more) {
    auto r = load(std::string(header) + more);
    INFO(diagnostics(r));
    REQUIRE(r.ok());
    return std::move(r.rules);
}

EvalValue eval_grant(const RuleSet& rs, std::initializer_list<std::pair<const char*, int64_t>> values) {
    EntityRow row = make_row(rs, 0);
    for (auto [name, v] : values)
        row.set(*rs.find_attribute(0, name), v);
    EvalInput in{row.values.data(), row.present.data(), nullptr, nullptr, 19'800};
    return eval_expr(rs, rs.clauses.at(0).grants.at(0).amount, in);
}

std::string situation_errors(const RuleSet& rs, const std::string& json,
                             std::optional<Situation>* out = nullptr) {
    SourceManager sm;
    Diagnostics diags;
    uint32_t file = sm.add("e.json", json);
    auto s = parse_situation(rs, sm, file, diags);
    std::ostringstream os;
    diags.render(sm, os);
    if (out)
        *out = std::move(s);
    return os.str();
}

} // namespace

TEST_CASE("A long flat chain of and/+ is a clean error, not a stack overflow", "[reliability]") {
    for (const auto& [term, op] : {std::pair{"a > 0 CNY", "and"}, std::pair{"1 元", "+"}}) {
        std::string cond = std::string(op) == "and" ? chain(term, op, 18'000) : "true";
        std::string amount = std::string(op) == "+" ? chain(term, op, 18'000) : "1 元";
        auto r = load(std::string(header) + "clause c { article \"（一）\" applies to firm when " + cond +
                      " grant award " + amount + " }\n");
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(diagnostics(r),
                   Catch::Contains("expression too long: more than 1000 operators in a chain"));
    }
}

TEST_CASE("A chain within the limit loads and evaluates exactly", "[reliability]") {
    auto rs = must_load("clause c { article \"（一）\" applies to firm grant award " + chain("a", "+", 999) +
                        " }\n");
    EvalValue v = eval_grant(*rs, {{"a", 100}});
    REQUIRE(v.status == EvalStatus::Ok);
    CHECK(v.value == 99'900);
}

TEST_CASE("Money products and quotients are exact or an overflow, never a wrapped figure", "[reliability]") {
    // 10^6 × 10^13 元 = 10^21 fen: past int64.
    auto rs = must_load("clause c { article \"（一）\" applies to firm grant award a * n }\n");
    CHECK(eval_grant(*rs, {{"a", 1'000'000'000'000'000}, {"n", 1'000'000'000'000}}).status ==
          EvalStatus::Overflow);
    EvalValue small = eval_grant(*rs, {{"a", 300}, {"n", 2'500'000}}); // 3 元 × 2.5
    REQUIRE(small.status == EvalStatus::Ok);
    CHECK(small.value == 750);
    // c / d with a tiny d: 10^13 元 / 0.000001 is 10^21 元: an overflow, not "not applicable".
    auto q = must_load("clause c { article \"（一）\" applies to firm grant award a / r }\n");
    CHECK(eval_grant(*q, {{"a", 1'000'000'000'000'000}, {"r", 1}}).status == EvalStatus::Overflow);
    EvalValue third = eval_grant(*q, {{"a", 100}, {"r", 3'000'000}}); // 1 元 / 3 = 0.33 元, floored
    REQUIRE(third.status == EvalStatus::Ok);
    CHECK(third.value == 33);
}

TEST_CASE("Overflow is reported naming the clause and its inputs", "[reliability]") {
    auto rs = must_load("clause big { article \"（一）\" applies to firm grant award a * n }\n");
    EntityRow row = make_row(*rs, 0);
    row.set(*rs->find_attribute(0, "a"), 1'000'000'000'000'000);
    row.set(*rs->find_attribute(0, "n"), 1'000'000'000'000);
    Evaluation ev = evaluate(*rs, row, 19'800, resolve_params(*rs, 19'800));
    REQUIRE(ev.errors.size() == 1);
    CHECK(ev.errors[0] ==
          "clause d.big: cannot compute the amount `a * n` with a = 1000000000 万元, n = 1000000: overflow");
}

TEST_CASE("An integer literal too large for a number is an error, not a wrapped value", "[reliability]") {
    // Found by the arithmetic fuzzer: the literal was multiplied by 10^6 without a check when promoted.
    auto r = load(std::string(header) +
                  "clause c { article \"（一）\" applies to firm grant award a * (n - 10000000000000) }\n");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(diagnostics(r), Catch::Contains("t.rules:13:63: error: number too large as a number (at most "
                                               "9223372036854.775807)"));
}

TEST_CASE("Sums of many large grants overflow as an error, never go negative", "[reliability]") {
    std::string clauses;
    for (int i = 0; i < 3; ++i)
        clauses += "clause c" + std::to_string(i) + " { article \"（一）\" applies to firm grant award a }\n";
    auto rs = must_load(clauses);
    EntityRow row = make_row(*rs, 0);
    row.set(*rs->find_attribute(0, "a"), INT64_MAX / 2);
    Evaluation ev = evaluate(*rs, row, 19'800, resolve_params(*rs, 19'800));
    REQUIRE_FALSE(ev.errors.empty());
    CHECK_THAT(ev.errors[0], Catch::Contains("the total of benefit award in 2024 overflows"));
    for (const auto& [key, total] : ev.totals)
        CHECK(total >= 0);
}

TEST_CASE("Arithmetic agrees with a big-integer reference on generated expressions", "[reliability]") {
    std::mt19937_64 rng(20'240'101);
    int loaded = 0;
    for (int i = 0; i < 10000; ++i) {
        std::vector<uint8_t> bytes(64 + rng() % 256);
        for (auto& b : bytes)
            b = static_cast<uint8_t>(rng());
        lexsim::fuzz::Decisions d(bytes.data(), bytes.size());
        std::string problem = lexsim::fuzz::run_arith_case(d);
        INFO("case " << i);
        REQUIRE(problem == "");
        loaded += 1;
    }
    CHECK(loaded == 10000);
}

TEST_CASE("Entity JSON numbers out of range are errors at file:line:col", "[reliability][situation]") {
    auto rs = must_load("");
    CHECK(situation_errors(*rs, "{\"entity\": \"firm\",\n \"values\": {\"k\": 1e400}}") ==
          "e.json:2:18: error: exponents are not accepted in entity values; write the number in full "
          "('1e400')\n"
          " 2 |  \"values\": {\"k\": 1e400}}\n"
          "   |                  ^^^^^\n");
    CHECK_THAT(
        situation_errors(*rs, R"({"entity": "firm", "values": {"k": 18446744073709551615}})"),
        Catch::Contains("e.json:1:36: error: value of 'k': '18446744073709551615' is not a int: number too "
                        "large or too precise"));
    CHECK_THAT(situation_errors(*rs, R"({"entity": "firm", "values": {"k": 9223372036854775808}})"),
               Catch::Contains("e.json:1:36: error: value of 'k': '9223372036854775808' is not a int"));
    CHECK_THAT(situation_errors(*rs, R"({"entity": "firm", "values": {"k": 1, "k": 2}})"),
               Catch::Contains("e.json:1:39: error: key \"k\" is given twice in the entity JSON"));
    CHECK_THAT(situation_errors(*rs, R"({"entity": "firm", "params": {"cap": "2000 万元"}})"),
               Catch::Contains("e.json:1:38: error: value of 'cap': '2000 万元' is outside the declared "
                               "range of cap (0 元 .. 1000 万元)"));
}

TEST_CASE("Entity JSON decimals are exact and every type reads", "[situation]") {
    auto rs = must_load("");
    std::optional<Situation> s;
    CHECK(situation_errors(*rs, R"({"entity": "firm", "values": {"a": 1.5, "r": "70%", "lv": "municipal",
        "n": -2.25, "b": "300 万元"}, "params": {"cap": "\u0031\u0030 万元"}})",
                           &s) == "");
    REQUIRE(s);
    auto at = [&](const char* name) {
        return s->row.values[static_cast<size_t>(*rs->find_attribute(0, name))];
    };
    CHECK(at("a") == 150);
    CHECK(at("r") == 700'000);
    CHECK(at("lv") == 1);
    CHECK(at("n") == -2'250'000);
    CHECK(at("b") == 300'000'000);
    REQUIRE(s->params.size() == 1);
    CHECK(s->params[0].second == 10'000'000); // "\u0031\u0030 万元" is 10 万元
}

TEST_CASE("Entity JSON: a byte-order mark is skipped; bad bytes and text after the object are errors",
          "[situation]") {
    auto rs = must_load("");
    CHECK(situation_errors(*rs, "\xEF\xBB\xBF{\"entity\": \"firm\"}") == "");
    CHECK_THAT(situation_errors(*rs, "{\"entity\": \"fi\xffrm\"}"),
               Catch::Contains("e.json:1:15: error: invalid entity JSON: the text is not valid UTF-8"));
    CHECK_THAT(situation_errors(*rs, "{\"entity\": \"firm\"} {}"),
               Catch::Contains("error: invalid entity JSON: unexpected text after the end of the object"));
    CHECK_THAT(situation_errors(*rs, "{\"entity\": \"firm\", \"values\": {\"a\": 012}}"),
               Catch::Contains("a number cannot start with 0"));
}

TEST_CASE("Deep JSON nesting is an error, not a stack overflow", "[situation]") {
    auto rs = must_load("");
    std::string deep = "{\"entity\": \"firm\", \"values\": {\"a\": " + std::string(100'000, '[');
    CHECK_THAT(situation_errors(*rs, deep), Catch::Contains("nested more than 64 levels"));
}

TEST_CASE("Only regular files are read, and never past the limit", "[reliability][files]") {
    std::string text;
    CHECK(read_text_file("/dev/zero", max_file_bytes, text) ==
          "is not a regular file (a device, FIFO or socket is not read)");
    CHECK(read_text_file("/dev/urandom", max_file_bytes, text).has_value());
    auto dir = std::filesystem::temp_directory_path() / ("lexsim-rel-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    CHECK(read_text_file(dir.string(), max_file_bytes, text) == "is a directory, not a file");
    auto fifo = dir / "fifo.rules";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(read_text_file(fifo.string(), max_file_bytes, text) ==
          "is not a regular file (a device, FIFO or socket is not read)"); // and it did not block
    auto big = dir / "big.rules";
    std::ofstream(big) << std::string(2u << 20, '#');
    CHECK(read_text_file(big.string(), 1u << 20, text) == "is larger than 1 MiB");
    CHECK(text.empty());
    CHECK_FALSE(read_text_file(big.string(), 4u << 20, text).has_value());
    CHECK(text.size() == (2u << 20));
    // A fifo inside a rules tree is named, not waited on.
    auto r = load_paths({dir.string()});
    CHECK_FALSE(r.ok());
    CHECK_THAT(diagnostics(r), Catch::Contains("fifo.rules:1:1: error: is not a regular file"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("A byte-order mark at the start of a rules file is accepted", "[reliability]") {
    auto r = load("\xEF\xBB\xBF" + std::string(header));
    INFO(diagnostics(r));
    CHECK(r.ok());
}

TEST_CASE("The same file given twice is named as such", "[reliability][files]") {
    auto dir = std::filesystem::temp_directory_path() / ("lexsim-twice-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.rules") << header;
    auto r = load_paths({dir.string(), (dir / "." / "a.rules").string()});
    CHECK_FALSE(r.ok());
    CHECK_THAT(diagnostics(r), Catch::Contains((dir / "." / "a.rules").string() +
                                               ":1:1: error: the same file is given twice (also as " +
                                               (dir / "a.rules").string() + ")"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("Warnings: negative grant, division by constant zero, two documents with one number",
          "[reliability]") {
    auto r = load_texts({{"t.rules", std::string(header) + R"(
clause c { article "（一）" applies to firm grant award -5 元 }
clause z { article "（二）" applies to firm grant award a / 0 }
)"},
                         {"e.rules", R"(document e { number "通政发〔2024〕1号" issued 2024-01-01 })"}});
    INFO(diagnostics(r));
    REQUIRE(r.ok());
    std::string text = diagnostics(r);
    CHECK_THAT(text, Catch::Contains("warning: two documents have the number 通政发〔2024〕1号"));
    CHECK_THAT(text, Catch::Contains("warning: division by the constant zero"));
    CHECK_THAT(text, Catch::Contains("warning: a negative grant amount"));
}

TEST_CASE("Loading and deciding scale linearly: many clauses, a large enum", "[reliability][slow]") {
    std::string members;
    for (int i = 0; i < 20'000; ++i)
        members += (i ? ", m" : "m") + std::to_string(i);
    std::string text = "enum big { " + members + " }\nentity unit_e { v : big }\n";
    for (int i = 0; i < 20'000; ++i)
        text += "clause c" + std::to_string(i) + " { article \"（一）\" applies to firm when a > " +
                std::to_string(i) + " 元 grant award 1 元 }\n";
    auto rs = must_load(text);
    CHECK(rs->enums.back().members.size() == 20'000);
    CHECK(rs->find_member(static_cast<int32_t>(rs->enums.size() - 1), "m19999") == 19'999);
    Decider decider(*rs, 0);
    CHECK(decider.clauses().size() == 20'000);
}

TEST_CASE("Generated rules files at scale load or fail cleanly, and format idempotently",
          "[reliability][gen][slow]") {
    // The generator of lexsim_gen_fuzzer (tests/fuzz/gen_case.hpp), on seeded inputs of up to 64 KiB.
    std::mt19937_64 rng(20261130);
    int loaded = 0, failed = 0;
    size_t longest = 0;
    for (int i = 0; i < 60; ++i) {
        std::vector<uint8_t> bytes(static_cast<size_t>(64) << (i % 11));
        for (auto& b : bytes)
            b = static_cast<uint8_t>(rng());
        lexsim::fuzz::Decisions d(bytes.data(), bytes.size());
        std::string text = lexsim::fuzz::RulesGenerator(d).rules_file();
        longest = std::max(longest, text.size());
        auto r = lexsim::rules::load_texts({{"gen.rules", text}});
        (r.ok() ? loaded : failed)++;
        if (!r.ok())
            CHECK_FALSE(r.diagnostics.all().empty());
        lexsim::rules::SourceManager sm;
        lexsim::rules::Diagnostics diags, again;
        auto once = lexsim::rules::format_source(sm, sm.add("gen.rules", text), diags);
        if (once) {
            auto twice = lexsim::rules::format_source(sm, sm.add("gen.rules", *once), again);
            REQUIRE(twice);
            CHECK(*twice == *once);
        }
    }
    CHECK(loaded > 0);
    CHECK(failed > 0);
    CHECK(longest > 100'000); // the scale classes: thousands of clauses or tasks in one file
}
