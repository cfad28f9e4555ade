#!/usr/bin/env python3
"""Turns the JSON results bench/run collected in WORKDIR into the Markdown report (stdout).

Usage: report.py WORKDIR "LOADAVG"
"""
import datetime
import json
import os
import platform
import subprocess
import sys


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def read(work, name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_now():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def memory_gib():
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    return float("nan")


def machine(load_before):
    lscpu = {}
    for line in sh("lscpu").splitlines():
        key, _, value = line.partition(":")
        lscpu[key.strip()] = value.strip()
    try:
        import numpy  # the reference's numpy: this script runs under the same Python
        numpy_version = numpy.__version__
    except ImportError:
        numpy_version = "not installed"
    return [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {lscpu.get('Model name', '?')}, {lscpu.get('CPU(s)', '?')} CPUs "
        f"({lscpu.get('Thread(s) per core', '?')} thread(s) per core)"
        + "".join(f", {k} {lscpu[k]}" for k in ("L1d cache", "L2 cache", "L3 cache") if k in lscpu)
        + f", {len(os.sched_getaffinity(0))} usable by this run",
        f"- OS: {platform.platform()}",
        f"- compiler: {sh('c++ --version | head -1')}, release preset (-O3, no -march)",
        f"- Python {platform.python_version()}, numpy {numpy_version}",
        f"- memory: {memory_gib():.0f} GiB",
        f"- load average before the run: {load_before}, after: {load_now()} "
        "(a shared machine inflates wall-clock times and hides the gain of a second thread; one-thread "
        "rates use CPU time)",
    ]


def rules_table(r, ref):
    rows, clauses = r["rows"], r["clauses"]
    evals = rows * clauses

    def line(name, t, threads):
        # One thread: CPU time is what it costs (on a shared machine, wall-clock time also counts the time
        # other work held the core). Two threads: only wall-clock time shows the gain.
        if threads == 1:
            seconds, vs = t["cpu"], ref["cpu"] / t["cpu"]
        else:
            seconds, vs = t["wall"], ref["wall"] / t["wall"]
        return (f"| {name} | {t['cpu'] * 1000:.0f} ms | {t['wall'] * 1000:.0f} ms | "
                f"{evals / seconds / 1e6:.0f} M | {vs:.2f}× |")

    return [
        f"### Rule evaluation: {rows:,} firms × {clauses} firm clauses of 8号/14号 (fully determined population)",
        "",
        "Before timing, lexsim's Decider and columnar paths gave the same per-clause recipients and outlays "
        f"({'yes' if r['same_totals'] else 'NO'}), and the numpy reference checked every clause against "
        f"them to the fen (total {r['total_fen'] / 100:,.2f} 元; {r['undetermined']} rows undetermined). "
        "Best of several runs each. Rates and ratios use CPU time for one thread and wall-clock time for "
        "two.",
        "",
        "| engine | CPU time | wall-clock | entity-clauses/s | vs numpy |",
        "|---|---:|---:|---:|---:|",
        line("numpy reference, 1 thread (`bench/reference/firm_clauses.py`)", ref, 1),
        line("lexsim columnar, 1 thread", r["columnar_1"], 1),
        line("lexsim columnar, 2 threads", r["columnar_2"], 2),
        line("lexsim Decider (per entity), 1 thread", r["decider_1"], 1),
        "",
        f"Columnar on 2 threads against 1 (wall-clock): {r['columnar_1']['wall'] / r['columnar_2']['wall']:.2f}×; "
        f"columnar against the Decider on one thread: {r['decider_1']['cpu'] / r['columnar_1']['cpu']:.1f}×.",
    ]


def solver_table(s):
    c = s["corpus"]
    out = [
        "### Solver: `lexsim check`",
        "",
        f"Embedded corpus: {c['seconds']:.2f} s wall-clock (best of 3), {c['cpu_seconds']:.2f} s CPU, "
        f"peak RSS {c['peak_rss_kib'] / 1024:.0f} MiB.",
        "",
        "Synthetic corpus-shaped rule sets (`bench/solver_scaling.py`; one planted conflict per 100 clauses, "
        "a cap-conflict or, against a share, double-funding):",
        "",
        "| clauses | wall-clock | CPU | peak RSS | queries | findings | planted conflicts found |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in s["runs"]:
        out.append(f"| {r['clauses']:,} | {r['seconds']:.2f} s | {r['cpu_seconds']:.2f} s | "
                   f"{r['peak_rss_kib'] / 1024:.0f} MiB | {r['queries']:,} | {r['findings']:,} | "
                   f"{r['found']} of {r['planted']} |")
    out.append("")
    out.append("Growth exponent of the time (log-log slope between sizes): " +
               "; ".join(f"{k} clauses: n^{v['cpu']:.2f} (CPU), n^{v['wall']:.2f} (wall-clock)"
                         for k, v in s["exponents"].items()) + ".")
    if s.get("fit"):
        out.append(f"Least-squares fit over all sizes: n^{s['fit']['cpu']:.2f} (CPU), "
                   f"n^{s['fit']['wall']:.2f} (wall-clock).")
    return out


def outlay_table(o):
    ref, one, two = o["numpy"], o["lexsim"]["1"], o["lexsim"]["2"]
    ms = 1000.0
    return [
        "### Outlay Monte Carlo: `lexsim simulate`",
        "",
        f"`{o['scenario']}`: {ref['firms']:,} firms, one year, {o['trials']} trials. The numpy reference "
        "(`bench/reference/outlay_mc.py`) samples the same distributions with its own random numbers and "
        f"applies the same 8号/14号 clauses vectorised over trials and firms; mean totals agree to "
        f"z = {o['z']:+.2f} standard errors.",
        "",
        "| engine | wall-clock per trial | CPU per trial | vs numpy | mean total (万元) | s.e. (万元) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| lexsim simulate, 1 thread | {one['wall_per_trial'] * ms:.2f} ms | {one['cpu_per_trial'] * ms:.2f} ms | "
        f"{ref['cpu_per_trial'] / one['cpu_per_trial']:.2f}× (CPU) | {one['mean'] / 1e4:,.0f} | {one['se'] / 1e4:,.0f} |",
        f"| lexsim simulate, 2 threads | {two['wall_per_trial'] * ms:.2f} ms | {two['cpu_per_trial'] * ms:.2f} ms | "
        f"{ref['wall_per_trial'] / two['wall_per_trial']:.2f}× (wall) | {two['mean'] / 1e4:,.0f} | {two['se'] / 1e4:,.0f} |",
        f"| numpy (1 thread) | {ref['wall_per_trial'] * ms:.2f} ms | {ref['cpu_per_trial'] * ms:.2f} ms | 1.00× | "
        f"{ref['mean'] / 1e4:,.0f} | {ref['se'] / 1e4:,.0f} |",
        "",
        f"Per trial means per trial beyond a one-trial run with as many threads ({o['fixed']['cpu'] * 1000:.0f} ms "
        "CPU on one thread: reading the corpus and the scenario, the plan, the JSON), as the reference times its "
        f"trials only; whole runs: {one['run_cpu']:.2f} s CPU, {one['run_wall']:.3f} s wall-clock (1 thread), "
        f"{two['run_cpu']:.2f} s CPU, {two['run_wall']:.3f} s wall-clock (2 threads).",
        "",
        f"2-thread speed-up of lexsim (wall-clock): {one['wall_per_trial'] / two['wall_per_trial']:.2f}× "
        "(the machine may be shared; see the load average above). Peak RSS: "
        f"{one['peak_rss_kib'] / 1024:.0f} MiB (1 thread), {two['peak_rss_kib'] / 1024:.0f} MiB (2 threads).",
    ] + default_lines(o.get("at_default")) + memory_lines(o.get("memory"))


def default_lines(d):
    if not d:
        return []
    one, two = d["1"], d["2"]
    return ["", f"At {d['trials']:,} trials (lexsim's default when a scenario sets none): whole runs "
                f"{one['run_wall']:.3f} s (1 thread) and {two['run_wall']:.3f} s (2 threads) wall-clock; per trial "
                f"beyond a one-trial run, 2 threads against 1: {one['wall_per_trial'] / two['wall_per_trial']:.2f}×."]


def memory_lines(m):
    if not m:
        return []
    runs = "; ".join(f"{r['trials']} trials: peak RSS {r['peak_rss_kib'] / 1024:.0f} MiB ({r['wall']:.1f} s)"
                     for r in m["runs"])
    return ["", f"Memory: the same scenario with {m['firms']:,} firms per trial, 2 threads: {runs}."]


def schedule_table(s):
    out = ["### Schedule Monte Carlo: `lexsim schedule`", "",
           "Before timing, lexsim's critical-path dates on the most likely durations (earliest start of "
           "every node, finish of every driving path) were compared with both references' forward pass: "
           "they agree on every one. The references draw their own random numbers "
           "(`bench/reference/schedule_mc.py`: numpy vectorised over trials; networkx, the longest path to "
           "every node per trial), so quantiles are compared as the largest difference in days. One-thread "
           "ratios use CPU time, two-thread ratios wall-clock time.", "",
           "| graph | nodes | trials | lexsim 1 thread (CPU / trial) | lexsim 2 threads (wall / trial) | "
           "2 threads vs 1 (wall) | numpy (CPU / trial) | networkx (CPU / trial) | vs numpy | vs networkx |"
           " P50–P90 vs numpy |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    us = 1e6
    for g in s["graphs"]:
        one, two, ref, nx = g["lexsim"]["1"], g["lexsim"]["2"], g["numpy"], g["networkx"]
        out.append(
            f"| {g['name']} | {g['nodes']} | {g['trials']:,} | {one['cpu_per_trial'] * us:.1f} µs | "
            f"{two['wall_per_trial'] * us:.1f} µs | {one['wall_per_trial'] / two['wall_per_trial']:.2f}× | "
            f"{ref['cpu_per_trial'] * us:.1f} µs | {nx['cpu_per_trial'] * us:.0f} µs | "
            f"{ref['cpu_per_trial'] / one['cpu_per_trial']:.1f}× | {nx['cpu_per_trial'] / one['cpu_per_trial']:.0f}× | "
            f"≤ {g['numpy_max_days_apart']} days |")
    out += ["", "lexsim's per-trial times are the cost of its Monte Carlo call (`run_schedule`, timed in the "
            "process: `LEXSIM_SCHEDULE_STATS=1`) beyond that of a one-trial run of the same graph with as many "
            "threads (one thread: " +
            ", ".join(f"{g['name']}: {g['fixed']['mc_cpu'] * 1000:.1f} ms CPU of a whole run's "
                      f"{g['fixed']['cpu'] * 1000:.0f} ms" for g in s["graphs"]) +
            ": the rest is reading the rules and writing JSON), divided by the trials, as the references "
            "time their trials only. Per trial lexsim also decides on-time shares and criticality, which the "
            "references do not. The quantiles differ by calendar days where a holiday week lies between "
            "two working days."]
    return out


def main():
    work, load_before = sys.argv[1], sys.argv[2]
    lines = ["# lexsim benchmarks", "", *machine(load_before), ""]
    rules, ref = read(work, "rules.json"), read(work, "numpy.json")
    if rules and ref:
        lines += rules_table(rules, ref) + [""]
    outlay = read(work, "outlay.json")
    if outlay:
        lines += outlay_table(outlay) + [""]
    schedule = read(work, "schedule.json")
    if schedule:
        lines += schedule_table(schedule) + [""]
    solver = read(work, "solver.json")
    if solver:
        lines += solver_table(solver) + [""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
