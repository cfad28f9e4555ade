#!/usr/bin/env python3
"""Draft the task rows of 通政发〔2024〕1号 and 6号 from the seed text.

Used once to draft the `task` blocks of
  corpus/tongzhou-2024/tzf-2024-01.rules   (python3 tools/corpus/tasks_1_6.py 1)
  corpus/tongzhou-2024/tzf-2024-06.rules   (python3 tools/corpus/tasks_1_6.py 6)
The output (task blocks only, on stdout) was pasted below the hand-written
header of each file and then reviewed row by row against the text; the
targets were added by hand and the files made canonical with
`build/lexsim fmt -i`.  The rules files are the source of truth, not this
script: do not regenerate them over the reviewed files.

Both documents have a regular layout:
    一、改善居住条件（4 项）                 group heading (may wrap)
    （一）新开工 10 个……                    task (1号: （一）…（四十一）; 6号: 1.…161.)
    牵头领导：卢庆雷                          leads, split on 、
    责任单位：区住房城乡建设委 / 主责单位：…  owner, split on 、
    协办单位：…                               co (1号 only)
    完成期限：2024 年 12 月底前 / 完成时限：2024 年 12 月底
The PDF extraction breaks lines (blank line after each), puts page numbers
on lines of their own and starts the first line of a page with a space; the
script drops digit-only lines, strips every line and re-joins the wrapped
lines without a separator (the text is Chinese), except that a space the
extraction dropped next to a number at a line end is put back (see join()).

Usage: python3 tools/corpus/tasks_1_6.py 1|6 [SEED]
Standard library only.
"""
import os
import re
import sys

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "seeds",
                    "000_0da4adc2e67211bb.txt")  # shared/ beside the repository
RANGES = {"1": (20, 516), "6": (2893, 4607)}  # 1-based inclusive line ranges (body of each table)
CN_NUM = "一二三四五六七八九十"
LABELS = ("牵头领导", "责任单位", "主责单位", "协办单位", "完成期限", "完成时限")
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
TASK1 = re.compile(r"^（([一二三四五六七八九十]+)）")
TASK6 = re.compile(r"^(\d+)\.")


def cn_to_int(s):
    """一…九十九 → int."""
    if s == "十":
        return 10
    if "十" in s:
        a, b = s.split("十")
        return (CN_NUM.index(a) + 1 if a else 1) * 10 + (CN_NUM.index(b) + 1 if b else 0)
    return CN_NUM.index(s) + 1


def deadline_date(wording):
    w = wording.replace(" ", "")
    if w in ("2024年12月底前", "2024年12月底"):
        return "2024-12-31"
    raise ValueError("unexpected deadline wording: " + wording)


def join(prev, nxt):
    """Re-join a wrapped line.  The extraction keeps a space between Chinese
    and a number inside a line ("不少于 1.5 万人") but drops it at a line end;
    when the number at the join is written in that spaced style on its other
    side ("…不少于" + "1.5 万人", "…住房" + "4414 套"), put the space back."""
    if re.match(r"^[0-9.]+ ", nxt) and prev and not prev[-1].isascii():
        return prev + " " + nxt
    if re.search(r" [0-9.]+$", prev) and nxt and not nxt[0].isascii():
        return prev + " " + nxt
    return prev + nxt


def parse(doc, path=SEED):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lo, hi = RANGES[doc]
    rows = []
    for n in range(lo, hi + 1):
        s = lines[n - 1].strip()
        if not s or s.isdigit():
            continue
        rows.append((n, s))
    tasks, group, cur, field = [], None, None, None
    expect = 1
    for n, s in rows:
        m = (TASK1 if doc == "1" else TASK6).match(s)
        num = None
        if m:
            num = cn_to_int(m.group(1)) if doc == "1" else int(m.group(1))
            if num != expect:  # e.g. a wrapped line that starts with "2024 年"
                num = None
        if num is not None:
            cur = {"num": num, "label": m.group(0), "group": group, "text": s[m.end():],
                   "first": n, "fields": {}}
            tasks.append(cur)
            field, expect = "text", expect + 1
            continue
        if HEADING.match(s):
            group, cur, field = s, None, "group"
            continue
        lm = re.match("^(" + "|".join(LABELS) + ")：(.*)$", s)
        if lm and cur is not None:
            field = lm.group(1)
            cur["fields"][field] = lm.group(2)
            continue
        # continuation line
        if field == "group":
            group += s
        elif field == "text":
            cur["text"] = join(cur["text"], s)
        elif cur is not None and field in LABELS:
            cur["fields"][field] += s
    for t in tasks:
        if t["group"] is not None:
            t["group"] = t["group"]
    return tasks


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def names(cell):
    return ", ".join(q(x.strip()) for x in cell.split("、") if x.strip())


def emit(doc, tasks):
    out = []
    last_group = None
    for t in tasks:
        f = t["fields"]
        group = re.sub(r"（\d+ ?项）$", "", t["group"])
        if group != last_group:
            out.append("# " + t["group"])
            out.append("")
            last_group = group
        tid = ("t%02d" if doc == "1" else "t%03d") % t["num"]
        article = t["label"]  # as printed: "（一）" / "1."
        out.append("task %s {" % tid)
        out.append("  article " + q(article))
        out.append("  group " + q(group))
        out.append("  text " + q(t["text"]))
        out.append("  leads " + names(f["牵头领导"]))
        owner = f.get("责任单位") or f.get("主责单位")
        if "主责单位" in f:
            out.append("  # 本项列为“主责单位”")
        out.append("  owner " + names(owner))
        if "协办单位" in f:
            out.append("  co " + names(f["协办单位"]))
        dl = f.get("完成期限") or f.get("完成时限")
        out.append("  deadline %s %s" % (deadline_date(dl), q(dl)))
        out.append("}")
        out.append("")
    return "\n".join(out)


def main():
    doc = sys.argv[1]
    path = sys.argv[2] if len(sys.argv) > 2 else SEED
    tasks = parse(doc, path)
    sys.stderr.write("%d tasks\n" % len(tasks))
    counts = {}
    for t in tasks:
        counts[t["group"]] = counts.get(t["group"], 0) + 1
    for g, c in counts.items():
        sys.stderr.write("  %3d  %s\n" % (c, g))
    print(emit(doc, tasks))


if __name__ == "__main__":
    main()
