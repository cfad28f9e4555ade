"""Draft the 20 `record` rows of 通政发〔2024〕2号 (heritage list) from the seed text.

Used once: python3 tools/corpus/tzf_2024_02.py > /tmp/tzf02_records.rules
The output was then reviewed row by row against seed L550-604 (rows 4, 5 and 17
are split over several lines in the extraction and are hard-coded below) and
pasted into corpus/tongzhou-2024/tzf-2024-02.rules, which is the source of truth.
"""
import os
import re
import sys

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "seeds",
                    "000_0da4adc2e67211bb.txt")  # shared/ beside the repository
CATS = {
    "传统音乐": "traditional_music",
    "传统戏剧": "traditional_drama",
    "曲艺": "quyi",
    "传统体育、游艺与杂技": "sports_games_acrobatics",
    "传统美术": "traditional_art",
    "传统技艺": "traditional_craft",
}
# rows whose cells the PDF extraction split over several lines
FIXED = {
    4: ("传统体育、游艺与杂技", "民间土棋", "北京百年世界老电话博物馆", "宋庄镇"),
    5: ("传统体育、游艺与杂技", "李氏太极拳", "北京市通州区武术运动协会", "永乐店镇"),
    17: ("传统技艺", "书画装裱修复技艺（苏裱）", "北京海玉文化发展有限公司", "宋庄镇"),
}


def main():
    lines = open(SEED, encoding="utf-8").read().split("\n")[552:604]
    rows = dict(FIXED)
    for ln in lines:
        m = re.match(r"^(\d+) (\S+) (\S+) (\S+) (\S+)$", ln.strip())
        if m and int(m.group(1)) not in rows:
            rows[int(m.group(1))] = m.groups()[1:]
    for n in sorted(rows):
        cat, name, prot, loc = rows[n]
        print(f"record h{n:02d} : heritage_item {{")
        print(f'  article "{n}"')
        print(f"  category = {CATS[cat]}")
        print(f'  name = "{name}"')
        print(f'  protector = "{prot}"')
        print(f'  locality = "{loc}"')
        print("}\n")
    if len(rows) != 20:
        sys.exit(f"expected 20 rows, got {len(rows)}")


if __name__ == "__main__":
    main()
