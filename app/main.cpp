// lexsim: rules-as-code verification and simulation for policy documents.
#include "commands.hpp"
#include "common.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

int main(int argc, char** argv) {
    using namespace lexsim::app;
    CLI::App app{"lexsim — verify and simulate policy documents written as rules.\n"
                 "With no command, runs `check` on the embedded Tongzhou 2024 corpus."};
    app.require_subcommand(0, 1);
    // Z3 takes the resource limit as a 32-bit unsigned number: a larger value is refused, never truncated.
    const CLI::Validator rlimit_range(
        [](std::string& v) -> std::string {
            bool digits =
                !v.empty() && v.size() <= 10 && v.find_first_not_of("0123456789") == std::string::npos;
            unsigned long long n = digits ? std::stoull(v) : 0;
            if (digits && n >= 1 && n <= 4'294'967'295ULL)
                return {};
            return "expects a whole number of solver steps from 1 to 4294967295 (the default is 5000000), "
                   "got '" +
                   v + "'";
        },
        "1..4294967295");
    // --timeout SECONDS: the wall-clock budget of each solver query, to the millisecond (0 = none).
    auto timeout_ms = [](const std::string& v) -> std::optional<unsigned> {
        size_t dot = v.find('.');
        std::string whole = v.substr(0, dot), frac = dot == std::string::npos ? "" : v.substr(dot + 1);
        auto digits = [](const std::string& t) {
            return t.find_first_not_of("0123456789") == std::string::npos;
        };
        if (whole.empty() || whole.size() > 7 || frac.size() > 3 || !digits(whole) || !digits(frac) ||
            (dot != std::string::npos && frac.empty()))
            return std::nullopt;
        unsigned long long ms = std::stoull(whole) * 1000 +
                                (frac.empty() ? 0 : std::stoull(frac + std::string(3 - frac.size(), '0')));
        if (ms > 4'294'967'295ULL)
            return std::nullopt;
        return static_cast<unsigned>(ms);
    };
    auto add_timeout = [&](CLI::App* cmd, unsigned& target) {
        cmd->add_option_function<std::string>(
               "--timeout", [&target, timeout_ms](const std::string& v) { target = *timeout_ms(v); },
               "Wall-clock budget per solver query in seconds (default 60; 0 = none)")
            ->check(CLI::Validator(
                [timeout_ms](std::string& v) -> std::string {
                    if (timeout_ms(v))
                        return {};
                    return "expects seconds from 0 to 4294967.295, at most 3 decimals (the default is 60; 0 "
                           "means no budget), got '" +
                           v + "'";
                },
                "SECONDS"));
    };

    StatsOptions stats;
    auto* s =
        app.add_subcommand("stats", "Count documents, clauses by kind, tasks, parameters and citations");
    s->add_option("paths", stats.paths, "Rules files or directories (default: the embedded corpus)");
    s->add_option("--format", stats.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    s->add_flag(
        "--workload", stats.workload,
        "Tasks, steps and duties per unit (by role) and per lead official, counted under canonical names");

    ExplainOptions explain;
    auto* e =
        app.add_subcommand("explain", "Evaluate every clause for one entity on one date, with the trace");
    e->add_option("paths", explain.paths, "Rules files or directories (default: the embedded corpus)");
    e->add_option("--entity", explain.entity, "Entity as JSON (a file, or inline JSON text)")->required();
    e->add_option("--date", explain.date,
                  "Evaluation date, YYYY-MM-DD (default: the entity JSON's \"date\")");
    e->add_option("--param", explain.params, "Parameter value, name=value (repeatable)");
    e->add_option("--format", explain.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    e->add_option("--lang", explain.lang, "zh or en (default: zh when the labels are Chinese)")
        ->check(CLI::IsMember({"zh", "en"}));

    FmtOptions fmt;
    auto* f = app.add_subcommand("fmt", "Print rules files in canonical form");
    f->add_option("paths", fmt.paths, "Rules files or directories")->required();
    f->add_flag("--check", fmt.check, "Exit 1 if any file is not canonical; change nothing");
    f->add_flag("-i,--in-place", fmt.in_place, "Rewrite the files in place");

    CheckOptions check;
    auto* c =
        app.add_subcommand("check", "Verify rules with Z3: conflicts, double funding, gaps, deadlines, …");
    c->add_option("paths", check.paths, "Rules files or directories (default: the embedded corpus)");
    c->add_option("--format", check.format, "text, json or sarif")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    c->add_option("--emit-smt", check.emit_smt,
                  "Write every solver query as an SMT-LIB2 file into this directory");
    c->add_option("-o,--output", check.output, "Write the report to this file instead of standard output");
    c->add_option("--rlimit", check.rlimit, "Deterministic resource limit per solver query")
        ->check(rlimit_range);
    add_timeout(c, check.timeout_ms);
    c->add_option("--lang", check.lang,
                  "Message language: zh or en (default: zh when the labels are Chinese)")
        ->check(CLI::IsMember({"zh", "en"}));
    c->add_option("--baseline", check.baseline,
                  "A JSON report of an earlier check: report only findings whose fingerprint is new");
    c->add_option("--focus", check.focus, "Report only findings that cite these files (or directories)");

    ExplainFindingOptions explain_finding;
    auto* x = app.add_subcommand("explain-finding", "What a finding code (LX101) or kind means; all of them");
    x->add_option("code", explain_finding.code, "A code such as LX101, or a kind such as cap-conflict");
    x->add_option("--lang", explain_finding.lang, "zh (default) or en")->check(CLI::IsMember({"zh", "en"}));

    DiffOptions diff;
    auto* d = app.add_subcommand("diff",
                                 "Compare two versions: for each benefit, equivalent, more or less generous");
    d->add_option("old", diff.older, "The older rules (a file or directory)")->required();
    d->add_option("new", diff.newer, "The newer rules (a file or directory)")->required();
    d->add_option("--format", diff.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    d->add_option("--rlimit", diff.rlimit, "Deterministic resource limit per solver query")
        ->check(rlimit_range);
    add_timeout(d, diff.timeout_ms);
    d->add_option("--lang", diff.lang, "zh or en (default: zh when the labels are Chinese)")
        ->check(CLI::IsMember({"zh", "en"}));
    d->add_flag("--all", diff.all, "List equivalent benefits too, not only those that changed");

    BoundsOptions bounds;
    auto* b = app.add_subcommand("bounds",
                                 "Guaranteed worst-case outlay per entity, clause and benefit (z3 Optimize)");
    b->add_option("paths", bounds.paths, "Rules files or directories (default: the embedded corpus)");
    b->add_option("--format", bounds.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    b->add_option("--rlimit", bounds.rlimit, "Deterministic resource limit per solver query")
        ->check(rlimit_range);
    add_timeout(b, bounds.timeout_ms);
    b->add_option("--lang", bounds.lang, "zh or en (default: zh when the labels are Chinese)")
        ->check(CLI::IsMember({"zh", "en"}));

    ShowOptions show;
    auto* w = app.add_subcommand(
        "show", "Show a document, clause, task, measure, benefit, parameter, unit or official, "
                "and everything that refers to it");
    w->add_option("names", show.names, "Names, ids, document numbers or unit names");
    w->add_option("--find", show.find, "List everything whose name, label or source text contains this text");
    w->add_option("--rules", show.paths,
                  "A rules file or directory (repeatable; default: the embedded corpus)")
        ->allow_extra_args(false); // `show --rules DIR NAME`: NAME is a name, not a second path

    TestOptions test;
    auto* t = app.add_subcommand("test", "Run the example blocks of rules files");
    t->add_option("paths", test.paths, "Rules files or directories (default: the embedded corpus)");

    SimulateOptions simulate;
    auto* m =
        app.add_subcommand("simulate", "Monte Carlo projection of outlays per year, clause, paying unit and "
                                       "recipient, with budgets, what-ifs and sensitivity");
    m->add_option("scenario", simulate.scenario, "Scenario file (TOML; default: the embedded baseline)");
    m->add_option("--compare", simulate.compare, "What-if scenarios: differences with common random numbers");
    m->add_option("--trials", simulate.trials, "Number of trials (default: the scenario's)")
        ->check(CLI::Range(1, 10'000'000));
    m->add_option("--seed", simulate.seed, "Random seed (default: the scenario's)");
    m->add_option("--threads", simulate.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(1, 1024));
    m->add_option("--format", simulate.format, "text, json or csv")
        ->check(CLI::IsMember({"text", "json", "csv"}));
    m->add_option("-o,--output", simulate.output, "Write the report to this file (atomically)");
    m->add_flag("--quiet", simulate.quiet, "No progress bar");
    m->add_flag("--sensitivity", simulate.sensitivity, "Rank the inputs by how much they move the total");
    m->add_option("--until-se", simulate.until_se,
                  "Stop once the total's standard error (yuan) is below this")
        ->check(CLI::PositiveNumber);
    m->add_option("--quantile", simulate.quantiles, "Extra quantile to report, e.g. 0.99 (repeatable)")
        ->check(CLI::Range(0.0, 1.0));

    WorkdaysOptions workdays;
    auto* wd =
        app.add_subcommand("workdays", "Working days on the official calendar: a due date, or a count");
    wd->require_subcommand(1, 1);
    for (const char* action : {"add", "between"}) {
        auto* sub = wd->add_subcommand(action, std::string(action) == "add"
                                                   ? "The date N working days after DATE (DATE not counted)"
                                                   : "Working days after D1 up to and including D2");
        sub->add_option("first", workdays.first, "DATE / D1, YYYY-MM-DD")->required();
        sub->add_option("second", workdays.second, std::string(action) == "add" ? "N" : "D2, YYYY-MM-DD")
            ->required();
        sub->add_option("--format", workdays.format, "text or json")->check(CLI::IsMember({"text", "json"}));
        sub->callback([&workdays, action] { workdays.action = action; });
    }

    ScheduleOptions schedule;
    auto* sc = app.add_subcommand(
        "schedule", "Critical paths and schedule risk of tasks and procedures on the working-day calendar");
    sc->add_option("scenario", schedule.scenario, "A schedule scenario (TOML); default: the embedded corpus");
    sc->add_option("--trials", schedule.trials, "Monte Carlo trials")->check(CLI::Range(1, 10'000'000));
    sc->add_option("--seed", schedule.seed, "Random seed");
    sc->add_option("--threads", schedule.threads, "Worker threads (0: every core)")
        ->check(CLI::Range(0, 1024));
    sc->add_option("--format", schedule.format, "text, json or csv")
        ->check(CLI::IsMember({"text", "json", "csv"}));
    sc->add_option("-o,--output", schedule.output,
                   "Write the results to this file instead of standard output");
    sc->add_option(
        "--export-graph", schedule.export_graph,
        "Write the task graph (nodes with durations, deadlines, citations; edges) as JSON and stop");
    sc->add_flag("--quiet", schedule.quiet, "No progress bar");

    ReportOptions report;
    auto* r =
        app.add_subcommand("report", "Write one self-contained HTML report (findings, outlays, schedule, "
                                     "provenance); --xlsx for a workbook");
    r->add_option("scenario", report.scenario, "Simulate scenario (TOML; default: the embedded baseline)");
    r->add_option("--compare", report.compare, "A what-if scenario to show as a difference against it");
    r->add_option("--schedule", report.schedule,
                  "Schedule scenario (TOML; default: every task of the corpus, default estimates)");
    r->add_option("--trials", report.trials, "Simulate trials (default: the scenario's)")
        ->check(CLI::Range(1, 10'000'000));
    r->add_option("--seed", report.seed, "Random seed for simulate and schedule (default: the scenarios')");
    r->add_option("--rules", report.paths,
                  "Rules files or directories to check (default: the embedded corpus)");
    r->add_option("-o,--output", report.output, "The HTML file to write (default report.html; - for stdout)");
    r->add_option("--xlsx", report.xlsx, "Also write every table to this workbook, one sheet per table");
    r->add_option("--lang", report.lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    r->add_option("--rlimit", report.rlimit, "Deterministic resource limit per solver query")
        ->check(rlimit_range);
    add_timeout(r, report.timeout_ms);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        int code = app.exit(err);
        return code == 0 ? Exit::ok : Exit::bad_input;
    }
    // A report that could not be written (a full disk, a closed pipe) is a failure, not success.
    auto finish = [](int code) { return flush_stdout("") ? code : static_cast<int>(Exit::bad_input); };
    if (s->parsed())
        return finish(run_stats(stats));
    if (e->parsed())
        return finish(run_explain(explain));
    if (f->parsed())
        return finish(run_fmt(fmt));
    if (t->parsed())
        return finish(run_test(test));
    if (c->parsed())
        return finish(run_check(check));
    if (x->parsed())
        return finish(run_explain_finding(explain_finding));
    if (d->parsed())
        return finish(run_diff(diff));
    if (w->parsed())
        return finish(run_show(show));
    if (b->parsed())
        return finish(run_bounds(bounds));
    if (m->parsed())
        return finish(run_simulate(simulate));
    if (sc->parsed())
        return finish(run_schedule(schedule));
    if (wd->parsed())
        return finish(run_workdays(workdays));
    if (r->parsed())
        return finish(run_report(report));
    return finish(run_check(check));
}
