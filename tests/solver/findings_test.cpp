// Findings a drafter can trust: one finding per problem, no false errors, stable fingerprints, a draft's
// review (baseline, focus), messages in the rules' own labels.
#include "checked.hpp"
#include "lexsim/solver/report.hpp"
#include "words.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lexsim;
using test::Checked;

namespace {

const char* shared = R"(
enum level "级别" { none "无", municipal "市级", national "国家级" }
entity firm "企业" {
  level : level = none
  first "首次认定" : bool = false
  contribution "年度区域贡献" : money = 0 CNY
  introduced "经认定引进" : bool = false
  assume contribution >= 0 CNY
}
param standard "既定标准（文本未给出数值）" : money
benefit platform "创新平台支持（首次认定）"
benefit contrib "区域贡献扶持"
)";

const char* doc_a = R"(document a { number "A号" issued 2024-01-01 })";
const char* doc_b = R"(document b { number "B号" issued 2024-06-01 effective 2024-07-01 })";

Checked run(const std::string& a, const std::string& b = "", solver::Lang lang = solver::Lang::En) {
    std::vector<rules::SourceText> files = {{"shared.rules", shared}, {"a.rules", doc_a + a}};
    if (!b.empty())
        files.push_back({"b.rules", doc_b + b});
    auto options = test::english();
    options.lang = lang;
    return test::check_files(std::move(files), options);
}

size_t errors(const Checked& c) {
    return c.report.count(solver::Severity::Error);
}

} // namespace

TEST_CASE("one finding per benefit however many clauses pay it, with a linear number of queries",
          "[solver][findings]") {
    std::string many;
    for (int i = 0; i < 40; ++i)
        many += "\nclause c" + std::to_string(i) + " { article \"" + std::to_string(i) +
                "\" applies to firm when first grant platform up to 100 万元 }";
    auto c = run(many);
    auto d = c.of("double-funding");
    REQUIRE(d.size() == 1);
    CHECK(d[0]->clauses.size() == 40);
    CHECK(c.fact(*d[0], "combined") == "4000 万元"); // the witness is where the total is largest
    CHECK(errors(c) == 0);                           // equal ceilings: no conflict
    // Pairwise, 40 clauses were 780 pairs and 1 560 queries.
    CHECK(c.report.stats.queries < 4 * 40);
}

TEST_CASE("cap-conflict only between comparable ceilings", "[solver][findings]") {
    // Shares of different bases for one benefit (8号 （一）, （二）): a stacking question, never an error.
    auto bases =
        run("\nclause all { article \"（一）\" applies to firm when first grant contrib up to 70% of "
            "contribution per year }\n"
            "clause above { article \"（二）\" applies to firm when introduced and contribution >= "
            "standard grant contrib up to 70% of (contribution - standard) per year }\n");
    CHECK(bases.of("cap-conflict").empty());
    auto d = bases.of("double-funding");
    REQUIRE(d.size() == 1);
    CHECK(d[0]->severity == solver::Severity::Warning);
    CHECK(d[0]->readings[1] ==
          "if both may be received: combined maximum unbounded (an amount grows with an input)");
    // The stacking past the base is a reading of the same finding, not a finding of its own.
    CHECK(bases.of("stacking").empty());
    REQUIRE(d[0]->readings.size() == 3);
    CHECK(d[0]->readings[2].rfind("stacking: percentage grants on contribution add up to more than "
                                  "contribution itself",
                                  0) == 0);
    // Shares of one base compare: 70% against 50% of the same contribution.
    auto same = run("\nclause x { article \"一\" applies to firm when first grant contrib up to 70% of "
                    "contribution }\n"
                    "clause y { article \"二\" applies to firm when introduced grant contrib up to 50% of "
                    "contribution }\n");
    REQUIRE(same.of("cap-conflict").size() == 1);
    // A fixed amount and a share do not compare.
    auto mixed = run("\nclause x { article \"一\" applies to firm when first grant contrib up to 100 万元 }\n"
                     "clause y { article \"二\" applies to firm when introduced grant contrib up to 50% of "
                     "contribution }\n");
    CHECK(mixed.of("cap-conflict").empty());
    CHECK(mixed.of("double-funding").size() == 1);
}

TEST_CASE("a clause paying 0 in the witness is not a ceiling", "[solver][findings]") {
    // max(contribution - standard, 0) is 0 whenever the contribution is below the standard: that clause
    // pays nothing then, so it cannot be the lower of two ceilings.
    auto c = run("\nclause x { article \"一\" applies to firm when first grant contrib up to 70% of "
                 "max(contribution - standard, 0 CNY) }\n"
                 "clause y { article \"二\" applies to firm when first grant contrib up to 70% of "
                 "max(contribution - standard, 0 CNY) }\n");
    CHECK(c.of("cap-conflict").empty());
    auto d = c.of("double-funding");
    REQUIRE(d.size() == 1);
    REQUIRE(d[0]->witness);
    // Both pay in the witness: the contribution is above the standard.
    int64_t contribution = d[0]->witness->row.values[2];
    CHECK(contribution > 0);
}

TEST_CASE("ranges and coverage are time-aware", "[solver][findings]") {
    const std::string land = R"(
enum town { taihu "台湖镇", liyuan "梨园镇", yongshun "永顺镇" }
entity parcel { town : town
  holding : enum { self_held, sold } }
measure coefficient "修正系数" : rate
measure ring "圈层" : int
)";
    auto load = [&](const std::string& a, const std::string& b) {
        return test::check_files(
            {{"shared.rules", land},
             {"a.rules", "document a { number \"A号\" issued 2024-01-01 expires 2024-12-31 }\n" + a},
             {"b.rules", "document b { number \"B号\" issued 2025-01-01 }\n" + b}});
    };
    // A 2025 document restating a range for the other case of an expired 2024 one: no overlap.
    auto restated =
        load("clause s { article \"一\" applies to parcel when holding == self_held range coefficient "
             "0.4 .. 0.6 }\n",
             "clause t { article \"一\" applies to parcel when holding == sold range coefficient "
             "0.6 .. 0.8 }\n");
    CHECK(restated.of("range-overlap").empty());
    // A town covered only by the expired document is a gap after its expiry; one finding lists them all.
    auto expired =
        load("clause r { article \"一\" applies to parcel when town in {taihu, liyuan} range ring 1 .. 1 }\n",
             "clause r { article \"一\" applies to parcel when town == taihu range ring 1 .. 1 }\n");
    auto g = expired.of("coverage-gap");
    REQUIRE(g.size() == 1);
    CHECK(g[0]->message == "no clause that sets ring covers town = liyuan (from 2025-01-01), yongshun");
    CHECK(expired.clauses(*g[0]) == std::vector<std::string>{"a.r", "b.r"});
}

TEST_CASE("fingerprints: kind, clause ids and subject, not positions or words", "[solver][findings]") {
    const std::string body =
        "\nclause p9 { article \"（九）\" applies to firm when first grant platform up to 500 "
        "万元 }\nclause p3 { article \"第三条\" applies to firm when first and level == "
        "municipal grant platform up to 200 万元 }\n";
    auto c = run(body);
    auto moved = run("\n\n\n# a comment moves every line\n" + body, "", solver::Lang::Zh);
    REQUIRE(c.report.findings.size() == 1);
    REQUIRE(moved.report.findings.size() == 1);
    std::string fp = solver::fingerprint(*c.rs, c.report.findings[0]);
    CHECK(fp.size() == 16);
    CHECK(fp == solver::fingerprint(*moved.rs, moved.report.findings[0]));
    auto other =
        run(body + "clause p1 { article \"一\" applies to firm when first grant contrib up to 1 万元 }\n"
                   "clause p2 { article \"二\" applies to firm when first grant contrib up to 1 万元 }\n");
    REQUIRE(other.report.findings.size() == 2);
    CHECK(solver::fingerprint(*other.rs, other.report.findings[0]) == fp);
    CHECK(solver::fingerprint(*other.rs, other.report.findings[1]) != fp);
}

TEST_CASE("reviewing a draft: --baseline keeps new findings, --focus those citing the draft",
          "[solver][findings]") {
    const std::string corpus =
        "\nclause p9 { article \"（九）\" applies to firm when first grant platform up to "
        "500 万元 }\nclause q { article \"（十）\" applies to firm when first grant "
        "platform up to 500 万元 }\n";
    auto old_run = run(corpus);
    std::string error;
    auto baseline = solver::read_baseline(solver::render_json(*old_run.rs, old_run.report), error);
    REQUIRE(baseline);
    CHECK(baseline->size() == 1);
    // The draft adds a second problem: only it is reported, as new.
    auto draft =
        run(corpus, "\nclause d1 { article \"第一条\" applies to firm when introduced grant contrib up to 1 "
                    "万元 }\nclause d2 { article \"第二条\" applies to firm when introduced grant contrib "
                    "up to 2 万元 }\n");
    REQUIRE(draft.report.findings.size() == 2);
    solver::Review review;
    review.baseline = baseline;
    solver::apply_review(*draft.rs, draft.report, review);
    REQUIRE(draft.report.findings.size() == 1);
    CHECK(draft.clauses(draft.report.findings[0]) == std::vector<std::string>{"b.d1", "b.d2"});
    CHECK(draft.report.baselined == 1);
    auto sarif = nlohmann::json::parse(solver::render_sarif(*draft.rs, draft.report));
    CHECK(sarif["runs"][0]["results"][0]["baselineState"] == "new");
    // Focus: a finding citing the corpus and the draft puts the draft's clause first.
    auto both =
        run(corpus, "\nclause d { article \"第一条\" applies to firm when first grant platform up to 300 "
                    "万元 }\n");
    solver::Review focus;
    focus.focus = {"b.rules"};
    solver::apply_review(*both.rs, both.report, focus);
    REQUIRE(both.report.findings.size() == 1);
    CHECK(both.clauses(both.report.findings[0]).front() == "b.d");
    solver::Review elsewhere;
    elsewhere.focus = {"shared.rules"};
    solver::apply_review(*both.rs, both.report, elsewhere);
    CHECK(both.report.findings.empty());
    CHECK(both.report.unfocused == 1);
    CHECK_FALSE(solver::read_baseline("{\"findings\": [{\"kind\": \"x\"}]}", error));
    CHECK(error == "a finding without a \"fingerprint\" (written by an older lexsim?)");
}

TEST_CASE("messages in the rules' labels: Chinese by default when the labels are Chinese",
          "[solver][findings]") {
    std::vector<rules::SourceText> files = {
        {"shared.rules", shared},
        {"a.rules",
         doc_a + std::string("\nclause p9 { article \"（九）\" applies to firm when first grant platform "
                             "up to 500 万元 }\n")},
        {"b.rules",
         doc_b + std::string("\nclause p3 { article \"第三条\" applies to firm when first and level == "
                             "municipal grant platform up to 200 万元 }\n")}};
    solver::CheckOptions auto_lang;
    auto c = test::check_files(files, auto_lang);
    CHECK(c.report.lang == solver::Lang::Zh);
    REQUIRE(c.report.findings.size() == 1);
    const auto& f = c.report.findings[0];
    CHECK(f.message == "「创新平台支持」可由 A号 （九）、B号 第三条 "
                       "对同一情形同时给予，文本未规定能否重复享受或以哪一条为准");
    CHECK(f.readings[0] == "各条款：A号 （九）：最高 500 万元、B号 第三条：最高 200 万元");
    CHECK(f.readings[2] ==
          "若只适用一个上限：同一情形（首次认定：是，级别：市级）下 A号 （九） 为 500 万元，B号 第三条 为 "
          "200 万元，应以哪一个为准？");
    std::string text = solver::render_text(*c.rs, c.report);
    CHECK(text.find("错误[LX101] cap-conflict：") == 0);
    CHECK(text.find("反例：企业，202") != std::string::npos);
    CHECK(text.find("首次认定：是") != std::string::npos);
    CHECK(text.find("级别：市级") != std::string::npos);
}

TEST_CASE("money in 元, 万元 and 亿元; formulas in words", "[solver][findings]") {
    using solver::detail::Words;
    CHECK(Words::money(500'000'000) == "500 万元");
    CHECK(Words::money(1'400'000) == "1.4 万元");
    CHECK(Words::money(15'000'000'000) == "1.5 亿元");
    CHECK(Words::money(7'000'000'000) == "7000 万元");
    CHECK(Words::money(1'234) == "12.34 元");
    CHECK(Words::money(0) == "0 元");
    auto c =
        run("\nclause x { article \"一\" applies to firm when introduced and contribution >= standard grant "
            "contrib up to 70% of (contribution - standard) per year }\n");
    Words zh(*c.rs, solver::Lang::Zh), en(*c.rs, solver::Lang::En);
    const auto& g = c.rs->clauses[0].grants[0];
    CHECK(zh.grant(g, 0) == "最高为年度区域贡献超过既定标准的部分的 70%，每年");
    CHECK(en.grant(g, 0) == "up to 70% of (contribution - standard) per year");
}

TEST_CASE("every finding kind has a code and an explanation in both languages", "[solver][findings]") {
    std::set<std::string> codes;
    for (const auto& k : solver::finding_kinds()) {
        CHECK(std::string(k.code).size() == 5);
        CHECK(codes.insert(k.code).second);
        CHECK(std::string(k.explanation).size() > 100);
        CHECK(std::string(k.explanation_zh).size() > 100);
    }
    REQUIRE(solver::find_kind("lx101"));
    CHECK(std::string(solver::find_kind("lx101")->id) == "cap-conflict");
    CHECK(std::string(solver::find_kind("coverage-gap")->code) == "LX201");
    CHECK(solver::find_kind("LX999") == nullptr);
}

TEST_CASE("entity invariants hold in every witness", "[solver][findings]") {
    // An increment is part of the year's contribution: without the invariant, Z3 may show an increment
    // larger than the contribution; with it, every witness the checks verify respects it.
    const char* invariant = R"(
entity firm "企业" {
  head : bool = false
  introduced : bool = false
  contribution "年度区域贡献" : money
  increment "年度区域贡献增量部分" : money
  assume contribution >= 0 CNY
  assume increment >= 0 CNY
  assume increment <= contribution
}
benefit contrib "区域贡献扶持"
)";
    auto c = test::check_files(
        {{"shared.rules", invariant},
         {"a.rules",
          doc_a + std::string("\nclause x { article \"一\" applies to firm when head grant contrib up to "
                              "70% of increment }\n"
                              "clause y { article \"二\" applies to firm when introduced grant contrib up "
                              "to 70% of contribution }\n")}});
    auto d = c.of("double-funding");
    REQUIRE(d.size() == 1);
    const auto& row = d[0]->witness->row.values;
    CHECK(row[3] <= row[2]);
    CHECK(c.report.internal_errors.empty());
}

TEST_CASE("the items one pair of documents pays twice are one finding with one fingerprint",
          "[solver][findings]") {
    // A pays a platform award and a contribution award; B pays both again. One problem for the drafters
    // of A and B: one finding naming both benefits, each with its clauses.
    auto c =
        run("\nclause p { article \"（九）\" applies to firm when first grant platform up to 500 万元 }\n"
            "clause k { article \"（七）\" applies to firm when introduced grant contrib up to 300 万元 }\n",
            "\nclause p { article \"第三条\" applies to firm when first grant platform up to 500 万元 }\n"
            "clause k { article \"第四条\" applies to firm when introduced grant contrib up to 300 万元 "
            "}\n");
    auto d = c.of("double-funding");
    REQUIRE(d.size() == 1);
    const auto& f = *d[0];
    CHECK(f.subject == "platform|contrib");
    CHECK(c.clauses(f) == std::vector<std::string>{"a.p", "a.k", "b.p", "b.k"});
    CHECK(f.message == "A号 and B号 both pay 2 supports for one situation: platform, contrib; nothing says "
                       "whether both may be received or which one prevails");
    CHECK(f.readings[0] == "platform: A号 （九）: up to 500 万元, B号 第三条: up to 500 万元; if both may be "
                           "received, combined maximum 1000 万元");
    CHECK(f.readings[1] == "contrib: A号 （七）: up to 300 万元, B号 第四条: up to 300 万元; if both may be "
                           "received, combined maximum 600 万元");
    // The time overlap is said once, for the pair of documents.
    REQUIRE(f.readings.size() == 3);
    CHECK(f.readings[2].rfind("in time: A号 and B号 are both in force from 2024-07-01", 0) == 0);
    // One situation pays both twice: the witness's own amounts, which are the maxima.
    CHECK(c.fact(f, "a.p") == "500 万元");
    CHECK(c.fact(f, "b.k") == "300 万元");
    CHECK(c.fact(f, "combined") == "1600 万元");
    // Two clauses paying one benefit twice within one document stay a finding of their own.
    auto one = run("\nclause x { article \"一\" applies to firm when first grant platform up to 100 万元 }\n"
                   "clause y { article \"二\" applies to firm when first grant platform up to 100 万元 }\n"
                   "clause k { article \"（七）\" applies to firm when introduced grant contrib up to 300 "
                   "万元 }\n",
                   "\nclause k { article \"第四条\" applies to firm when introduced grant contrib up to 300 "
                   "万元 }\n");
    auto two = one.of("double-funding");
    REQUIRE(two.size() == 2);
    CHECK(two[0]->subject != two[1]->subject);
}

TEST_CASE("a finding's numbers are true of its witness", "[solver][findings]") {
    // National: 500 + 500; municipal: 500 + 200. The witness is where the combined amount is largest
    // (national, 1000 万元), its facts are the evaluator's; the two ceilings that differ are stated with the
    // situation in which they differ (municipal), not as facts of the witness.
    auto c =
        run("\nclause p9 { article \"（九）\" applies to firm when level in {municipal, national} and first "
            "grant platform up to 500 万元 }\n",
            "\nclause n { article \"第三条\" applies to firm when level == national and first grant "
            "platform up to 500 万元 }\n"
            "clause m { article \"第三条\" applies to firm when level == municipal and first grant "
            "platform up to 200 万元 }\n");
    auto f = c.of("cap-conflict");
    REQUIRE(f.size() == 1);
    CHECK(c.fact(*f[0], "a.p9") == "500 万元");
    CHECK(c.fact(*f[0], "b.n") == "500 万元");
    CHECK(c.fact(*f[0], "b.m") == "");
    CHECK(c.fact(*f[0], "combined") == "1000 万元");
    CHECK(f[0]->witness->row.values[0] == 2); // national
    CHECK(f[0]->readings[1] == "if both may be received: combined maximum 1000 万元");
    CHECK(f[0]->readings[2] == "if one ceiling is meant: for the same situation (level = municipal, first = "
                               "yes) A号 （九） gives 500 万元 and B号 第三条 gives 200 万元; which one "
                               "governs?");
}
