#include "lexsim/rules/format.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lexsim::rules;

namespace {
std::string fmt(const std::string& text) {
    SourceManager sm;
    Diagnostics diags;
    uint32_t id = sm.add("t.rules", text);
    auto out = format_source(sm, id, diags);
    REQUIRE(out.has_value());
    return *out;
}
} // namespace

TEST_CASE("fmt normalises indentation, spacing and blank lines", "[format]") {
    std::string in =
        "\n\n# 通政发\nclause   c{\n\n      article  \"（一）\"   # 条目\n"
        "applies to firm when a>0 CNY and\n b ==  x\n\n\n  grant g up to min( 30% of a ,1000 万元)\n\n}\n"
        "param p : money {\n2024-01-01 : -5 CNY\n}";
    std::string want = "# 通政发\nclause c {\n  article \"（一）\"  # 条目\n"
                       "  applies to firm when a > 0 CNY and\n      b == x\n\n"
                       "  grant g up to min(30% of a, 1000 万元)\n}\n"
                       "param p : money {\n  2024-01-01: -5 CNY\n}\n";
    CHECK(fmt(in) == want);
    CHECK(fmt(want) == want);
}

TEST_CASE("fmt keeps enum lists as lists and continued name lists indented", "[format]") {
    std::string in = "enum t {\na,\nb,\n}\ntask x {\nowner \"甲\",\n\"乙\"\n}\n";
    std::string want = "enum t {\n  a,\n  b,\n}\ntask x {\n  owner \"甲\",\n      \"乙\"\n}\n";
    CHECK(fmt(in) == want);
}

TEST_CASE("fmt lays out costs, reported results and yearly targets", "[format]") {
    std::string in = "cost c1 \"甲\"\nbenefit b \"乙\"  compensates   c1 ,c2\n"
                     "task t {\nreported m=-1% at   2023-12-31\ntarget m>=5 per   year by 2026-12-31\n}\n";
    std::string want =
        "cost c1 \"甲\"\nbenefit b \"乙\" compensates c1, c2\n"
        "task t {\n  reported m = -1% at 2023-12-31\n  target m >= 5 per year by 2026-12-31\n}\n";
    CHECK(fmt(in) == want);
    CHECK(fmt(want) == want);
}

TEST_CASE("fmt refuses input that does not parse", "[format]") {
    SourceManager sm;
    Diagnostics diags;
    uint32_t id = sm.add("t.rules", "clause c { article }\n");
    CHECK_FALSE(format_source(sm, id, diags).has_value());
    CHECK(diags.has_errors());
}

TEST_CASE("fmt is idempotent on every rules file in the repository", "[format][corpus]") {
    namespace fs = std::filesystem;
    int files = 0;
    for (const char* dir : {"/corpus", "/tests/cli/data"}) {
        for (const auto& e : fs::recursive_directory_iterator(std::string(LEXSIM_SOURCE_DIR) + dir)) {
            if (e.path().extension() != ".rules")
                continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            INFO(e.path().string());
            std::string once = fmt(ss.str());
            CHECK(fmt(once) == once);
            ++files;
        }
    }
    CHECK(files > 10);
}
