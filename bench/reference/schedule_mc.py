#!/usr/bin/env python3
"""Schedule Monte Carlo references for bench/run: the task graph `lexsim schedule --export-graph` wrote,
simulated the way a competent numpy user and a competent networkx user write it.

Each trial draws every node's duration from its (low, likely, high) triangle (the low end when
high <= low), rounds it up to whole days, and runs the forward pass of the critical path method on the
official working-day calendar (rules/calendar/*.calendar; weekends only in years it does not list, as
lexsim counts them): a node starts at its own start date or when its last predecessor ends, whichever is
later, and ends `d` days or `d` working days after it starts (the start day not counted). Per node: the
finish-date quantiles P50/P80/P90 by nearest rank, as lexsim reports them.

- numpy: vectorised over trials, node-major (each node's trials one contiguous row); one Python step per
  node in topological order (the dependency chain cannot be vectorised; processing the graph a level at
  a time through a padded predecessor table was measured slower on both graphs), working days through a
  prefix count of the calendar (a lookup, no loop); quantiles by np.partition at the three ranks, not a
  full sort.
- networkx: the DAG in networkx; per trial, the longest path to every node, in nx.topological_sort order
  over G.pred (what nx.dag_longest_path computes, kept per node because every node's finish is wanted).

`check` mode runs both on the most likely durations (no randomness) and prints every node's earliest start
and finish, for bench/schedule_bench.py to compare with lexsim's critical-path dates.

Usage: schedule_mc.py GRAPH.json numpy|networkx|check TRIALS [REPEATS]
"""
import datetime
import glob
import json
import math
import os
import sys
import time

import networkx as nx  # imported here, not inside the timed trials: its import alone is about 0.17 s
import numpy as np

EPOCH = datetime.date(1970, 1, 1)
FIRST, LAST = datetime.date(2015, 1, 1), datetime.date(2045, 12, 31)
UNSCHEDULED = np.iinfo(np.int32).min


def day(text):
    return (datetime.date.fromisoformat(text) - EPOCH).days


def date_text(d):
    return (EPOCH + datetime.timedelta(days=int(d))).isoformat()


class Calendar:
    """Working days from FIRST to LAST: Monday to Friday, with each listed year's holidays and make-up days."""

    def __init__(self, folder):
        self.first = (FIRST - EPOCH).days
        n = (LAST - FIRST).days + 1
        days = np.arange(self.first, self.first + n)
        flags = ((days + 3) % 7) < 5  # 1970-01-01 was a Thursday: (d + 3) % 7 is 0 on Mondays
        for path in sorted(glob.glob(os.path.join(folder, "*.calendar"))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    words = line.split()
                    if not words or words[0] not in ("holiday", "workday"):
                        continue
                    a = day(words[1])
                    b = day(words[3]) if len(words) > 3 and words[2] == ".." else a
                    flags[a - self.first:b - self.first + 1] = words[0] == "workday"
        self.prefix = np.cumsum(flags)  # working days from FIRST up to and including each day
        self.workdays = self.first + np.flatnonzero(flags)  # the k-th working day is workdays[k - 1]

    def add(self, start, n):
        """The date n working days after `start` (the start day not counted); `start` when n <= 0."""
        start = np.asarray(start)
        n = np.asarray(n)
        k = self.prefix[np.clip(start - self.first, 0, len(self.prefix) - 1)] + np.maximum(n, 1) - 1
        return np.where(n > 0, self.workdays[np.clip(k, 0, len(self.workdays) - 1)], start)


def load(path):
    with open(path, encoding="utf-8") as f:
        graph = json.load(f)
    nodes = graph["nodes"]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    preds = [[] for _ in nodes]
    for e in graph["edges"]:
        preds[index[e["to"]]].append(index[e["from"]])
    return nodes, preds


def topological(nodes, preds):
    succs = [[] for _ in nodes]
    waiting = [len(p) for p in preds]
    for v, ps in enumerate(preds):
        for p in ps:
            succs[p].append(v)
    order = [v for v in range(len(nodes)) if waiting[v] == 0]
    for v in order:
        for s in succs[v]:
            waiting[s] -= 1
            if waiting[s] == 0:
                order.append(s)
    return order


def draw_durations(nodes, trials, rng):
    """nodes x trials whole days: ceil of a triangular draw (the low end when high <= low). One call per
    node with scalar parameters: faster than one call with per-node parameter arrays (measured)."""
    out = np.empty((len(nodes), trials), dtype=np.int64)
    for v, node in enumerate(nodes):
        low, likely, high = node["low"], node["likely"], node["high"]
        if high <= low:
            out[v] = low
        else:
            out[v] = np.ceil(rng.triangular(low, min(max(likely, low), high), high, trials))
    return out


def forward_numpy(nodes, preds, order, cal, durations):
    """Finish dates (nodes x trials, UNSCHEDULED where a node has no start), vectorised over trials; each
    node's trials are one contiguous row."""
    finish = np.full(durations.shape, UNSCHEDULED, dtype=np.int64)
    for v in order:
        node = nodes[v]
        own = day(node["start"]) if node["start"] else UNSCHEDULED
        if len(preds[v]) == 1:
            start = np.maximum(finish[preds[v][0]], own)
        elif preds[v]:
            start = np.maximum(finish[preds[v]].max(axis=0), own)
        elif own == UNSCHEDULED:
            continue
        else:  # no predecessor: every trial starts on its own date
            d = durations[v]
            finish[v] = own + np.maximum(d, 0) if node["duration_unit"] == "days" else cal.add(own, d)
            continue
        d = durations[v]
        end = start + np.maximum(d, 0) if node["duration_unit"] == "days" else cal.add(start, d)
        finish[v] = np.where(start != UNSCHEDULED, end, UNSCHEDULED)
    return finish


def quantiles(finish):
    """Per node: P50, P80, P90 by nearest rank over the trials, or None if some trial left it unscheduled."""
    trials = finish.shape[1]
    ranks = [max(math.ceil(q * trials), 1) - 1 for q in (0.5, 0.8, 0.9)]
    ordered = np.partition(finish, ranks, axis=1)
    scheduled = (finish != UNSCHEDULED).all(axis=1)
    return [[int(ordered[v, r]) for r in ranks] if scheduled[v] else None for v in range(finish.shape[0])]


def networkx_trials(nodes, preds, cal, durations):
    g = nx.DiGraph()
    g.add_nodes_from(range(len(nodes)))
    g.add_edges_from((p, v) for v, ps in enumerate(preds) for p in ps)
    order = list(nx.topological_sort(g))
    starts = [day(n["start"]) if n["start"] else None for n in nodes]
    in_days = [n["duration_unit"] == "days" for n in nodes]
    prefix, workdays, first = cal.prefix.tolist(), cal.workdays.tolist(), cal.first
    finish = np.full(durations.shape, UNSCHEDULED, dtype=np.int64)
    for t in range(durations.shape[1]):
        d = durations[:, t].tolist()
        end = {}
        for v in order:
            s = starts[v]
            for p in g.pred[v]:
                f = end.get(p)
                if f is not None and (s is None or f > s):
                    s = f
            if s is None:
                continue
            if in_days[v]:
                end[v] = s + max(d[v], 0)
            else:
                end[v] = workdays[prefix[s - first] + d[v] - 1] if d[v] > 0 else s
        for v, f in end.items():
            finish[v, t] = f
    return finish


def main():
    path, engine, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    nodes, preds = load(path)
    cal = Calendar(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rules", "calendar"))
    order = topological(nodes, preds)
    if engine == "check":
        likely = np.array([[n["likely"]] for n in nodes], dtype=np.int64)
        out = {}
        for name, finish in (("numpy", forward_numpy(nodes, preds, order, cal, likely)),
                             ("networkx", networkx_trials(nodes, preds, cal, likely))):
            f = finish[:, 0]
            out[name] = {}
            for v, n in enumerate(nodes):
                start = max([day(n["start"]) if n["start"] else UNSCHEDULED] + [int(f[p]) for p in preds[v]])
                out[name][n["id"]] = [date_text(start) if start != UNSCHEDULED else "",
                                      date_text(f[v]) if f[v] != UNSCHEDULED else ""]
        print(json.dumps(out))
        return
    best_wall = best_cpu = float("inf")
    result = None
    for r in range(repeats):
        rng = np.random.default_rng(20240101 + r)
        w0, c0 = time.perf_counter(), time.process_time()
        durations = draw_durations(nodes, trials, rng)
        if engine == "numpy":
            finish = forward_numpy(nodes, preds, order, cal, durations)
        else:
            finish = networkx_trials(nodes, preds, cal, durations)
        q = quantiles(finish)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        result = q
    print(json.dumps({"engine": engine, "nodes": len(nodes), "trials": trials,
                      "wall_per_trial": best_wall / trials, "cpu_per_trial": best_cpu / trials,
                      "quantiles": {n["id"]: ([date_text(x) for x in result[v]] if result[v] else None)
                                    for v, n in enumerate(nodes)}}))


if __name__ == "__main__":
    main()
