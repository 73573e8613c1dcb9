"""Search-before-create latency with a large person index, on SQLite and PostgreSQL.

For each database: a fresh database, `--persons` persons (default 1,000,000) loaded from the
synthetic population generator (each person with all their agency records), then 1,000
searches as a front-door advisor would type them — another agency's record of a person who is
in the index (with its typos, nicknames, swaps and missing fields) and some people who are not.
Measures `selectors.person_search` (candidate lookups and scoring) in-process.
Target (issue 3): p95 <= 50 ms on both databases. Figures to bench/results/person_search.json.
"""

from __future__ import annotations

import argparse
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
TARGET_P95_MS = 50.0


def worker(persons: int, seed: int) -> dict[str, Any]:
    """Runs inside a subprocess with DATABASE_URL / SAFEHUB_VAR_DIR set: load, then measure."""
    import django

    django.setup()
    from django.db import connection, transaction

    from safehub.accounts.models import Agency, Role, RoleAssignment, User
    from safehub.people import synthetic
    from safehub.people.matching import MatchQuery, canonical_given, family_phonetics
    from safehub.people.models import Person, PersonRecord
    from safehub.people.normalise import InvalidValue, name_key, normalise_postcode
    from safehub.people.selectors import person_search

    began = time.perf_counter()
    population = synthetic.generate_population(int(persons * 1.5), seed=seed)
    records = population.records
    generated = time.perf_counter() - began

    agency = Agency.objects.create(name="Bench Family Connect", agency_type="front_door")
    user = User.objects.create_user(
        email="bench@fc.example", password=None, full_name="Bench", agency=agency
    )
    RoleAssignment.objects.create(user=user, role=Role.FRONT_DOOR_ADVISOR)

    def postcode(value: str) -> str:
        try:
            return normalise_postcode(value) if value else ""
        except InvalidValue:
            return ""

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
                    postcode=postcode(row["postcode"]),
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
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    loaded = time.perf_counter() - began

    rng = random.Random(seed)
    by_person = records.groupby("true_person_id").indices
    multi = [idx for idx in by_person.values() if len(idx) > 1]
    queries: list[MatchQuery] = []
    for _ in range(QUERIES):
        if rng.random() < 0.85 and multi:
            idx = multi[rng.randrange(len(multi))]
            row = records.iloc[int(idx[-1])]
        else:
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
    found = 0
    for query in queries:
        start = time.perf_counter()
        outcome = person_search(user=user, query=query)
        latencies.append(time.perf_counter() - start)
        found += bool(outcome.candidates)
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
        "load_seconds": round(loaded, 1),
        "queries": len(queries),
        "queries_with_candidates": found,
        **summarise(latencies),
    }


def run_one(database: str, persons: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=REPO / "var", prefix="bench-search-") as tmp:
        var_dir = Path(tmp)

        def go(url: str | None) -> dict[str, Any]:
            env = safehub_env(var_dir, url)
            run_bounded([VENV_BIN / "safehub", "migrate", "--noinput", "-v0"], env=env, timeout=600)
            done = run_bounded(
                [
                    VENV_BIN / "python",
                    __file__,
                    "--worker",
                    "--persons",
                    str(persons),
                    "--seed",
                    str(seed),
                ],
                env=env,
                timeout=3000,
            )
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
    args = parser.parse_args()
    if args.worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        print("BENCH-RESULT " + json.dumps(worker(args.persons, args.seed)), flush=True)
        return 0
    (REPO / "var").mkdir(exist_ok=True)
    results = {}
    for database in args.databases.split(","):
        print(f"== {database}: loading about {args.persons:,} persons", flush=True)
        results[database] = run_one(database, args.persons, args.seed)
        results[database]["met"] = results[database]["p95_ms"] <= TARGET_P95_MS
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
