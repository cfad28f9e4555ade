#!/usr/bin/env python3
"""Schedule Monte Carlo: `lexsim schedule` (1 and 2 threads) against the numpy and networkx references
(bench/reference/schedule_mc.py) on the corpus task graph and on a generated task graph of ~500 steps.
Prints one JSON object for bench/report.py.

Before timing, the three must agree where randomness plays no part: on the most likely durations, the
earliest start and finish of every node (lexsim's critical-path dates, from `--trials 1 --format json`)
must equal both references' forward pass, or the run stops (exit 1). The Monte Carlo quantiles use
different random numbers on each side, so they are compared as the largest difference in days.

Usage: schedule_bench.py LEXSIM PYTHON WORKDIR TRIALS [REPEATS]
"""
import json
import os
import random
import resource
import subprocess
import sys
import time

REFERENCE = "bench/reference/schedule_mc.py"
LEXSIM_REPEATS = 15  # rounds of lexsim's runs (the references keep REPEATS: they run far longer)
STEPS = 500


def generate(workdir):
    """A procedure of STEPS steps in working days: each after one to three of the thirty steps before it."""
    rng = random.Random(500)
    lines = ['document bench_500 { number "基准测试〔2024〕500号" issued 2024-01-01 }',
             'unit "基准测试单位"', ""]
    for i in range(1, STEPS + 1):
        low = rng.randint(1, 10)
        high = low + rng.randint(0, 20)
        fields = [f'  article "{i}"', f'  text "基准测试步骤 {i}"', '  owner "基准测试单位"']
        if i == 1:
            fields.append("  start 2024-03-01")
        else:
            preds = sorted(set(rng.randint(max(1, i - 30), i - 1) for _ in range(rng.randint(1, 3))))
            fields.append("  after " + ", ".join(f"s{p:03d}" for p in preds))
        fields.append(f"  duration {low} workdays .. {high} workdays" if high > low else
                      f"  duration {low} workdays")
        lines += [f"step s{i:03d} {{"] + fields + ["}", ""]
    rules = os.path.join(workdir, "bench_500.rules")
    with open(rules, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    scenario = os.path.join(workdir, "schedule-500.toml")
    with open(scenario, "w", encoding="utf-8") as f:
        f.write('name = "基准测试：生成的 500 步程序"\nrules = ["bench_500.rules"]\nseed = 20240101\n'
                'trials = 10000\n\n[schedule]\nshape = "triangular"\n')
    return scenario


def lexsim_args(lexsim, scenario):
    return [lexsim, "schedule"] + ([scenario] if scenario else []) + ["--quiet"]


def run_lexsim(lexsim, scenario, trials, threads, out):
    """Wall-clock and CPU seconds of the whole run, and of its Monte Carlo call alone (run_schedule, as
    LEXSIM_SCHEDULE_STATS reports it: the rules' loading and the JSON are not in it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    run = subprocess.run(lexsim_args(lexsim, scenario) + ["--trials", str(trials), "--threads", str(threads),
                                                          "--format", "json", "-o", out], check=True,
                         stderr=subprocess.PIPE, text=True, env=dict(os.environ, LEXSIM_SCHEDULE_STATS="1"))
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = [line.split() for line in run.stderr.splitlines() if line.startswith("schedule-stats ")]
    if not stats:
        sys.exit("schedule_bench: lexsim printed no schedule-stats line")
    return (wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            float(stats[-1][4]), float(stats[-1][7]))


def reference(python, graph, engine, trials, repeats):
    return json.loads(subprocess.run([python, REFERENCE, graph, engine, str(trials), str(repeats)],
                                     check=True, capture_output=True, text=True).stdout)


def check(lexsim, python, scenario, graph, workdir):
    """Critical-path dates on the most likely durations: lexsim against both references, node by node."""
    out = os.path.join(workdir, "cpm.json")
    subprocess.run(lexsim_args(lexsim, scenario) + ["--trials", "1", "--format", "json", "-o", out], check=True)
    with open(out, encoding="utf-8") as f:
        lex = json.load(f)
    with open(graph, encoding="utf-8") as f:
        ids = [n["id"] for n in json.load(f)["nodes"]]
    starts = {t["id"]: t["start"] for t in lex["tasks"]}
    ends = {p["tasks"][-1]: p["earliest_finish"] for p in lex["critical_path"]}
    refs = json.loads(subprocess.run([python, REFERENCE, graph, "check", "1"], check=True, capture_output=True,
                                     text=True).stdout)
    compared = 0
    for engine, dates in refs.items():
        for node in ids:
            start, finish = dates[node]
            if starts[node] != start or (node in ends and ends[node] != finish):
                sys.exit(f"schedule_bench: {engine} disagrees with lexsim at {node}: start {start} (lexsim "
                         f"{starts[node]}), finish {finish} (lexsim {ends.get(node)})")
            compared += 1 + (node in ends)
    return compared


def largest_difference(lex_tasks, ref):
    import datetime

    worst = 0
    for t in lex_tasks:
        q = ref["quantiles"].get(t["id"])
        if not q or not t["p50"]:
            continue
        for mine, theirs in zip((t["p50"], t["p80"], t["p90"]), q):
            a, b = datetime.date.fromisoformat(mine), datetime.date.fromisoformat(theirs)
            worst = max(worst, abs((a - b).days))
    return worst


def bench(lexsim, python, workdir, name, scenario, trials, repeats):
    graph = os.path.join(workdir, f"graph-{name}.json")
    subprocess.run(lexsim_args(lexsim, scenario) + ["--export-graph", graph], check=True)
    with open(graph, encoding="utf-8") as f:
        g = json.load(f)
    result = {"name": name, "nodes": len(g["nodes"]), "edges": len(g["edges"]), "trials": trials,
              "checked": check(lexsim, python, scenario, graph, workdir), "lexsim": {}}
    out = os.path.join(workdir, f"schedule-{name}.json")
    # What one run costs besides its trials (reading the rules, the critical path, writing JSON): the
    # references time their trials only, so lexsim's per-trial cost is the run's cost above a one-trial run,
    # per trial. It is taken from the Monte Carlo call's own times (LEXSIM_SCHEDULE_STATS): the whole
    # process's fixed cost (60-110 ms, mostly loading the rules) is larger than 10 000 trials' and its noise
    # swamped the difference (per-trial CPU came out negative on a loaded machine).
    # lexsim's runs are short (tens of ms) and this machine's speed drifts over seconds, so the four kinds
    # (1 and `trials` trials, on 1 and 2 threads) are run in turn, LEXSIM_REPEATS rounds, and each takes
    # its best: a drift then reaches all four alike instead of the ones that happened to run during it.
    kinds = [(t, threads) for threads in (1, 2) for t in (1, trials)]
    runs = {k: [] for k in kinds}
    for _ in range(LEXSIM_REPEATS):
        for t, threads in kinds:
            runs[(t, threads)].append(run_lexsim(lexsim, scenario, t, threads, out))
    best = {k: [min(r[i] for r in v) for i in range(4)] for k, v in runs.items()}
    for threads in (1, 2):
        fixed, run = best[(1, threads)], best[(trials, threads)]
        if threads == 1:
            result["fixed"] = {"wall": fixed[0], "cpu": fixed[1], "mc_wall": fixed[2], "mc_cpu": fixed[3]}
        result["lexsim"][str(threads)] = {"wall_per_trial": max(run[2] - fixed[2], 0) / (trials - 1),
                                          "cpu_per_trial": max(run[3] - fixed[3], 0) / (trials - 1),
                                          "run_wall": run[0], "run_cpu": run[1]}
    with open(out, encoding="utf-8") as f:
        lex_tasks = json.load(f)["tasks"]
    result["numpy"] = reference(python, graph, "numpy", trials, repeats)
    # networkx loops over trials in Python: fewer trials, timed per trial all the same, best of `repeats`
    # like the other two (a first run also pays numpy's and the generator's first-call costs).
    nx_trials = max(50, trials // 50)
    result["networkx"] = reference(python, graph, "networkx", nx_trials, repeats)
    result["numpy_max_days_apart"] = largest_difference(lex_tasks, result["numpy"])
    for engine in ("numpy", "networkx"):
        del result[engine]["quantiles"]
    return result


def main():
    lexsim, python, workdir, trials = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    scenario = generate(workdir)
    print(json.dumps({"graphs": [bench(lexsim, python, workdir, "corpus", None, trials, repeats),
                                 bench(lexsim, python, workdir, f"generated-{STEPS}", scenario, trials,
                                       repeats)]}))


if __name__ == "__main__":
    main()
