#!/usr/bin/env python3
"""Outlay Monte Carlo of bench/scenarios/outlay-fixed.toml in numpy, vectorised over trials and firms.

What a competent numpy user writes: per trial, draw the population's attributes from the
scenario's distributions (one array per attribute, trials x firms), apply the 8号/14号 firm
clauses those attributes reach (as in firm_clauses.py: 8号（一）70% of the regional contribution
for a new chain head, 8号（七）and 14号 第三条(一) 300 万元 for R&D spending, 8号（七）and
14号 第四条(三) 500 万元 for an innovation consortium), and sum per trial. Its random numbers are
numpy's, not lexsim's Philox draws, so bench/report.py compares the means within standard errors.
Prints one JSON line: mean and standard error of the total (yuan), seconds per trial (wall, CPU).

Usage: outlay_mc.py TRIALS [FIRMS] [REPEATS]
"""
import json
import sys
import time

import numpy as np

WAN = 10_000  # yuan per 万元


def simulate(trials, firms, rng):
    """Total outlay per trial, in fen (as lexsim counts), for `trials` trials at once."""
    new_head = rng.random((trials, firms)) < 0.1
    rc_fen = np.rint(20_000_000 * np.exp(0.8 * rng.standard_normal((trials, firms)))) * 100
    rd_spend = 3_000_000 * np.exp(1.0 * rng.standard_normal((trials, firms)))
    consortium = rng.random((trials, firms)) < 0.2
    m01_new = np.where(new_head, (rc_fen.astype(np.int64) * 700_000) // 1_000_000, 0).sum(axis=1)
    # Fixed grants: the number of recipients times the amount, not an array of amounts.
    rd = (rd_spend > 0).sum(axis=1) * (2 * 300 * WAN * 100)  # 8号（七）+ 14号 第三条(一), fen
    cons = consortium.sum(axis=1) * (2 * 500 * WAN * 100)  # 8号（七）+ 14号 第四条(三), fen
    return m01_new + rd + cons


# Trials per batch: 50 (arrays of 10^6 elements) amortises numpy's per-call cost and keeps glibc's
# allocator from returning the temporaries to the kernel between batches (smaller batches run faster
# only once a larger allocation has raised malloc's mmap threshold; see docs/performance.md).
BATCH_TRIALS = 50


def main():
    trials = int(sys.argv[1])
    firms = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    best_wall = best_cpu = float("inf")
    totals = None
    for r in range(repeats):
        rng = np.random.default_rng(20240226 + r)
        w0, c0 = time.perf_counter(), time.process_time()
        totals = np.concatenate([simulate(min(BATCH_TRIALS, trials - b), firms, rng)
                                 for b in range(0, trials, BATCH_TRIALS)])
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    yuan = totals / 100.0
    print(json.dumps({"trials": trials, "firms": firms, "mean": float(yuan.mean()),
                      "se": float(yuan.std(ddof=1) / np.sqrt(trials)),
                      "wall_per_trial": best_wall / trials, "cpu_per_trial": best_cpu / trials}))


if __name__ == "__main__":
    main()
