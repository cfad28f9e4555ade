"""Draft the 17 task rows of the 任务分工表 of 通政发〔2024〕11号 from the seed text.

Used once: python3 tools/corpus/tzf_2024_11.py > /tmp/tzf11_tasks.rules
For each row the line ranges of the 任务分解 and 具体任务 cells were read off the seed
(L10934-11300) by hand, because the extraction interleaves cells (rows 8, 11 and 15 are
split around other cells, row 8 puts three cells on one line). The script joins the cell
lines, drops blank lines and page numbers, and checks that 任务分解 + 具体任务 equals the
body paragraph 三、工作任务 N (L10714-10900). The output was reviewed row by row and pasted
into corpus/tongzhou-2024/tzf-2024-11.rules, which is the source of truth.
"""
import os
import sys

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "seeds",
                    "000_0da4adc2e67211bb.txt")  # shared/ beside the repository
L = open(SEED, encoding="utf-8").read().split("\n")


def j(*ranges):
    out = []
    for r in ranges:
        if isinstance(r, str):
            out.append(r)
            continue
        a, b = r
        out += [x.strip() for x in L[a - 1:b] if x.strip() and not x.strip().isdigit()]
    return "".join(out)


NOTE = "任务分工表只有序号、重点任务、任务分解、具体任务、责任单位五列，无完成时限和牵头领导列；方案总体目标为“到 2026 年”（见 goal）"

GROUPS = {1: "（一）完善知识产权创造机制", 5: "（二）优化知识产权运用机制", 9: "（三）加强知识产权保护机制",
          11: "（四）健全知识产权管理机制", 14: "（五）提升知识产权服务水平"}
SJ = ["区市场监管局", "区科委"]
ENF = ["区市场监管局", "市公安局通州分局", "区法院", "区检察院", "区文化和旅游局", "区农业农村局",
       "区园林绿化局", "通州海关"]
LX = ["区知识产权联席会议成员单位"]
ROWS = {
    1: ((10942, 10944), ((10946, 10956),), SJ),
    2: ("加快商标品牌培育", ((10964, 10968),), ["区市场监管局"]),
    3: ((10973, 10975), ((10977, 10983),), ["区市场监管局", "区农业农村局"]),
    4: ((10990, 10992), ((10993, 10993),), ["区委宣传部", "区文化和旅游局", "区经济和信息化局"]),
    5: ((11006, 11010), ((11012, 11024),), SJ),
    6: ((11031, 11033), ((11035, 11041),), SJ),
    7: ((11048, 11050), ((11052, 11066),), SJ),
    8: ("探索开展知识产权金融服务，促进知识产权价值实现。",
        ("鼓励金融服务机构开展知识产权项目的评估、质押、担", (11077, 11087)), ["区市场监管局", "区金融办"]),
    9: ((11097, 11099), ((11101, 11113),), ENF),
    10: ((11128, 11130), ((11132, 11142),), ENF),
    11: ((11158, 11160), ((11162, 11164), "措施的落实。"), LX),
    12: ((11173, 11175), ((11177, 11187),), LX),
    13: ((11194, 11196), ((11198, 11208),), ["区市场监管局"]),
    14: ((11218, 11220), ((11222, 11230),), ["区市场监管局"]),
    15: ((11235, 11237), ((11239, 11245), (11250, 11252)), LX),
    16: ((11255, 11257), ((11259, 11273),), LX),
    17: ((11280, 11282), ((11284, 11296),), LX),
}
BODY = {1: (10714, 10724), 2: (10726, 10730), 3: (10731, 10737), 4: (10739, 10741), 5: (10745, 10757),
        6: (10759, 10765), 7: (10767, 10778), 8: (10780, 10792), 9: (10796, 10808), 10: (10810, 10819),
        11: (10823, 10827), 12: (10829, 10839), 13: (10841, 10851), 14: (10855, 10862), 15: (10864, 10874),
        16: (10876, 10888), 17: (10890, 10900)}


def main():
    group = None
    bad = 0
    for n, (fen, ju, units) in ROWS.items():
        group = GROUPS.get(n, group)
        fen = j(fen)
        ju = j(*ju)
        text = fen + ("" if fen.endswith("。") else "。") + ju
        body = j(BODY[n])
        if body != f"{n}.{text}":
            bad += 1
            print(f"# MISMATCH row {n}:\n#  table {text}\n#  body  {body}", file=sys.stderr)
        print(f"# 任务分解：{fen}")
        print(f"task t{n:02d} {{")
        print(f'  article  "{n}"')
        print(f'  group    "{group}"')
        print(f'  text     "{text}"')
        print("  owner    " + ", ".join(f'"{u}"' for u in units))
        print('  deadline none ""')
        print(f'  note     "{NOTE}"')
        print("}\n")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
