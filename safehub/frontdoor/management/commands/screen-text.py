"""`safehub screen-text IN.jsonl OUT.jsonl`: the CSE indicators each free-text account asserts.

Each input line is a JSON object {"id": "...", "text": "..."}; each output line, in input
order, is {"id": "...", "indicators": ["MISSING", ...]}: the codes the text asserts for the
child the contact is about, within the last 12 months (not negated, hypothetical, about someone
else or explicitly more than 12 months ago), sorted. See safehub.frontdoor.screening.text.

Bad lines (not JSON, not an object, no string id or text) are reported on stderr with their
line number and left out; the good ones are still processed. Progress goes to stderr for big
files. The command does not use the database.

Exit status: 0 when every line was good; 1 when some lines were bad (the output is still
written) or the input cannot be read or the output cannot be written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

PROGRESS_EVERY = 5000


class Command(BaseCommand):
    help = "Screen free-text accounts (JSON lines with id and text) for CSE indicators."
    requires_system_checks: list[str] = []  # no database, no checks

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", help='JSON lines: {"id": ..., "text": ...}')
        parser.add_argument("output", help='where to write {"id": ..., "indicators": [...]}')
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="the date the notes are read on (YYYY-MM-DD; default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from safehub.frontdoor.screening.text import get_engine, screen_many

        began = time.perf_counter()
        err = self.stderr
        input_path = Path(options["input"])
        output_path = Path(options["output"])
        bad: list[tuple[int, str]] = []
        good: list[tuple[str, str]] = []
        try:
            with input_path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    problem, record = _parse(line)
                    if problem:
                        bad.append((number, problem))
                    else:
                        good.append(record)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {input_path}: {exc}") from exc
        for number, problem in bad:
            err.write(f"line {number}: {problem} (left out)")
        err.write(f"{len(good):,} notes to screen, {len(bad):,} bad lines left out")
        get_engine()  # load the rules before timing
        started = time.perf_counter()

        def results() -> Iterator[dict[str, Any]]:
            texts = (text for _, text in good)
            for done, (codes, (note_id, _)) in enumerate(
                zip(screen_many(texts, today=options["today"]), good, strict=True), start=1
            ):
                if len(good) >= PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
                    rate = done / max(time.perf_counter() - started, 1e-9)
                    err.write(f"  {done:,}/{len(good):,} notes ({rate:,.0f} notes/s)")
                yield {"id": note_id, "indicators": codes}

        try:
            written = _write_atomically(results(), output_path)
        except OSError as exc:
            raise CommandError(f"cannot write {output_path}: {exc.strerror or exc}") from exc
        seconds = time.perf_counter() - started
        rate = written / max(seconds, 1e-9)
        total = time.perf_counter() - began
        err.write(
            f"done: {written:,} notes in {seconds:.2f}s ({rate:,.0f} notes/s), {total:.2f}s in all"
        )
        if bad:
            raise CommandError(f"{len(bad):,} bad line(s) left out; see above", returncode=1)


def _parse(line: str) -> tuple[str, tuple[str, str]]:
    """("", (id, text)) for a good line, else (problem, ("", ""))."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg})", ("", "")
    if not isinstance(record, dict):
        return "not a JSON object", ("", "")
    note_id, text = record.get("id"), record.get("text")
    if not isinstance(note_id, str) or not note_id.strip():
        return 'no "id" string', ("", "")
    if not isinstance(text, str):
        return f'no "text" string (id {note_id!r})', ("", "")
    return "", (note_id, text)


def _write_atomically(records: Iterator[dict[str, Any]], path: Path) -> int:
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".screen-text-", suffix=".jsonl", dir=directory)
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run with: safehub screen-text IN.jsonl OUT.jsonl")
