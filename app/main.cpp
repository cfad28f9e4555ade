// lexsim: rules-as-code verification and simulation for policy documents.
#include "commands.hpp"
#include "common.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
    using namespace lexsim::app;
    CLI::App app{"lexsim — verify and simulate policy documents written as rules.\n"
                 "With no command, runs `stats` and `test` on the embedded Tongzhou 2024 corpus."};
    app.require_subcommand(0, 1);

    StatsOptions stats;
    auto* s = app.add_subcommand("stats", "Count documents, clauses by kind, tasks, parameters and citations");
    s->add_option("paths", stats.paths, "Rules files or directories (default: the embedded corpus)");
    s->add_option("--format", stats.format, "text or json")->check(CLI::IsMember({"text", "json"}));

    ExplainOptions explain;
    auto* e = app.add_subcommand("explain", "Evaluate every clause for one entity on one date, with the trace");
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

    TestOptions test;
    auto* t = app.add_subcommand("test", "Run the example blocks of rules files");
    t->add_option("paths", test.paths, "Rules files or directories (default: the embedded corpus)");

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
    int rc = run_stats(stats);
    if (rc != Exit::ok)
        return rc;
    return run_test(test);
}
