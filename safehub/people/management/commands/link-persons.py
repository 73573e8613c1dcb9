"""`safehub link-persons INPUT.csv OUTPUT.csv`: which rows of a CSV are the same person.

Reads person records (columns record_id, given_name, family_name, date_of_birth, sex, postcode,
address, phone, email, nhs_number; only record_id is required), trains the person-linkage model
on them, links and writes `record_id,person_id` for every good input row, in input order. Rows
of one person share a person_id: the smallest record_id (string order) among them.

Bad rows are reported on stderr with their line number in the file (the header is line 1) and
never stop the good rows: a row without a usable record_id is left out; a row with an unusable
optional field (an impossible date of birth, an NHS number failing its check digit, ...) is
linked without that field. Progress and timings go to stderr.

With no labelled pairs to calibrate against, a pair links automatically at a match probability
of at least 0.99 (the model's documented default for unlabelled data) when no hard evidence
contradicts it (different NHS numbers, dates of birth years apart, different given names or
unrelated dates of birth in one household). The command does not use the database.

Exit status: 0 when the output was written (even if some rows were bad); 1 with a message when
the input cannot be read or has no record_id column, or the output cannot be written.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from safehub.people.linkage import engine

# Below this many good rows there is too little to train on: records link only when their
# normalised given name, family name and date of birth are all present and identical, and no
# veto applies.
MIN_RECORDS_TO_TRAIN = 10


class Command(BaseCommand):
    help = "Link person records in a CSV file: write record_id,person_id for every good row."
    requires_system_checks: list[str] = []  # no database, no checks

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", help="CSV of person records (UTF-8, header row)")
        parser.add_argument("output", help="where to write record_id,person_id")
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--seed", type=int, default=42, help="random seed for training")

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.perf_counter()
        err = self.stderr

        def say(message: str) -> None:
            err.write(message)
            err.flush()

        def stage(name: str, started: float) -> None:
            say(f"  {name} took {time.perf_counter() - started:.2f}s")

        input_path = Path(options["input"])
        output_path = Path(options["output"])
        say(f"reading {input_path}")
        started = time.perf_counter()
        try:
            records, bad = engine.read_input_csv(input_path)
        except engine.InputError as exc:
            raise CommandError(str(exc)) from exc
        dropped = [b for b in bad if b.dropped]
        blanked = [b for b in bad if not b.dropped]
        say(
            f"  {len(records):,} good rows, {len(dropped):,} bad rows left out, "
            f"{len(blanked):,} unusable values blanked"
        )
        for problem in bad:
            suffix = " (row left out)" if problem.dropped else " (value ignored)"
            say(f"  line {problem.line}: {problem.message}{suffix}")
        stage("reading", started)

        persons = self._link(records, options, say, stage)

        say(f"writing {output_path}")
        started = time.perf_counter()
        ordered = records[["record_id"]].merge(persons, on="record_id", how="left")
        try:
            _write_atomically(ordered, output_path)
        except OSError as exc:
            raise CommandError(f"cannot write {output_path}: {exc.strerror or exc}") from exc
        stage("writing", started)
        people = ordered["person_id"].nunique()
        say(
            f"done: {len(ordered):,} records, {people:,} persons, "
            f"{time.perf_counter() - began:.2f}s in all"
        )

    def _link(self, records: pd.DataFrame, options: dict[str, Any], say: Any, stage: Any) -> Any:
        inputs = records[list(engine.INPUT_COLUMNS)]
        if len(inputs) < MIN_RECORDS_TO_TRAIN:
            say(
                f"only {len(inputs)} good rows: too few to train a model; linking only exact "
                "matches on given name, family name and date of birth"
            )
            return _exact_links(inputs)
        started = time.perf_counter()
        prepared = engine.prepare_records(inputs)
        stage("preparing", started)
        say(f"training the model on {len(prepared):,} records ({options['engine']})")
        started = time.perf_counter()
        model = engine.train_model(
            prepared,
            engine=options["engine"],
            seed=options["seed"],
            progress=lambda message: say(f"  {message}"),
        )
        stage("training", started)
        thresholds = model.thresholds
        say(
            f"predicting: scoring candidate pairs (automatic link at p >= {thresholds.auto_link}"
            f" with no veto)"
        )
        started = time.perf_counter()
        pairs = engine.predict_pairs(
            model, prepared, min_probability=thresholds.review, engine=options["engine"]
        )
        say(f"  {len(pairs):,} pairs at p >= {thresholds.review}")
        stage("predicting", started)
        say("clustering")
        started = time.perf_counter()
        checker = engine.VetoChecker(prepared)
        pairs["veto"] = checker.pair_reasons(pairs)
        strong = pairs["match_probability"] >= thresholds.auto_link
        vetoed = int((strong & (pairs["veto"] != "")).sum())
        say(f"  {int(strong.sum()):,} pairs above the threshold, {vetoed:,} of them vetoed")
        persons = engine.cluster_pairs(
            pairs, prepared, auto_link=thresholds.auto_link, vetoes=pairs["veto"], checker=checker
        )
        stage("clustering", started)
        return persons


def _exact_links(inputs: pd.DataFrame) -> pd.DataFrame:
    prepared = engine.prepare_records(inputs)
    key = prepared[["given_name", "family_name", "dob"]]
    complete = key.notna().all(axis=1)
    pairs: list[tuple[str, str]] = []
    for _, group in prepared.loc[complete].groupby(["given_name", "family_name", "dob"]):
        ids = sorted(group["record_id"])
        pairs.extend((ids[0], other) for other in ids[1:])
    frame = pd.DataFrame(pairs, columns=["record_id_l", "record_id_r"])
    frame["match_probability"] = 1.0
    return engine.cluster_pairs(frame, prepared, auto_link=1.0)


def _write_atomically(frame: pd.DataFrame, path: Path) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".link-persons-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["record_id", "person_id"])
            writer.writerows(frame[["record_id", "person_id"]].itertuples(index=False))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run with: safehub link-persons INPUT.csv OUTPUT.csv")
