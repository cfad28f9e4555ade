// The simulate engine against known answers: exact totals, timing, rationing, closed forms, threads, CRN.
#include "lexsim/rules/loader.hpp"
#include "lexsim/simulation/engine.hpp"
#include "lexsim/simulation/report.hpp"
#include "lexsim/simulation/scenario.hpp"
#include "lexsim/simulation/sensitivity.hpp"
#include "lexsim/simulation/threads.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <oneapi/tbb/global_control.h>
#include <sstream>

using namespace lexsim;

namespace {

const char* test_rules = R"(document t {
  number "测试〔2024〕1号"
  issued 2024-01-01
}

unit "区财政局"

entity firm "企业" {
  eligible "符合条件" : bool = false
  spend "投入" : money = 0 CNY
  platform "平台" : bool = false
  ranked "排名" : bool = false
  team "团队" : bool = false
  pays_fee "缴款" : bool = false
}

entity bank "银行" {
}

measure fee "缴款" : money
param fee_rate "缴款比例" : rate = 20%

benefit award "奖励"
benefit multi "三年支持"
benefit one_off "一次性奖励"
benefit pooled "资金池奖励"
benefit quota_award "名额奖励"
benefit to_bank "银行补偿"

clause c_award {
  article "一"
  text "按投入 70%，最高 100 万元，每年"
  applies to firm when eligible
  grant award up to min(70% of spend, 100 万元) per year payer "区财政局"
}

clause c_multi {
  article "二"
  text "连续两年每年最高 10 万元"
  applies to firm when platform
  grant multi up to 10 万元 per year for 2 years payer "区财政局"
}

clause c_once {
  article "三"
  text "一次性 5 万元"
  applies to firm when platform
  grant one_off 5 万元 once
}

clause c_pool {
  article "四"
  text "每家 3 万元，每年总额 10 万元"
  applies to firm when ranked
  grant pooled 3 万元 pool 10 万元 per year
}

clause c_quota {
  article "五"
  text "每家 1 万元，每年 2 家"
  applies to firm when team
  grant quota_award 1 万元 quota 2 per year
}

clause c_fee {
  article "七"
  text "按投入的规定比例缴款"
  applies to firm when pays_fee
  range fee fee_rate of spend .. fee_rate of spend
}

clause c_bank {
  article "六"
  text "按投入的 1% 补偿银行"
  applies to firm when eligible
  grant to_bank 1% of spend to bank
}
)";

const rules::RuleSet& test_rule_set() {
    static std::unique_ptr<rules::RuleSet> rs = [] {
        auto r = rules::load_texts({{"t.rules", test_rules}});
        if (!r.ok()) {
            std::ostringstream d;
            r.diagnostics.render(r.sources, d);
            FAIL(d.str());
        }
        return std::move(r.rules);
    }();
    return *rs;
}

struct Simulated {
    rules::RuleSet rules;
    sim::Scenario scenario;
    sim::Report report;
};

Simulated scenario_of(const std::string& toml) {
    auto file = sim::ScenarioFile::parse("s.toml", toml);
    sim::ScenarioHeader h = sim::read_header(file);
    std::optional<sim::Scenario> s = file.ok() ? sim::read_scenario(file, h, test_rule_set()) : std::nullopt;
    std::ostringstream d;
    file.diagnostics().render(file.sources(), d);
    INFO(d.str());
    REQUIRE(s);
    Simulated out{test_rule_set(), *s, {}};
    sim::apply_what_if(out.scenario, out.rules);
    return out;
}

Simulated simulate(const std::string& toml, int threads = 0) {
    Simulated out = scenario_of(toml);
    sim::SimulationOptions o;
    o.trials = out.scenario.header.trials;
    o.threads = threads;
    out.report = sim::simulate_reports({&out.rules, &out.scenario}, {}, o, {})[0];
    return out;
}

//! Every trial's totals, cell by cell, straight from the engine.
std::vector<int64_t> per_trial_values(const Simulated& s, int threads) {
    sim::Simulator engine(s.rules, s.scenario, threads);
    int64_t trials = s.scenario.header.trials;
    engine.run(0, trials);
    std::vector<int64_t> out;
    for (int64_t t = 0; t < trials; ++t)
        for (size_t c = 0; c < engine.cells().size(); ++c)
            out.push_back(engine.value(t, c));
    return out;
}

const sim::Summary& total(const sim::Report& r, int32_t year) {
    for (const auto& t : r.totals)
        if (t.year == year)
            return t.stats;
    FAIL("no total for " << year);
    return r.totals[0].stats;
}

int64_t mean_of(const sim::Report& r, const std::string& clause, int32_t year) {
    for (const auto& o : r.outlays)
        if (o.clause == clause && o.year == year)
            return o.stats.mean;
    return 0;
}

std::string errors_of(const std::string& toml) {
    auto file = sim::ScenarioFile::parse("s.toml", toml);
    sim::ScenarioHeader h = sim::read_header(file);
    if (file.ok())
        sim::read_scenario(file, h, test_rule_set());
    std::ostringstream d;
    file.diagnostics().render(file.sources(), d);
    return d.str();
}

} // namespace

TEST_CASE("simulation: a deterministic population gives exact totals", "[simulation]") {
    Simulated s = simulate(R"(name = "exact"
trials = 5
[[population]]
entity = "firm"
count = 4
entry = [2024, 2024]
[population.attributes]
eligible = true
spend = 1_000_000
)");
    // 4 firms × min(70% × 100 万元, 100 万元) = 280 万元 every year; 1% to the bank once, in 2024.
    for (int32_t y : {2024, 2025, 2026})
        CHECK(mean_of(s.report, "t.c_award", y) == 280'000'000);
    CHECK(mean_of(s.report, "t.c_bank", 2024) == 4'000'000);
    CHECK(mean_of(s.report, "t.c_bank", 2025) == 0);
    const sim::Summary& y2024 = total(s.report, 2024);
    CHECK(y2024.mean == 284'000'000);
    CHECK(y2024.se == 0);
    CHECK(y2024.p5 == y2024.p95);
    CHECK(total(s.report, 0).mean == 284'000'000 + 2 * 280'000'000);
    bool bank_row = false;
    for (const auto& g : s.report.by_recipient)
        if (g.group == "银行" && g.year == 0)
            bank_row = g.stats.mean == 4'000'000;
    CHECK(bank_row);
    CHECK(s.report.undetermined_share == 0);
}

TEST_CASE("simulation: multi-year grants are paid N years from the first, one-off grants once",
          "[simulation]") {
    Simulated s = simulate(R"(trials = 3
[[population]]
entity = "firm"
count = 3
entry = [2024, 2024]
[population.attributes]
platform = true
[[population]]
entity = "firm"
count = 1
entry = [2025, 2025]
[population.attributes]
platform = true
)");
    CHECK(mean_of(s.report, "t.c_multi", 2024) == 30'000'000);
    CHECK(mean_of(s.report, "t.c_multi", 2025) == 40'000'000);
    CHECK(mean_of(s.report, "t.c_multi", 2026) == 10'000'000);
    CHECK(mean_of(s.report, "t.c_once", 2024) == 15'000'000);
    CHECK(mean_of(s.report, "t.c_once", 2025) == 5'000'000);
    CHECK(mean_of(s.report, "t.c_once", 2026) == 0);
}

TEST_CASE("simulation: pools and quotas ration by the scenario's rule", "[simulation]") {
    std::string head = "horizon = [2024, 2024]\ntrials = 4\n";
    std::string pop = R"(
[[population]]
entity = "firm"
count = 5
[population.attributes]
ranked = true
team = true
)";
    Simulated pro = simulate(head + "[rationing]\npool = \"pro_rata\"\nquota = \"first_come\"\n" + pop);
    // 5 claims of 3 万元 against a 10 万元 pool: each gets 2 万元; 5 teams against a quota of 2: 2 paid.
    CHECK(mean_of(pro.report, "t.c_pool", 2024) == 10'000'000);
    CHECK(mean_of(pro.report, "t.c_quota", 2024) == 2'000'000);
    CHECK(pro.report.pool_breaches == 4);
    CHECK(pro.report.quota_breaches == 4);
    Simulated first = simulate(head + "[rationing]\npool = \"first_come\"\n" + pop);
    CHECK(mean_of(first.report, "t.c_pool", 2024) == 10'000'000);
    Simulated report = simulate(head + "[rationing]\npool = \"report\"\nquota = \"report\"\n" + pop);
    CHECK(mean_of(report.report, "t.c_pool", 2024) == 15'000'000);
    CHECK(mean_of(report.report, "t.c_quota", 2024) == 5'000'000);
    CHECK(report.report.pool_breaches == 4);
}

TEST_CASE("simulation: budget ceilings report the chance of exceeding and ration", "[simulation]") {
    std::string base = R"(horizon = [2024, 2024]
trials = 2
[[population]]
entity = "firm"
count = 4
[population.attributes]
eligible = true
spend = 1_000_000
[[budget]]
payer = "区财政局"
ceiling = 2_000_000
)";
    Simulated rep = simulate(base + "when_exceeded = \"report\"\n");
    REQUIRE(rep.report.budgets.size() == 1);
    CHECK(rep.report.budgets[0].p_exceed == 1.0);
    CHECK(rep.report.budgets[0].expected_shortfall == 80'000'000);
    CHECK(mean_of(rep.report, "t.c_award", 2024) == 280'000'000);
    Simulated pro = simulate(base + "when_exceeded = \"pro_rata\"\n");
    CHECK(mean_of(pro.report, "t.c_award", 2024) == 200'000'000);
    CHECK(mean_of(pro.report, "t.c_bank", 2024) == 4'000'000); // no payer stated: outside the budget
}

TEST_CASE("simulation: the mean of min(70% × lognormal, cap) matches its closed form within 3 SE",
          "[simulation]") {
    Simulated s = simulate(R"(horizon = [2024, 2024]
trials = 4000
seed = 11
[[population]]
entity = "firm"
count = 1
[population.attributes]
eligible = true
spend = { lognormal = { median = 1_000_000, spread = 0.8 } }
)");
    // Y = 0.7 X is lognormal(mu = ln 700 000, sigma = 0.8); E[min(Y, C)] with C = 1 000 000 yuan.
    double mu = std::log(700'000.0), sigma = 0.8, cap = 1'000'000.0;
    auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    double expected = std::exp(mu + sigma * sigma / 2) * phi((std::log(cap) - mu - sigma * sigma) / sigma) +
                      cap * (1 - phi((std::log(cap) - mu) / sigma));
    int64_t mean = mean_of(s.report, "t.c_award", 2024);
    int64_t se = 0;
    for (const auto& o : s.report.outlays)
        if (o.clause == "t.c_award")
            se = o.stats.se;
    CHECK(se > 0);
    CHECK(std::abs(static_cast<double>(mean) / 100 - expected) < 3 * static_cast<double>(se) / 100);
}

TEST_CASE("simulation: Poisson applicant counts have the stated mean within 3 SE", "[simulation]") {
    Simulated s = simulate(R"(horizon = [2024, 2024]
trials = 2000
[[population]]
entity = "firm"
count = { poisson = 7.5 }
[population.attributes]
platform = true
)");
    // Each applicant gets 5 万元 once: mean 7.5 × 5 万元, sd sqrt(7.5) × 5 万元 per trial.
    const sim::Summary& once = s.report.outlays[2].stats;
    REQUIRE(s.report.outlays[2].clause == "t.c_once");
    CHECK(std::abs(static_cast<double>(once.mean) - 7.5 * 5'000'000) < 3 * static_cast<double>(once.se));
    double expected_se = std::sqrt(7.5) * 5'000'000 / std::sqrt(2000.0);
    CHECK(std::abs(static_cast<double>(once.se) - expected_se) < 0.1 * expected_se);
}

TEST_CASE("simulation: results are bit-identical for 1, 2 and 4 threads", "[simulation]") {
    std::string toml = R"(trials = 64
seed = 5
[[population]]
entity = "firm"
count = { negative_binomial = { mean = 6, dispersion = 2 } }
[population.attributes]
eligible = { bernoulli = 0.6 }
spend = { triangular = [100_000, 500_000, 3_000_000] }
ranked = { bernoulli = 0.5 }
team = { bernoulli = 0.5 }
platform = { bernoulli = 0.3 }
[payout]
award = { uniform = [0.2, 1.0] }
[take_up]
"t.c_multi" = 0.5
)";
    std::vector<int64_t> reference;
    std::string json;
    for (int threads : {1, 2, 4}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(threads));
        Simulated s = simulate(toml);
        std::vector<int64_t> values = per_trial_values(s, 0);
        if (reference.empty()) {
            reference = values;
            json = sim::render_json({s.report});
        } else {
            CHECK(values == reference);
            CHECK(sim::render_json({s.report}) == json);
        }
    }
    // The same through a task_arena of that many threads (what --threads does), and the same JSON text.
    for (int threads : {1, 2, 4}) {
        Simulated s = simulate(toml, threads);
        CHECK(per_trial_values(s, threads) == reference);
        CHECK(sim::render_json({s.report}) == json);
    }
    // With the workers started ahead, as the commands do before they load anything: the same again.
    sim::start_threads(2);
    for (int threads : {2, 4}) {
        Simulated s = simulate(toml, threads);
        CHECK(per_trial_values(s, threads) == reference);
        CHECK(sim::render_json({s.report}) == json);
    }
}

TEST_CASE("simulation: common random numbers give what-if differences a smaller variance", "[simulation]") {
    std::string pop = R"(trials = 400
horizon = [2024, 2024]
[[population]]
entity = "firm"
count = { poisson = 20 }
[population.attributes]
eligible = true
spend = { lognormal = { median = 600_000, spread = 0.6 } }
)";
    Simulated base = scenario_of("name = \"base\"\n" + pop);
    Simulated raised =
        scenario_of("name = \"raised\"\n" + pop + "[[override]]\nclause = \"t.c_award\"\ncap = 500_000\n");
    sim::SimulationOptions o;
    o.trials = 400;
    // `raised` runs with its own stream (its name differs): independent. Then on the base's stream.
    sim::Report crn_diff =
        sim::simulate_reports({&base.rules, &base.scenario}, {{&raised.rules, &raised.scenario}}, o, {})[1];
    sim::Scenario shared = raised.scenario;
    shared.stream = base.scenario.stream;
    sim::Report paired =
        sim::simulate_reports({&base.rules, &base.scenario}, {{&raised.rules, &shared}}, o, {})[1];
    CHECK(paired.compared_with == "base");
    int64_t independent_se = total(crn_diff, 2024).se;
    int64_t paired_se = total(paired, 2024).se;
    CHECK(paired_se * 3 < independent_se);
    CHECK(total(paired, 2024).mean < 0); // a lower cap pays less
}

TEST_CASE("simulation: scenario errors name the key and point at it", "[simulation][scenario]") {
    CHECK(errors_of("[[population]]\nentity = \"firm\"\ncount = 1\n[population.attributes]\nspnd = 5\n") ==
          "s.toml:5:1: error: entity 'firm' has no attribute 'spnd'\n"
          " 5 | spnd = 5\n"
          "   | ^^^^\n");
    CHECK(errors_of("[take_up]\naward = 1.5\n") ==
          "s.toml:2:9: error: take-up of 'award' must lie between 0 and 1\n"
          " 2 | award = 1.5\n"
          "   |         ^^^\n");
    CHECK(errors_of("[[population]]\nentity = \"firm\"\ncount = 1\n[population.attributes]\neligible = "
                    "{ categorical = { yes = 1 } }\n") ==
          "s.toml:5:14: error: 'categorical' draws enum members, but this value is bool\n"
          " 5 | eligible = { categorical = { yes = 1 } }\n"
          "   |              ^^^^^^^^^^^\n");
}

TEST_CASE("simulation: a money range fixed by a parameter is a receipt, outside the totals", "[simulation]") {
    std::string head = "trials = 2\nhorizon = [2024, 2025]\n";
    std::string pop = R"(
[[population]]
entity = "firm"
count = 3
entry = [2024, 2024]
[population.attributes]
pays_fee = true
spend = 1_000_000
)";
    Simulated low = simulate(head + pop);
    REQUIRE(low.report.receipts.size() == 2);
    CHECK(low.report.receipts[0].year == 2024);
    CHECK(low.report.receipts[0].benefit == "fee");
    CHECK(low.report.receipts[0].stats.mean == 3 * 20'000'000); // 20% × 100 万元 × 3, once
    CHECK(low.report.receipts[1].stats.mean == 0);
    CHECK(total(low.report, 0).mean == 0);
    Simulated high = simulate(head + "[params]\nfee_rate = 0.5\n" + pop);
    CHECK(high.report.receipts[0].stats.mean == 3 * 50'000'000);
}

TEST_CASE("simulation: --until-se stops early and sensitivity ranks inputs with common random numbers",
          "[simulation]") {
    std::string toml = R"(trials = 400
horizon = [2024, 2024]
[[population]]
entity = "firm"
count = { poisson = 10 }
[population.attributes]
eligible = true
platform = true
spend = { uniform = [100_000, 2_000_000] }
[take_up]
award = 0.6
one_off = 0.5
)";
    Simulated s = simulate(toml);
    sim::SimulationOptions o;
    o.trials = 400;
    o.until_se = 1e9; // any standard error is below a billion yuan: stops after the first batches
    CHECK(sim::simulate_reports({&s.rules, &s.scenario}, {}, o, {})[0].trials == 32);
    o.until_se = 0;
    o.trials = 100;
    std::vector<sim::SensitivityRow> all = sim::sensitivity(s.rules, s.scenario, o), rows;
    // Two take-up rates, and the populations' Poisson mean and uniform's low and high.
    REQUIRE(all.size() == 5);
    for (const sim::SensitivityRow& r : all)
        if (r.input.rfind("申报率", 0) == 0)
            rows.push_back(r);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].input == "申报率 award"); // up to 100 万元 each: it moves the total more than 5 万元 once
    CHECK(rows[0].low == 0.3);
    CHECK(rows[0].high == Approx(0.9));
    CHECK(rows[0].total_low < rows[0].total_high);
    CHECK(rows[1].input == "申报率 one_off");
    CHECK(rows[1].total_high - rows[1].total_low < rows[0].total_high - rows[0].total_low);
}

TEST_CASE("simulation: past the exact cap, quantiles stay within 0.1% and identical for 1, 2 and 4 threads",
          "[simulation][tally]") {
    Simulated s = scenario_of(R"(horizon = [2024, 2024]
trials = 10_300
seed = 3
[[population]]
entity = "firm"
count = 2
[population.attributes]
eligible = true
spend = { lognormal = { median = 800_000, spread = 0.7 } }
)");
    sim::SimulationOptions o;
    o.trials = s.scenario.header.trials;
    std::string json;
    sim::Report report;
    for (int threads : {1, 2, 4}) {
        o.threads = threads;
        report = sim::simulate_reports({&s.rules, &s.scenario}, {}, o, {})[0];
        std::string j = sim::render_json({report});
        if (json.empty())
            json = j;
        CHECK(j == json);
    }
    CHECK(json.find("\"quantiles_exact\":false") != std::string::npos);
    // Against the exact nearest-rank quantiles of the same trials' totals.
    std::vector<int64_t> totals = per_trial_values(s, 0); // one year: cells of 2024 only
    sim::Simulator engine(s.rules, s.scenario, 0);
    size_t cells = engine.cells().size();
    std::vector<int64_t> horizon(static_cast<size_t>(o.trials), 0);
    for (size_t t = 0; t < horizon.size(); ++t)
        for (size_t c = 0; c < cells; ++c)
            horizon[t] += totals[t * cells + c];
    std::sort(horizon.begin(), horizon.end());
    const sim::Summary& h = total(report, 0);
    CHECK_FALSE(h.exact_quantiles);
    for (auto [q, got] : {std::pair{0.05, h.p5}, {0.5, h.p50}, {0.95, h.p95}}) {
        int64_t exact = horizon[static_cast<size_t>(std::ceil(q * static_cast<double>(horizon.size()))) - 1];
        INFO("q " << q << " exact " << exact << " got " << got);
        CHECK(std::abs(static_cast<double>(got - exact)) <= 1e-3 * static_cast<double>(exact) + 1);
    }
    int64_t sum = 0;
    for (int64_t v : horizon)
        sum += v;
    CHECK(h.mean == (sum + o.trials / 2) / o.trials);
}

TEST_CASE("simulation: sensitivity varies the populations' distribution parameters by ±20%",
          "[simulation][sensitivity]") {
    Simulated s = scenario_of(R"(horizon = [2024, 2024]
trials = 3
[[population]]
entity = "firm"
count = 4
[population.attributes]
eligible = true
spend = { lognormal = { median = 1_000_000, spread = 0 } }
)");
    sim::SimulationOptions o;
    o.trials = 3;
    std::vector<sim::SensitivityRow> rows = sim::sensitivity(s.rules, s.scenario, o);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].input == "企业·投入 中位数");
    CHECK(rows[0].low == 800'000);
    CHECK(rows[0].high == 1'200'000);
    // 4 firms × (min(70% × spend, 100 万元) + 1% of spend to the bank)
    CHECK(rows[0].total_low == 4 * (56'000'000 + 800'000));
    CHECK(rows[0].total_high == 4 * (84'000'000 + 1'200'000));
    CHECK(rows[1].input == "企业·投入 离散度");
    CHECK(rows[1].total_low == 4 * (70'000'000 + 1'000'000));
    CHECK(rows[1].total_high == rows[1].total_low);

    Simulated counted = scenario_of(R"(horizon = [2024, 2024]
trials = 50
[[population]]
label = "研发企业"
entity = "firm"
count = { poisson = 5 }
[population.attributes]
eligible = { bernoulli = 0.5 }
spend = 1_000_000
)");
    o.trials = 50;
    rows = sim::sensitivity(counted.rules, counted.scenario, o);
    REQUIRE(rows.size() == 2);
    std::vector<std::string> names{rows[0].input, rows[1].input};
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"研发企业·申报数量 均值", "研发企业·符合条件 概率"});
    for (const sim::SensitivityRow& r : rows) {
        CHECK(r.low == Approx(r.input.find("均值") != std::string::npos ? 4.0 : 0.4));
        CHECK(r.total_low < r.total_high); // more applicants, or more eligible ones, cost more
    }
}
