// Schedule Monte Carlo against closed forms on small graphs, and determinism across thread counts.
#include "lexsim/rules/calendar.hpp"
#include "lexsim/simulation/schedule.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace lexsim;

namespace {

const int32_t day0 = *rules::parse_date("2024-03-04");

rules::TaskNode node(const char* id, int64_t low, int64_t likely, int64_t high) {
    rules::TaskNode n;
    n.id = id;
    n.unit = rules::DurationUnit::Days;
    n.low = low;
    n.likely = likely;
    n.high = high;
    return n;
}

sim::ScheduleResult run(rules::TaskGraph& g, sim::DurationShape shape, uint64_t trials = 20'000,
                        int threads = 0) {
    rules::Diagnostics diags;
    REQUIRE(g.validate(diags));
    REQUIRE(g.sort(diags));
    sim::ScheduleOptions o;
    o.trials = trials;
    o.seed = 7;
    o.threads = threads;
    o.shape = shape;
    return sim::run_schedule(g, rules::WorkCalendar::official(), o);
}

//! CDF of the triangular distribution (a, m, b).
double tri_cdf(double a, double m, double b, double x) {
    if (x <= a)
        return 0;
    if (x >= b)
        return 1;
    if (x <= m)
        return (x - a) * (x - a) / ((b - a) * (m - a));
    return 1 - (b - x) * (b - x) / ((b - a) * (b - m));
}

} // namespace

TEST_CASE("simulation: two parallel uniform tasks against the closed form", "[simulation][schedule]") {
    // A, B ~ U(0, 10) days from day0, rounded up to whole days; C after both, due on day 7.
    rules::TaskGraph g;
    auto a = node("A", 0, 5, 10), b = node("B", 0, 5, 10);
    a.start = b.start = day0;
    a.due = day0 + 5;
    auto c = node("C", 0, 0, 0);
    c.due = day0 + 7;
    int32_t ia = g.add_node(a), ib = g.add_node(b), ic = g.add_node(c);
    g.add_edge(ia, ic);
    g.add_edge(ib, ic);
    auto r = run(g, sim::DurationShape::Uniform);
    CHECK(*r.tasks[0].p_on_time == Approx(0.5).margin(0.01));
    CHECK(*r.tasks[2].p_on_time == Approx(0.49).margin(0.01)); // 0.7²
    // A drives C unless B ends strictly later: P(ceil A >= ceil B) = 0.45 + 0.10.
    CHECK(r.tasks[0].criticality == Approx(0.55).margin(0.01));
    CHECK(r.tasks[1].criticality == Approx(0.45).margin(0.01));
    CHECK(r.tasks[2].criticality == 1.0);
    // The maximum of two U(0, 10): P(max <= x) = (x/10)², so its median is 7.07 → day 8, P80 8.94 → 9.
    CHECK(*r.tasks[2].p50 - day0 == 8);
    CHECK(*r.tasks[2].p80 - day0 == 9);
    CHECK(*r.tasks[2].p90 - day0 == 10);
    REQUIRE(r.procedures.size() == 1);
    CHECK(r.procedures[0].nodes.size() == 3);
}

TEST_CASE("simulation: a chain of triangular durations against the closed form", "[simulation][schedule]") {
    // X1, X2 ~ Tri(2, 4, 10) days in a chain from day0, due on day 10.
    rules::TaskGraph g;
    auto x1 = node("X1", 2, 4, 10), x2 = node("X2", 2, 4, 10);
    x1.start = day0;
    x2.due = day0 + 10;
    int32_t i1 = g.add_node(x1);
    int32_t i2 = g.add_node(x2);
    g.add_edge(i1, i2);
    auto r = run(g, sim::DurationShape::Triangular);
    // P(ceil X1 + ceil X2 <= 10) = Σ_k P(ceil X1 = k) · F(10 − k).
    double p = 0;
    for (int k = 3; k <= 10; ++k)
        p += (tri_cdf(2, 4, 10, k) - tri_cdf(2, 4, 10, k - 1)) * tri_cdf(2, 4, 10, 10 - k);
    CHECK(p == Approx(0.34158).margin(0.00001));
    CHECK(*r.tasks[1].p_on_time == Approx(p).margin(0.01));
    CHECK(r.tasks[0].criticality == 1.0);
    CHECK(r.tasks[1].criticality == 1.0);
}

TEST_CASE("simulation: PERT-beta durations are symmetric about a central mode", "[simulation][schedule]") {
    rules::TaskGraph g;
    auto x = node("X", 0, 5, 10);
    x.start = day0;
    x.due = day0 + 5;
    g.add_node(x);
    auto r = run(g, sim::DurationShape::Pert);
    CHECK(*r.tasks[0].p_on_time == Approx(0.5).margin(0.01));
    // PERT(0, 5, 10) is Beta(3, 3) scaled: P(X <= 3) = 0.16308.
    rules::TaskGraph g3;
    x.due = day0 + 3;
    g3.add_node(x);
    auto r3 = run(g3, sim::DurationShape::Pert);
    CHECK(*r3.tasks[0].p_on_time == Approx(0.16308).margin(0.01));
}

TEST_CASE("simulation: schedule counts stay exact past 65 535 trials a date (16-bit histograms flushed)",
          "[simulation][schedule]") {
    // Triangular(0, 1, 3) in whole days: 1 day with probability 1/3, 2 days 1/2, 3 days 1/6, so one thread
    // counts about 70 000 of 140 000 trials on the second day: past what a 16-bit count holds.
    rules::TaskGraph g;
    auto x = node("X", 0, 1, 3);
    x.start = day0;
    g.add_node(x);
    auto y = node("Y", 0, 1, 3);
    const int32_t b = g.add_node(y);
    g.add_edge(0, b);
    auto one = run(g, sim::DurationShape::Triangular, 140'000, 1);
    CHECK(one.tasks[0].p50 == day0 + 2);
    CHECK(one.tasks[0].p80 == day0 + 2);
    CHECK(one.tasks[0].p90 == day0 + 3);
    // X + Y: the sum of two such durations, P(<= 3) = 1/3·5/6 + 1/2·1/3 = 4/9, P(<= 4) = 29/36 > 0.8.
    CHECK(one.tasks[1].p50 == day0 + 4);
    CHECK(one.tasks[1].p80 == day0 + 4);
    auto two = run(g, sim::DurationShape::Triangular, 140'000, 2);
    for (size_t v = 0; v < 2; ++v) {
        CHECK(two.tasks[v].p50 == one.tasks[v].p50);
        CHECK(two.tasks[v].p80 == one.tasks[v].p80);
        CHECK(two.tasks[v].p90 == one.tasks[v].p90);
        CHECK(two.tasks[v].criticality == one.tasks[v].criticality);
    }
    REQUIRE(one.procedures.size() == 1);
    CHECK(two.procedures[0].p50 == one.procedures[0].p50);
    CHECK(one.procedures[0].p50 == day0 + 4);
}

TEST_CASE("simulation: schedule results are bit-identical for 1, 2 and 4 threads", "[simulation][schedule]") {
    rules::TaskGraph g;
    std::vector<int32_t> ids;
    for (int i = 0; i < 40; ++i) {
        auto n = node("n", 1, 3 + i % 4, 9 + i % 7);
        n.unit = i % 3 == 0 ? rules::DurationUnit::Workdays : rules::DurationUnit::Days;
        if (i < 4)
            n.start = day0 + i;
        n.due = day0 + 20 + i;
        n.units = {i % 2 ? "区住房城乡建设委" : "区财政局"};
        ids.push_back(g.add_node(n));
        if (i >= 4) {
            g.add_edge(ids[static_cast<size_t>(i - 4)], ids.back());
            if (i % 5 == 0)
                g.add_edge(ids[static_cast<size_t>(i - 3)], ids.back());
        }
    }
    auto key = [](const sim::ScheduleResult& r) {
        std::vector<double> out;
        for (const auto& t : r.tasks)
            out.insert(out.end(), {t.p_on_time.value_or(-1), t.criticality, double(t.p50.value_or(0)),
                                   double(t.p80.value_or(0)), double(t.p90.value_or(0))});
        for (const auto& p : r.procedures)
            out.insert(out.end(), {double(p.p50), double(p.p80), double(p.p90)});
        return out;
    };
    auto one = key(run(g, sim::DurationShape::Pert, 3000, 1));
    CHECK(key(run(g, sim::DurationShape::Pert, 3000, 2)) == one);
    CHECK(key(run(g, sim::DurationShape::Pert, 3000, 4)) == one);
    auto tri = run(g, sim::DurationShape::Triangular, 3000, 4);
    CHECK(key(run(g, sim::DurationShape::Triangular, 3000, 1)) == key(tri));
    CHECK_FALSE(tri.units.empty());
}

#include "lexsim/simulation/random.hpp"

TEST_CASE("simulation: the block Philox over trials gives uniform(trial, draw), across a 2^32 boundary",
          "[simulation][schedule]") {
    // The schedule draws a block of trials per node: lanes over trials must be the numbers drawn one by one.
    sim::Stream rng{0x1234'5678'9abc'def0ULL, 3};
    // Five draws: the AVX-512 block runs two draws at a time and then the odd one.
    const uint32_t draws[] = {0, 16, 8 * 16, 568 * 16, 569 * 16};
    for (uint64_t first : {uint64_t{0}, uint64_t{37}, (uint64_t{1} << 32) - 5}) {
        std::vector<double> out(5 * 21);
        rng.uniforms_by_trial(first, 21, draws, 5, out.data());
        for (size_t k = 0; k < 5; ++k)
            for (size_t i = 0; i < 21; ++i)
                REQUIRE(out[k * 21 + i] == rng.uniform(first + i, draws[k]));
    }
}

TEST_CASE("simulation: the paired block Philox gives uniform_paired, both halves of Random123's number",
          "[simulation][schedule]") {
    // Trials b + i and b + 8 + i of a block share the number of counter b / 2 + i: words 0-1 are
    // uniform(b / 2 + i, draw) (the same counter and key), words 2-3 the second of uniform_pair on it.
    sim::Stream rng{0x1234'5678'9abc'def0ULL, 3};
    const uint32_t draws[] = {0, 16, 8 * 16, 568 * 16, 569 * 16}; // four at a time, then one
    for (uint64_t b : {uint64_t{0}, uint64_t{48}, uint64_t{1} << 33}) {
        for (uint32_t d : draws)
            for (uint64_t i = 0; i < 8; ++i) {
                const uint64_t pair = b / 2 + i;
                REQUIRE(rng.uniform_paired(b + i, d) == rng.uniform(pair, d));
                REQUIRE(rng.uniform_paired(b + 8 + i, d) ==
                        rng.uniform_pair(pair & 0xffffffff, static_cast<uint32_t>(pair >> 32), d).second);
            }
        for (bool avx512 : {true, false}) { // the AVX-512F version (where the CPU has it) and the generic one
            sim::allow_avx512_by_entity(avx512);
            for (size_t count : {size_t{5}, size_t{4}, size_t{1}}) {
                std::vector<double> out(count * 16);
                rng.uniforms_paired16(b, draws, count, out.data());
                for (size_t k = 0; k < count; ++k)
                    for (size_t i = 0; i < 16; ++i)
                        REQUIRE(out[k * 16 + i] == rng.uniform_paired(b + i, draws[k]));
            }
        }
        sim::allow_avx512_by_entity(true);
    }
}

#include "lexsim/rules/loader.hpp"
#include "lexsim/simulation/schedule_scenario.hpp"

#include <sstream>

namespace {

const char* procedure_rules = R"~(
document d { number "D号" issued 2024-04-30 trial 1 year }
step submit { article "1" text "报送" }
step review { article "2" text "审查" after submit duration 1 workdays .. 10 workdays
  deadline 10 workdays after end of submit "收到之日起 10 个工作日内" }
step notice { article "3" text "公示" after review duration 15 workdays }
step other { article "4" text "其他" }
)~";

} // namespace

TEST_CASE("simulation: the task graph of loaded rules, with relative deadlines and defaults",
          "[simulation][schedule]") {
    auto r = rules::load_texts({{"t.rules", procedure_rules}});
    REQUIRE(r.ok());
    rules::TaskGraph g = rules::task_graph_of(*r.rules, true);
    REQUIRE(g.size() == 4);
    const rules::TaskNode& review = g.node(*g.find("d.review"));
    CHECK(review.low == 1);
    CHECK(review.likely == 6); // the midpoint of 1 .. 10, rounded up
    CHECK(review.high == 10);
    CHECK(review.text_duration);
    REQUIRE(review.relative_due);
    CHECK(review.relative_due->anchor == *g.find("d.submit"));
    CHECK(review.relative_due->from_end);
    CHECK(review.relative_due->amount == 10);
    CHECK(review.document_end == rules::parse_date("2025-04-29"));
    // Without predecessors a step starts on its document's first day; with `false` (the checker's view) not.
    CHECK(g.node(*g.find("d.submit")).start == rules::parse_date("2024-04-30"));
    CHECK_FALSE(rules::task_graph_of(*r.rules, false).node(0).start.has_value());
}

TEST_CASE("simulation: a schedule scenario sets starts, estimates, dependencies and the selection",
          "[simulation][schedule]") {
    auto r = rules::load_texts({{"t.rules", procedure_rules}});
    REQUIRE(r.ok());
    rules::TaskGraph g = rules::task_graph_of(*r.rules, true);
    auto f = sim::ScenarioFile::parse("s.toml", R"~(
name = "示例"
trials = 500
[schedule]
shape = "pert"
tasks = ["d.s*", "d.r*", "d.notice"]
[[schedule.start]]
task = "d.submit"
date = "2024-05-06"
[[schedule.estimate]]
task = "d.*"
low = 2
likely = 3
high = 5
only_missing = true
[[schedule.estimate]]
task = "d.notice"
low = 15
likely = 15
high = 15
[[schedule.after]]
task = "d.notice"
after = ["d.submit"]
[[schedule.deadline]]
task = "d.notice"
date = "2024-06-30"
wording = "6 月底前"
)~");
    sim::ScheduleScenario s = sim::read_schedule_scenario(f);
    REQUIRE(f.ok());
    CHECK(s.shape == sim::DurationShape::Pert);
    CHECK(s.header.trials == 500);
    rules::TaskGraph h = sim::apply_schedule_scenario(f, s, g);
    REQUIRE(f.ok());
    REQUIRE(h.size() == 3); // `other` is not selected
    const rules::TaskNode& submit = h.node(*h.find("d.submit"));
    CHECK(submit.start == rules::parse_date("2024-05-06"));
    CHECK(submit.low == 2); // no duration in the text: the estimate applies
    CHECK(submit.high == 5);
    const rules::TaskNode& review = h.node(*h.find("d.review"));
    CHECK(review.high == 10); // only_missing: the text's range stays
    CHECK(h.preds(*h.find("d.notice")).size() == 2);
    CHECK(h.node(*h.find("d.notice")).due == rules::parse_date("2024-06-30"));
    REQUIRE(h.node(*h.find("d.review")).relative_due);
    CHECK(h.node(*h.find("d.review")).relative_due->anchor == *h.find("d.submit"));
}
