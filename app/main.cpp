// lexsim: rules-as-code verification and simulation for policy documents.
#include "commands.hpp"
#include "common.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
    using namespace lexsim::app;
    CLI::App app{"lexsim — verify and simulate policy documents written as rules.\n"
                 "With no command, runs `check` on the embedded Tongzhou 2024 corpus."};
    app.require_subcommand(0, 1);

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
    e->add_option("--date", explain.date, "Evaluation date, YYYY-MM-DD")->required();
    e->add_option("--param", explain.params, "Parameter value, name=value (repeatable)");
    e->add_option("--format", explain.format, "text or json")->check(CLI::IsMember({"text", "json"}));

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
        ->check(CLI::PositiveNumber);

    DiffOptions diff;
    auto* d = app.add_subcommand("diff",
                                 "Compare two versions: for each benefit, equivalent, more or less generous");
    d->add_option("old", diff.older, "The older rules (a file or directory)")->required();
    d->add_option("new", diff.newer, "The newer rules (a file or directory)")->required();
    d->add_option("--format", diff.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    d->add_option("--rlimit", diff.rlimit, "Deterministic resource limit per solver query")
        ->check(CLI::PositiveNumber);

    BoundsOptions bounds;
    auto* b = app.add_subcommand("bounds",
                                 "Guaranteed worst-case outlay per entity, clause and benefit (z3 Optimize)");
    b->add_option("paths", bounds.paths, "Rules files or directories (default: the embedded corpus)");
    b->add_option("--format", bounds.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    b->add_option("--rlimit", bounds.rlimit, "Deterministic resource limit per solver query")
        ->check(CLI::PositiveNumber);

    ShowOptions show;
    auto* w = app.add_subcommand(
        "show", "Show a document, clause, task, measure, benefit, parameter, unit or official, "
                "and everything that refers to it");
    w->add_option("names", show.names, "Names, ids, document numbers or unit names");
    w->add_option("--find", show.find, "List everything whose name, label or source text contains this text");
    w->add_option("--rules", show.paths, "Rules files or directories (default: the embedded corpus)");

    TestOptions test;
    auto* t = app.add_subcommand("test", "Run the example blocks of rules files");
    t->add_option("paths", test.paths, "Rules files or directories (default: the embedded corpus)");

    ReportOptions report;
    auto* r =
        app.add_subcommand("report", "Write one self-contained HTML report (findings, outlays, schedule, "
                                     "provenance); --xlsx for a workbook");
    r->add_option("--rules", report.paths, "Rules files or directories (default: the embedded corpus)");
    r->add_option("-o,--output", report.output, "The HTML file to write (default report.html; - for stdout)");
    r->add_option("--xlsx", report.xlsx, "Also write every table to this workbook, one sheet per table");
    r->add_option("--lang", report.lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
    r->add_option("--rlimit", report.rlimit, "Deterministic resource limit per solver query")
        ->check(CLI::PositiveNumber);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        int code = app.exit(err);
        return code == 0 ? Exit::ok : Exit::bad_input;
    }
    if (s->parsed())
        return run_stats(stats);
    if (e->parsed())
        return run_explain(explain);
    if (f->parsed())
        return run_fmt(fmt);
    if (t->parsed())
        return run_test(test);
    if (c->parsed())
        return run_check(check);
    if (d->parsed())
        return run_diff(diff);
    if (w->parsed())
        return run_show(show);
    if (b->parsed())
        return run_bounds(bounds);
    if (r->parsed())
        return run_report(report);
    return run_check(check);
}
