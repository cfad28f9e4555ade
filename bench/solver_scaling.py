#!/usr/bin/env python3
"""Solver scaling: synthetic rule sets shaped like the corpus, checked by `lexsim check`.

For each size N the generator writes N clauses about one entity kind, spread over
documents of 50 clauses (one file each) that share one declarations file: 40 yes/no
attributes, 10 four-valued enums, 10 money attributes, and a benefit per group of
three clauses. A group's clauses sit in one document and split one enum between
them (disjoint conditions), the way 8号 and 14号 split platform levels; one group in
three pays a share of a money attribute ("30% of …"), the others a ceiling. Every
100th clause is a planted conflict: a clause of another document granting the same
benefit in an overlapping situation with a different ceiling, which `lexsim check`
must report: as a cap-conflict when both ceilings are fixed amounts, as double-funding
when one is a share of an attribute (only comparable ceilings conflict; docs/checks.md).
A planted pair is found when one such finding cites both of its clauses.

Usage: solver_scaling.py LEXSIM WORKDIR [N ...]   (default sizes 100 1000 10000)
Prints one JSON object: the embedded corpus's check time and, per size, the seconds, peak RSS, planted and found conflicts,
and the fitted growth exponents (of wall-clock and of CPU time).
"""
import json
import math
import os
import subprocess
import sys
import time

BOOLS, ENUMS, MONEYS, MEMBERS = 40, 10, 10, 4
PER_DOCUMENT, GROUP, PLANT_EVERY = 50, 3, 100


def declarations():
    out = [f'enum kind{e} "类别{e}" {{ ' + ", ".join(f'k{m} "值{m}"' for m in range(MEMBERS)) + " }"
           for e in range(ENUMS)]
    out.append('entity firm "企业" {')
    out += [f'  b{i} "条件{i}" : bool = false' for i in range(BOOLS)]
    out += [f"  e{i} : kind{i} = k0" for i in range(ENUMS)]
    out += [f'  m{i} "金额{i}" : money = 0 CNY' for i in range(MONEYS)]
    out.append("}")
    return out


def clause(name, doc_clause, group, member, cap_wan, share):
    cond = f"b{(group * 7) % BOOLS} and e{group % ENUMS} == k{member}"
    amount = (f"min(30% of m{group % MONEYS}, {cap_wan} 万元)" if share else f"{cap_wan} 万元")
    return [f"clause {name} {{", f'  article "第{doc_clause}条"', f'  text "合成条款 {name}"',
            f"  applies to firm when {cond}", f"  grant g{group} up to {amount}", "}", ""]


def generate(n, root):
    """Writes the rule set; returns the planted (clause, clause) id pairs."""
    os.makedirs(root, exist_ok=True)
    planted_count = n // PLANT_EVERY
    regular = n - planted_count
    groups = (regular + GROUP - 1) // GROUP
    docs = max(2, (regular + PER_DOCUMENT - 1) // PER_DOCUMENT)
    lines = {d: [f"document d{d} {{", f'  number "合成〔2024〕{d + 1}号"', "  issued 2024-01-01", "}", ""]
             for d in range(docs)}
    shared = declarations() + [f'benefit g{g} "补贴{g}"' for g in range(groups)]
    where = {}
    for j in range(regular):
        g, m = j // GROUP, j % GROUP + 1
        d = min(j // PER_DOCUMENT, docs - 1)
        where[j] = (d, g, m)
        lines[d] += clause(f"c{j}", j, g, m, 10 * (g % 50 + 1), g % 3 == 0)
    planted = []
    for p in range(planted_count):
        # Spread over the regular clauses, and over the three kinds of group (p % 3 moves the twin a group
        # on): without the shift every twin fell in a share group (99·p // 3 is a multiple of 3), so only
        # double-funding was ever planted and the cap-conflict path went unmeasured.
        j = min(p * regular // planted_count + GROUP * (p % 3), regular - 1)
        d, g, m = where[j]
        other = (d + 1) % docs
        lines[other] += clause(f"p{p}", 1000 + p, g, m, 10 * (g % 50 + 1) + 5, False)
        planted.append((f"d{d}.c{j}", f"d{other}.p{p}"))
    with open(os.path.join(root, "shared.rules"), "w", encoding="utf-8") as f:
        f.write("\n".join(shared) + "\n")
    for d, text in lines.items():
        with open(os.path.join(root, f"d{d:04d}.rules"), "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")
    return planted


def run_check(lexsim, root, work):
    """`lexsim check ROOT --format json` (ROOT None: the embedded corpus): wall-clock seconds, CPU seconds
    and peak RSS (KiB) from wait4 (that one child's rusage), and the report."""
    out_path = os.path.join(work, "check.json")
    with open(out_path, "wb") as out, open(os.path.join(work, "check.err"), "wb") as err:
        t = time.perf_counter()
        proc = subprocess.Popen([lexsim, "check"] + ([root] if root else []) + ["--format", "json"],
                                stdout=out, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"lexsim check {root} failed ({code}); see {work}/check.err")
    with open(out_path, encoding="utf-8") as f:
        report = json.load(f)
    return seconds, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, report


def measure(lexsim, work, n):
    root = os.path.join(work, f"rules-{n}")
    planted = generate(n, root)
    seconds, cpu, rss, report = run_check(lexsim, root, work)
    paid_twice = [{c["id"] for c in f["clauses"]} for f in report["findings"]
                  if f["kind"] in ("cap-conflict", "double-funding")]
    conflicts = [f for f in report["findings"] if f["kind"] == "cap-conflict"]
    found = sum(1 for a, b in planted if any(a in ids and b in ids for ids in paid_twice))
    return {"clauses": n, "seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": rss, "planted": len(planted),
            "found": found, "cap_conflicts": len(conflicts), "findings": len(report["findings"]),
            "queries": report["summary"]["queries"]}


def corpus(lexsim, work):
    """The embedded corpus: best of three runs, and the peak RSS."""
    runs = [run_check(lexsim, None, work) for _ in range(3)]
    return {"seconds": min(r[0] for r in runs), "cpu_seconds": min(r[1] for r in runs),
            "peak_rss_kib": max(r[2] for r in runs)}


def exponent(a, b, key):
    return math.log(b[key] / a[key]) / math.log(b["clauses"] / a["clauses"])


def fitted(runs, key):
    """Least-squares slope of log(time) against log(clauses) over every size."""
    xs = [math.log(r["clauses"]) for r in runs]
    ys = [math.log(r[key]) for r in runs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else float("nan")


def main():
    lexsim, work = sys.argv[1], sys.argv[2]
    sizes = [int(x) for x in sys.argv[3:]] or [100, 1000, 10000]
    runs = [measure(lexsim, work, n) for n in sizes]
    fits = {f"{a['clauses']}-{b['clauses']}": {"wall": exponent(a, b, "seconds"), "cpu": exponent(a, b, "cpu_seconds")}
            for a, b in zip(runs, runs[1:])}
    fit = {"wall": fitted(runs, "seconds"), "cpu": fitted(runs, "cpu_seconds")} if len(runs) > 1 else None
    print(json.dumps({"corpus": corpus(lexsim, work), "runs": runs, "exponents": fits, "fit": fit}))


if __name__ == "__main__":
    main()
