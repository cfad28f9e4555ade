#!/usr/bin/env python3
"""List candidate unit (body) names and lead officials named in the Tongzhou 2024 corpus.

Used to draft corpus/tongzhou-2024/shared/registry.rules; the output was reviewed
by hand (the rules file is the source of truth, not this script).

Usage:
    python3 tools/corpus/registry_scan.py [SEED] [--min N] [--where NAME]

SEED defaults to ../shared/seeds/000_0da4adc2e67211bb.txt.

It prints four sections, each as "count<TAB>name<TAB>first lines":
  FIELD    names in "牵头领导/责任单位/主责单位/协办单位/牵头部门：" fields
           (1号, 6号 style), continuation lines re-joined, split on 、 ，
  TABLE    unit-like tokens in the table regions (7号 attachments, 11号 table),
           with a token that does not end like a unit name joined to the
           following line(s) until it does (PDF extraction splits cells)
  GENERIC  regex matches of 区…/市…/各… unit-like names over the whole text
           with line breaks removed (noisy: for spotting bodies named in prose,
           e.g. interpreters, 3号 member units, 10号/13号/14号 roles)
  TABLE7   7号 unit cells: the text after the last "。" of each table row, leaders
           and deadlines dropped, fragments re-joined (--rows also lists them per row)
  OFFICIAL 牵头领导 field names and 2–3 character lines/tokens in the
           7号 tables that look like personal names
--where NAME prints every line number where NAME occurs (after joining lines).
--check RULES reads a registry.rules file and reports names declared twice,
           declared names that do not occur in the text, and FIELD / TABLE7
           names that are not declared (TABLE7 leftovers are usually
           extraction artefacts: deadline or heading fragments glued to a name).
Standard library only.
"""
import os
import re
import sys
from collections import Counter, defaultdict

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "seeds",
                    "000_0da4adc2e67211bb.txt")  # shared/ beside the repository
FIELDS = ("牵头领导", "责任单位", "主责单位", "协办单位", "牵头部门")
STOP_PREFIX = FIELDS + ("完成期限", "完成时限")
SUFFIX = re.compile(
    r"(委员会|委|局|办公室|办|中心|集团|分局|支队|大队|管委会|公司|政府|法院|检察院|"
    r"街道乡镇|街道|乡镇|单位|部|处|队|会|所|院|馆|台|组|团|镇|乡|社|站|行|署|室|）)$")
PREFIX = re.compile(r"^(区|市|各|副中心|通州|北京|运河|城市副中心|国网|中国|通城|北投|首开|相关)")
TABLE_RANGES = [(4672, 10119), (10880, 11300)]  # 7号 attachments, 11号 table (approx.)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def split_names(s):
    return [p.strip() for p in re.split(r"[、，,；;\s]+", s) if p.strip()]


def field_scan(lines):
    out = defaultdict(list)  # (field, name) -> [line numbers]
    n = len(lines)
    i = 0
    while i < n:
        m = re.match(r"^\s*(" + "|".join(FIELDS) + r")：(.*)$", lines[i])
        if not m:
            i += 1
            continue
        field, val, start = m.group(1), m.group(2).strip(), i + 1
        j = i + 1
        # continuation: next non-blank line that is not a new field / heading / page number
        while j < n:
            t = lines[j].strip()
            if not t:
                j += 1
                continue
            if t.startswith(STOP_PREFIX) or re.match(r"^(\d+|（|[一二三四五六七八九十]+、)", t):
                break
            val += t  # any other line continues the field (cells wrap mid-name)
            j += 1
        for name in split_names(val):
            out[(field, name)].append(start)
        i = j
    return out


def table_scan(lines):
    out = defaultdict(list)
    for lo, hi in TABLE_RANGES:
        seg = [(k + 1, lines[k]) for k in range(lo - 1, min(hi, len(lines)))]
        toks = []  # (lineno, token)
        for ln, l in seg:
            for t in split_names(l):
                toks.append((ln, t))
        k = 0
        while k < len(toks):
            ln, t = toks[k]
            if PREFIX.search(t) and not SUFFIX.search(t) and len(t) >= 2:
                cur, m = t, k + 1
                while m < len(toks) and m < k + 3 and not SUFFIX.search(cur):
                    cur += toks[m][1]
                    m += 1
                if SUFFIX.search(cur) and len(cur) <= 45:
                    out[cur].append(ln)
                    k = m
                    continue
            if PREFIX.search(t) and SUFFIX.search(t) and len(t) <= 45:
                out[t].append(ln)
            k += 1
    return out


def joined(lines):
    """Text with line breaks removed, plus a map from char offset to line number."""
    buf, where = [], []
    for ln, l in enumerate(lines, 1):
        t = l.strip()
        if not t or re.fullmatch(r"\d+|-\s*\d+\s*-", t):
            continue
        buf.append(t)
        where.extend([ln] * len(t))
    return "".join(buf), where


GEN = re.compile(
    r"(?:区委|区政府|区|市|各|副中心|城市副中心)[\u4e00-\u9fff（）]{1,18}?"
    r"(?:委员会|管委会|分局|支队|大队|办公室|中心|集团|公司|局|委|办|处|法院|检察院|街道乡镇|单位|部门)")


def generic_scan(text, where):
    out = defaultdict(list)
    for m in GEN.finditer(text):
        out[m.group(0)].append(where[m.start()])
    return out


def official_scan(lines, fields):
    out = defaultdict(list)
    for (f, name), lns in fields.items():
        if f == "牵头领导":
            out[name].extend(lns)
    for lo, hi in TABLE_RANGES[:1]:
        for k in range(lo - 1, min(hi, len(lines))):
            for t in split_names(lines[k]):
                if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", t):
                    out.setdefault(t, [])
                    out[t].append(k + 1)
    return out


def show(title, d, minc=1):
    print("==== %s" % title)
    for name, lns in sorted(d.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        if len(lns) < minc:
            continue
        label = name if isinstance(name, str) else "%s\t%s" % name
        print("%d\t%s\tL%s" % (len(lns), label, ",".join(map(str, sorted(set(lns))[:6]))))


OFFICIALS = ("卢庆雷", "姚伟龙", "董明慧", "倪德才", "王翔宇", "秦涛", "吴孔安", "王永杰",
             "谭强", "朱泉华", "林正航", "侯健美", "孙学伟")
DEADLINE = re.compile(r"^(年底前|年底|长期实施|持续推进|按时间节点完成|按时间|节点完成|按时间节点|"
                      r"\d+月底前|\d+-\d+|月|——|--|-|序号|重点任务|工作措施|完成时限|牵头领导|"
                      r"主责单位|协办单位|牵头部门|责任单位)$")
CONT = re.compile(r"^(管委会|位|有关部门|指挥部|（|防治工作小组|局通州|通州交通支队|各成员单位|成员单位)")


def table7_cells(lines, lo=4672, hi=10119):
    """Unit cells of the 7号 task tables: the text after the last "。" of each row.

    Rows are cut at lines that start with a row number; for each row the lines
    after the last line holding "。" (and the rest of that line) are the
    deadline / leader / unit columns.  Deadlines and known leader names
    (also split ones like 谭/强, 秦/涛) are dropped; a fragment is joined to
    the next one when it does not end like a unit name or the next one is a
    known continuation (管委会, 位, （大气污染防治方面）, 通州交通支队 ...).
    Returns {name: [line numbers]} and a list of (row start, [cells]).
    """
    rows, cur, start = [], [], lo
    for k in range(lo - 1, min(hi, len(lines))):
        t = lines[k].strip()
        if re.match(r"^\d+(\s|$)", t) and not re.fullmatch(r"\d+", t) or re.fullmatch(r"\d+", t):
            if cur:
                rows.append((start, cur))
            cur, start = [], k + 1
        if t:
            cur.append((k + 1, t))
    if cur:
        rows.append((start, cur))
    out, listing = defaultdict(list), []
    for start, body in rows:
        last = max((i for i, (_, t) in enumerate(body) if "。" in t), default=None)
        if last is None:
            continue
        tail = [(body[last][0], body[last][1].rsplit("。", 1)[1])] + body[last + 1:]
        toks = []
        for ln, t in tail:
            if re.match(r"^[一二三四五六七八九十]+、", t):
                break
            for x in split_names(t):
                toks.append((ln, x))
        # drop leaders (incl. split 2-char names) and deadlines
        clean, i = [], 0
        while i < len(toks):
            ln, x = toks[i]
            if i + 1 < len(toks) and x + toks[i + 1][1] in OFFICIALS and len(x) == 1:
                i += 2
                continue
            if x in OFFICIALS or DEADLINE.match(x) or re.fullmatch(r"\d+", x):
                i += 1
                continue
            clean.append((ln, x))
            i += 1
        cells, i = [], 0
        while i < len(clean):
            ln, x = clean[i]
            while i + 1 < len(clean) and (not SUFFIX.search(x) or CONT.match(clean[i + 1][1])):
                i += 1
                x += clean[i][1]
            cells.append(x)
            out[x].append(ln)
            i += 1
        listing.append((start, cells))
    return out, listing


def check(rules, lines):
    text, _ = joined(lines)
    text = text.replace(" ", "")
    names = []
    with open(rules, encoding="utf-8") as f:
        for l in f:
            if l.lstrip().startswith("#"):
                continue
            l = l.split("#")[0]
            if re.match(r"\s*(unit|official)\b", l):
                names.extend(re.findall(r'"([^"]*)"', l))
    c = Counter(names)
    print("declared names (incl. aliases):", len(names))
    print("declared twice:", sorted(k for k, v in c.items() if v > 1))
    print("not in text:", sorted(n for n in c if n not in text))
    declared = set(names)
    print("FIELD not declared:", sorted({n for (_, n) in field_scan(lines)} - declared))
    t7, _ = table7_cells(lines)
    print("TABLE7 not declared:", sorted(set(t7) - declared))


def main(argv):
    path, minc, where_name = SEED, 1, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--min":
            minc = int(args.pop(0))
        elif a == "--rows":
            pass
        elif a == "--where":
            where_name = args.pop(0)
        elif a == "--check":
            check(args.pop(0), load(SEED))
            return
        else:
            path = a
    lines = load(path)
    text, where = joined(lines)
    if where_name:
        hits = sorted({where[m.start()] for m in re.finditer(re.escape(where_name), text)})
        print(where_name, len(hits), " ".join("L%d" % h for h in hits))
        return
    fields = field_scan(lines)
    show("FIELD", fields, minc)
    show("TABLE", table_scan(lines), minc)
    t7, listing = table7_cells(lines)
    show("TABLE7", t7, minc)
    if "--rows" in argv:
        for start, cells in listing:
            print("ROW L%d\t%s" % (start, " | ".join(cells)))
    show("GENERIC", generic_scan(text, where), minc)
    offs = official_scan(lines, fields)
    show("OFFICIAL", {k: v for k, v in offs.items() if len(v) >= 2}, minc)


if __name__ == "__main__":
    main(sys.argv[1:])
