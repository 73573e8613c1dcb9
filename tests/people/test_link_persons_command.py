"""`safehub link-persons INPUT.csv OUTPUT.csv`: a CSV round trip through the command.

No `db` fixture anywhere: pytest-django refuses database access, so these tests also prove the
command never touches the database. All people here are made up.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.people.test_linkage_engine import background, tricky


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _input_rows() -> list[list[str]]:
    frame = background(n_people=400, seed=21)
    frame = frame.sample(frac=1.0, random_state=4).reset_index(drop=True)
    records = [list(frame.columns), *frame.astype(str).to_numpy().tolist()]
    for row in tricky().astype(str).to_numpy().tolist():
        records.insert(random.Random(len(records)).randint(1, len(records)), row)
    return records


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("link-persons", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_round_trip_with_bad_rows(tmp_path: Path) -> None:
    rows = _input_rows()
    header = rows[0]
    at = {name: i for i, name in enumerate(header)}
    bad_date = [""] * len(header)
    bad_date[at["record_id"]] = "bad-date"
    bad_date[at["given_name"]] = "Wystan"
    bad_date[at["family_name"]] = "Quarrington"
    bad_date[at["date_of_birth"]] = "2010-02-31"
    no_id = list(bad_date)
    no_id[at["record_id"]] = ""
    duplicate = list(rows[1])
    rows[7:7] = [bad_date]  # line 8
    rows[9:9] = [no_id]  # line 10
    rows.append(duplicate)
    path_in, path_out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(path_in, rows)

    _, err = run(str(path_in), str(path_out))

    assert "line 8: date_of_birth '2010-02-31' is not a real date" in err
    assert "line 10: record_id is missing" in err
    assert f"line {len(rows)}: record_id '{duplicate[0]}' is already used on line 2" in err
    for stage in ("reading", "training", "predicting", "clustering", "writing", "took"):
        assert stage in err

    with path_out.open(encoding="utf-8", newline="") as handle:
        output = list(csv.reader(handle))
    assert output[0] == ["record_id", "person_id"]
    good_ids = [r[0] for r in rows[1:-1] if r[0]]
    assert [r[0] for r in output[1:]] == good_ids  # one row per good row, in input order
    person = dict(output[1:])
    assert person["bad-date"] == "bad-date"  # kept, without its impossible date
    assert person["nick-a"] == person["nick-b"] == "nick-a"  # smallest record_id
    assert person["twin-a"] != person["twin-b"]
    assert person["sr"] != person["jr"]
    for record_id, person_id in person.items():
        members = [r for r, p in person.items() if p == person_id]
        assert person_id == min(members), record_id


def test_missing_record_id_column(tmp_path: Path) -> None:
    path_in = tmp_path / "in.csv"
    _write(path_in, [["id", "given_name"], ["1", "Ada"]])
    with pytest.raises(CommandError, match="no record_id column"):
        run(str(path_in), str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot open"):
        run(str(tmp_path / "absent.csv"), str(tmp_path / "out.csv"))


def test_tiny_input_links_exact_matches_only(tmp_path: Path) -> None:
    path_in, path_out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(
        path_in,
        [
            ["record_id", "given_name", "family_name", "date_of_birth"],
            ["b", "Ottilie", "Nethercott", "2012-01-05"],
            ["a", "ottilie", "NETHERCOTT", "2012-01-05"],
            ["c", "Ottilie", "Nethercott", ""],
        ],
    )
    _, err = run(str(path_in), str(path_out))
    assert "too few to train" in err
    with path_out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["record_id", "person_id"],
            ["b", "a"],
            ["a", "a"],
            ["c", "c"],
        ]
