#!/usr/bin/env python3
"""Outlay Monte Carlo: `lexsim simulate` on bench/scenarios/outlay-fixed.toml (1 and 2 threads) against
the numpy reference bench/reference/outlay_mc.py. Prints one JSON object for bench/report.py.

Each lexsim run is timed wall-clock and CPU (its user + system time, from the kernel's accounting of
the child), best of REPEATS. The reference draws its own random numbers, so the two totals are compared
as means: `z` is their difference over the combined standard error (|z| < 3 is agreement).

Usage: outlay_bench.py LEXSIM PYTHON TRIALS [REPEATS]
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

SCENARIO = "bench/scenarios/outlay-fixed.toml"


def run_lexsim(lexsim, trials, threads, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    subprocess.run([lexsim, "simulate", "--quiet", "--trials", str(trials), "--threads", str(threads),
                    "--format", "json", "-o", out, SCENARIO], check=True)
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(out, encoding="utf-8") as f:
        total = json.load(f)["totals"][0]
    return wall, cpu, total


def main():
    lexsim, python, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    result = {"trials": trials, "scenario": SCENARIO, "lexsim": {}}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        for threads in (1, 2):
            best = None
            for _ in range(repeats):
                wall, cpu, total = run_lexsim(lexsim, trials, threads, out)
                if best is None or wall < best[0]:
                    best = (wall, cpu, total)
            result["lexsim"][str(threads)] = {"wall_per_trial": best[0] / trials, "cpu_per_trial": best[1] / trials,
                                              "mean": best[2]["mean"], "se": best[2]["se"]}
    ref = json.loads(subprocess.run([python, "bench/reference/outlay_mc.py", str(trials), "20000", str(repeats)],
                                    check=True, capture_output=True, text=True).stdout)
    result["numpy"] = ref
    one = result["lexsim"]["1"]
    result["z"] = (one["mean"] - ref["mean"]) / (one["se"] ** 2 + ref["se"] ** 2) ** 0.5
    print(json.dumps(result))


if __name__ == "__main__":
    main()
