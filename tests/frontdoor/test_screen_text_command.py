"""`safehub screen-text IN.jsonl OUT.jsonl`: a JSON-lines round trip through the command.

No `db` fixture: pytest-django refuses database access, so these tests also prove that the
command never touches the database. Every note here is made up.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("screen-text", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_output(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_output_format(tmp_path: Path) -> None:
    notes = [
        {"id": "a", "text": "Kayla (14) went missing last night and came back drunk."},
        {"id": "b", "text": "Kayla (14) denies going missing. Her friend has been going missing."},
        {"id": "c", "text": "Rhys, Y8. EHCP. Excluded x2 this term."},
        {"id": "d", "text": ""},
    ]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(source, [json.dumps(note) for note in notes])

    _, err = run(str(source), str(target), "--today", "2026-11-29")

    rows = read_output(target)
    assert rows == [
        {"id": "a", "indicators": ["MISSING", "SUBSTANCES"]},
        {"id": "b", "indicators": []},
        {"id": "c", "indicators": ["EDUCATION", "DISABILITY"]},
        {"id": "d", "indicators": []},
    ]
    assert all(set(row) == {"id", "indicators"} for row in rows)
    assert "4 notes" in err


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(
        source,
        [
            json.dumps({"id": "ok-1", "text": "Kayla (14) has two phones."}),
            "this is not json",
            json.dumps({"id": "no-text"}),
            json.dumps(["a", "list"]),
            "",
            json.dumps({"text": "no id"}),
            json.dumps({"id": "ok-2", "text": "Kayla (14) was arrested for shoplifting."}),
        ],
    )
    with pytest.raises(CommandError) as raised:
        run(str(source), str(target))
    assert raised.value.returncode == 1
    rows = read_output(target)
    assert rows == [
        {"id": "ok-1", "indicators": ["PHONES"]},
        {"id": "ok-2", "indicators": ["OFFENDING"]},
    ]


def test_bad_lines_name_their_line_numbers(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(source, [json.dumps({"id": "x", "text": "fine"}), "{oops", json.dumps({"id": 3})])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("screen-text", str(source), str(target), stderr=err)
    message = err.getvalue()
    assert "line 2: not JSON" in message
    assert "line 3:" in message and "id" in message
    assert "line 1" not in message


def test_unreadable_input_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.jsonl"), str(tmp_path / "out.jsonl"))


def test_runs_as_safehub_screen_text(tmp_path: Path) -> None:
    """The real entry point, in a fresh process: exit status 0, then 1 with a bad line."""
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(source, [json.dumps({"id": "n1", "text": "Kayla (14) has an EHCP."})])
    done = subprocess.run(
        [sys.executable, "-m", "safehub", "screen-text", str(source), str(target)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_output(target) == [{"id": "n1", "indicators": ["DISABILITY"]}]

    write_lines(source, [json.dumps({"id": "n1", "text": "Kayla (14) has an EHCP."}), "bad"])
    done = subprocess.run(
        [sys.executable, "-m", "safehub", "screen-text", str(source), str(target)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert "line 2" in done.stderr
    assert read_output(target) == [{"id": "n1", "indicators": ["DISABILITY"]}]
