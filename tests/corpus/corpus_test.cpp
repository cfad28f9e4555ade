// The embedded Tongzhou 2024 corpus: it loads, its examples pass, and the facts the
// issues name hold (the two platform ceilings, the rings of 宋庄镇).
#include "lexsim/corpus/embedded.hpp"
#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/evaluator.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>

using namespace lexsim::rules;

namespace {
const RuleSet& corpus() {
    static std::unique_ptr<RuleSet> rs = [] {
        auto r = load_texts(lexsim::corpus::embedded_sources());
        std::ostringstream ss;
        r.diagnostics.render(r.sources, ss);
        INFO(ss.str());
        REQUIRE(r.ok());
        return std::move(r.rules);
    }();
    return *rs;
}
} // namespace

TEST_CASE("the embedded corpus loads and its examples pass", "[corpus]") {
    const RuleSet& rs = corpus();
    CHECK(rs.documents.size() >= 12);
    auto failures = run_examples(rs);
    for (const auto& f : failures)
        FAIL_CHECK(rs.sources.path(f.span.file) << ": " << f.message);
    CHECK(rs.examples.size() > 50);
}

namespace {
std::vector<std::string> articles_of(const RuleSet& rs, const std::string& doc) {
    std::vector<std::string> out;
    for (const auto& c : rs.clauses)
        if (rs.document(c.document).id == doc && std::find(out.begin(), out.end(), c.article) == out.end())
            out.push_back(c.article);
    return out;
}
size_t count_tasks(const RuleSet& rs, const std::string& doc, TaskKind kind) {
    return static_cast<size_t>(std::count_if(rs.tasks.begin(), rs.tasks.end(), [&](const Task& t) {
        return t.kind == kind && rs.document(t.document).id == doc;
    }));
}
} // namespace

TEST_CASE("every measure of 8号 and every entitlement article of 14号 is encoded", "[corpus]") {
    const RuleSet& rs = corpus();
    static const char* numerals[] = {"一",     "二",     "三",     "四",     "五",    "六",   "七",
                                     "八",     "九",     "十",     "十一",   "十二",  "十三", "十四",
                                     "十五",   "十六",   "十七",   "十八",   "十九",  "二十", "二十一",
                                     "二十二", "二十三", "二十四", "二十五", "二十六"};
    auto eight = articles_of(rs, "tzf_2024_08");
    for (const char* n : numerals) {
        std::string label = std::string("（") + n + "）";
        INFO(label);
        CHECK(std::find(eight.begin(), eight.end(), label) != eight.end());
    }
    CHECK(eight.size() == 27); // the 26 measures and the applicability paragraph after them
    auto fourteen = articles_of(rs, "tzf_2024_14");
    for (const char* label :
         {"第三条(一)", "第三条(二)", "第三条(三)", "第四条(一)", "第四条(二)", "第四条(三)", "第四条(四)",
          "第五条(一)", "第五条(二)", "第五条(三)", "第六条(一)", "第六条(二)"}) {
        INFO(label);
        CHECK(std::find(fourteen.begin(), fourteen.end(), label) != fourteen.end());
    }
}

TEST_CASE("task tables have the row counts of the source", "[corpus]") {
    const RuleSet& rs = corpus();
    CHECK(count_tasks(rs, "tzf_2024_01", TaskKind::Task) == 41);
    CHECK(count_tasks(rs, "tzf_2024_06", TaskKind::Task) == 161);
    CHECK(count_tasks(rs, "tzf_2024_07", TaskKind::Task) == 251);
    CHECK(count_tasks(rs, "tzf_2024_11", TaskKind::Task) == 17);
    CHECK(rs.records.size() == 20); // 2号: "共计 20 项"
    // 7号's five attachments: 82 + 47 + 49 + 46 + 27.
    std::map<std::string, size_t> per_file;
    for (const auto& t : rs.tasks)
        if (t.kind == TaskKind::Task && rs.document(t.document).id == "tzf_2024_07")
            ++per_file[rs.sources.path(t.span.file)];
    CHECK(per_file["corpus/tongzhou-2024/tzf-2024-07-a1.rules"] == 82);
    CHECK(per_file["corpus/tongzhou-2024/tzf-2024-07-a2.rules"] == 47);
    CHECK(per_file["corpus/tongzhou-2024/tzf-2024-07-a3.rules"] == 49);
    CHECK(per_file["corpus/tongzhou-2024/tzf-2024-07-a4.rules"] == 46);
    CHECK(per_file["corpus/tongzhou-2024/tzf-2024-07-a5.rules"] == 27);
}

TEST_CASE("the validity of 4号, 13号 and 14号: expiry, trial period, effective date and repeal", "[corpus]") {
    const RuleSet& rs = corpus();
    auto doc = [&](const char* id) -> const Document& { return rs.document(*rs.find_document(id)); };
    CHECK(format_date(*doc("tzf_2024_14").effective) == "2024-07-01");
    CHECK(doc("tzf_2024_14").repeals == std::vector<DocumentId>{*rs.find_document("tzf_2022_15")});
    CHECK(format_date(*doc("tzf_2024_04").expires) == "2024-12-31");
    CHECK(format_date(*doc("tzf_2024_13").expires) == "2025-04-29"); // 试行期 1 年 from 2024-04-30
    CHECK(document_in_force(rs, *rs.find_document("tzf_2024_04"), *parse_date("2024-12-31")));
    CHECK_FALSE(document_in_force(rs, *rs.find_document("tzf_2024_04"), *parse_date("2025-01-01")));
}

TEST_CASE("every monetary clause has an example where it applies and one where it does not", "[corpus]") {
    const RuleSet& rs = corpus();
    std::vector<int> applied(rs.clauses.size(), 0), not_applied(rs.clauses.size(), 0);
    for (const auto& ex : rs.examples) {
        Evaluation ev = evaluate_example(rs, ex);
        for (const auto& t : ev.clauses)
            (t.status == ClauseStatus::Applied ? applied : not_applied)[t.clause.index()]++;
    }
    int monetary = 0;
    for (ClauseId i : rs.clause_ids()) {
        const Clause& c = rs.clause(i);
        bool money = std::any_of(c.grants.begin(), c.grants.end(), [](const Grant& g) {
            return g.amount_kind == AmountKind::UpTo || g.amount_kind == AmountKind::Exact;
        });
        if (!money)
            continue;
        ++monetary;
        INFO(c.id);
        CHECK(applied[i.index()] > 0);
        CHECK(not_applied[i.index()] > 0);
    }
    CHECK(monetary == 39); // 8号 and 14号 (a lost clause shows here too)
}
