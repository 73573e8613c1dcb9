#!/usr/bin/env python3
"""Validate the CSE screening evaluation corpus and print its counts.

Standard library only. Usage:

    python tests/data/check_corpus.py [path/to/screening_corpus.jsonl]

Checks every line is a JSON object with a unique ``id`` (``note-NNNN``), a
non-empty ``text``, an ``indicators`` list of known codes without repeats,
and, where present, well-formed ``phenomena``, ``traps`` and ``notes``.
It also checks that the trap kinds listed in ``traps`` and the trap tags in
``phenomena`` agree, and that every code has at least ``MIN_POSITIVE``
positive notes and ``MIN_TRAP`` notes where it is only a trap.

Prints counts per code (positive, trap-only, trap-but-positive, and trap
kinds), per phenomenon tag and per trap kind. Exits 1 on any error.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

CODES = (
    "MISSING",
    "EDUCATION",
    "OLDER_PARTNER",
    "GIFTS_MONEY",
    "VEHICLES",
    "LOCATIONS",
    "SUBSTANCES",
    "SEXUAL_HEALTH",
    "SELF_HARM",
    "FAMILY_CONFLICT",
    "PEERS",
    "ONLINE",
    "PHONES",
    "INJURIES",
    "BEHAVIOUR",
    "OFFENDING",
    "DISCLOSURE",
    "COERCION",
    "LOOKED_AFTER",
    "DISABILITY",
)
TRAP_KINDS = ("negation", "other_experiencer", "hypothetical", "historical")
PHENOMENA = (*TRAP_KINDS, "misspelling", "abbreviation", "none")
ALLOWED_KEYS = {"id", "text", "indicators", "notes", "phenomena", "traps"}
REQUIRED_KEYS = {"id", "text", "indicators"}
ID_RE = re.compile(r"^note-\d{4}$")
MIN_POSITIVE = 15
MIN_TRAP = 5

DEFAULT_PATH = Path(__file__).with_name("screening_corpus.jsonl")


def validate_record(rec: object, lineno: int) -> list[str]:
    """Return a list of error messages for one parsed line."""
    where = f"line {lineno}"
    if not isinstance(rec, dict):
        return [f"{where}: not a JSON object"]
    errors: list[str] = []
    missing = REQUIRED_KEYS - rec.keys()
    if missing:
        errors.append(f"{where}: missing keys {sorted(missing)}")
    unknown = rec.keys() - ALLOWED_KEYS
    if unknown:
        errors.append(f"{where}: unknown keys {sorted(unknown)}")

    rid = rec.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        errors.append(f"{where}: id {rid!r} is not of the form note-NNNN")
    else:
        where = f"line {lineno} ({rid})"

    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: text must be a non-empty string")

    indicators = rec.get("indicators")
    if not isinstance(indicators, list):
        errors.append(f"{where}: indicators must be a list")
    else:
        for code in indicators:
            if code not in CODES:
                errors.append(f"{where}: unknown indicator {code!r}")
        if len(set(map(str, indicators))) != len(indicators):
            errors.append(f"{where}: repeated indicator")

    if "notes" in rec and not isinstance(rec["notes"], str):
        errors.append(f"{where}: notes must be a string")

    trap_kinds: set[str] = set()
    traps = rec.get("traps", [])
    if not isinstance(traps, list):
        errors.append(f"{where}: traps must be a list")
        traps = []
    for trap in traps:
        if (
            not isinstance(trap, dict)
            or set(trap) != {"code", "kind"}
            or trap.get("code") not in CODES
            or trap.get("kind") not in TRAP_KINDS
        ):
            errors.append(f"{where}: bad trap {trap!r}")
        else:
            trap_kinds.add(trap["kind"])

    if "phenomena" in rec:
        phen = rec["phenomena"]
        if not isinstance(phen, list) or not phen:
            errors.append(f"{where}: phenomena must be a non-empty list")
        else:
            for tag in phen:
                if tag not in PHENOMENA:
                    errors.append(f"{where}: unknown phenomenon {tag!r}")
            if len(set(map(str, phen))) != len(phen):
                errors.append(f"{where}: repeated phenomenon")
            if "none" in phen and len(phen) > 1:
                errors.append(f"{where}: 'none' must stand alone")
            tagged = {t for t in phen if t in TRAP_KINDS}
            if tagged != trap_kinds:
                errors.append(
                    f"{where}: trap phenomena {sorted(tagged)} do not match "
                    f"trap kinds {sorted(trap_kinds)}"
                )
    elif traps:
        errors.append(f"{where}: traps given but no phenomena")
    return errors


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    errors: list[str] = []
    records: list[dict] = []
    seen_ids: dict[str, int] = {}

    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"line {lineno}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {lineno}: invalid JSON ({exc})")
                continue
            rec_errors = validate_record(rec, lineno)
            errors.extend(rec_errors)
            if isinstance(rec, dict):
                rid = rec.get("id")
                if isinstance(rid, str):
                    if rid in seen_ids:
                        errors.append(
                            f"line {lineno}: duplicate id {rid} (first on line {seen_ids[rid]})"
                        )
                    else:
                        seen_ids[rid] = lineno
                if not rec_errors:
                    records.append(rec)

    positive: collections.Counter[str] = collections.Counter()
    trap_only: collections.Counter[str] = collections.Counter()
    trap_mixed: collections.Counter[str] = collections.Counter()
    trap_by_kind: dict[str, collections.Counter[str]] = {
        code: collections.Counter() for code in CODES
    }
    phenomena: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    empty = with_trap = 0

    for rec in records:
        inds = set(rec["indicators"])
        positive.update(inds)
        if not inds:
            empty += 1
        traps = rec.get("traps", [])
        if traps:
            with_trap += 1
        for code in {t["code"] for t in traps}:
            (trap_mixed if code in inds else trap_only)[code] += 1
        for code, kind in {(t["code"], t["kind"]) for t in traps}:
            if code not in inds:
                trap_by_kind[code][kind] += 1
        kinds.update({t["kind"] for t in traps})
        phenomena.update(rec.get("phenomena", []))

    total = len(records)
    print(f"corpus: {path}")
    print(f"notes: {total}")
    if total:
        print(f"notes with no indicators: {empty} ({100 * empty / total:.1f}%)")
        print(f"notes with at least one trap: {with_trap} ({100 * with_trap / total:.1f}%)")
    print()
    print("positive = notes labelled with the code; trap = notes where the code is")
    print("mentioned only as a trap (not labelled); mixed = trap and also labelled.")
    print("neg/oth/hyp/hist = trap-only notes by kind (a note may count in several).")
    print()
    header = (
        f"{'code':<16}{'positive':>9}{'trap':>6}{'mixed':>7}"
        f"{'neg':>6}{'oth':>6}{'hyp':>6}{'hist':>6}"
    )
    print(header)
    print("-" * len(header))
    for code in CODES:
        k = trap_by_kind[code]
        print(
            f"{code:<16}{positive[code]:>9}{trap_only[code]:>6}{trap_mixed[code]:>7}"
            f"{k['negation']:>6}{k['other_experiencer']:>6}"
            f"{k['hypothetical']:>6}{k['historical']:>6}"
        )
    print()
    print("notes per phenomenon tag:")
    for tag in PHENOMENA:
        print(f"  {tag:<18}{phenomena[tag]:>5}")
    print()
    print("notes per trap kind (any code, labelled or not):")
    for kind in TRAP_KINDS:
        print(f"  {kind:<18}{kinds[kind]:>5}")

    for code in CODES:
        if positive[code] < MIN_POSITIVE:
            errors.append(
                f"coverage: {code} has {positive[code]} positive notes (< {MIN_POSITIVE})"
            )
        if trap_only[code] < MIN_TRAP:
            errors.append(f"coverage: {code} has {trap_only[code]} trap-only notes (< {MIN_TRAP})")

    print()
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        for err in errors:
            print(f"  {err}")
        return 1
    print("OK: corpus is valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
