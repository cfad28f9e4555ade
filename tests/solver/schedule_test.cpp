// deadline-infeasible: schedules of tasks and steps, unsat cores, cycles.
#include "checked.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lexsim;
using test::Checked;

namespace {

Checked run(const std::string& text) {
    return test::check_files({{"t.rules", text}});
}

const std::string doc = "document d { number \"D号\" issued 2024-01-01 }\n";

} // namespace

TEST_CASE("a chain of minimum durations past its deadline: the core names exactly the chain",
          "[solver][schedule]") {
    // d feeds c too, but it has no start date: it can always start early enough, so it is not in the core.
    auto c = run(doc + R"~(
step a { article "1" text "a" start 2024-01-01 duration 10 days }
step b { article "2" text "b" after a duration 30 workdays }
step c { article "3" text "c" after b, d duration 60 days deadline 2024-03-31 "3 月底前" }
step d { article "4" text "d" duration 100 days }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 1);
    const auto& f = *fs[0];
    CHECK(f.severity == solver::Severity::Error);
    CHECK_FALSE(f.unknown);
    CHECK(c.tasks(f) == std::vector<std::string>{"d.a", "d.b", "d.c"});
    CHECK(f.message ==
          "steps a, b, c cannot all meet their deadlines: c is due by 2024-03-31 (“3 月底前”) but cannot "
          "end before 2024-04-27 — order a → b → c; a starts no earlier than 2024-01-01 and takes at "
          "least 10 days; b takes at least 30 workdays (2024-01-11 to 2024-02-27 on the official calendar); "
          "c takes at least 60 days");
    REQUIRE(f.witness);
    CHECK(f.witness->facts == std::vector<std::pair<std::string, std::string>>{
                                  {"c due", "2024-03-31"}, {"c earliest end", "2024-04-27"}});
}

TEST_CASE("a feasible schedule is no finding", "[solver][schedule]") {
    // Exactly on time: a period of n days started on day s ends on day s + n (the first day is not counted);
    // 14 working days after Thursday 2024-01-11 end on Wednesday 2024-01-31.
    auto c = run(doc + R"~(
step a { article "1" text "a" start 2024-01-01 duration 10 days }
step b { article "2" text "b" after a duration 14 workdays deadline 2024-01-31 "1 月底前" }
task t { article "3" text "t" start 2024-02-01 deadline 2024-02-01 "当日" }
)~");
    CHECK(c.of("deadline-infeasible").empty());
}

TEST_CASE("open duration parameters constrain nothing; fixed and ranged ones do", "[solver][schedule]") {
    auto c = run(doc + R"~(
param open_days "未规定" : workdays
param fixed_days "规定" : workdays = 15 workdays
param ranged_days "区间" : workdays in 10 workdays .. 20 workdays
step o { article "1" text "o" start 2024-01-01 duration open_days deadline 2024-01-02 "次日" }
step f { article "2" text "f" start 2024-01-01 duration fixed_days deadline 2024-01-10 "10 日" }
step r { article "3" text "r" start 2024-01-01 duration ranged_days deadline 2024-01-05 "5 日" }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 2);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"d.f"});
    CHECK(fs[0]->message ==
          "step f cannot meet its deadline: f is due by 2024-01-10 (“10 日”) but cannot end before "
          "2024-01-22 — f starts no earlier than 2024-01-01 and takes at least 15 workdays (2024-01-01 to "
          "2024-01-22 on the official calendar)");
    CHECK(c.tasks(*fs[1]) == std::vector<std::string>{"d.r"});
    CHECK(fs[1]->message ==
          "step r cannot meet its deadline: r is due by 2024-01-05 (“5 日”) but cannot end before "
          "2024-01-15 — r starts no earlier than 2024-01-01 and takes at least 10 workdays (2024-01-01 to "
          "2024-01-15 on the official calendar)");
}

TEST_CASE("a window deadline bounds the start too", "[solver][schedule]") {
    auto c = run(doc + R"~(
task w { article "1" text "w" deadline 2024-06-01 .. 2024-06-30 "6 月" duration 40 days }
task ok { article "2" text "ok" deadline 2024-06-01 .. 2024-06-30 "6 月" duration 29 days }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 1);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"d.w"});
    CHECK(fs[0]->message ==
          "task w cannot meet its deadline: w is due by 2024-06-30 (“6 月”) but cannot end before "
          "2024-07-11 — w starts within its window from 2024-06-01 and takes at least 40 days");
}

TEST_CASE("two clashes in one component are two findings", "[solver][schedule]") {
    auto c = run(doc + R"~(
step a { article "1" text "a" start 2024-01-01 duration 10 days }
step b { article "2" text "b" after a deadline 2024-01-05 "5 日" }
step c { article "3" text "c" after a deadline 2024-01-08 "8 日" }
step e { article "4" text "e" after a deadline 2024-12-31 "年底" }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 2);
    std::vector<std::vector<std::string>> cores{c.tasks(*fs[0]), c.tasks(*fs[1])};
    std::sort(cores.begin(), cores.end());
    CHECK(cores == std::vector<std::vector<std::string>>{{"d.a", "d.b"}, {"d.a", "d.c"}});
}

TEST_CASE("a cycle of after edges is a finding", "[solver][schedule]") {
    auto c = run(doc + R"~(
step x { article "1" text "x" after z start 2024-01-01 deadline 2024-12-31 "年底" }
step y { article "2" text "y" after x }
step z { article "3" text "z" after y }
step free { article "4" text "free" after x }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"d.x", "d.y", "d.z"});
    CHECK(fs[0]->message == "the `after` order of steps x → y → z → x is a cycle: each must wait for the one "
                            "before, so none of them "
                            "can start");
}

TEST_CASE("deadline parameters and a start after the window", "[solver][schedule]") {
    auto c = run(doc + R"~(
param flood "汛前" : date = 2024-05-31
param open_date "未定" : date
task p { article "1" text "p" start 2024-05-01 duration 40 days deadline flood "汛前" }
task q { article "2" text "q" start 2024-05-01 duration 400 days deadline open_date "另行通知" }
task w { article "3" text "w" start 2024-07-05 deadline 2024-06-01 .. 2024-06-30 "6 月" }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 2);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"d.p"});
    CHECK(fs[0]->message ==
          "task p cannot meet its deadline: p is due by 2024-05-31 (“汛前”) but cannot end before "
          "2024-06-10 — p starts no earlier than 2024-05-01 and takes at least 40 days");
    CHECK(c.tasks(*fs[1]) == std::vector<std::string>{"d.w"});
    CHECK(fs[1]->message ==
          "task w cannot meet its deadline: w is due by 2024-06-30 (“6 月”) but cannot end before "
          "2024-07-05 — w starts no earlier than 2024-07-05");
}

TEST_CASE("a schedule the solver cannot decide is reported as unknown", "[solver][schedule]") {
    auto r = rules::load_texts({{"t.rules", doc + R"~(
step a { article "1" text "a" start 2024-01-01 duration 10 days }
step b { article "2" text "b" after a duration 30 days deadline 2024-01-31 "1 月底前" }
)~"}});
    REQUIRE(r.ok());
    solver::CheckOptions tight;
    tight.rlimit = 1;
    auto report = solver::check(*r.rules, tight);
    std::vector<const solver::Finding*> fs;
    for (const auto& f : report.findings)
        if (f.kind == "deadline-infeasible")
            fs.push_back(&f);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->unknown);
    CHECK(fs[0]->severity == solver::Severity::Warning);
    CHECK(fs[0]->tasks == std::vector<int32_t>{0, 1});
    CHECK(fs[0]->message.rfind(
              "unknown: the solver could not decide whether steps a, b can meet their deadlines", 0) == 0);
}

TEST_CASE("a 20-working-day review due 15 working days after submission is infeasible on the calendar",
          "[solver][schedule]") {
    // Submitted on 2024-04-29 (Mon): 15 working days later is 2024-05-22 (5-1 .. 5-5 off, Saturday 5-11
    // worked); the review cannot end before 2024-05-29. The core is exactly submit and review; `other`
    // has its own start but no bearing on the clash.
    auto c = run(doc + R"~(
step submit { article "1" text "报送" start 2024-04-29 duration 0 workdays }
step review { article "2" text "审查" after submit duration 20 workdays
  deadline 15 workdays after start of submit "收到申报材料之日起 15 个工作日内" }
step other { article "3" text "其他" start 2024-04-01 duration 5 workdays }
step notice { article "4" text "公示" after review, other duration 5 workdays }
)~");
    auto fs = c.of("deadline-infeasible");
    REQUIRE(fs.size() == 1);
    CHECK(c.tasks(*fs[0]) == std::vector<std::string>{"d.submit", "d.review"});
    CHECK(fs[0]->message ==
          "steps submit, review cannot all meet their deadlines: review is due by 2024-05-22 "
          "(“收到申报材料之日起 15 个工作日内”) but cannot end before 2024-05-29 — order submit → review; "
          "submit starts no earlier than 2024-04-29; review takes at least 20 workdays (2024-04-29 to "
          "2024-05-29 on the official calendar)");
}

TEST_CASE("a long chain of after-linked steps is checked by one longest-path pass", "[solver][schedule]") {
    // 3000 steps of one working day each from 2024-01-02 end on 2035-08-02 (2026 onwards counted with
    // weekends only): the last one is due a day too early.
    std::string text = doc + "step s0 { article \"0\" text \"s\" start 2024-01-02 duration 1 workdays }\n";
    for (int i = 1; i < 3000; ++i)
        text += "step s" + std::to_string(i) + " { article \"" + std::to_string(i) + "\" text \"s\" after s" +
                std::to_string(i - 1) + " duration 1 workdays" +
                (i == 2999 ? " deadline 2035-08-01 \"8 月 1 日\"" : "") + " }\n";
    auto c = run(text);
    auto fs = c.of("deadline-infeasible");
    // 2026 onwards has no calendar file: counted with weekends only, and said so.
    REQUIRE(fs.size() == 2);
    INFO(fs[0]->message);
    CHECK(fs[0]->severity == solver::Severity::Error);
    CHECK(fs[0]->tasks.size() == 3000);
    CHECK(fs[1]->severity == solver::Severity::Warning);
    CHECK(fs[1]->message == "working days were counted into 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, "
                            "2034, 2035, for which lexsim has no official calendar (weekends only; add the "
                            "year's calendar file)");
}

TEST_CASE("deadline findings in Chinese: message, readings, subject and the unknown message",
          "[solver][schedule]") {
    auto r = rules::load_texts({{"t.rules", doc + R"~(
step a { article "1" text "a" start 2024-01-01 duration 10 days }
step b { article "2" text "b" after a duration 30 workdays }
step c { article "3" text "c" after b duration 60 days deadline 2024-03-31 "3 月底前" }
)~"}});
    REQUIRE(r.ok());
    solver::CheckOptions zh;
    zh.lang = solver::Lang::Zh;
    auto report = solver::check(*r.rules, zh);
    std::vector<const solver::Finding*> fs;
    for (const auto& f : report.findings)
        if (f.kind == "deadline-infeasible")
            fs.push_back(&f);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]->subject == "d.c");
    CHECK(fs[0]->message ==
          "步骤 a、b、c 无法全部按期完成：c 须在 2024-03-31（“3 月底前”）前完成，但最早 2024-04-27 "
          "才能完成——顺序 a → b → c；a 最早 2024-01-01 开始，至少需要 10 日；b 至少需要 30 "
          "个工作日（按官方工作日历为 2024-01-11 至 2024-02-27）；c 至少需要 60 日");
    CHECK(fs[0]->readings == std::vector<std::string>{"期限：c 须在 2024-03-31（“3 月底前”）前完成",
                                                      "最早完成：2024-04-27（各项均取最短时长）"});

    zh.rlimit = 1;
    auto undecided = solver::check(*r.rules, zh);
    bool found = false;
    for (const auto& f : undecided.findings)
        if (f.kind == "deadline-infeasible" && f.unknown) {
            found = true;
            CHECK(f.message.rfind("未能判定：求解器未能判定步骤 a、b、c 能否按期完成（", 0) == 0);
        }
    CHECK(found);
}
