#!/usr/bin/env python3
"""Draft converter for 通政发〔2024〕7号 attachments 2-5 (碧水, 净土, 应对气候变化, 生态保护).

How it was used
---------------
    python3 tools/corpus/tzf_2024_07_a2_a5.py ../shared/seeds/000_0da4adc2e67211bb.txt OUTDIR [ROWS.json]

reads the four task tables from the seed text (A2 L6923-7708, A3 L7709-8624,
A4 L8625-9600, A5 L9601-10119), re-joins the cells the PDF extraction broke
across lines and pages (drops repeated table headers, page numbers and the
spurious line breaks; carries merged 重点任务 cells to every row they span)
and writes tzf-2024-07-a2.rules … tzf-2024-07-a5.rules into OUTDIR.

The drafts were then reviewed row by row against the text; the decisions taken
in that review (measures, targets, notes, overrides) are recorded in the data
section at the end of this script (HEADERS, EXTRA), so re-running it rebuilds
the four files.  The .rules files in corpus/tongzhou-2024/ remain the source of
truth: if they are edited by hand later, this script is not kept in step.

Owner / responsible split
-------------------------
The extraction prints every unit of the two unit columns (牵头部门/责任单位 in
A2-A3, 主责单位/协办单位 in A4-A5) one after another.  The boundary is taken
from the layout where it shows: an explicit "——"/"--" 协办 cell; two units on
one line; a bare line break (no blank line) between two units, which in this
extraction occurs only between cells, never between the paragraphs of one
cell; or the first unit printed on the deadline/leader line.  Otherwise: with
several lead officials, the shortest prefix of the unit list that holds one
department of each official's portfolio (PORTFOLIO below, read off the
unambiguous rows); with one official, the first unit.  Those inferred rows
carry a note in the .rules file (split_owner returns how it decided).

Standard library only.
"""
import json
import re
import sys

RANGES = {
    "a2": (6923, 7708, "碧水", "responsible"),
    "a3": (7709, 8624, "净土", "responsible"),
    "a4": (8625, 9600, "应对气候变化", "co"),
    "a5": (9601, 10119, "生态保护", "co"),
}
COUNTS = {"a2": 47, "a3": 49, "a4": 46, "a5": 27}

LEADERS = ["卢庆雷", "姚伟龙", "董明慧", "倪德才", "王翔宇", "秦涛", "吴孔安",
           "王永杰", "谭强", "侯健美", "孙学伟"]

PORTFOLIO = {
    "姚伟龙": ["区生态环境局", "区水务局", "区农业农村局", "区园林绿化局", "区气象局"],
    "王永杰": ["区发展改革委", "区财政局", "区统计局"],
    "王翔宇": ["区城市管理委", "区城管执法局"],
    "卢庆雷": ["区住房城乡建设委", "市规划自然委通州分局"],
    "吴孔安": ["区经济和信息化局", "区科委", "区金融办"],
    "董明慧": ["区卫生健康委"],
    "倪德才": ["区市场监管局", "区交通局"],
    "谭强": ["市公安局通州分局"],
    "孙学伟": ["区委组织部"],
}

DEADLINES = ["年底前", "长期实施", "持续推进", "9 月底前", "3 月底"]
DL_RE = re.compile(r"(?:^|\s)(" + "|".join(re.escape(d) for d in DEADLINES) + r")(?=\s|$)")
SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")
HEADER = "序号 重点任务 工作措施 完成时限 牵头领导"
NONE_MARKS = {"——", "--"}

CJK = re.compile(r"[\u4e00-\u9fff]")


def join(lines, space=True):
    """Join wrapped lines; a space where CJK meets an ASCII letter/digit
    (as the text prints "4260 吨", "BOD5 浓度") unless space is False (the narrow
    重点任务 cells: "开展GEP-R" / "核算和应" / "用")."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if space and out and ((CJK.match(out[-1]) and re.match(r"[A-Za-z0-9]", ln[0])) or
                    (re.match(r"[A-Za-z0-9]", out[-1]) and CJK.match(ln[0]))):
            out += " "
        out += ln
    return out


def split_units(tokens):
    """Re-join unit names the extraction broke, split 、-lists.

    tokens are (text, gap) pairs, gap = how the token was separated from the one
    before it: "same" (same line), "single" (next line), "double" (a blank line
    between).  Returns (units, gaps)."""
    units, gaps = [], []
    for t, gap in tokens:
        if t.isdigit():  # a page number ("151")
            continue
        if t in NONE_MARKS:
            units.append("——")
            gaps.append(gap)
            continue
        if units and (t in ("管委会", "有关部门", "位") or units[-1].endswith("等无废城市建设成员单")):
            units[-1] += t
            continue
        for i, u in enumerate(x for x in t.split("、") if x):
            units.append(u)
            gaps.append(gap if i == 0 else "list")
    return units, gaps


def parse(lines, key):
    start, end, _, _ = RANGES[key]
    rows = []
    section = ""
    group = ""
    pending_group = []  # group lines seen before a row number (page break)
    cur = None
    expected = 1
    blank = 0
    for no in range(start, end + 1):
        raw = lines[no - 1]
        s = raw.strip()
        if not s:
            blank += 1
            continue
        gap, blank = ("double" if blank else "single"), 0
        if s.startswith("附件") or s.startswith("通州区") and s.endswith("行动计划"):
            continue
        if s.startswith(HEADER):
            if cur:
                cur["state"] = "after_header"
            continue
        if SECTION_RE.match(s):
            section = s
            group = ""
            if cur:
                cur["state"] = "closed"
            continue
        if raw.startswith(" ") and not re.match(r"^\d", s) and cur is not None and cur["deadline"] is not None:
            cur["state"] = "after_header"  # a page starts with the repeated 重点任务 cell
            pending_group.append(s)
            continue
        m = re.match(r"^(.*?)(\d+)(?:\s+(.*))?$", s)
        if m and int(m.group(2)) == expected and (m.group(1) == "" or not re.search(r"\d", m.group(1))):
            before, rest = m.group(1), m.group(3) or ""
            if before:
                pending_group.append(before)
            cur = {"no": expected, "line": no, "section": section, "group_lines": list(pending_group),
                   "text_lines": [], "deadline": None, "tail": [], "state": "head"}
            pending_group = []
            rows.append(cur)
            expected += 1
            s = rest
            if not s:
                continue
        if cur is None or cur["state"] in ("after_header", "closed"):
            if cur is not None and cur["state"] == "after_header" and cur["deadline"] is not None:
                # units continuing after a page break?  (not expected here)
                pass
            pending_group.append(s)
            continue
        if cur["deadline"] is None:
            dm = DL_RE.search(s)
            if dm:
                pre = s[:dm.start()].strip()
                if pre:
                    cur["text_lines"].append(pre)
                cur["deadline"] = dm.group(1)
                cur["tail"].extend((t, "same") for t in s[dm.end():].split())
                cur["dl_line"] = no
                continue
            if cur["state"] == "head" and not cur["text_lines"] and len(s) <= 7 and not s.endswith("。"):
                # a 重点任务 cell: "目标任务", "加强饮用" / "水保护" ...
                if s.startswith("目标") or not re.search(r"[，。；]", s):
                    cur["group_lines"].append(s)
                    continue
            cur["state"] = "text"
            cur["text_lines"].append(s)
        else:
            cur["tail"].extend((t, gap if i == 0 else "same") for i, t in enumerate(s.split()))
    for r in rows:
        if r["group_lines"]:
            group = join(r["group_lines"], space=False)
        r["group"] = group if r["group_lines"] else None
    # carry groups
    g = ""
    sec = None
    for r in rows:
        if r["section"] != sec:
            sec = r["section"]
            g = ""
        if r["group"]:
            g = r["group"]
        r["group"] = g
        toks = []
        for t, gap in r["tail"]:
            if toks and toks[-1][0] == "谭" and t == "强":  # printed "谭 强"
                toks[-1] = ("谭强", toks[-1][1])
            else:
                toks.append((t, gap))
        r["leaders"] = [t for t, _ in toks if t in LEADERS]
        r["units"], r["gaps"] = split_units([tg for tg in toks if tg[0] not in LEADERS])
        r["text"] = join(r["text_lines"])
    return rows


SPLIT_NOTE = {
    ("responsible", "prefix"): "提取文本未显示牵头部门与责任单位的分栏界线；按“每位牵头领导至少对应一个牵头部门、单位按栏序列出”取最短前缀为牵头部门（见文件头注释）",
    ("responsible", "single"): "提取文本未显示牵头部门与责任单位的分栏界线；按惯例取所列第一个单位为牵头部门（见文件头注释）",
    ("co", "prefix"): "提取文本未显示主责单位与协办单位的分栏界线；按“每位牵头领导至少对应一个主责单位、单位按栏序列出”取最短前缀为主责单位（见文件头注释）",
    ("co", "single"): "提取文本未显示主责单位与协办单位的分栏界线；按惯例取所列第一个单位为主责单位（见文件头注释）",
}


def split_owner(row):
    """Return (owners, others, how).  how: explicit ("——"), layout (two units on
    one line, or a unit on the next line without the blank line the extraction
    prints between the paragraphs of one cell), single or prefix (fallbacks)."""
    units, gaps = row["units"], row["gaps"]
    if "——" in units:
        i = units.index("——")
        return units[:i], units[i + 1:], "explicit"
    k = 1
    for ld in (row["leaders"] if len(row["leaders"]) > 1 else []):
        idx = [i for i, u in enumerate(units) if u in PORTFOLIO.get(ld, [])]
        if idx:
            k = max(k, idx[0] + 1)
    for i in range(1, len(units)):
        if gaps[i] in ("same", "single"):
            if i < k:
                raise SystemExit(f"layout boundary before the portfolio prefix: {row['no']} {units}")
            return units[:i], units[i:], "layout"
    if len(units) == 1:
        return units, [], "layout"
    if len(row["leaders"]) > 1:
        return units[:k], units[k:], "prefix"
    if gaps[0] == "same":  # the first unit printed on the deadline/leader line
        return units[:1], units[1:], "firstline"
    return units[:1], units[1:], "single"


def deadline(w):
    if w == "年底前":
        return "2024-12-31"
    if w == "9 月底前":
        return "2024-09-30"
    if w == "3 月底":
        return "2024-03-31"
    return "none"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(key, rows):
    _, _, name, col = RANGES[key]
    out = [HEADERS[key].rstrip("\n"), ""]
    for r in rows:
        tid = f"{key}_{r['no']:02d}"
        x = EXTRA.get(tid, {})
        owners, rest, how = split_owner(r)
        if "owner" in x:
            owners = x["owner"]
        if "rest" in x:
            rest = x["rest"]
        group = x.get("group", r["group"])
        text = x.get("text", r["text"])
        for c in x.get("pre", []):
            out.append(c)
        out.append(f"task {tid} {{")
        out.append(f"  article {q(str(r['no']))}")
        out.append(f"  group {q(r['section'] + ' / ' + group)}")
        out.append(f"  text {q(text)}")
        out.append("  leads " + ", ".join(q(v) for v in r["leaders"]))
        out.append("  owner " + ", ".join(q(v) for v in owners))
        if rest:
            out.append(f"  {col} " + ", ".join(q(v) for v in rest))
        d = x.get("deadline") or deadline(r["deadline"])
        out.append(f"  deadline {d} {q(r['deadline'])}")
        for t in x.get("targets", []):
            out.append(f"  target {t}")
        notes = []
        if how in ("prefix", "single") and "owner" not in x:
            notes.append(SPLIT_NOTE[(col, how)])
        notes += x.get("notes", [])
        for n in notes:
            out.append(f"  note {q(n)}")
        out.append("}")
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Hand-reviewed data (headers, measures, targets, notes, overrides)
# ---------------------------------------------------------------------------

_SPLIT_RULE = """#
# Owner/{second} split. The extraction prints the units of the {c1} and {c2} cells one after
# the other, so where the two cells meet is visible only (a) where the 协办单位 cell is "——"/"--"
# (A4/A5), (b) where two units are printed on one line (cells side by side: "年底前 姚伟龙 区水务局
# 各街道乡镇"), (c) where a unit follows the previous one on the next line without the blank line the
# extraction prints between the paragraphs of one cell (in the rows where (a) fixes the boundary, and
# in the 牵头领导 cells, such a bare line break occurs only between two cells, never inside one), or
# (d) where the first unit is printed on the line of the deadline and lead official (taken, as in A1,
# as the whole {c1} cell when nothing else shows the boundary). Otherwise the boundary is inferred:
# with several lead officials the {c1} cell is taken to be the shortest prefix of the list that holds
# one department of each official's portfolio (the "——" rows show such cells: at least one department
# per official); with one official, the first unit. Rows split by inference carry a note saying so.
# No unit list was reordered: owner + {second} is always the cells' content in printed order.
# Units are named as printed (cells re-joined across lines; "、"-lists split); "谭 强" is printed with a
# space and encoded "谭强". Aliases such as "相关乡镇", "各乡镇街道", "于家务" are in shared/registry.rules.
"""

HEADERS = {
    "a2": """part of tzf_2024_07

# 通政发〔2024〕7号 附件 2《通州区碧水保卫战 2024 年行动计划》(seed L6923–7708): 47 task rows a2_01–a2_47
# in five sections: 一、水环境质量目标 1–4; 二、水资源保护 5–14; 三、水环境治理 15–38;
# 四、水生态修复 39–43; 五、重点区域综合提升 44–47.
# Columns: 序号 → article (as printed); 重点任务 (a merged cell, carried to every row it spans) → group,
# after the section heading; 工作措施 → text (PDF line breaks, repeated table headers and page-number
# lines removed); 完成时限 → deadline; 牵头领导 → leads; 牵头部门 → owner; 责任单位 → responsible.
# Deadlines as printed: 年底前 ×25 → 2024-12-31; 长期实施 ×20 → none; "9 月底前" ×2 (22, 23) → 2024-09-30.
# Drafted with tools/corpus/tzf_2024_07_a2_a5.py, then reviewed row by row against the text.
""" + _SPLIT_RULE.format(second="responsible", c1="牵头部门", c2="责任单位") + """
# Measures for the figures the rows commit to. 5号 reports the 2023 state of the same 8 sections
# ("8 个国市控考核断面…全部达到Ⅳ类以上，其中 4 个实现Ⅲ类") as monitored_sections_class_iv_or_better_2023
# and monitored_sections_class_iii_2023 (tzf-2024-05.rules); the 2024 measures below are their counterparts.

measure monitored_sections_meeting_target "水质达到国家和北京市考核目标要求的地表水国考和市考断面" : int unit "个"

measure monitored_sections_class_iii "水质达到Ⅲ类的地表水国考和市考断面" : int unit "个"

measure monitored_sections_class_iv_or_better "水质达到Ⅳ类及以上的地表水国考和市考断面" : int unit "个"

measure cod_reduction_cumulative "化学需氧量（COD）累计减排量" : number unit "吨"

measure nh3n_reduction_cumulative "氨氮（NH3-N）累计减排量" : number unit "吨"

measure well_zone_pollution_sources "农村水源井周边 30 米范围内的污水、垃圾、厕所、养殖粪污等污染源" : int unit "处"

measure groundwater_risk_sources_surveyed "累计完成信息调查的地下水风险源" : int unit "个"

measure city_water_use_total "全市生产生活用水总量" : number unit "亿立方米"

measure water_use_per_10k_gdp_decline "万元 GDP 用水量比 2023 年下降幅度" : rate

measure sewer_pipes_built_cumulative "累计完成市级下达新（改）建污水收集管线" : number unit "公里"

# "2024 年全区再生水利用量达到市、区两级任务要求": the task figure (and its unit) is not in the text.
measure reclaimed_water_use "全区再生水利用量（单位未给出）" : number

param reclaimed_water_use_task "市、区两级下达的再生水利用量任务（文本未给出）" : number

measure low_bod_wwtp_areas_planned "编制系统化整治方案的进水 BOD5 浓度低于 100mg/L 的城市污水处理厂服务片区" : int unit "座"

measure rural_sewage_facility_operating_rate "已建成农村污水处理设施正常运行率" : rate

measure permit_reports_audited_share "许可证质量、2023 年度执行报告审核总数占持证单位总数的比例" : rate

measure permit_reports_on_time_rate "2023 年度排污许可证执行报告按时提交率" : rate

measure black_odorous_segments_consolidated "巩固治理成效的黑臭水体条段" : int unit "条段"

# Water-quality class as a number: Ⅰ类 = 1 … Ⅴ类 = 5 (劣Ⅴ类 = 6); lower is better.
measure yudai_river_water_class "玉带河水质类别（Ⅰ—Ⅴ类记为 1—5，劣Ⅴ类记为 6）" : int

measure rural_wwtp_upgrades_advanced "推进升级改造的农村污水处理设施（千吨以上）" : int unit "座"

# a2_22 "汛前持续开展“清管行动”“清河行动”": the text names 汛前 but gives no date for the flood season.
param flood_season_start "汛期开始（文本未给出日期）" : date
""",
    "a3": """part of tzf_2024_07

# 通政发〔2024〕7号 附件 3《通州区净土保卫战 2024 年行动计划》(seed L7709–8624): 49 task rows a3_01–a3_49
# in five sections: 一、土壤污染防治目标 1; 二、持续深入防控建设用地风险 2–19;
# 三、持续深入净化农用地环境 20–29; 四、持续加强未利用地保护 30–31; 五、大力提升土壤环境治理能力 32–49.
# Columns: 序号 → article (as printed); 重点任务 (a merged cell, carried to every row it spans) → group,
# after the section heading; 工作措施 → text (the cell's bold sub-heading such as "管控优先监管地块。" is
# part of the cell and kept; PDF line breaks, repeated table headers and the page number "151" removed);
# 完成时限 → deadline; 牵头领导 → leads; 牵头部门 → owner; 责任单位 → responsible.
# Deadlines as printed: 年底前 ×48 → 2024-12-31; "3 月底" ×1 (32) → 2024-03-31.
# In-text dates earlier than the cell ("2月底、8 月底前" in 2, "6月底前" in 9) are encoded as targets.
# Drafted with tools/corpus/tzf_2024_07_a2_a5.py, then reviewed row by row against the text.
""" + _SPLIT_RULE.format(second="responsible", c1="牵头部门", c2="责任单位") + """
measure priority_sites_investigated "推进土壤污染状况调查的上年度优先监管地块" : int unit "个"

measure priority_site_list_updates "优先监管地块清单年内更新次数" : int unit "次"

measure key_construction_land_safe_use_rate "重点建设用地安全利用率" : rate

measure key_soil_units_lookback_done "完成隐患排查和自行监测“回头看”的上年度土壤污染重点监管单位" : int unit "家"

measure fuel_station_leak_check_share "抽查防渗漏措施落实情况的加油站、储油库占比" : rate

measure contaminated_farmland_safe_use_rate "受污染耕地安全利用率" : rate

measure orchard_fertile_soil_area "完成“沃土”工程的规模化果园面积" : number unit "万亩"

measure soil_test_fertilization_coverage "主要农作物测土配方施肥技术覆盖率" : rate

measure fertilizer_use_efficiency "主要农作物化肥利用率" : rate

measure pesticide_use_efficiency "农药利用率" : rate

measure farm_film_recovery_rate "农膜回收率" : rate

measure green_pest_control_demo_area "信息素、迷向丝、生物天敌等绿色防治技术示范面积" : number unit "万亩"

measure straw_utilization_rate "秸秆综合利用率" : rate

measure manure_utilization_rate "畜禽粪污综合利用率" : rate
""",
    "a4": """part of tzf_2024_07

# 通政发〔2024〕7号 附件 4《通州区应对气候变化 2024 年行动计划》(seed L8625–9600): 46 task rows a4_01–a4_46
# in six sections: 一、温室气体排放控制目标 1; 二、完善应对气候变化综合管理体系 2–10;
# 三、深入推进重点领域温室气体排放控制工作 11–27; 四、加强城市气候适应性建设 28–30;
# 五、强化综合保障和能力建设 31–34; 六、积极推动气候投融资试点建设 35–46.
# Columns: 序号 → article (as printed); 重点任务 (a merged cell, carried to every row it spans) → group,
# after the section heading; 工作措施 → text (PDF line breaks and repeated table headers removed);
# 完成时限 → deadline; 牵头领导 → leads; 主责单位 → owner; 协办单位 → co ("——" or "--" = none: no co line).
# Deadlines as printed: 年底前 ×46 → 2024-12-31.
# Drafted with tools/corpus/tzf_2024_07_a2_a5.py, then reviewed row by row against the text.
""" + _SPLIT_RULE.format(second="co", c1="主责单位", c2="协办单位") + """
measure carbon_intensity_decline_vs_2020 "全区碳排放强度较 2020 年累计下降幅度" : rate

measure local_renewable_share "城市副中心本地可再生能源利用比重" : rate

measure household_waste_recycling_rate "生活垃圾回收利用率" : rate

measure prefab_building_share "装配式建筑占新建建筑面积的比例" : rate

measure new_energy_heating_share "新建建筑耦合供热系统中新能源供热装机占比" : rate

measure sponge_city_area_share "全区海绵城市达标面积比例" : rate

# "完成/达到市级下达指标(要求)": the municipal figures are not in the text (nor their units);
# each is an open parameter. 万元 GDP 能耗 (a4_11) uses the shared energy_intensity /
# energy_intensity_municipal_task of shared/measures.rules, as 6号 does.
measure new_local_renewable_capacity "新增本地可再生能源发电装机容量（单位未给出）" : number

param new_local_renewable_capacity_task "市级下达的新增本地可再生能源发电装机容量指标（文本未给出）" : number

measure smart_heating_retrofit_area "既有建筑智能化供热改造面积（单位未给出）" : number

param smart_heating_retrofit_area_task "市级下达的既有建筑智能化供热改造面积指标（文本未给出）" : number

measure forest_stock_volume "全区森林蓄积量（单位未给出）" : number

param forest_stock_volume_task "市级下达的森林蓄积量指标（文本未给出）" : number

measure new_green_area "新增绿化面积（单位未给出）" : number

param new_green_area_task "市级下达的新增绿化面积指标（文本未给出）" : number
""",
    "a5": """part of tzf_2024_07

# 通政发〔2024〕7号 附件 5《通州区生态保护 2024 年行动计划》(seed L9601–10119): 27 task rows a5_01–a5_27
# in five sections: 一、生态环境质量状况目标 1; 二、强化生物多样性保护 2–7; 三、维护生态空间格局稳定性 8–14;
# 四、促进生态保护可持续发展 15–20; 五、全面提升建成区绿视率 21–27.
# Columns: 序号 → article (as printed); 重点任务 (a merged cell, carried to every row it spans) → group,
# after the section heading; 工作措施 → text (PDF line breaks and repeated table headers removed);
# 完成时限 → deadline; 牵头领导 → leads; 主责单位 → owner; 协办单位 → co ("——" = none: no co line).
# Deadlines as printed: 年底前 ×20 → 2024-12-31; 持续推进 ×7 (21–27) → none.
# Drafted with tools/corpus/tzf_2024_07_a2_a5.py, then reviewed row by row against the text.
""" + _SPLIT_RULE.format(second="co", c1="主责单位", c2="协办单位") + """
# a5_01: the 生态环境质量指数 (EI) and its sub-indices, each "不下降" against the previous year's value,
# which the text does not give (open parameters *_prev). The unit the text makes responsible for each
# sub-index is in the comment after it.
measure eco_quality_index "全区生态环境质量指数（EI）" : number

param eco_quality_index_prev "上年全区生态环境质量指数（EI）（文本未给出）" : number

measure ei_air_env "EI 子指数：大气环境指数" : number  # 区生态环境局

param ei_air_env_prev "上年大气环境指数（文本未给出）" : number

measure ei_water_network_density "EI 子指数：水网密度指数" : number  # 区水务局

param ei_water_network_density_prev "上年水网密度指数（文本未给出）" : number

# also a5_26 "确保自然岸线保有率不降低"
measure natural_shoreline_rate "自然岸线保有率" : rate  # 区水务局

param natural_shoreline_rate_prev "上年自然岸线保有率（文本未给出）" : rate

measure ei_forest_land "EI 子指数：林地指数" : number  # 区园林绿化局

param ei_forest_land_prev "上年林地指数（文本未给出）" : number

measure ei_grassland "EI 子指数：草地指数" : number  # 区园林绿化局

param ei_grassland_prev "上年草地指数（文本未给出）" : number

measure ei_artificial_surface "EI 子指数：人工地表指数" : number  # 市规划自然资源委员会通州分局

param ei_artificial_surface_prev "上年人工地表指数（文本未给出）" : number

measure ei_unused_land "EI 子指数：未利用地指数" : number  # 市规划自然资源委员会通州分局

param ei_unused_land_prev "上年未利用地指数（文本未给出）" : number

measure ei_ecosystem_diversity "EI 子指数：生态系统类型多样性指数" : number  # 市规划自然资源委员会通州分局

param ei_ecosystem_diversity_prev "上年生态系统类型多样性指数（文本未给出）" : number

measure ei_protected_area "EI 子指数：受保护区域面积指数" : number  # 市规划自然资源委员会通州分局

param ei_protected_area_prev "上年受保护区域面积指数（文本未给出）" : number

measure ei_cropland "EI 子指数：耕地指数" : number  # 区农业农村局

param ei_cropland_prev "上年耕地指数（文本未给出）" : number

measure ei_species_diversity "EI 子指数：物种多样性指数" : number  # 区园林绿化局和区农业农村局

param ei_species_diversity_prev "上年物种多样性指数（文本未给出）" : number

measure ei_invasive_species "EI 子指数：外来物种入侵指数" : number  # 区园林绿化局和区农业农村局

param ei_invasive_species_prev "上年外来物种入侵指数（文本未给出）" : number

measure ei_water_env "EI 子指数：水环境指数" : number  # 区生态环境局和区水务局

param ei_water_env_prev "上年水环境指数（文本未给出）" : number

measure ei_soil_env "EI 子指数：土壤环境指数" : number  # 区生态环境局和区农业农村局

param ei_soil_env_prev "上年土壤环境指数（文本未给出）" : number

# "森林覆盖率持续达标" (a5_11), "确保湿地保护率持续达标" (a5_14): the standard is not in the text.
measure forest_coverage_rate "森林覆盖率" : rate

param forest_coverage_standard "森林覆盖率达标值（文本未给出）" : rate

measure wetland_protection_rate "湿地保护率" : rate

param wetland_protection_standard "湿地保护率达标值（文本未给出）" : rate
""",
}

Y = "by 2024-12-31"
NO_FIGURE = "“完成市级部门下达任务指标”：指标文本未给出，未编码目标"

EXTRA = {
    # ----------------------------------------------------------------- A2 碧水
    "a2_01": {
        "targets": [f"monitored_sections_meeting_target >= 8 {Y}",
                    f"monitored_sections_class_iii >= 1 {Y}",
                    f"monitored_sections_class_iv_or_better >= 8 {Y}  # 1 个Ⅲ类 + 7 个Ⅳ类"],
        "notes": ["“（1个Ⅲ类、7 个Ⅳ类）”为 8 个断面的考核目标类别：编码为至少 1 个达到Ⅲ类、8 个全部达到Ⅳ类及以上"],
    },
    "a2_02": {"notes": ["牵头部门“各街道乡镇”与完成时限、牵头领导同行印出"]},
    "a2_04": {
        "targets": [f"cod_reduction_cumulative >= 4260 {Y}",
                    f"nh3n_reduction_cumulative >= 325 {Y}"],
        "notes": ["责任单位“市规划自然委通州分局等有关部门”按原文作为一个单位名（同 shared/registry.rules）"],
    },
    "a2_05": {
        "targets": ["well_zone_pollution_sources == 0  # 长期实施：无日期"],
    },
    "a2_06": {"notes": ["正文另有“2024 年底前完成乡镇级水源地饮用水水源保护区补充划定工作”，完成时限栏为“长期实施”"]},
    "a2_09": {},
    "a2_12": {"targets": [f"groundwater_risk_sources_surveyed >= 300 {Y}"]},
    "a2_13": {
        "targets": [f"city_water_use_total <= 30 {Y}",
                    f"water_use_per_10k_gdp_decline about 1.5% {Y}"],
        "notes": ["“生产生活用水总量控制在 30 亿立方米以内”为全市指标，本区为“配合”；“下降 1.5%左右”编码为 about"],
    },
    "a2_15": {
        "targets": [f"sewer_pipes_built_cumulative >= 10 {Y}",
                    f"reclaimed_water_use >= reclaimed_water_use_task {Y}"],
        "notes": ["“再生水利用量达到市、区两级任务要求”：任务数值文本未给出，为开放参数 reclaimed_water_use_task"],
    },
    "a2_16": {"targets": [f"low_bod_wwtp_areas_planned >= 2 {Y}"]},
    "a2_18": {"targets": [f"rural_sewage_facility_operating_rate >= 80% {Y}"]},
    "a2_19": {"notes2": ["“完成国家及北京市下达的任务目标”：任务目标文本未给出，未编码目标"]},
    "a2_22": {"notes": ["正文“汛前持续开展‘清管行动’‘清河行动’……提前……全面清掏”：汛前的日期文本未给出，为开放参数 flood_season_start；任务本身的完成时限按完成时限栏“9 月底前”"]},
    "a2_23": {"notes": ["“降雨前提前加大抽升处理”按降雨事件触发，无固定日期"]},
    "a2_24": {"notes": ["“雨后 24 小时内”清理垃圾、漂浮物：按降雨事件触发的 24 小时时限，无固定日期"]},
    "a2_27": {
        "targets": ["permit_reports_audited_share >= 33.3333%  # 不少于三分之一",
                    "permit_reports_on_time_rate >= 98%"],
        "notes": ["“不少于持证单位总数的三分之一”：比率精确到百万分之一，1/3 记为 33.3333%（向下取整）"],
    },
    "a2_30": {"notes": ["“每季度上报”为按季度重复的要求"]},
    "a2_32": {"notes": ["“当月完成整改”：对发现的黑臭问题在发现当月整改，按事件触发，无固定日期"]},
    "a2_33": {"notes": ["“每月开展”为按月重复的要求"]},
    "a2_44": {"targets": [f"black_odorous_segments_consolidated >= 55 {Y}"]},
    "a2_45": {
        "targets": ["yudai_river_water_class <= 3 by 2025-12-31  # 2025 年达到 III 类水质"],
        "notes": ["“2025 年达到 III 类水质”按 2025 年底计；完成时限栏为“长期实施”"],
    },
    "a2_46": {
        "targets": [f"rural_wwtp_upgrades_advanced >= 11 {Y}"],
        "notes": ["“推进……11 座农村污水处理设施（千吨以上）升级改造事宜”：目标为推进，不是完成；“漷县镇污水处理厂升级改造工程开工建设”“台湖镇污水处理厂前期手续办理”无数量"],
    },
    # ----------------------------------------------------------------- A3 净土
    "a3_02": {
        "targets": [f"priority_sites_investigated >= 17 {Y}",
                    "priority_site_list_updates >= 1 by 2024-02-29  # 2月底前",
                    "priority_site_list_updates >= 2 by 2024-08-31  # 8 月底前"],
        "notes": ["正文“2月底、8 月底前更新清单”早于完成时限栏“年底前”：编码为 2 月底前至少更新 1 次、8 月底前累计至少 2 次；“以筛查台账为基础”依赖 a3_04 更新的筛查台账"],
    },
    "a3_05": {"notes": ["“风险管控、修复活动完成后”：按地块事件触发"]},
    "a3_07": {
        "targets": [f"key_construction_land_safe_use_rate >= 95% {Y}"],
        "notes2": ["原文“重点建设用地安全利用率达到 100%，或者达到 95%以上且当年依法处罚、整改到位”：目标不能写成析取，只编码两种情形共同的下限 95%"],
    },
    "a3_08": {"notes2": ["“在开工建设前督促完成土壤环境现状调查”：按项目事件触发"]},
    "a3_09": {
        "targets": ["key_soil_units_lookback_done >= 3 by 2024-06-30  # 6月底前"],
        "notes": ["正文“6月底前”完成上年度 3 家单位“回头看”，早于完成时限栏“年底前”"],
    },
    "a3_11": {"targets": [f"fuel_station_leak_check_share >= 20% {Y}"]},
    "a3_12": {"notes": ["责任单位栏印作“西集镇、漷县镇”“于家务、永乐店”“台湖镇、张家湾”“潞城镇、马驹桥镇”，按原文拆分"]},
    "a3_16": {"notes": ["责任单位栏印作“区经济和信息化局等无废城市建设成员单位”，拆为“区经济和信息化局”和“无废城市建设成员单位”（同 shared/registry.rules）"]},
    "a3_20": {"targets": [f"contaminated_farmland_safe_use_rate >= 100% {Y}"]},
    "a3_21": {"targets": [f"orchard_fertile_soil_area about 0.2 {Y}  # 约 0.2 万亩"]},
    "a3_22": {"notes": ["“发现可能因土壤原因导致农产品不符合质量安全标准时”开展监测：按事件触发"]},
    "a3_26": {"targets": [f"soil_test_fertilization_coverage >= 98% {Y}",
                          f"fertilizer_use_efficiency >= 43% {Y}",
                          f"pesticide_use_efficiency >= 45% {Y}",
                          f"farm_film_recovery_rate >= 92% {Y}"]},
    "a3_27": {"targets": [f"green_pest_control_demo_area about 0.3 {Y}  # 约 0.3 万亩"]},
    "a3_28": {"targets": [f"straw_utilization_rate >= 98.5% {Y}",
                          f"manure_utilization_rate >= 95% {Y}"]},
    "a3_40": {"notes": ["“按季度评价”为按季度重复的要求"]},
    # ----------------------------------------------------------------- A4 应对气候变化
    "a4_01": {
        "targets": [f"carbon_intensity_decline_vs_2020 about 15% {Y}"],
        "notes": ["“碳排放总量得到有效控制”“碳排放强度同比持续下降”无数值"],
    },
    "a4_10": {
        "targets": [f"local_renewable_share >= 20% {Y}"],
        "notes": ["“单位地区生产总值能耗和单位地区生产总值二氧化碳排放达到全国一流水平”无数值"],
    },
    "a4_11": {
        "targets": [f"energy_intensity <= energy_intensity_municipal_task {Y}  # 万元 GDP 能耗"],
        "notes2": ["“万元 GDP 能耗达到市级下达指标要求”：即能耗强度，沿用 shared/measures.rules 的 energy_intensity 与开放参数 energy_intensity_municipal_task（同 6号）；“天然气消费规模达到市级下达指标要求”：指标数值及其为上限还是下限文本未给出，未编码目标"],
    },
    "a4_12": {
        "targets": [f"new_local_renewable_capacity >= new_local_renewable_capacity_task {Y}"],
        "notes2": ["“新增本地可再生能源发电装机容量完成市级下达指标”：指标文本未给出，为开放参数"],
    },
    "a4_14": {"targets": [f"household_waste_recycling_rate >= 37.5% {Y}"]},
    "a4_17": {"notes": ["“新建政府投资和公共建筑执行绿色建筑三星级标准”为对全部此类新建建筑的要求，无比例数值"]},
    "a4_18": {"targets": [f"prefab_building_share >= 50% {Y}"]},
    "a4_19": {
        "targets": [f"new_energy_heating_share >= 60% {Y}"],
        "notes": ["原文为“原则上不低于 60%”"],
    },
    "a4_22": {
        "targets": [f"smart_heating_retrofit_area >= smart_heating_retrofit_area_task {Y}"],
        "notes": ["“既有建筑智能化供热改造面积达到市级下达指标要求”：指标文本未给出，为开放参数"],
    },
    "a4_26": {
        "targets": [f"forest_stock_volume >= forest_stock_volume_task {Y}"],
        "notes": ["“全区森林蓄积量达到市级下达指标要求”：指标文本未给出，为开放参数"],
    },
    "a4_27": {
        "targets": [f"new_green_area >= new_green_area_task {Y}"],
        "notes": ["“新增绿化面积达到市级下达指标要求”：指标文本未给出，为开放参数"],
    },
    "a4_29": {
        "targets": [f"sponge_city_area_share >= 45% {Y}"],
        "notes": ["原文为“力争达到 45%”"],
    },
    "a4_40": {"notes": ["“区内重大规划、重大项目提请区政府会议审议前开展应对气候变化审核”：按事件触发的前置程序"]},
    # ----------------------------------------------------------------- A5 生态保护
    "a5_01": {
        "targets": [f"eco_quality_index >= eco_quality_index_prev {Y}  # 力争稳中向好",
                    f"ei_air_env >= ei_air_env_prev {Y}",
                    f"ei_water_network_density >= ei_water_network_density_prev {Y}",
                    f"natural_shoreline_rate >= natural_shoreline_rate_prev {Y}",
                    f"ei_forest_land >= ei_forest_land_prev {Y}",
                    f"ei_grassland >= ei_grassland_prev {Y}",
                    f"ei_artificial_surface >= ei_artificial_surface_prev {Y}",
                    f"ei_unused_land >= ei_unused_land_prev {Y}",
                    f"ei_ecosystem_diversity >= ei_ecosystem_diversity_prev {Y}",
                    f"ei_protected_area >= ei_protected_area_prev {Y}",
                    f"ei_cropland >= ei_cropland_prev {Y}",
                    f"ei_species_diversity >= ei_species_diversity_prev {Y}",
                    f"ei_invasive_species >= ei_invasive_species_prev {Y}",
                    f"ei_water_env >= ei_water_env_prev {Y}",
                    f"ei_soil_env >= ei_soil_env_prev {Y}"],
        "notes": ["“EI 力争稳中向好”与各子指数“不下降”编码为不低于上年值（上年值文本未给出，为开放参数 *_prev）；各子指数的负责单位见测度声明处注释",
                  "正文“市规划自然资源委员会通州分局”即主责单位栏的“市规划自然委通州分局”"],
    },
    "a5_11": {
        "targets": [f"forest_coverage_rate >= forest_coverage_standard {Y}"],
        "notes": ["“森林覆盖率持续达标”：达标值文本未给出，为开放参数", NO_FIGURE],
    },
    "a5_12": {"notes": [NO_FIGURE]},
    "a5_13": {"notes": [NO_FIGURE]},
    "a5_14": {
        "targets": [f"wetland_protection_rate >= wetland_protection_standard {Y}"],
        "notes": ["“确保湿地保护率持续达标”：达标值文本未给出，为开放参数"],
    },
    "a5_23": {
        "rest": ["市交通委通州公路分局", "相关街道乡镇"],
        "notes2": ["协办单位栏再次列出“区园林绿化局”（已列为主责单位），此处不重复列入"],
    },
    "a5_26": {
        "targets": ["natural_shoreline_rate >= natural_shoreline_rate_prev  # 持续推进：无日期"],
        "notes": ["“确保自然岸线保有率不降低”：上年值文本未给出，为开放参数（同 a5_01）"],
    },
}
# notes2: notes that follow the split note
for _v in EXTRA.values():
    if "notes2" in _v:
        _v["notes"] = _v.get("notes", []) + _v.pop("notes2")


def main():
    seed, outdir = sys.argv[1], sys.argv[2]
    with open(seed, encoding="utf-8") as f:
        lines = f.read().split("\n")
    dump = {}
    for key in RANGES:
        rows = parse(lines, key)
        assert len(rows) == COUNTS[key], (key, len(rows))
        dump[key] = rows
        with open(f"{outdir}/tzf-2024-07-{key}.rules", "w", encoding="utf-8") as f:
            f.write(render(key, rows))
    if len(sys.argv) > 3:  # optional: a JSON dump of the parsed rows, for review
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            json.dump(dump, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
