#!/usr/bin/env python3
"""Draft converter for the task tables of 通政发〔2024〕7号 (used for 附件 1 蓝天保卫战).

How it was used
---------------
    python3 tools/corpus/tzf_2024_07.py ../shared/seeds/000_0da4adc2e67211bb.txt a1 > /tmp/a1.rules
    python3 tools/corpus/tzf_2024_07.py SEED a1 --json > /tmp/a1.json      # parsed rows, for review

It reads one attachment's table from the seed text (A1: L4672-6922), re-joins
the cells the PDF extraction broke across lines and pages, and prints a DRAFT
of tzf-2024-07-a1.rules.  The draft was then reviewed row by row against the
text (every `text` checked to occur verbatim, whitespace aside, in the seed)
and completed by hand: the measures, params, targets, notes and section
comments of the .rules file are not produced here.
corpus/tongzhou-2024/tzf-2024-07-a1.rules is the source of truth, not this script.

A2-A5 were encoded with tools/corpus/tzf_2024_07_a2_a5.py.  This script also
runs on them (keys a2..a5) but its UNITS vocabulary covers A1 only: names it
does not know are kept as printed with a warning on stderr, and page-top
repeats of a 重点任务 cell after a row's unit list (A5 row 17) are not
recognised, so such drafts need more review.

Generic over the column layout
------------------------------
Every attachment of 7号 has the columns
    序号 | 重点任务 | 工作措施 | 完成时限 | 牵头领导 | UNIT COLUMN 1 | UNIT COLUMN 2
where the two unit columns are 主责单位/协办单位 (A1, A4, A5; -> owner / co) or
牵头部门/责任单位 (A2, A3; -> owner / responsible).  LAYOUTS below gives, per
attachment, the seed line range, the expected row count and the field names of
the two unit columns; add an entry to use it on another attachment.

What the extraction does, and how the draft undoes it
-----------------------------------------------------
* repeated table headers "序号 重点任务 …" and the attachment title: dropped;
* section headings "一、…": become the first half of `group`;
* the 重点任务 cell is a merged cell spanning several rows; the extraction
  prints it (as short lines of <= 7 characters) after the number of the first
  row it spans and again after the first row of each new page (row 13 even
  prints it twice).  It is carried to every following row of the section until
  a new one is printed, and becomes the second half of `group` ("SECTION / TASK");
* cells wrapped over several lines: re-joined (no separator, except a space
  where a CJK ideograph meets an ASCII letter/digit, as the typesetting mostly
  does: "VOCs 和" + "NOx 排放" -> "VOCs 和 NOx 排放");
* the tail of each row (deadline, leaders, units) is peeled off from the end
  with fixed vocabularies: DEADLINES, LEADERS ("谭 强", "秦 涛" are the PDF's
  padding of two-character names) and UNITS (names the extraction wraps, such as
  "中关村科技园区通州园 / 管委会", are re-joined by longest match).

The owner / co boundary
-----------------------
The two unit columns are printed one after the other, so the boundary is often
not visible.  The draft decides it, in this order:
  1. a "——" in the second column: every unit before it is an owner, no co;
  2. MANUAL[row] (a review decision, see the comment at each entry);
  3. the first unit printed on the same physical line as the deadline/leader
     (e.g. "年底前 姚伟龙 区生态环境局" followed by more units on their own lines),
     or two units on one line ("各街道乡镇 区生态环境局"): the first unit is the
     owner, the rest co.  Checked against the rows whose 工作措施 names who leads
     ("生态环境局牵头，会同经济和信息化局、商务局、属地政府" row 36; 62, 65, 78);
  4. a unit line that follows the previous unit line WITHOUT the blank line the
     extraction otherwise puts between lines: a column change (rows 43, 53, 70);
  5. otherwise: all units owner, flagged "# SPLIT?" for review.

Standard library only.
"""
import json
import re
import sys

LAYOUTS = {
    # key: (first line, last line, expected rows, unit column 1, unit column 2)
    "a1": (4672, 6922, 82, "owner", "co"),
    "a4": (8625, 9600, 46, "owner", "co"),
    "a5": (9601, 10119, 27, "owner", "co"),
    "a2": (6923, 7708, 47, "owner", "responsible"),
    "a3": (7709, 8624, 49, "owner", "responsible"),
}

LEADERS = ["卢庆雷", "姚伟龙", "董明慧", "倪德才", "王翔宇", "秦涛", "吴孔安",
           "王永杰", "谭强", "侯健美", "孙学伟", "朱泉华", "林正航"]

# Unit names as printed (after re-joining wrapped lines).  Longest match wins.
UNITS = [
    "区生态环境局", "区委生态文明委环境污染防治工作小组各成员单位（大气污染防治方面）",
    "区委生态文明委环境污染防治工作小组各成员单位",
    "各街道乡镇", "各乡镇街道", "相关乡镇", "区住房城乡建设委", "区水务局", "区园林绿化局",
    "市交通委通州公路分局", "区城市管理委", "副中心工程办", "区城管执法局", "区发展改革委",
    "《北京市加快新能源汽车推广应用实施方案》涉及的各相关单位", "市规划自然委通州分局",
    "区市场监管局", "区应急局", "区经济和信息化局", "区财政局", "区交通局",
    "中关村科技园区通州园管委会", "区商务局", "市公安局通州分局", "区农业农村局",
    "区文化和旅游局", "市公安局公安交通管理局通州交通支队", "东区邮政局", "区国资委",
    "区委宣传部", "区民政局", "区融媒体中心", "区烟花办成员单位", "区体育局",
    "区城市指挥中心", "通运街道", "潞邑街道", "中仓街道", "永顺镇", "通州消防支队",
    "大运河文旅公司", "区税务局", "区空气重污染应急指挥部成员单位",
    "国家绿色发展示范区建设各成员单位",
]

# Deadline wordings, compared with all whitespace removed; value = wording as it
# is written into the rules file (the PDF's line/cell breaks removed).
DEADLINES = {
    "年底前": "年底前", "长期实施": "长期实施", "按时间节点完成": "按时间节点完成",
    "4月1日起": "4月 1日起", "6-9月": "6-9 月", "4月底前": "4月底前",
    "持续推进": "持续推进", "9月底前": "9 月底前", "3月底": "3 月底",
}

NONE_MARK = "——"
HEADER = "序号 重点任务 工作措施 完成时限 牵头领导"
SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")
# CJK ideographs (punctuation such as "。" or "（" is not followed/preceded by a space)
CJK = re.compile(r"[\u3400-\u9fff]")
ASCII_AN = re.compile(r"[A-Za-z0-9]")

# Review decisions per attachment.
#   LABEL_NONE: rows whose first line is "N <measure>" although the measure
#               begins with a short word (the draft would take it for a 重点任务).
#   MANUAL:     number of owner units where rules 1/3/4 do not decide.
LABEL_NONE = {"a1": {2}}
MANUAL = {"a1": {
    # 5/39/44: the three district-wide dust rows.  Owners = the departments the
    # row's lead officials oversee plus, where the 工作措施 makes them act, the
    # 各街道乡镇 printed last in the owner cell; units printed after them are co.
    5: 7, 39: 5, 44: 6,
    7: 1,    # like rows 2-4, 6, 8 (same officials): 各街道乡镇 owns the town ranking
    11: 2,   # "区城市管理委、区发展改革委共同牵头"
    14: 5,   # "住房城乡建设委、城市管理委、水务局、公路分局等行业主管部门" + 政府投资 (财政局)
    19: 1,   # "中关村科技园区通州园管委会牵头"
    21: 3,   # 市场监管部门 / "市公安局通州分局牵头" / 区应急局
    23: 2,   # 生态环境局 + 区发展改革委 (王永杰): 清洁生产审核
    31: 3,   # 商务局 / 东区邮政局 / "会同国资委"
    33: 3,   # 交通局 / 生态环境局 / 交通支队
    34: 8,   # 生态环境部门, the six 行业主管部门, 经济和信息化部门
    41: 4,   # 城市管理委 / 公路分局 / 园林绿化局 / 各街道乡镇
    52: 4,   # 宣传部门 / 民政部门 / 城市管理委、各街道乡镇
    57: 2,   # officials 谭强, 姚伟龙
    60: 9,   # 住建委牵头, 相关行业主管部门和属地政府主责 (副中心工程办 as in row 61)
    61: 8,   # every unit is named as acting in the 工作措施
    66: 5,   # the 工作小组各成员单位 is co wherever the boundary shows (1, 59, 73)
    77: 5,   # 生态环境局会同经信、交通、住建、城管… : officials' departments first
    81: 2,   # "生态环境局、财政局"
}}


def squash(s):
    return re.sub(r"\s+", "", s)


def join(parts):
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and ((CJK.match(out[-1]) and ASCII_AN.match(p[0])) or
                    (ASCII_AN.match(out[-1]) and CJK.match(p[0]))):
            out += " "
        out += p
    return out


def read_rows(lines, key):
    """Split the attachment into rows of physical lines.

    Each line is (text, blank_before): blank_before is False when the
    extraction printed the line directly under the previous one.
    """
    first, last, count, _, _ = LAYOUTS[key]
    rows, section, expected = [], "", 1
    prev_blank = True
    started = False
    for no in range(first, last + 1):
        raw = lines[no - 1]
        if not raw.strip():
            prev_blank = True
            continue
        blank_before, prev_blank = prev_blank, False
        s = raw.strip()
        if s.startswith(HEADER):
            started = True
            continue
        if not started:
            continue  # "附件 1", the attachment title
        if SECTION_RE.match(s):
            section = s
            continue
        # "18", "5 降尘量 …", or a page-top repeat of the 重点任务 cell fused with the
        # number ("评价18", A5): a short digit-free prefix is the end of that cell.
        m = re.match(r"^(\D{0,8}?)(\d+)(?:\s+(.*))?$", s)
        if m and int(m.group(2)) == expected and not re.search(r"[，。；、]", m.group(1)):
            rows.append({"no": expected, "line": no, "section": section, "lines": []})
            expected += 1
            if m.group(1):
                rows[-1]["lines"].append([m.group(1), True, no])
            if m.group(3):
                rows[-1]["lines"].append([m.group(3), True, no])
            continue
        rows[-1]["lines"].append([s, blank_before, no])
    assert len(rows) == count, (key, len(rows))
    return rows


def tokens_of(row):
    """Whitespace tokens with (line index, token index in line, blank_before of line)."""
    toks = []
    for li, (s, blank, _) in enumerate(row["lines"]):
        parts = s.split()
        # re-join padded two-character names: "谭 强" -> "谭强"
        merged = []
        for p in parts:
            if merged and len(merged[-1]) == 1 and len(p) == 1 and merged[-1] + p in LEADERS:
                merged[-1] += p
            else:
                merged.append(p)
        for ti, p in enumerate(merged):
            toks.append({"t": p, "line": li, "first": ti == 0, "blank": blank})
    return toks


def peel(row):
    toks = tokens_of(row)
    units = []  # from the end: (name, first token)
    none_mark = False
    i = len(toks)
    # units and the "——" mark
    while i > 0:
        t = toks[i - 1]
        if t["t"] == NONE_MARK:
            none_mark = True
            i -= 1
            continue
        if t["t"] in LEADERS:
            break
        best = None
        for k in range(1, 5):
            if i - k < 0:
                break
            cand = "".join(x["t"] for x in toks[i - k:i])
            if cand in UNITS:
                best = k
        if best is None:
            # not in UNITS: keep the token as printed and warn (extend UNITS for wrapped names)
            sys.stderr.write(f"row {row['no']}: unit {t['t']!r} not in UNITS, kept as printed\n")
            best = 1
        units.insert(0, ("".join(x["t"] for x in toks[i - best:i]), toks[i - best]))
        i -= best
    leaders = []
    while i > 0 and toks[i - 1]["t"] in LEADERS:
        leaders.insert(0, (toks[i - 1]["t"], toks[i - 1]))
        i -= 1
    deadline, dl_tok = "", None
    for k in range(1, 5):
        if i - k < 0:
            break
        cand = "".join(x["t"] for x in toks[i - k:i])
        if cand in DEADLINES:
            deadline, dl_tok = DEADLINES[cand], toks[i - k]
            i -= k
            break
    head = toks[:i]
    return head, deadline, dl_tok, leaders, units, none_mark


def head_parts(row, head, key):
    """Split the head tokens back into lines, then into 重点任务 label and 工作措施."""
    by_line = {}
    for t in head:
        by_line.setdefault(t["line"], []).append(t["t"])
    lines = [" ".join(by_line[li]) for li in sorted(by_line)]
    label = []
    if lines and row["no"] not in LABEL_NONE.get(key, set()):
        # first line may be "降尘量 全区降尘量…": label then measure
        first = lines[0].split(" ", 1)
        if len(first) == 2 and len(squash(first[0])) <= 7 and not re.search(r"[，。；]", first[0]):
            label.append(first[0])
            lines[0] = first[1]
        while lines and len(squash(lines[0])) <= 7 and not re.search(r"[，。；：]", lines[0]):
            label.append(lines.pop(0))
    lab = join(label)
    half = len(lab) // 2
    if lab and len(lab) % 2 == 0 and lab[:half] == lab[half:]:
        lab = lab[:half]  # printed twice (row 13)
    return lab, join(lines)


def split_owner(row, key, leaders, units, none_mark, dl_tok):
    names = [u for u, _ in units]
    if none_mark:
        return names, [], "explicit"
    if row["no"] in MANUAL.get(key, {}):
        k = MANUAL[key][row["no"]]
        return names[:k], names[k:], "manual"
    if len(names) <= 1:
        return names, [], "single"
    first_tok = units[0][1]
    # rule 3: first unit on the same physical line as the leader/deadline or another unit
    if not first_tok["first"]:
        return names[:1], names[1:], "same-line"
    if units[1][1]["line"] == first_tok["line"]:
        return names[:1], names[1:], "same-line"
    # rule 4: a unit line printed without a blank line before it
    for j in range(1, len(units)):
        tk = units[j][1]
        if tk["first"] and not tk["blank"] and units[j - 1][1]["line"] != tk["line"]:
            # but a wrapped name is one unit already, so this is a column change
            return names[:j], names[j:], "no-blank"
    return names, [], "undecided"


def deadline_spec(w):
    if w == "":
        return 'none ""'
    if w == "年底前":
        return '2024-12-31 "年底前"'
    if w == "4月底前":
        return '2024-04-30 "4月底前"'
    if w == "9 月底前":
        return '2024-09-30 "9 月底前"'
    if w == "3 月底":
        return '2024-03-31 "3 月底"'
    if w == "6-9 月":
        return '2024-06-01 .. 2024-09-30 "6-9 月"'
    return f'none "{w}"'  # 长期实施, 按时间节点完成, 持续推进, 4月 1日起 (a start: see file)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def convert(lines, key):
    out = []
    group = ""
    section = None
    for row in read_rows(lines, key):
        head, deadline, dl_tok, leaders, units, none_mark = peel(row)
        label, text = head_parts(row, head, key)
        if row["section"] != section:
            section, group = row["section"], ""
        if label:
            group = label
        owners, co, how = split_owner(row, key, leaders, units, none_mark, dl_tok)
        out.append({
            "no": row["no"], "line": row["line"], "section": row["section"], "task": group,
            "text": text, "deadline": deadline, "leaders": [x for x, _ in leaders],
            "owner": owners, "co": co, "split": how,
        })
    return out


def render(key, rows):
    col1, col2 = LAYOUTS[key][3], LAYOUTS[key][4]
    out = ["part of tzf_2024_07", ""]
    for r in rows:
        out.append(f"# L{r['line']}")
        out.append(f"task {key}_{r['no']:02d} {{")
        out.append(f"  article  {q(str(r['no']))}")
        grp = r["section"] + (" / " + r["task"] if r["task"] else "")
        out.append(f"  group    {q(grp)}")
        out.append(f"  text     {q(r['text'])}")
        out.append("  leads    " + ", ".join(q(x) for x in r["leaders"]))
        out.append(f"  {col1:<8} " + ", ".join(q(x) for x in r["owner"]))
        if r["co"]:
            out.append(f"  {col2:<8} " + ", ".join(q(x) for x in r["co"]))
        out.append(f"  deadline {deadline_spec(r['deadline'])}")
        if r["split"] == "undecided":
            out.append("  # SPLIT?")
        out.append("}")
        out.append("")
    return "\n".join(out)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    seed, key = sys.argv[1], sys.argv[2]
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = convert(lines, key)
    if "--json" in sys.argv:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    else:
        sys.stdout.write(render(key, rows))


if __name__ == "__main__":
    main()
