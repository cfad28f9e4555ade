#include "lexsim/rules/calendar.hpp"
#include "lexsim/rules/task_graph.hpp"
#include "lexsim/rules/workdays.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim::rules;

namespace {
int32_t d(const char* s) {
    return *parse_date(s);
}
TaskNode node(const char* id, int64_t days, DurationUnit unit = DurationUnit::Days) {
    TaskNode n;
    n.id = id;
    n.unit = unit;
    n.low = n.likely = n.high = days;
    return n;
}
} // namespace

TEST_CASE("CPM on a textbook network: earliest and latest dates, slack, the critical path", "[task_graph]") {
    // A(3), B(4); C(2) after A; D(5) after A; E(3) after B, C; F(2) after D, E. Project length 10,
    // B has 1 day of slack, every other activity is critical (A-D-F and A-C-E-F).
    TaskGraph g;
    int32_t a = g.add_node(node("A", 3)), b = g.add_node(node("B", 4)), c = g.add_node(node("C", 2));
    int32_t dd = g.add_node(node("D", 5)), e = g.add_node(node("E", 3)), f = g.add_node(node("F", 2));
    g.add_edge(a, c);
    g.add_edge(a, dd);
    g.add_edge(b, e);
    g.add_edge(c, e);
    g.add_edge(dd, f);
    g.add_edge(e, f);
    Diagnostics diags;
    REQUIRE(g.sort(diags));
    int32_t day0 = d("2024-03-01");
    CriticalPath cp = critical_path(g, WorkCalendar::official(), g.likely_durations(), day0);
    auto rel = [&](const std::vector<int32_t>& v) {
        std::vector<int32_t> out;
        for (int32_t x : v)
            out.push_back(x - day0);
        return out;
    };
    CHECK(rel(cp.earliest_start) == std::vector<int32_t>{0, 0, 3, 3, 5, 8});
    CHECK(rel(cp.earliest_finish) == std::vector<int32_t>{3, 4, 5, 8, 8, 10});
    CHECK(rel(cp.latest_start) == std::vector<int32_t>{0, 1, 3, 3, 5, 8});
    CHECK(rel(cp.latest_finish) == std::vector<int32_t>{3, 5, 5, 8, 8, 10});
    CHECK(cp.slack == std::vector<int64_t>{0, 1, 0, 0, 0, 0});
    REQUIRE(cp.paths.size() == 1);
    CHECK(cp.paths[0] == std::vector<int32_t>{a, dd, f}); // ties go to the first predecessor declared
}

TEST_CASE("CPM on a second textbook network with two components", "[task_graph]") {
    // Component 1: P(6) → Q(4), P → R(2) → S(1). Q ends at 10, S at 9: R and S have 1 day of slack.
    // Component 2: X(7) alone, starting on its own date.
    TaskGraph g;
    int32_t p = g.add_node(node("P", 6)), q = g.add_node(node("Q", 4)), r = g.add_node(node("R", 2));
    int32_t s = g.add_node(node("S", 1));
    TaskNode xn = node("X", 7);
    xn.start = d("2024-06-01");
    int32_t x = g.add_node(xn);
    g.add_edge(p, q);
    g.add_edge(p, r);
    g.add_edge(r, s);
    Diagnostics diags;
    REQUIRE(g.sort(diags));
    CriticalPath cp = critical_path(g, WorkCalendar::official(), g.likely_durations(), d("2024-01-01"));
    CHECK(cp.slack == std::vector<int64_t>{0, 0, 1, 1, 0});
    CHECK(format_date(cp.earliest_finish[static_cast<size_t>(x)]) == "2024-06-08");
    REQUIRE(cp.paths.size() == 2);
    CHECK(cp.paths[0] == std::vector<int32_t>{p, q});
    CHECK(cp.paths[1] == std::vector<int32_t>{x});
}

TEST_CASE("CPM counts working days on the official calendar", "[task_graph]") {
    // Submitted on 2024-09-27 (Fri): a 10-working-day review, then a 15-working-day public notice.
    TaskGraph g;
    TaskNode submit = node("submit", 0, DurationUnit::Workdays);
    submit.start = d("2024-09-27");
    int32_t s = g.add_node(submit);
    int32_t r = g.add_node(node("review", 10, DurationUnit::Workdays));
    int32_t n = g.add_node(node("notice", 15, DurationUnit::Workdays));
    g.add_edge(s, r);
    g.add_edge(r, n);
    Diagnostics diags;
    REQUIRE(g.sort(diags));
    CriticalPath cp = critical_path(g, WorkCalendar::official(), g.likely_durations(), INT32_MIN);
    // 9-29 (Sun, make-up), 9-30, 10-8 .. 10-12 (Sat, make-up), 10-14 .. 10-16: ten working days.
    CHECK(format_date(cp.earliest_finish[static_cast<size_t>(r)]) == "2024-10-16");
    CHECK(format_date(cp.earliest_finish[static_cast<size_t>(n)]) == "2024-11-06");
    CHECK(cp.slack == std::vector<int64_t>{0, 0, 0});
    CHECK(cp.missing_years.empty());
}

TEST_CASE("a cycle names every task on it with its citation", "[task_graph]") {
    TaskGraph g;
    TaskNode a = node("doc.a", 1), b = node("doc.b", 1), c = node("doc.c", 1), e = node("doc.e", 1);
    a.document = b.document = c.document = "通政发〔2024〕3号";
    a.article = "（一）";
    b.article = "（二）";
    c.article = "（三）";
    int32_t ia = g.add_node(a), ib = g.add_node(b), ic = g.add_node(c), ie = g.add_node(e);
    g.add_edge(ia, ib);
    g.add_edge(ib, ic);
    g.add_edge(ic, ia);
    g.add_edge(ic, ie);
    Diagnostics diags;
    CHECK_FALSE(g.sort(diags));
    REQUIRE(diags.all().size() == 1);
    CHECK(
        diags.all()[0].message ==
        "the `after` order is a cycle: doc.a（通政发〔2024〕3号 （一）） → doc.b（通政发〔2024〕3号 （二））"
        " → doc.c（通政发〔2024〕3号 （三）） → doc.a; each must wait for the one before, so none of them "
        "can start");
    CHECK(diags.all()[0].notes.size() == 2);
}

TEST_CASE("a duration whose low end exceeds its high end, and a deadline before a start, are errors",
          "[task_graph]") {
    TaskGraph g;
    TaskNode a = node("a", 1);
    a.low = 5;
    a.high = 3;
    TaskNode b = node("b", 1);
    b.start = d("2024-05-01");
    b.due = d("2024-04-30");
    g.add_node(a);
    g.add_node(b);
    Diagnostics diags;
    CHECK_FALSE(g.validate(diags));
    REQUIRE(diags.all().size() == 2);
    CHECK(diags.all()[0].message == "the duration of a runs from 5 to 3: its low end exceeds its high end");
    CHECK(diags.all()[1].message == "the deadline of b (2024-04-30) is before its start (2024-05-01)");
}

TEST_CASE("a relative deadline counts from its anchor's start or end", "[task_graph]") {
    TaskGraph g;
    TaskNode recv = node("receive", 2, DurationUnit::Workdays);
    recv.start = d("2024-04-30");
    int32_t r = g.add_node(recv);
    TaskNode review = node("review", 20, DurationUnit::Workdays);
    review.relative_due = RelativeDue{r, false, 15, DurationUnit::Workdays};
    int32_t v = g.add_node(review);
    g.add_edge(r, v);
    Diagnostics diags;
    REQUIRE(g.sort(diags));
    CriticalPath cp = critical_path(g, WorkCalendar::official(), g.likely_durations(), INT32_MIN);
    // 15 working days from 2024-04-30 (the day of receipt not counted; 5-1 .. 5-5 off, 5-11 worked).
    CHECK(format_date(cp.due[static_cast<size_t>(v)]) == "2024-05-23");
    CHECK(cp.earliest_finish[static_cast<size_t>(v)] > cp.due[static_cast<size_t>(v)]);
}
