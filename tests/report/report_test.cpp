// The report module: tables from the commands' JSON, the page's sections and numbers, charts, the workbook.
#include "lexsim/report/report.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace lexsim::report;
using nlohmann::json;

namespace {

Inputs sample() {
    Inputs in;
    in.check = json::parse(R"({"findings":[
      {"kind":"double-funding","severity":"warning","message":"paid twice","clauses":[
        {"id":"a.x","document":"通政发〔2024〕8号","article":"（九）","file":"a.rules","line":12,"text":"最高 500 万元"}],
       "witness":{"entity":"firm","date":"2024-07-01","attributes":{"rd_spend":"10 万元"}}},
      {"kind":"cap-conflict","severity":"error","message":"two <ceilings>","clauses":[]},
      {"kind":"double-funding","severity":"warning","message":"again","clauses":[]}]})");
    in.simulate = json::parse(R"({"scenario":"baseline","seed":1,"trials":100,"years":[2024,2025],
      "totals":[{"year":2024,"mean":123456789.12,"se":1000.5,"p5":100000000.0,"p50":120000000.0,"p95":150000000.0,
                 "p_exceed":0.953},
                {"year":2025,"mean":130000000.0,"se":1000.0,"p5":110000000.0,"p50":129000000.0,"p95":160000000.0,
                 "p_exceed":0.5}],
      "outlays":[{"year":2024,"clause":"a.x","document":"8号","article":"（九）","benefit":"平台奖励","unit":"区财政局",
                  "mean":5000000.0,"se":0.0,"p5":5000000.0,"p50":5000000.0,"p95":5000000.0}]})");
    in.schedule = json::parse(R"({"tasks":[
        {"id":"t1","unit":"区科委","start":"2024-03-01","deadline":"2024-06-30","p_on_time":0.9,"criticality":0.1,
         "p50":"2024-05-01","p80":"2024-05-20","p90":"2024-06-01"},
        {"id":"t2","unit":"区财政局","start":"2024-03-01","deadline":"2024-04-30","p_on_time":0.2,"criticality":1.0,
         "p50":"2024-05-10","p80":"2024-05-20","p90":"2024-06-10"}],
      "critical_path":[{"document":"通政发〔2024〕3号","tasks":["t2"],"earliest_finish":"2024-05-10"}],
      "units":[{"unit":"区科委","month":"2024-03","active_tasks":1},{"unit":"区财政局","month":"2024-03","active_tasks":2}]})");
    in.provenance.rules = {{"a.rules", sha256_hex("abc")}};
    in.provenance.seed = 1;
    in.provenance.trials = 100;
    in.provenance.version = "0.1.0";
    in.provenance.generated = "2024-11-30T00:00:00Z";
    return in;
}

const Table& table(const std::vector<Table>& ts, const std::string& id) {
    for (const Table& t : ts)
        if (t.id == id)
            return t;
    FAIL("no table " << id);
    throw;
}

size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t i = hay.find(needle); i != std::string::npos; i = hay.find(needle, i + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("report: SHA-256 of the provenance is the standard digest", "[report]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("report: findings are counted and listed by severity, then kind", "[report]") {
    auto ts = tables(sample());
    const Table& summary = table(ts, "findings_summary");
    REQUIRE(summary.rows.size() == 2);
    CHECK(summary.rows[0] == std::vector<json>{"错误", "cap-conflict", 1});
    CHECK(summary.rows[1] == std::vector<json>{"警告", "double-funding", 2});
    const Table& list = table(ts, "findings");
    REQUIRE(list.rows.size() == 3);
    CHECK(list.rows[0][2] == "two <ceilings>");
    CHECK(list.rows[1][2] == "paid twice"); // the checker's order within a kind is kept
    CHECK(list.rows[1][3] == "通政发〔2024〕8号 （九）");
    CHECK(list.rows[1][4] == "“最高 500 万元”");
    CHECK(list.rows[1][5] == "date = 2024-07-01；rd_spend = 10 万元");
    CHECK(list.rows[1][6] == "a.rules:12");
}

TEST_CASE("report: a column no row has is left out", "[report]") {
    auto ts = tables(sample());
    const Table& totals = table(ts, "totals");
    std::vector<std::string> keys;
    for (const Column& c : totals.columns)
        keys.push_back(c.key);
    CHECK(keys == std::vector<std::string>{"year", "mean", "se", "p5", "p50", "p95", "p_exceed"});
    CHECK(totals.rows[0][1] == 123456789.12);
}

TEST_CASE("report: the page has every section, exact data values and escaped text", "[report]") {
    std::string html = render_html(sample());
    for (const char* id : {"findings", "outlays", "schedule", "provenance"})
        CHECK(html.find("<section id=\"" + std::string(id) + "\">") != std::string::npos);
    CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
    CHECK(html.find("two &lt;ceilings&gt;") != std::string::npos);
    CHECK(html.find("two <ceilings>") == std::string::npos);
    // Money in 万元 for reading, the JSON's exact yuan in data-value for machines.
    CHECK(html.find("data-value=\"123456789.12\">12,345.68</td>") != std::string::npos);
    CHECK(html.find("data-value=\"0.953\">95.3%</td>") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg")); // no external resource
    CHECK(html.find("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != std::string::npos);
}

TEST_CASE("report: charts carry a text alternative and draw what the data says", "[report]") {
    std::string html = render_html(sample());
    // Fan chart: one band, one median line, one mean dot per year; the Gantt outlines the critical task.
    CHECK(count(html, "<polygon class=\"band\"") == 1);
    CHECK(count(html, "<polyline class=\"median\"") == 1);
    CHECK(count(html, "<circle class=\"mean\"") == 2);
    CHECK(count(html, "bar-p50 critical") == 1);
    CHECK(count(html, "class=\"deadline\"") == 2);
    CHECK(count(html, "<svg ") == count(html, "<desc>"));
    // The riskiest task comes first in the Gantt chart.
    CHECK(html.find(">t2 · 区财政局<") < html.find(">t1 · 区科委<"));
}

TEST_CASE("report: English words with --lang en", "[report]") {
    Inputs in = sample();
    in.lang = Lang::En;
    std::string html = render_html(in);
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find(">Findings</h2>") != std::string::npos);
    CHECK(html.find("核查发现") == std::string::npos);
}

TEST_CASE("report: a part that was not run says so", "[report]") {
    Inputs in = sample();
    in.simulate = nullptr;
    std::string html = render_html(in);
    CHECK(html.find("本报告未包含此部分") != std::string::npos);
    CHECK(html.find("id=\"table-totals\"") == std::string::npos);
}

TEST_CASE("report: the workbook is written whole or not at all", "[report]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "lexsim-report-test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string error;
    REQUIRE(write_xlsx((dir / "r.xlsx").string(), tables(sample()), error));
    CHECK(fs::file_size(dir / "r.xlsx") > 1000);
    std::ifstream f(dir / "r.xlsx", std::ios::binary);
    char magic[2] = {};
    f.read(magic, 2);
    CHECK(std::string(magic, 2) == "PK");                                             // a zip container
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1); // no temporary left
    struct stat st {};
    ::stat((dir / "r.xlsx").c_str(), &st);
    CHECK((st.st_mode & 0044) != 0); // readable by others like any new file under the usual umask

    CHECK_FALSE(write_xlsx((dir / "missing" / "r.xlsx").string(), tables(sample()), error));
    CHECK(error.find("missing") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "missing"));
    fs::remove_all(dir);
}

TEST_CASE("report: each procedure gets its own Gantt chart, in order of start", "[report]") {
    Inputs in = sample();
    in.schedule["tasks"].push_back(
        json::parse(R"({"id":"s2","document":"通政发〔2024〕3号","start":"2024-04-01",
        "p50":"2024-05-01","p80":"2024-05-10","p90":"2024-05-20","p_on_time":0.1,"criticality":0.0})"));
    in.schedule["tasks"].push_back(
        json::parse(R"({"id":"s1","document":"通政发〔2024〕3号","start":"2024-02-01",
        "p50":"2024-03-01","p80":"2024-03-10","p90":"2024-03-20","p_on_time":0.9,"criticality":1.0})"));
    in.schedule["procedures"] = json::parse(R"([{"document":"通政发〔2024〕3号","first":"s1","tasks":2,
        "limit":"2024-12-31","p_by_limit":0.95,"p50":"2024-05-01","p80":"2024-05-10","p90":"2024-05-20"}])");
    std::string html = render_html(in);
    size_t procedure = html.find("<title>通政发〔2024〕3号 程序甘特图");
    size_t table = html.find("<title>甘特图：任务表中按期风险最高的任务");
    REQUIRE(procedure != std::string::npos);
    REQUIRE(table != std::string::npos);
    std::string steps = html.substr(procedure, table - procedure);
    CHECK(steps.find(">s1<") < steps.find(">s2<"));   // by start, although s2 is riskier
    CHECK(steps.find(">t1 · ") == std::string::npos); // task-table rows are not in the procedure's chart
    CHECK(html.find("id=\"table-procedures\"") != std::string::npos);
}

TEST_CASE("report: a what-if is drawn as differences with their P5–P95 whiskers", "[report]") {
    Inputs in = sample();
    in.compare = json::parse(R"({"scenario":"高","compared_with":"基线","totals":[
        {"year":2024,"mean":2611949.23,"se":279207.42,"p5":567547.0,"p50":2353069.0,"p95":6254308.0},
        {"year":2025,"mean":-3120282.03,"se":297308.02,"p5":-6625125.0,"p50":-3153666.0,"p95":-972458.0}]})");
    std::string html = render_html(in);
    CHECK(count(html, "class=\"whisker\"") == 2);
    CHECK(count(html, "class=\"bar-up\"") >= 1);
    CHECK(count(html, "class=\"bar-down\"") >= 1);
    CHECK(html.find("data-value=\"-3120282.03\">-312.03</td>") != std::string::npos);
}
