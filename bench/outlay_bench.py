#!/usr/bin/env python3
"""Outlay Monte Carlo: `lexsim simulate` on bench/scenarios/outlay-fixed.toml (1 and 2 threads) against
the numpy reference bench/reference/outlay_mc.py. Prints one JSON object for bench/report.py.

Each lexsim run is timed wall-clock and CPU (its user + system time, from the kernel's accounting of
the child), best of REPEATS; a one-trial run with the same number of threads measures what a run costs
besides its trials, and the per-trial figures are the rest divided by the trials (the reference times its
trials only). A second thread's own set-up (its scratch, its first pages) happens only when it runs
trials, so it stays in the per-trial figures. The reference draws its own random numbers, so the two totals are compared
as means: `z` is their difference over the combined standard error (|z| < 3 is agreement).

Usage: outlay_bench.py LEXSIM PYTHON TRIALS [REPEATS]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

SCENARIO = "bench/scenarios/outlay-fixed.toml"
LEXSIM_REPEATS = 5  # rounds of lexsim's runs (the numpy reference keeps REPEATS)
LEXSIM_DEFAULT_TRIALS = 1000  # `lexsim simulate`'s trial count when a scenario sets none (docs/scenarios.md)


def run_lexsim(lexsim, trials, threads, out, scenario=SCENARIO):
    """Wall-clock and CPU seconds, peak RSS (KiB) of one `lexsim simulate` run, and its total."""
    w0 = time.perf_counter()
    child = subprocess.Popen([lexsim, "simulate", "--quiet", "--trials", str(trials), "--threads", str(threads),
                              "--format", "json", "-o", out, scenario])
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - w0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"outlay_bench: lexsim simulate failed on {scenario}")
    with open(out, encoding="utf-8") as f:
        total = json.load(f)["totals"][0]
    return wall, usage.ru_utime + usage.ru_stime, total, usage.ru_maxrss


def memory(lexsim, tmp, out):
    """Peak RSS of simulate with 10^6 firms per trial, at two numbers of trials (flat in the trials)."""
    with open(SCENARIO, encoding="utf-8") as f:
        text = f.read().replace("count = 20000", "count = 1000000")
    scenario = os.path.join(tmp, "outlay-million.toml")
    with open(scenario, "w", encoding="utf-8") as f:
        f.write(text)
    runs = []
    for trials in (2, 8):
        wall, cpu, _, rss = run_lexsim(lexsim, trials, 2, out, scenario)
        runs.append({"trials": trials, "peak_rss_kib": rss, "wall": wall, "cpu": cpu})
    return {"firms": 1_000_000, "runs": runs}


def main():
    lexsim, python, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    result = {"trials": trials, "scenario": SCENARIO, "lexsim": {}}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        # What one run costs besides its trials (reading the corpus and the scenario, the plan, writing
        # JSON): the reference times its trials only, so lexsim's per-trial cost is the run's cost above
        # this, per trial.
        # The runs of each thread count are made in turn (one trial, TRIALS, 1 000), LEXSIM_REPEATS rounds,
        # each kind keeping its best: this machine's speed drifts over seconds, and a drift then reaches
        # every kind alike.
        result["fixed_by_threads"] = {}
        for threads in (1, 2):
            kinds = [1, trials] + ([LEXSIM_DEFAULT_TRIALS] if trials != LEXSIM_DEFAULT_TRIALS else [])
            runs = {k: [] for k in kinds}
            for _ in range(LEXSIM_REPEATS):
                for k in kinds:
                    runs[k].append(run_lexsim(lexsim, k, threads, out))
            fixed = (min(r[0] for r in runs[1]), min(r[1] for r in runs[1]))
            result["fixed_by_threads"][str(threads)] = {"wall": fixed[0], "cpu": fixed[1]}
            if threads == 1:
                result["fixed"] = result["fixed_by_threads"]["1"]
            best = min(runs[trials], key=lambda r: r[0])
            result["lexsim"][str(threads)] = {"wall_per_trial": max(best[0] - fixed[0], 0) / (trials - 1),
                                              "cpu_per_trial": max(min(r[1] for r in runs[trials]) - fixed[1], 0)
                                              / (trials - 1),
                                              "run_wall": best[0], "run_cpu": best[1],
                                              "mean": best[2]["mean"], "se": best[2]["se"],
                                              "peak_rss_kib": best[3]}
            # lexsim's own default of 1 000 trials (a scenario that sets none): the second thread's one-time
            # set-up weighs less there.
            if trials != LEXSIM_DEFAULT_TRIALS:
                wall = min(r[0] for r in runs[LEXSIM_DEFAULT_TRIALS])
                result.setdefault("at_default", {"trials": LEXSIM_DEFAULT_TRIALS})[str(threads)] = {
                    "run_wall": wall, "wall_per_trial": max(wall - fixed[0], 0) / (LEXSIM_DEFAULT_TRIALS - 1)}
        result["memory"] = memory(lexsim, tmp, out)
    ref = json.loads(subprocess.run([python, "bench/reference/outlay_mc.py", str(trials), "20000", str(repeats)],
                                    check=True, capture_output=True, text=True).stdout)
    result["numpy"] = ref
    one = result["lexsim"]["1"]
    result["z"] = (one["mean"] - ref["mean"]) / (one["se"] ** 2 + ref["se"] ** 2) ** 0.5
    print(json.dumps(result))


if __name__ == "__main__":
    main()
