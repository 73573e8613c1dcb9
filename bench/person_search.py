"""Search-before-create latency with a large person index, on SQLite and PostgreSQL.

For each database: a fresh database, `--persons` persons (default 1,000,000) loaded from the
synthetic population generator (each person with all their agency records), then 1,000
searches as a front-door advisor would type them — another agency's record of a person who is
in the index (with its typos, nicknames, swaps and missing fields) and some people who are not.
Measures `selectors.person_search` (candidate lookups and scoring) in-process.
Target (issue 3): p95 <= 50 ms on both databases. Figures to bench/results/person_search.json.

Loading takes about ten minutes per database. To iterate on the search without reloading, run
SQLite alone with `--keep-dir DIR`: the first run loads into DIR/safehub.sqlite3 and keeps it,
later runs with the same DIR (and the same --persons/--seed) migrate it and only measure.
Results of such runs are printed but not written (the results file comes from full runs).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import (
    REPO,
    VENV_BIN,
    BenchmarkError,
    pg_cluster,
    print_table,
    run_bounded,
    safehub_env,
    summarise,
    write_results,
)

NAME = "person_search"
QUERIES = 1000
BENCH_USER = "bench@fc.example"
TARGET_P95_MS = 50.0


def _load(records: Any) -> tuple[Any, float]:
    """Create the bench user and load every record (one person per true person); returns
    (user, seconds)."""
    from django.db import connection, transaction

    from safehub.accounts.models import Agency, Role, RoleAssignment, User
    from safehub.people.matching import canonical_given, family_phonetics
    from safehub.people.models import Person, PersonRecord
    from safehub.people.normalise import name_key

    agency = Agency.objects.create(name="Bench Family Connect", agency_type="front_door")
    user = User.objects.create_user(
        email=BENCH_USER, password=None, full_name="Bench", agency=agency
    )
    RoleAssignment.objects.create(user=user, role=Role.FRONT_DOOR_ADVISOR)

    began = time.perf_counter()
    person_ids: dict[str, int] = {}
    batch_persons: list[Person] = []
    batch_records: list[PersonRecord] = []
    next_id = 1
    rows = records.to_dict("records")
    with transaction.atomic():
        for row in rows:
            truth = str(row["true_person_id"])
            if truth not in person_ids:
                person_ids[truth] = next_id
                batch_persons.append(
                    Person(
                        id=next_id,
                        display_given_name=row["given_name"],
                        display_family_name=row["family_name"],
                    )
                )
                next_id += 1
            first, last = family_phonetics(row["family_name"])
            dob = row["date_of_birth"] or None
            batch_records.append(
                PersonRecord(
                    person_id=person_ids[truth],
                    source_agency=agency,
                    role="child",
                    given_name=row["given_name"],
                    family_name=row["family_name"],
                    date_of_birth=dob,
                    sex=row["sex"] or "U",
                    postcode=_postcode(row["postcode"]),
                    phone=row["phone"] or "",
                    email=row["email"] or "",
                    given_key=name_key(row["given_name"]),
                    given_canonical=canonical_given(row["given_name"]),
                    family_key=name_key(row["family_name"]),
                    family_phonetic=first,
                    family_phonetic_last=last,
                )
            )
            if len(batch_records) >= 20_000:
                Person.objects.bulk_create(batch_persons, batch_size=5000)
                PersonRecord.objects.bulk_create(batch_records, batch_size=5000)
                batch_persons, batch_records = [], []
        Person.objects.bulk_create(batch_persons, batch_size=5000)
        PersonRecord.objects.bulk_create(batch_records, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('people_person','id'), %s)", [next_id]
            )
    return user, time.perf_counter() - began


def _postcode(value: str) -> str:
    from safehub.people.normalise import InvalidValue, normalise_postcode

    try:
        return normalise_postcode(value) if value else ""
    except InvalidValue:
        return ""


def worker(persons: int, seed: int, reuse: bool = False) -> dict[str, Any]:
    """Runs inside a subprocess with DATABASE_URL / SAFEHUB_VAR_DIR set: load, then measure.

    With `reuse`, a database that was already loaded (by a run with the same persons and seed)
    is only measured.
    """
    import django
    import pandas as pd

    django.setup()
    from django.db import connection

    from safehub.accounts.models import User
    from safehub.people import synthetic
    from safehub.people.matching import MatchQuery
    from safehub.people.models import Person, PersonRecord
    from safehub.people.selectors import person_search

    began = time.perf_counter()
    population = synthetic.generate_population(int(persons * 1.5), seed=seed)
    records = population.records
    generated = time.perf_counter() - began

    user = User.objects.filter(email=BENCH_USER).first() if reuse else None
    loaded: float | None = None
    if user is None:
        user, loaded = _load(records)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as after any bulk import
    postcode = _postcode

    # The person id `_load` gave each true person (ids in order of first appearance).
    person_of_record = pd.factorize(records["true_person_id"].astype(str), sort=False)[0] + 1
    rng = random.Random(seed)
    by_person = records.groupby("true_person_id").indices
    multi = [idx for idx in by_person.values() if len(idx) > 1]
    queries: list[MatchQuery] = []
    truths: list[int | None] = []  # the person searched for, None for someone not in the index
    for _ in range(QUERIES):
        if rng.random() < 0.85 and multi:
            idx = multi[rng.randrange(len(multi))]
            row = records.iloc[int(idx[-1])]
            truths.append(int(person_of_record[int(idx[-1])]))
        else:
            truths.append(None)
            row = records.iloc[rng.randrange(len(records))]
            row = row.copy()
            row["family_name"] = row["family_name"] + "son"
        dob = row["date_of_birth"]
        queries.append(
            MatchQuery(
                given_name=row["given_name"],
                family_name=row["family_name"],
                date_of_birth=__import__("datetime").date.fromisoformat(dob) if dob else None,
                sex=row["sex"] if row["sex"] in ("M", "F") else "",
                postcode=postcode(row["postcode"]),
            )
        )
    for query in queries[:20]:  # warm caches
        person_search(user=user, query=query)
    latencies = []
    found = true_found = true_first = 0
    for query, truth in zip(queries, truths, strict=True):
        start = time.perf_counter()
        outcome = person_search(user=user, query=query)
        latencies.append(time.perf_counter() - start)
        found += bool(outcome.candidates)
        ranked = [candidate.person.pk for candidate in outcome.candidates]
        true_found += truth in ranked
        true_first += bool(ranked) and ranked[0] == truth
    pg_version = getattr(connection, "pg_version", 0)
    version = (
        f"{pg_version // 10000}.{pg_version % 10000}"
        if connection.vendor == "postgresql"
        else __import__("sqlite3").sqlite_version
    )
    return {
        "database": f"{connection.vendor} {version}",
        "persons": Person.objects.count(),
        "records": PersonRecord.objects.count(),
        "generate_seconds": round(generated, 1),
        "load_seconds": round(loaded, 1) if loaded is not None else None,
        "queries": len(queries),
        "queries_with_candidates": found,
        # Searches for someone in the index: how often that person is offered, and first.
        "queries_for_indexed_persons": sum(truth is not None for truth in truths),
        "true_person_offered": true_found,
        "true_person_first": true_first,
        **summarise(latencies),
    }


def run_one(database: str, persons: int, seed: int, keep_dir: Path | None = None) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        if keep_dir is not None:
            keep_dir.mkdir(parents=True, exist_ok=True)
            var_dir = keep_dir
        else:
            var_dir = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(dir=REPO / "var", prefix="bench-search-")
                )
            )

        def go(url: str | None) -> dict[str, Any]:
            env = safehub_env(var_dir, url)
            run_bounded(
                [VENV_BIN / "safehub", "migrate", "--noinput", "-v0"], env=env, timeout=3000
            )
            command: list[str | os.PathLike[str]] = [
                VENV_BIN / "python",
                __file__,
                "--worker",
                "--persons",
                str(persons),
                "--seed",
                str(seed),
            ]
            if keep_dir is not None:
                command.append("--reuse")
            done = run_bounded(command, env=env, timeout=3000)
            for line in done.stdout.splitlines():
                if line.startswith("BENCH-RESULT "):
                    result: dict[str, Any] = json.loads(line[len("BENCH-RESULT ") :])
                    return result
            raise BenchmarkError(f"worker printed no result:\n{done.stdout[-2000:]}")

        if database == "postgresql":
            with pg_cluster("bench-search") as url:
                return go(url)
        return go(None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--keep-dir",
        type=Path,
        help="SQLite only: load into DIR and keep it; reuse it if already loaded "
        "(results are printed, not written)",
    )
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        result = worker(args.persons, args.seed, reuse=args.reuse)
        print("BENCH-RESULT " + json.dumps(result), flush=True)
        return 0
    databases = args.databases.split(",")
    if args.keep_dir is not None and databases != ["sqlite"]:
        parser.error("--keep-dir works with --databases sqlite only")
    (REPO / "var").mkdir(exist_ok=True)
    results = {}
    for database in databases:
        print(f"== {database}: loading about {args.persons:,} persons", flush=True)
        results[database] = run_one(database, args.persons, args.seed, args.keep_dir)
        results[database]["met"] = results[database]["p95_ms"] <= TARGET_P95_MS
    if args.keep_dir is not None:
        print(json.dumps(results, indent=2))
        return 0 if all(r["met"] for r in results.values()) else 1
    write_results(
        NAME,
        {
            "benchmark": NAME,
            "description": (__doc__ or "").strip().splitlines()[0],
            "target": {"p95_ms": TARGET_P95_MS},
            "persons_requested": args.persons,
            "results": results,
        },
        databases={db: r["database"] for db, r in results.items()},
    )
    print_table(
        ["database", "persons", "records", "median ms", "p95 ms", "met", "load s"],
        [
            [
                r["database"],
                f"{r['persons']:,}",
                f"{r['records']:,}",
                r["median_ms"],
                r["p95_ms"],
                r["met"],
                r["load_seconds"],
            ]
            for r in results.values()
        ],
    )
    return 0 if all(r["met"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
