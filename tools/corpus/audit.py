#!/usr/bin/env python3
"""Audit the corpus rules files against the seed text.

    python3 tools/corpus/audit.py [SEED]

For every clause, task, step and duty: its `text` must occur in the seed (ignoring white space and the
PDF's page-number lines), and every number of its `target`, `grant … up to`, `range` and `deadline` lines
must occur in its text or note, or in the deadline wording (a number that does not is printed for review,
since a reading such as 两次 → 2 or 千亿 → 1000 亿元 is legitimate but should be deliberate).
Prints the problems and a summary; exits 1 if a text is not found in the seed.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "..", "shared", "seeds", "000_0da4adc2e67211bb.txt")
CORPUS = os.path.join(HERE, "..", "..", "corpus", "tongzhou-2024")


def squash(s):
    return re.sub(r"\s+", "", s)


def seed_text(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    kept = [l for l in lines if not re.fullmatch(r"\s*\d{1,3}\s*", l)]  # page numbers
    return squash("".join(kept))


def blocks(text):
    """(kind, id, body) for each clause/task/step/duty block."""
    for m in re.finditer(r"^(clause|task|step|duty) (\w+) \{\n(.*?)^\}", text, re.S | re.M):
        yield m.group(1), m.group(2), m.group(3)


def field(body, name):
    m = re.search(r'^  %s "((?:[^"\\]|\\.)*)"' % name, body, re.M)
    return m.group(1).replace('\\"', '"') if m else ""


def numbers(line):
    line = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", "", line)  # dates
    line = line.split("#")[0]
    return re.findall(r"(?<![\w.])\d[\d_]*(?:\.\d+)?(?![\w])", line)  # not digits inside names


def main():
    seed = seed_text(sys.argv[1] if len(sys.argv) > 1 else SEED)
    missing, unexplained, checked = [], [], 0
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".rules"):
            continue
        text = open(os.path.join(CORPUS, name), encoding="utf-8").read()
        for kind, ident, body in blocks(text):
            src = field(body, "text")
            if not src:
                continue
            checked += 1
            pieces = [p for p in re.split(r"……|…", src) if p]
            if any(squash(p) not in seed for p in pieces):
                missing.append("%s: %s %s" % (name, kind, ident))
            context = squash(src + field(body, "note") + " ".join(re.findall(r'"([^"]*)"', body)))
            for line in body.split("\n"):
                if re.match(r"\s+(target|range|grant|deadline)\b", line):
                    for n in numbers(line):
                        n = n.replace("_", "")
                        bare = n.rstrip("0").rstrip(".") if "." in n else n
                        if n not in context and bare not in context:
                            unexplained.append("%s: %s %s: %s" % (name, kind, ident, line.strip()))
                            break
    for m in missing:
        print("text not found in the seed:", m)
    for u in unexplained:
        print("number not in the text (review):", u)
    print("%d blocks checked, %d texts not found, %d lines with a number to review" %
          (checked, len(missing), len(unexplained)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
