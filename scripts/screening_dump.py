"""Dump what the free-text reader finds in every corpus note, to check that a change to the
engine or the matcher keeps its outputs identical.

    .venv/bin/python scripts/screening_dump.py OUT.jsonl [--rules DIR]

One line per note of tests/data/screening_*.jsonl: the note's id and, for each finding, its
code, character span and reasons. Dump before and after a change (for example from a copy of
the tree at the last commit, with `--rules` pointing both runs at the same rule files) and
compare the two files byte for byte (`cmp`). Nothing is printed about any note: the held-out
corpora go through the reader like the rest but are only written to OUT, which the comparison
reads, not a person.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rules", type=Path, help="rule files to use (default: this tree's)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from safehub.frontdoor.screening import text, text_rules

    if args.rules is not None:
        text_rules.RULES_DIR = args.rules.resolve()
        text_rules.load_rules.cache_clear()
    rows = []
    for path in sorted((REPO / "tests" / "data").glob("screening_*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    engine = text.get_engine()
    with args.out.open("w", encoding="utf-8") as out:
        docs = engine.docs(str(row["text"]) for row in rows)
        for row, doc in zip(rows, docs, strict=True):
            found = [(h.code, h.start_char, h.end_char, h.why) for h in engine.analyse(doc, TODAY)]
            out.write(json.dumps([row["id"], found]) + "\n")
    print(f"{len(rows)} notes written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
