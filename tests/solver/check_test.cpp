// The entity checks of lexsim check on small purpose-written rules: positive and negative cases.
#include "checked.hpp"
#include "checker.hpp"
#include "lexsim/solver/compare.hpp"
#include "lexsim/solver/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace lexsim;
using test::Checked;

namespace {

const char* shared = R"(
enum level { none, municipal, national }
entity firm {
  level : level = none
  first : bool = false
  contribution : money = 0 CNY
  standard_met : bool = false
}
benefit platform "平台"
benefit contrib "贡献"
)";

Checked run(std::vector<rules::SourceText> files, solver::Lang lang = solver::Lang::En) {
    files.insert(files.begin(), {"shared.rules", shared});
    auto options = test::english();
    options.lang = lang;
    return test::check_files(std::move(files), options);
}

const char* doc_a = R"(document a { number "A号" issued 2024-01-01 })";
const char* doc_b = R"(document b { number "B号" issued 2024-06-01 effective 2024-07-01 })";

} // namespace

TEST_CASE("cap-conflict: two ceilings for one benefit and situation", "[solver]") {
    auto c = run(
        {{"a.rules", doc_a + std::string("\nclause p9 { article \"（九）\" applies to firm when level in "
                                         "{municipal, national} and first\n"
                                         "  grant platform up to 500 万元 }\n")},
         {"b.rules",
          doc_b + std::string(
                      "\nclause p3 { article \"第三条\" applies to firm when level == municipal and first\n"
                      "  grant platform up to 200 万元 }\n")}});
    auto conflicts = c.of("cap-conflict");
    REQUIRE(conflicts.size() == 1);
    const auto& f = *conflicts[0];
    CHECK(f.severity == solver::Severity::Error);
    CHECK(c.clauses(f) == std::vector<std::string>{"a.p9", "b.p3"});
    CHECK(c.fact(f, "a.p9") == "500 万元");
    CHECK(c.fact(f, "b.p3") == "200 万元");
    // The witness is a municipal first recognition, on a date both documents are in force.
    REQUIRE(f.witness->date);
    CHECK(*f.witness->date >= 19905); // 2024-07-01
    CHECK(f.witness->row.values[0] == 1);
    CHECK(f.witness->row.values[1] == 1);
    // …and the same problem read as paying twice is part of the same finding, not a second one.
    CHECK(c.of("double-funding").empty());
    CHECK(c.fact(f, "combined") == "700 万元");
    REQUIRE(f.readings.size() == 4);
    CHECK(f.readings[3].rfind("in time: A号 and B号 both grant platform", 0) == 0);
    CHECK(f.readings[1] == "if both may be received: combined maximum 700 万元");
    CHECK(f.readings[2] ==
          "if one ceiling is meant: for the same situation (level = municipal, first = yes) A号 （九） "
          "gives 500 万元 and B号 第三条 gives 200 万元; which one governs?");
    CHECK(f.message ==
          "platform can be paid for one situation by A号 （九）, B号 第三条, and nothing says whether "
          "both may be received or which one prevails");
}

TEST_CASE("no cap-conflict when the situations never meet or a rule says which applies", "[solver]") {
    auto apart = run({{"a.rules", doc_a + std::string("\nclause n { article \"一\" applies to firm when "
                                                      "level == national grant platform up to 500 万元 }\n"
                                                      "clause m { article \"二\" applies to firm when level "
                                                      "== municipal grant platform up to 200 万元 }\n")}});
    CHECK(apart.of("cap-conflict").empty());
    CHECK(apart.of("double-funding").empty());
    auto ruled =
        run({{"a.rules", doc_a + std::string("\nclause n { article \"一\" applies to firm when first grant "
                                             "platform up to 500 万元 exclusive with m }\n"
                                             "clause m { article \"二\" applies to firm when first grant "
                                             "platform up to 200 万元 }\n")}});
    CHECK(ruled.of("cap-conflict").empty());
    CHECK(ruled.of("double-funding").empty());
    // …but m, always beaten by n, never takes effect.
    auto shadowed = ruled.of("shadowed");
    REQUIRE(shadowed.size() == 1);
    CHECK(ruled.clauses(*shadowed[0]) == std::vector<std::string>{"a.m", "a.n"});
}

TEST_CASE("double-funding of equal ceilings across documents in force together", "[solver]") {
    auto c =
        run({{"a.rules", doc_a + std::string("\nclause i3 { article \"（三）\" applies to firm when first "
                                             "grant platform up to 1000 万元 per year for 3 years }\n")},
             {"b.rules", doc_b + std::string("\nclause i5 { article \"第五条\" applies to firm when first "
                                             "grant platform up to 1000 万元 per year for 3 years }\n")}});
    CHECK(c.of("cap-conflict").empty());
    auto d = c.of("double-funding");
    REQUIRE(d.size() == 1);
    CHECK(d[0]->severity == solver::Severity::Warning);
    CHECK(c.fact(*d[0], "combined") == "2000 万元 a year");
}

TEST_CASE("stacking: shares of one base adding up past the base", "[solver]") {
    auto c =
        run({{"a.rules", doc_a + std::string("\nclause s1 { article \"一\" applies to firm when first grant "
                                             "contrib up to 70% of contribution }\n"
                                             "clause s2 { article \"二\" applies to firm when standard_met "
                                             "grant platform up to 40% of contribution }\n")}});
    auto s = c.of("stacking");
    REQUIRE(s.size() == 1);
    CHECK(c.clauses(*s[0]) == std::vector<std::string>{"a.s1", "a.s2"});
    int64_t base = s[0]->witness->row.values[2];
    CHECK(base > 0);
    CHECK(c.fact(*s[0], "total") == solver::detail::Words::money(base * 7 / 10 + base * 4 / 10));
    auto fine =
        run({{"a.rules", doc_a + std::string("\nclause s1 { article \"一\" applies to firm when first grant "
                                             "contrib up to 60% of contribution }\n"
                                             "clause s2 { article \"二\" applies to firm when standard_met "
                                             "grant platform up to 40% of contribution }\n")}});
    CHECK(fine.of("stacking").empty());
}

TEST_CASE("vacuous: a condition no entity meets", "[solver]") {
    auto c = run({{"a.rules", doc_a + std::string("\nclause v { article \"一\" applies to firm when level == "
                                                  "national and level == municipal\n"
                                                  "  grant platform up to 1 CNY }\n"
                                                  "clause ok { article \"二\" applies to firm when level == "
                                                  "national grant platform up to 1 CNY }\n")}});
    auto v = c.of("vacuous");
    REQUIRE(v.size() == 1);
    CHECK(c.clauses(*v[0]) == std::vector<std::string>{"a.v"});
}

TEST_CASE("vacuous: a threshold above 1000 亿元 is inside the witness window", "[solver][reliability]") {
    // The window was fixed at 1000 亿元, so check called this clause vacuous while explain applied it.
    auto c =
        run({{"a.rules", doc_a + std::string("\nclause big { article \"一\" applies to firm when "
                                             "contribution > 5000 亿元 grant contrib up to 1 CNY }\n")}});
    CHECK(c.of("vacuous").empty());
}

TEST_CASE("range-overlap: exclusive cases whose closed ranges touch", "[solver]") {
    const std::string land = R"(
entity parcel { holding : enum { self_held, sold }
  in_core : bool }
measure coefficient "修正系数" : rate
)";
    auto c = run(
        {{"a.rules",
          doc_a + land +
              "clause self { article \"第九条\" applies to parcel when not in_core and holding == self_held\n"
              "  range coefficient 0.4 .. 0.6 }\n"
              "clause sold { article \"第九条\" applies to parcel when not in_core and holding == sold\n"
              "  range coefficient 0.6 .. 0.8 }\n"}});
    auto r = c.of("range-overlap");
    REQUIRE(r.size() == 1);
    CHECK(r[0]->message ==
          "the ranges of coefficient for exclusive cases touch at 0.6: A号 第九条 allows 0.4 .. "
          "0.6, A号 第九条 allows 0.6 .. 0.8; a value of 0.6 belongs to both");
    CHECK(r[0]->severity == solver::Severity::Info); // a shared end point is a note
    CHECK(c.fact(*r[0], "coefficient") == "0.6");
    auto apart = run({{"a.rules", doc_a + land +
                                      "clause self { article \"第九条\" applies to parcel when holding == "
                                      "self_held range coefficient 0.4 .. 0.59 }\n"
                                      "clause sold { article \"第九条\" applies to parcel when holding == "
                                      "sold range coefficient 0.6 .. 0.8 }\n"}});
    CHECK(apart.of("range-overlap").empty());
}

TEST_CASE("coverage-gap: an enum member no clause of a family covers", "[solver]") {
    const std::string towns = R"(
enum town { taihu, songzhuang_south, songzhuang_north, zhangjiawan, liyuan }
entity parcel { town : town }
measure ring "圈层" : int
)";
    auto c = run({{"a.rules", doc_a + towns +
                                  "clause r1 { article \"第九条\" applies to parcel when town in {taihu, "
                                  "songzhuang_south} range ring 1 .. 1 }\n"
                                  "clause r2 { article \"第九条\" applies to parcel when town in "
                                  "{songzhuang_north, zhangjiawan} range ring 2 .. 2 }\n"}});
    auto g = c.of("coverage-gap");
    REQUIRE(g.size() == 1);
    CHECK(g[0]->message == "no clause that sets ring covers town = liyuan");
    CHECK(c.of("range-overlap").empty());
}

TEST_CASE("reports: JSON keys and SARIF structure", "[solver][report]") {
    auto c = run(
        {{"a.rules", doc_a + std::string("\nclause p9 { article \"（九）\" text \"给予最高 500 万元支持\" "
                                         "applies to firm when first grant platform up to 500 万元 }\n")},
         {"b.rules", doc_b + std::string("\nclause p3 { article \"第三条\" applies to firm when first grant "
                                         "platform up to 200 万元 }\n")}});
    auto j = nlohmann::json::parse(solver::render_json(*c.rs, c.report));
    auto first_of = [](const nlohmann::json& list, const char* key, const char* kind) {
        for (const auto& x : list)
            if (x[key] == kind)
                return x;
        return nlohmann::json();
    };
    const auto f = first_of(j["findings"], "kind", "cap-conflict");
    CHECK(f["kind"] == "cap-conflict");
    CHECK(f["severity"] == "error");
    CHECK(f["clauses"][0]["id"] == "a.p9");
    CHECK(f["clauses"][0]["document"] == "A号");
    CHECK(f["clauses"][0]["article"] == "（九）");
    CHECK(f["clauses"][0]["file"] == "a.rules");
    CHECK(f["clauses"][0]["line"] == 2);
    CHECK(f["clauses"][0]["text"] == "给予最高 500 万元支持");
    CHECK(f["witness"]["entity"] == "firm");
    CHECK(f["code"] == "LX101");
    CHECK(f["fingerprint"] == solver::fingerprint(*c.rs, c.report.findings[0]));
    CHECK(f["witness"]["attributes"]["first"] == true);  // typed: a witness feeds straight back to explain
    CHECK(f["witness"]["amounts"]["a.p9"] == 5'000'000); // yuan
    CHECK(j["summary"]["errors"] == 1);
    CHECK(j["summary"]["warnings"] == 0);
    auto s = nlohmann::json::parse(solver::render_sarif(*c.rs, c.report));
    CHECK(s["version"] == "2.1.0");
    const auto result = first_of(s["runs"][0]["results"], "ruleId", "cap-conflict");
    CHECK(result["ruleId"] == "cap-conflict");
    CHECK(result["level"] == "error");
    CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.rules");
    CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
    CHECK(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.rules");
    CHECK(result["partialFingerprints"]["lexsimFinding/v1"] == f["fingerprint"]);
    CHECK_FALSE(result.contains("baselineState"));
}

TEST_CASE("diff: equivalent, more generous and incomparable versions", "[solver][diff]") {
    auto load = [](const std::string& body) {
        auto r = rules::load_texts({{"shared.rules", shared}, {"a.rules", doc_a + body}});
        REQUIRE(r.ok());
        return std::move(r.rules);
    };
    auto old_rules = load("\nclause p { article \"一\" applies to firm when level == municipal grant "
                          "platform up to 200 万元 }\n");
    auto same = load("\nclause q { article \"一\" applies to firm when municipal == level grant platform up "
                     "to 200 万元 }\n");
    auto more = load("\nclause p { article \"一\" applies to firm when level == municipal grant platform up "
                     "to 300 万元 }\n");
    auto mixed = load("\nclause p { article \"一\" applies to firm when level == national grant platform up "
                      "to 300 万元 }\n");
    auto verdict = [&](const rules::RuleSet& n) {
        auto d = solver::diff(*old_rules, n, {});
        REQUIRE(d.errors.empty());
        for (const auto& b : d.benefits)
            if (b.benefit == "platform")
                return b;
        FAIL("no platform verdict");
        return solver::BenefitDiff{};
    };
    CHECK(verdict(*same).verdict == solver::DiffVerdict::Equivalent);
    auto m = verdict(*more);
    CHECK(m.verdict == solver::DiffVerdict::MoreGenerous);
    REQUIRE(m.more);
    CHECK(m.more->old_total == 200'000'000);
    CHECK(m.more->new_total == 300'000'000);
    CHECK(m.more->verified);
    auto x = verdict(*mixed);
    CHECK(x.verdict == solver::DiffVerdict::Incomparable);
    REQUIRE(x.less);
    CHECK(x.less->attributes[0] == std::pair<std::string, std::string>{"level", "municipal"});
}

TEST_CASE("diff: in-kind benefits compare the situations they are granted in", "[solver][diff]") {
    auto load = [](const std::string& body) {
        auto r = rules::load_texts({{"shared.rules", shared}, {"a.rules", doc_a + body}});
        REQUIRE(r.ok());
        return std::move(r.rules);
    };
    auto old_rules =
        load("\nclause p { article \"一\" applies to firm when level == national grant platform in kind }\n");
    auto wider =
        load("\nclause p { article \"一\" applies to firm when level != none grant platform in kind }\n");
    auto other = load("\nclause p { article \"一\" applies to firm when first grant platform in kind }\n");
    auto find = [&](const rules::RuleSet& n) {
        auto d = solver::diff(*old_rules, n, {});
        REQUIRE(d.errors.empty());
        for (const auto& b : d.benefits)
            if (b.benefit == "platform")
                return b;
        FAIL("no platform verdict");
        return solver::BenefitDiff{};
    };
    auto same = find(*old_rules);
    CHECK(same.in_kind);
    CHECK(same.verdict == solver::DiffVerdict::Equivalent);
    auto w = find(*wider);
    CHECK(w.in_kind);
    CHECK(w.verdict == solver::DiffVerdict::MoreGenerous);
    REQUIRE(w.more);
    CHECK(w.more->old_total == 0);
    CHECK(w.more->new_total == 1);
    CHECK(w.more->verified);
    CHECK(w.more->attributes[0] == std::pair<std::string, std::string>{"level", "municipal"});
    CHECK_FALSE(w.term.has_value());
    auto o = find(*other);
    CHECK(o.verdict == solver::DiffVerdict::Incomparable);
    REQUIRE(o.more);
    REQUIRE(o.less);
    CHECK(o.less->verified);
    std::string text = solver::render_diff_text(*old_rules, *other, solver::diff(*old_rules, *other, {}),
                                                solver::Lang::En, false);
    CHECK(text.find("in kind, granted in more and in fewer situations") != std::string::npos);
    CHECK(text.find("only old grants it: ") != std::string::npos);
}

TEST_CASE("diff: multi-year grants compare over their whole term", "[solver][diff]") {
    auto load = [](const std::string& body) {
        auto r = rules::load_texts({{"shared.rules", shared}, {"a.rules", doc_a + body}});
        REQUIRE(r.ok());
        return std::move(r.rules);
    };
    auto three = load("\nclause c { article \"一\" applies to firm when first grant contrib 30 万元 per year "
                      "for 3 years }\n");
    auto two = load("\nclause c { article \"一\" applies to firm when first grant contrib 30 万元 per year "
                    "for 2 years }\n");
    auto share3 = load("\nclause c { article \"一\" applies to firm grant contrib up to 70% of contribution "
                       "per year for 3 years }\n");
    auto share2 = load("\nclause c { article \"一\" applies to firm grant contrib up to 70% of contribution "
                       "per year for 2 years }\n");
    auto find = [&](const rules::RuleSet& a, const rules::RuleSet& b) {
        auto d = solver::diff(a, b, {});
        REQUIRE(d.errors.empty());
        for (const auto& x : d.benefits)
            if (x.benefit == "contrib")
                return x;
        FAIL("no contrib verdict");
        return solver::BenefitDiff{};
    };
    auto d = find(*three, *two);
    CHECK(d.verdict == solver::DiffVerdict::Equivalent); // the same in every year the grant pays
    REQUIRE(d.term);
    CHECK(d.term->verdict == solver::DiffVerdict::LessGenerous);
    REQUIRE(d.term->less);
    CHECK(d.term->less->old_term == 90'000'000);
    CHECK(d.term->less->new_term == 60'000'000);
    CHECK(d.term->less->old_years == 3);
    CHECK(d.term->less->new_years == 2);
    CHECK(d.term->less->verified);
    REQUIRE(d.term->most_less);
    CHECK(*d.term->most_less == 30'000'000);
    auto back = find(*two, *three);
    REQUIRE(back.term);
    CHECK(back.term->verdict == solver::DiffVerdict::MoreGenerous);
    CHECK(find(*three, *three).term->verdict == solver::DiffVerdict::Equivalent);
    auto grows = find(*share3, *share2);
    REQUIRE(grows.term);
    CHECK(grows.term->verdict == solver::DiffVerdict::LessGenerous);
    CHECK_FALSE(grows.term->most_less.has_value()); // 70% of an input: the change grows with it
    std::string zh =
        solver::render_diff_text(*three, *two, solver::diff(*three, *two, {}), solver::Lang::Zh, false);
    CHECK(zh.find("每年 30 万元，共 3 年，合计 90 万元") != std::string::npos);
    CHECK(zh.find("全期最多减少 30 万元") != std::string::npos);
}

TEST_CASE("bounds: per entity, per clause with quotas and pools", "[solver][bounds]") {
    auto r = rules::load_texts(
        {{"shared.rules", shared},
         {"a.rules", doc_a + std::string("\nclause team { article \"第六条\" applies to firm when first "
                                         "grant platform up to 30 万元 quota 20 per year }\n"
                                         "clause top { article \"第四条\" applies to firm when standard_met "
                                         "grant contrib up to 100 万元 pool 100 万元 per year }\n"
                                         "clause share { article \"一\" applies to firm grant contrib up to "
                                         "70% of contribution }\n")}});
    REQUIRE(r.ok());
    auto b = solver::bounds(*r.rules, {});
    REQUIRE(b.clauses.size() == 3);
    CHECK(*b.clauses[0].per_entity == 30'000'000);
    CHECK(*b.clauses[0].per_year == 600'000'000);
    CHECK(*b.clauses[1].per_year == 100'000'000);
    CHECK_FALSE(b.clauses[2].per_entity.has_value());
}

TEST_CASE("bounds: quota x maximum past int64 is an overflow, never a negative figure",
          "[solver][bounds][reliability]") {
    auto r = rules::load_texts(
        {{"shared.rules", shared},
         {"a.rules",
          doc_a + std::string("\nclause huge { article \"一\" applies to firm grant platform up to "
                              "90000000000000 元 quota 100000 per year }\n")}});
    REQUIRE(r.ok());
    auto b = solver::bounds(*r.rules, {});
    REQUIRE(b.clauses.size() == 1);
    CHECK(*b.clauses[0].per_entity == 9'000'000'000'000'000);
    CHECK_FALSE(b.clauses[0].per_year.has_value());
    CHECK(b.clauses[0].per_year_overflow);
}

TEST_CASE("SARIF URIs are percent-encoded, byte by byte", "[solver][report][reliability]") {
    CHECK(solver::uri_reference("corpus/tzf-2024-01.rules") == "corpus/tzf-2024-01.rules");
    CHECK(solver::uri_reference("my draft/#1 100%.rules") == "my%20draft/%231%20100%25.rules");
    CHECK(solver::uri_reference("政策.rules") == "%E6%94%BF%E7%AD%96.rules");
    CHECK(solver::uri_reference("bad\xff.rules") == "bad%FF.rules");
}

TEST_CASE("A rules file whose name is not UTF-8 is reported in JSON and SARIF",
          "[solver][report][reliability]") {
    auto c = test::check_files(
        {{"shared.rules", shared},
         {"draft\xff.rules",
          doc_a + std::string("\nclause v { article \"一\" applies to firm when level == "
                              "national and level == municipal grant platform up to 1 CNY }\n")}});
    REQUIRE(c.of("vacuous").size() == 1);
    std::string json = solver::render_json(*c.rs, c.report);
    CHECK_THAT(json, Catch::Contains("\"file\": \"draft\xEF\xBF\xBD.rules\""));
    std::string sarif = solver::render_sarif(*c.rs, c.report);
    CHECK_THAT(sarif, Catch::Contains("\"uri\": \"draft%FF.rules\""));
    CHECK_NOTHROW(nlohmann::json::parse(sarif));
}

TEST_CASE("an evaluator disagreement is reported loudly as an internal error", "[solver][report]") {
    auto r = rules::load_texts(
        {{"shared.rules", shared},
         {"a.rules", doc_a + std::string("\nclause p { article \"一\" applies to firm when first "
                                         "grant platform up to 1 CNY }\n")}});
    REQUIRE(r.ok());
    solver::CheckReport report;
    solver::detail::Checker checker(*r.rules, {}, report);
    solver::Witness w;
    w.entity = 0;
    w.date = 19800;
    w.row = rules::make_row(*r.rules, 0);
    CHECK_FALSE(checker.verify(w, "a made-up finding", [](const rules::Evaluation&, std::string& why) {
        why = "the claim is false on purpose";
        return false;
    }));
    REQUIRE(report.internal_errors.size() == 1);
    CHECK(report.internal_errors[0] == "the evaluator disagrees with the solver's witness for a made-up "
                                       "finding: the claim is false on purpose");
    auto j = nlohmann::json::parse(solver::render_json(*r.rules, report));
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["kind"] == "internal-error");
    CHECK(j["findings"][0]["severity"] == "error");
    CHECK(j["summary"]["errors"] == 1);
}

// Issue 10: many clauses paying one benefit made check quadratic (100 clauses → 4 950 pair findings). They
// are one group, reported once, and the number of solver queries grows linearly with the clauses.
TEST_CASE("many clauses paying one benefit are one finding with linearly many queries",
          "[solver][scale][slow]") {
    for (int n : {40, 160}) {
        std::string text = "document many { number \"甲号\" issued 2024-01-01 }\n"
                           "entity firm \"企业\" { contribution \"贡献\" : money }\n"
                           "benefit award \"奖励\"\n";
        for (int i = 0; i < n; ++i)
            text += "clause c" + std::to_string(i) + " { article \"第" + std::to_string(i + 1) +
                    "条\" applies to firm when contribution >= " + std::to_string(i + 1) +
                    " 万元 grant award up to " + std::to_string(i + 10) + " 万元 }\n";
        test::Checked c = test::check_texts({text});
        INFO(n << " clauses");
        CHECK(c.report.findings.size() == 1);
        CHECK(c.report.findings.front().clauses.size() == static_cast<size_t>(n));
        CHECK(c.report.stats.queries <= 3 * n);
    }
}
