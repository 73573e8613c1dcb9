"""Recording a contact through the partner API, with screening and candidate matching.

For each database (a SQLite file and a throwaway PostgreSQL cluster): migrate, bulk-load
`--persons` persons (default 1,000,000; bench/person_search.py's loader, with the search keys
the person index needs) and `--contacts` past contacts (default 3,000,000: received, triaged
and closed over the past three years, each about one child, a share of them by the bench's
own users with idempotency keys, some opening cases that are still open), then serve
config.wsgi with gunicorn (2 workers x 4 threads, as scripts/run.sh) on 127.0.0.1 and:

* latency: one client records `--latency-contacts` contacts (default 500) the way a partner
  system does: GET /api/v1/people/search for the child (candidate matching), then
  POST /api/v1/contacts about the top candidate with a free-text account (synthetic notes
  from tests/data/screening_corpus.jsonl, with CSE indicators and traps), protocol answers and
  an Idempotency-Key. The pair is the headline; each part is reported too. Warm-up excluded.
* throughput: 8 clients, each its own front-door advisor with its own token, POST contacts
  as fast as they go for `--throughput-seconds` (default 60) or until `--throughput-contacts`
  (default 3,000) are sent; 5% are sent twice with the same key, the retry going out while
  the first attempt is still in flight (a client's timeout retry). Afterwards the database
  is counted: one contact per key sent (none lost), no key with two contacts (none
  duplicated), and every reply named that contact.
* profile: `--profile-contacts` (default 100) contacts recorded in-process with the server
  stopped, step by step (search, contact_record with its SQL statement by statement, text
  screening) and under cProfile, so a missed target comes with where the time goes.

Targets: pair p95 <= 100 ms on both databases; >= 100 contacts/s with no errors, no lost and
no duplicated contacts. Figures to bench/results/frontdoor.json; exits 1 if a target is missed.

Loading 1M persons and 3M contacts takes tens of minutes per database. To iterate without
reloading, run SQLite alone with `--keep-dir DIR`: the first run loads DIR/safehub.sqlite3 and
keeps it, later runs with the same DIR, --persons, --contacts and --seed only measure (their
results are printed, not written).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import (
    REPO,
    VENV_BIN,
    BenchmarkError,
    HttpClient,
    Response,
    _git_commit,
    build_assets,
    pg_cluster,
    print_table,
    run_bounded,
    run_streaming,
    safehub_env,
    summarise,
    tail,
    write_results,
)
from _harness import gunicorn as gunicorn_server

NAME = "frontdoor"
PG_CLUSTER = "bench-frontdoor"  # var/pg-bench-frontdoor (the tests use pg-test)
CLIENTS = 8
WORKERS = 2
THREADS = 4
WARMUP_PAIRS = 40
RETRY_SHARE = 0.05
TARGET_P95_MS = 100.0
TARGET_CONTACTS_PER_SECOND = 100.0
REQUEST_TIMEOUT = 60.0  # seconds, per request
PHASE_TIMEOUT = 1800.0  # seconds, for a measured phase as a whole
LOAD_TIMEOUT = 4 * 3600.0  # seconds, for loading one database
CONTACT_BATCH = 20_000  # contacts per bulk_create round and per transaction
HISTORY_YEARS = 3
ADVISOR_EMAIL = "bench-advisor-{}@fc.example"
SOCIAL_WORKER_EMAIL = "bench-sw-{}@fc.example"
SOCIAL_WORKERS = 3
CORPUS = REPO / "tests" / "data" / "screening_corpus.jsonl"
SOURCES = ("6", "2A", "5A", "3A", "1A", "3E", "4", "8")
CSE_QUESTIONS = ("child_safe_now", "older_person", "gifts", "vehicles", "missing", "online")
PEOPLE_OF_CONCERN = (
    ("Tiz", "Drives a silver Audi, early twenties"),
    ("Big Man", "Older male, seen outside the school gates"),
    ("", "Man who runs the Station Road takeaway"),
    ("Jay", "Contacts her on Snapchat"),
)

DESCRIPTION = (
    f"A partner system recording contacts through the API, served by gunicorn ({WORKERS} "
    f"workers x {THREADS} threads) on 127.0.0.1 with config.settings.dev, with the persons and "
    "past contacts loaded. Latency: one client, GET /api/v1/people/search then POST "
    "/api/v1/contacts (free-text account, protocol answers, Idempotency-Key) per contact; "
    f"{WARMUP_PAIRS} warm-up contacts excluded. Throughput: {CLIENTS} concurrent clients, each "
    f"a front-door advisor with its own token, POST contacts; {RETRY_SHARE:.0%} are retried with "
    "the same key while the first attempt is in flight; the database is counted afterwards. "
    "One new TCP connection per request; latency measured by the client from connect to the "
    "last byte."
)


# --- loading (runs in a subprocess with the database's environment) ----------------------------


_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _reference(number: int) -> str:
    """A contact reference like the app's (C-XXXX-XXXX), unique per number: an odd multiplier
    is a bijection modulo 32**8, so the references look random and never collide."""
    value = (number * 0x9E3779B1) % (32**8)
    chars = []
    for _ in range(8):
        chars.append(_ALPHABET[value % 32])
        value //= 32
    body = "".join(chars)
    return f"C-{body[:4]}-{body[4:]}"


def _bench_users() -> tuple[list[Any], list[Any]]:
    """The advisors the clients act as and a few social workers (alerts notify them); created
    once, in the agency the person loader made."""
    from safehub.accounts.models import Agency, Role, RoleAssignment, User

    agency = Agency.objects.get(name="Bench Family Connect")
    advisors, workers = [], []
    for number in range(1, CLIENTS + 1):
        user = User.objects.filter(email=ADVISOR_EMAIL.format(number)).first()
        if user is None:
            user = User.objects.create_user(
                email=ADVISOR_EMAIL.format(number),
                password=None,
                full_name=f"Bench Advisor {number}",
                agency=agency,
            )
            RoleAssignment.objects.create(user=user, role=Role.FRONT_DOOR_ADVISOR)
        advisors.append(user)
    for number in range(1, SOCIAL_WORKERS + 1):
        user = User.objects.filter(email=SOCIAL_WORKER_EMAIL.format(number)).first()
        if user is None:
            user = User.objects.create_user(
                email=SOCIAL_WORKER_EMAIL.format(number),
                password=None,
                full_name=f"Bench Social Worker {number}",
                agency=agency,
            )
            RoleAssignment.objects.create(user=user, role=Role.SAFEGUARDING_SOCIAL_WORKER)
        workers.append(user)
    return advisors, workers


def _insert(model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` (values of `columns`, by attname, already in database form); every
    other column gets its field default (auto_now fields: now), prepared once. bulk_create
    spends three quarters of its time preparing values field by field, which would make
    loading 3,000,000 contacts take most of an hour."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    constants: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.attname in columns:
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if auto else field.get_default()
        constants[field.column] = field.get_db_prep_save(value, connection)
    names = [model._meta.get_field(c.removesuffix("_id")).column for c in columns]
    names = [*names, *constants]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(n) for n in names)
    fixed = tuple(constants.values())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: psycopg's client-side parameter binding of big INSERTs costs more than
            # the server's work.
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *fixed))
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({column_list}) "  # noqa: S608 (names from the model)
                f"VALUES ({', '.join(['%s'] * len(names))})",
                [(*row, *fixed) for row in rows],
            )


def _load_contacts(
    total: int, persons: int, seed: int, advisors: Sequence[Any], workers: Sequence[Any]
) -> float:
    """`total` past contacts with ids 1..total, each with its child (ContactPerson) and the
    triage decision that closed it. Returns seconds.

    Half the contacts are about 5% of the children (the ones agencies keep calling about),
    the rest about anyone, so repeat-contact counts and open cases look like a real front
    door's. A quarter came through the partner API with an idempotency key, recorded by the
    bench's own advisors (so their idempotency index is as full as a busy partner's). Cases
    opened by an open-case outcome close 1-13 months later; recent ones are still open.
    Screenings, audit events and history rows of the past contacts are not loaded: the API
    reads them only by the new contact's id.
    """
    import numpy as np
    from django.db import connection, transaction

    from safehub.frontdoor.models import (
        OPEN_CASE_OUTCOMES,
        Channel,
        Contact,
        ContactKind,
        ContactPerson,
        ContactStatus,
        ContactType,
        Rag,
        TriageDecision,
        TriageOutcome,
    )

    accounts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line]
    type_ids = list(ContactType.objects.order_by("id").values_list("id", flat=True))
    recorders = [*advisors, *workers]
    outcomes = [
        (TriageOutcome.NO_FURTHER_ACTION, 0.30),
        (TriageOutcome.INFORMATION_AND_ADVICE, 0.20),
        (TriageOutcome.EARLY_HELP, 0.15),
        (TriageOutcome.REFER_ON, 0.10),
        (TriageOutcome.CHILD_IN_NEED, 0.12),
        (TriageOutcome.CHILD_PROTECTION, 0.08),
        (TriageOutcome.CSE_PATHWAY, 0.05),
    ]
    outcome_values = [o.value for o, _ in outcomes]
    outcome_weights = np.array([w for _, w in outcomes])
    opens_case = np.array([o in OPEN_CASE_OUTCOMES for o, _ in outcomes])
    channels = list(Channel.values)
    rags = list(Rag.values)
    concern_persons = max(1, persons // 20)
    sqlite = connection.vendor == "sqlite"

    def when(seconds: float) -> Any:
        """A UTC time as the database takes it (SQLite: naive UTC text, as Django writes)."""
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        return str(moment.replace(tzinfo=None)) if sqlite else moment

    contact_columns = (
        "id", "reference", "status", "kind", "channel", "received_at", "source",
        "referrer_name", "referrer_is_professional", "contact_type_id", "account",
        "is_cse_concern", "level", "rag", "level_decided_by_id", "level_decided_at",
        "decision_due_at", "submitted_at", "closed_at", "recorded_by_id",
        "recording_agency_id", "idempotency_key",
    )  # fmt: skip
    person_columns = ("id", "contact_id", "person_id", "role", "age_at_contact")
    decision_columns = (
        "id", "contact_id", "outcome", "reason", "decided_by_id", "decided_at", "case_closed_at",
    )  # fmt: skip
    now = time.time()
    span = HISTORY_YEARS * 365 * 86400
    began = time.perf_counter()
    for start in range(1, total + 1, CONTACT_BATCH):
        count = min(CONTACT_BATCH, total + 1 - start)
        rng = np.random.default_rng([seed, start])
        received = now - rng.uniform(3600, span, count)
        decided = received + rng.uniform(600, 3 * 86400, count)
        subject = np.where(
            rng.random(count) < 0.5,
            rng.integers(1, concern_persons + 1, count),
            rng.integers(1, persons + 1, count),
        )
        outcome = rng.choice(len(outcomes), size=count, p=outcome_weights)
        case_closed = decided + rng.uniform(30 * 86400, 400 * 86400, count)
        keyed = rng.random(count) < 0.25
        recorder = rng.integers(0, len(recorders), count)
        decider = rng.integers(0, len(workers), count)
        account = rng.integers(0, len(accounts), count)
        kind_info = rng.random(count) < 0.1
        cse = rng.random(count) < 0.3
        level = rng.integers(1, 5, count)
        rag = rng.integers(0, len(rags), count)
        channel = rng.integers(0, len(channels), count)
        source = rng.integers(0, len(SOURCES), count)
        ctype = rng.integers(0, len(type_ids), count)
        age = rng.integers(8, 18, count)

        contacts, people, decisions = [], [], []
        for i in range(count):
            number = start + i
            received_at = when(float(received[i]))
            decided_at = when(float(decided[i]))
            recorded_by = recorders[int(recorder[i])]
            decided_by = workers[int(decider[i])].pk
            contacts.append(
                (
                    number,
                    _reference(number),
                    ContactStatus.CLOSED.value,
                    (
                        ContactKind.INFORMATION_ON_OPEN_CASE.value
                        if kind_info[i]
                        else ContactKind.NEW_CONCERN.value
                    ),
                    channels[int(channel[i])],
                    received_at,
                    SOURCES[int(source[i])],
                    "Bench referrer",
                    True,
                    type_ids[int(ctype[i])],
                    accounts[int(account[i])],
                    bool(cse[i]),
                    int(level[i]),
                    rags[int(rag[i])],
                    decided_by,
                    decided_at,
                    when(float(received[i]) + 86400),
                    received_at,
                    decided_at,
                    recorded_by.pk,
                    recorded_by.agency_id,
                    f"hist-{number}" if keyed[i] else None,
                )
            )
            people.append((number, number, int(subject[i]), "subject", int(age[i])))
            closed = bool(opens_case[int(outcome[i])]) and float(case_closed[i]) < now
            decisions.append(
                (
                    number,
                    number,
                    outcome_values[int(outcome[i])],
                    "Bench decision",
                    decided_by,
                    decided_at,
                    when(float(case_closed[i])) if closed else None,
                )
            )
        with transaction.atomic():
            _insert(Contact, contact_columns, contacts)
            _insert(ContactPerson, person_columns, people)
            _insert(TriageDecision, decision_columns, decisions)
        done = start + count - 1
        if done % 200_000 < CONTACT_BATCH or done == total:
            rate = done / max(time.perf_counter() - began, 1e-9)
            print(f"progress: {done:,} contacts loaded ({rate:,.0f}/s)", flush=True)
    return time.perf_counter() - began


def _reset_sequences() -> None:
    """PostgreSQL: move the id sequences past the explicit ids (SQLite does this itself)."""
    from django.core.management.color import no_style
    from django.db import connection

    from safehub.frontdoor.models import Contact, ContactPerson, TriageDecision

    statements = connection.ops.sequence_reset_sql(
        no_style(), [Contact, ContactPerson, TriageDecision]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def load_worker(
    persons: int, contacts: int, seed: int, plan_count: int, out: Path, reuse: bool
) -> None:
    """Load the database (unless `reuse` finds it loaded), create tokens for the bench users
    and write the plan (tokens, searches, facts) to `out`."""
    import django

    django.setup()
    import pandas as pd
    from django.db import connection
    from person_search import BENCH_USER, _load, _postcode

    from safehub.accounts.models import User
    from safehub.accounts.services import api_token_create
    from safehub.frontdoor.models import Contact
    from safehub.people import synthetic
    from safehub.people.models import Person, PersonRecord

    began = time.perf_counter()
    population = synthetic.generate_population(int(persons * 1.5), seed=seed)
    records = population.records
    generate_seconds = time.perf_counter() - began
    # person_search._load numbers persons 1, 2, ... in order of first appearance.
    codes, _ = pd.factorize(records["true_person_id"])
    person_of_row = codes + 1
    person_count = int(person_of_row.max())

    persons_seconds: float | None = None
    contacts_seconds: float | None = None
    analyse_seconds: float | None = None
    if not (reuse and User.objects.filter(email=BENCH_USER).exists()):
        print(f"progress: loading {len(records):,} records of {person_count:,} persons", flush=True)
        _, persons_seconds = _load(records)
        print(f"progress: persons loaded in {persons_seconds:.0f}s", flush=True)
    advisors, workers = _bench_users()
    loaded = Contact.objects.filter(id__lte=contacts).count()
    if loaded == 0:
        contacts_seconds = _load_contacts(contacts, person_count, seed, advisors, workers)
        _reset_sequences()
    elif loaded != contacts:
        raise BenchmarkError(
            f"the kept database has {loaded:,} of {contacts:,} past contacts (an interrupted "
            "load?): delete the --keep-dir directory and run again"
        )
    if persons_seconds is not None or contacts_seconds is not None:
        analysing = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as after any bulk import
        analyse_seconds = time.perf_counter() - analysing

    # Searches as a partner system would send them: another agency's record of a child who
    # is in the index (its name, date of birth and postcode as that agency has them).
    rng = random.Random(seed)
    by_person = records.groupby(person_of_row).indices
    multi = [idx for idx in by_person.values() if len(idx) > 1]
    searches = []
    for _ in range(plan_count):
        idx = multi[rng.randrange(len(multi))]
        row = records.iloc[int(idx[rng.randrange(len(idx))])]
        params = {
            "given_name": row["given_name"],
            "family_name": row["family_name"],
            "date_of_birth": row["date_of_birth"] or "",
            "postcode": _postcode(row["postcode"]),
        }
        searches.append(
            {
                "params": {k: v for k, v in params.items() if v},
                "person_id": int(person_of_row[int(idx[0])]),
            }
        )
    tokens = [api_token_create(actor=user, name="bench")[1] for user in advisors]
    pg_version = getattr(connection, "pg_version", 0)
    version = (
        f"{pg_version // 10000}.{pg_version % 10000}"
        if connection.vendor == "postgresql"
        else __import__("sqlite3").sqlite_version
    )
    plan = {
        "database": {"vendor": connection.vendor, "version": version},
        "persons": Person.objects.count(),
        "person_records": PersonRecord.objects.count(),
        "contacts_before": Contact.objects.count(),
        "load_seconds": {
            "generate_population": round(generate_seconds, 1),
            "persons": round(persons_seconds, 1) if persons_seconds is not None else None,
            "contacts": round(contacts_seconds, 1) if contacts_seconds is not None else None,
            "analyse": round(analyse_seconds, 1) if analyse_seconds is not None else None,
        },
        "tokens": tokens,
        "searches": searches,
    }
    out.write_text(json.dumps(plan))
    out.chmod(0o600)


def count_worker(keys_file: Path) -> dict[str, Any]:
    """Count the contacts the run created: `keys_file` maps each Idempotency-Key sent to the
    contact ids the replies named."""
    import django

    django.setup()
    from django.db.models import Count

    from safehub.frontdoor.models import Alert, Contact, ContactPerson, Screening

    document = json.loads(keys_file.read_text())
    prefix: str = document["prefix"]
    sent: dict[str, list[int]] = document["sent"]
    rows = list(
        Contact.objects.filter(idempotency_key__startswith=prefix).values_list(
            "idempotency_key", "id"
        )
    )
    by_key: dict[str, list[int]] = {}
    for key, contact_id in rows:
        by_key.setdefault(key or "", []).append(contact_id)
    ids = [contact_id for _, contact_id in rows]
    subjects = dict(
        ContactPerson.objects.filter(contact_id__in=ids, role="subject")
        .order_by()
        .values_list("contact_id")
        .annotate(n=Count("id"))
        .values_list("contact_id", "n")
    )
    screened = set(
        Screening.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True)
    )
    phase_of = {
        contact_id: (key or "").removeprefix(prefix).split("-")[0] for key, contact_id in rows
    }
    phases: dict[str, dict[str, int]] = {}
    for contact_id in ids:
        phases.setdefault(phase_of[contact_id], {"contacts": 0})["contacts"] += 1
    for contact_id, kind in Alert.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "kind"
    ):
        counts = phases[phase_of[contact_id]]
        counts[f"alerts_{kind}"] = counts.get(f"alerts_{kind}", 0) + 1
    return {
        "keys_sent": len(sent),
        "contacts_found": len(rows),
        "lost": sum(1 for key in sent if key not in by_key),
        "duplicated": sum(len(found) - 1 for found in by_key.values() if len(found) > 1),
        "unexpected": sum(1 for key in by_key if key not in sent),
        "replies_naming_another_contact": sum(
            1
            for key, replied in sent.items()
            if key in by_key and any(i not in by_key[key] for i in replied)
        ),
        "contacts_without_exactly_one_child": sum(1 for i in ids if subjects.get(i, 0) != 1),
        "contacts_without_screening": sum(1 for i in ids if i not in screened),
        "by_phase": phases,
    }


def profile_worker(plan_file: Path, seed: int) -> dict[str, Any]:
    """Where a contact's time goes, in-process on the loaded database with no other load from
    this benchmark: `selectors.person_search`, `services.contact_record` (with its SQL timed
    statement by statement) and the text screening of the same account again on its own
    (its per-token caches warm, as in the server), for the searches in `plan_file` after five
    warm-up contacts; plus the functions that dominate contact_record under cProfile (every
    other contact)."""
    import cProfile
    import io
    import pstats
    import statistics
    from collections import defaultdict

    import django

    django.setup()
    from django.db import connection

    from safehub.accounts.models import User
    from safehub.frontdoor import services
    from safehub.frontdoor.screening.text import read_text
    from safehub.people.matching import MatchQuery
    from safehub.people.selectors import person_search

    document = json.loads(plan_file.read_text())
    user = User.objects.get(email=ADVISOR_EMAIL.format(1))
    partner = Partner(seed + 1)
    timings: dict[str, list[float]] = defaultdict(list)
    by_statement: dict[str, list[float]] = defaultdict(list)
    current: list[float] = []

    def timed_sql(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - began
            current.append(elapsed)
            by_statement[" ".join(sql.split())[:160]].append(elapsed)

    profiler = cProfile.Profile()
    searches = document["searches"]
    warmup = 5
    for number, planned in enumerate([*searches[:warmup], *searches]):
        if number == warmup:
            timings.clear()
            by_statement.clear()
        params = planned["params"]
        dob = params.get("date_of_birth")
        query = MatchQuery(
            given_name=params.get("given_name", ""),
            family_name=params.get("family_name", ""),
            date_of_birth=dt.date.fromisoformat(dob) if dob else None,
            postcode=params.get("postcode", ""),
        )
        began = time.perf_counter()
        outcome = person_search(user=user, query=query)
        timings["search_ms"].append(time.perf_counter() - began)
        person_id = outcome.candidates[0].person.pk if outcome.candidates else planned["person_id"]
        body = partner.payload(person_id)
        data = services.ContactInput(
            channel="partner_api",
            source=body["source"],
            contact_type=body["contact_type"],
            account=body["account"],
            people=[services.PersonOnContact(**p) for p in body["people"]],
            answers=body.get("answers", {}),
            referrer_name=body["referrer_name"],
            referrer_role=body["referrer_role"],
            referrer_organisation=body["referrer_organisation"],
            referrer_email=body["referrer_email"],
            referrer_is_professional=True,
        )
        current.clear()
        if number >= warmup and number % 2:
            profiler.enable()
        began = time.perf_counter()
        with connection.execute_wrapper(timed_sql):
            services.contact_record(
                actor=user, data=data, idempotency_key=f"{document['prefix']}{number}"
            )
        timings["contact_record_ms"].append(time.perf_counter() - began)
        profiler.disable()
        timings["contact_record_sql_ms"].append(sum(current))
        timings["contact_record_queries"].append(len(current) / 1000.0)
        began = time.perf_counter()
        read_text(body["account"], today=dt.date.today())
        timings["text_screening_warm_ms"].append(time.perf_counter() - began)
    figures: dict[str, Any] = {"contacts": len(searches)}
    for name, values in timings.items():
        ms = sorted(v * 1000.0 for v in values)
        figures[name] = {
            "median": round(statistics.median(ms), 1),
            "p95": round(statistics.quantiles(ms, n=20, method="inclusive")[18], 1),
        }
    total = sum(sum(v) for v in by_statement.values()) or 1.0
    figures["slowest_statements"] = [
        {
            "sql": sql,
            "calls_per_contact": round(len(values) / len(searches), 2),
            "ms_per_contact": round(sum(values) * 1000.0 / len(searches), 2),
            "share_of_sql": round(sum(values) / total, 3),
        }
        for sql, values in sorted(by_statement.items(), key=lambda item: -sum(item[1]))[:8]
    ]
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    figures["cprofile_top_cumulative"] = [
        " ".join(line.split()) for line in out.getvalue().splitlines() if "(" in line
    ][:30]
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    figures["cprofile_top_own_time"] = [
        " ".join(line.split()) for line in out.getvalue().splitlines() if "(" in line
    ][:20]
    return figures


# --- the partner's side ------------------------------------------------------------------------


class Partner:
    """Builds the contacts a partner system sends: varied accounts, types and answers."""

    def __init__(self, seed: int) -> None:
        self.notes = [json.loads(line) for line in CORPUS.read_text().splitlines() if line]
        self.rng = random.Random(seed)
        self.lock = threading.Lock()

    def payload(self, person_id: int) -> dict[str, Any]:
        with self.lock:
            rng = self.rng
            notes = [self.notes[rng.randrange(len(self.notes))]]
            if rng.random() < 0.3:
                notes.append(self.notes[rng.randrange(len(self.notes))])
            kind = rng.random()
            source = rng.choice(SOURCES)
            answers_yes = [rng.random() < 0.3 for _ in CSE_QUESTIONS]
            concern = rng.random() < 0.3
            poc = rng.choice(PEOPLE_OF_CONCERN)
            not_known = rng.random() < 0.1
        account = " ".join(note["text"] for note in notes)
        people: list[dict[str, Any]] = [{"role": "subject", "person_id": person_id}]
        if concern:
            people.append(
                {"role": "person_of_concern", "name_as_given": poc[0], "description": poc[1]}
            )
        body: dict[str, Any] = {
            "source": source,
            "account": account,
            "people": people,
            "referrer_name": "Bench Referrer",
            "referrer_role": "Designated safeguarding lead",
            "referrer_organisation": "Severnside partner agency",
            "referrer_email": "referrer@partner.example",
        }
        if kind < 0.6:
            body["contact_type"] = "cse-concern"
            body["answers"] = {
                q: ("not_known" if not_known and q == "online" else "yes" if yes else "no")
                for q, yes in zip(CSE_QUESTIONS, answers_yes, strict=True)
            } | {"disclosure": "no", "places": "Station Road takeaway"}
        elif kind < 0.85:
            body["contact_type"] = "other"
            body["answers"] = {"nature": notes[0]["text"][:120]}
        else:
            body["contact_type"] = "exploitation-information"
        return body


class Api:
    """One partner client: a bearer token and a fresh connection per request."""

    def __init__(self, port: int, token: str) -> None:
        self.http = HttpClient(port, timeout=REQUEST_TIMEOUT)
        self.auth = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def search(self, params: dict[str, str]) -> Response:
        return self.http.request(
            "GET", "/api/v1/people/search?" + urlencode(params), headers=self.auth
        )

    def post_contact(self, body: dict[str, Any], key: str) -> Response:
        headers = {**self.auth, "Content-Type": "application/json", "Idempotency-Key": key}
        return self.http.request(
            "POST", "/api/v1/contacts", body=json.dumps(body).encode(), headers=headers
        )


def _contact_id(response: Response) -> int | None:
    if response.status != 201:
        return None
    try:
        return int(json.loads(response.body)["id"])
    except (ValueError, KeyError, TypeError):
        return None


def _problem(response: Response) -> str:
    return f"status {response.status}: {response.text[:300]}"


def latency_phase(
    api: Api,
    partner: Partner,
    searches: Sequence[dict[str, Any]],
    prefix: str,
    sent: dict[str, list[int]],
) -> dict[str, Any]:
    """Search then record, one contact after the other; every reply must be right."""
    pair, search_part, post_part = [], [], []
    top_is_child = no_candidates = open_case = cse = 0
    deadline = time.monotonic() + PHASE_TIMEOUT
    for number, planned in enumerate(searches):
        if time.monotonic() > deadline:
            raise BenchmarkError(f"latency phase exceeded {PHASE_TIMEOUT:.0f}s")
        began = time.perf_counter()
        found = api.search(planned["params"])
        searched = time.perf_counter()
        if found.status != 200:
            raise BenchmarkError(f"search {planned['params']}: {_problem(found)}")
        candidates = json.loads(found.body)["candidates"]
        person_id = candidates[0]["person_id"] if candidates else planned["person_id"]
        body = partner.payload(person_id)
        key = f"{prefix}-{number}"
        posting = time.perf_counter()
        response = api.post_contact(body, key)
        ended = time.perf_counter()
        contact_id = _contact_id(response)
        if contact_id is None:
            raise BenchmarkError(f"POST /api/v1/contacts: {_problem(response)}")
        sent[key] = [contact_id]
        pair.append((searched - began) + (ended - posting))
        search_part.append(searched - began)
        post_part.append(ended - posting)
        no_candidates += not candidates
        top_is_child += bool(candidates) and candidates[0]["person_id"] == planned["person_id"]
        reply = json.loads(response.body)
        open_case += reply["kind"] == "information_on_open_case"
        cse += bool(reply["is_cse_concern"])
    return {
        "pair": summarise(pair),
        "search": summarise(search_part),
        "post": summarise(post_part),
        "searches_top_candidate_is_the_child": top_is_child,
        "searches_without_candidates": no_candidates,
        "contacts_on_open_cases": open_case,
        "contacts_cse_concern": cse,
    }


def throughput_phase(
    apis: Sequence[Api],
    partner: Partner,
    person_ids: Sequence[int],
    prefix: str,
    sent: dict[str, list[int]],
    seed: int,
    duration: float | None = None,
) -> dict[str, Any]:
    """The clients share `person_ids` (one contact each) as fast as they go, until they are
    all sent or `duration` seconds have passed (the contacts in flight are finished);
    RETRY_SHARE of the contacts are sent a second time with the same key while the first is
    in flight."""
    lock = threading.Lock()
    queue = list(enumerate(person_ids))
    latencies: list[float] = []
    errors: list[str] = []
    retries = replayed = 0
    start_line = threading.Barrier(len(apis) + 1, timeout=60)
    finished: list[float] = []
    deadline = time.monotonic() + PHASE_TIMEOUT
    stop_at: list[float | None] = [None]

    def send(api: Api, body: dict[str, Any], key: str) -> tuple[Response | None, float, str]:
        began = time.perf_counter()
        try:
            response = api.post_contact(body, key)
        except OSError as exc:
            return None, time.perf_counter() - began, f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - began
        return response, elapsed, "" if response.status == 201 else _problem(response)

    def send_into(
        into: list[tuple[Response | None, float, str]], api: Api, body: dict[str, Any], key: str
    ) -> None:
        into.append(send(api, body, key))

    def client_loop(client: int, api: Api) -> None:
        nonlocal retries, replayed
        rng = random.Random(seed * 1000 + client)
        start_line.wait()
        while True:
            with lock:
                stop = stop_at[0]
                if not queue or len(errors) > 50 or (stop is not None and time.monotonic() > stop):
                    break
                number, person_id = queue.pop()
            if time.monotonic() > deadline:
                with lock:
                    errors.append(f"phase exceeded {PHASE_TIMEOUT:.0f}s")
                break
            body = partner.payload(person_id)
            key = f"{prefix}-{number}"
            attempts: list[tuple[Response | None, float, str]] = []
            if rng.random() < RETRY_SHARE:
                first: list[tuple[Response | None, float, str]] = []
                thread = threading.Thread(target=send_into, args=(first, api, body, key))
                thread.start()
                time.sleep(rng.uniform(0.0, 0.05))  # the client gave up waiting and retries
                attempts.append(send(api, body, key))
                thread.join(REQUEST_TIMEOUT + 5)
                attempts.extend(first)
                if len(attempts) < 2:
                    attempts.append((None, 0.0, "first attempt did not return"))
            else:
                attempts.append(send(api, body, key))
            ids = [_contact_id(r) for r, _, _ in attempts if r is not None]
            with lock:
                for response, elapsed, problem in attempts:
                    if problem:
                        errors.append(problem)
                    else:
                        latencies.append(elapsed)
                        if response is not None and response.headers.get("Idempotent-Replayed"):
                            replayed += 1
                sent[key] = [i for i in ids if i is not None]
                retries += len(attempts) > 1
        with lock:
            finished.append(time.perf_counter())

    threads = [
        threading.Thread(target=client_loop, args=(n, api), daemon=True)
        for n, api in enumerate(apis)
    ]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    stop_at[0] = time.monotonic() + duration if duration is not None else None
    for thread in threads:
        thread.join(PHASE_TIMEOUT + 2 * REQUEST_TIMEOUT)
        if thread.is_alive():
            raise BenchmarkError("client threads did not finish in time")
    wall = (max(finished) if finished else time.perf_counter()) - began
    contacts = len(person_ids) - len(queue)
    return {
        "clients": len(apis),
        "contacts": contacts,
        "requests": len(latencies) + len(errors),
        "retried_contacts": retries,
        "replayed_replies": replayed,
        "wall_seconds": round(wall, 3),
        "contacts_per_second": round(contacts / wall, 1) if wall > 0 else None,
        "errors": len(errors),
        "error_examples": errors[:5],
        "post_latency_under_load": summarise(latencies) if latencies else None,
    }


# --- orchestration -----------------------------------------------------------------------------


def measure(database: str, args: argparse.Namespace, partner: Partner) -> dict[str, Any]:
    with contextlib.ExitStack() as stack:
        if args.keep_dir is not None:
            args.keep_dir.mkdir(parents=True, exist_ok=True)
            var_dir = args.keep_dir.resolve()
        else:
            var_dir = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(dir=REPO / "var", prefix=f"bench-{NAME}-")
                )
            )
        url = stack.enter_context(pg_cluster(PG_CLUSTER)) if database == "postgresql" else None
        env = safehub_env(var_dir, url)
        print(f"[{database}] migrating ...", flush=True)
        run_bounded([VENV_BIN / "safehub", "migrate", "--noinput", "-v0"], env=env, timeout=3000)
        run_bounded(
            [VENV_BIN / "safehub", "collectstatic", "--noinput", "-v0"], env=env, timeout=600
        )
        plan_path = var_dir / "bench-frontdoor-plan.json"
        print(
            f"[{database}] loading {args.persons:,} persons and {args.contacts:,} contacts ...",
            flush=True,
        )
        command: list[str | os.PathLike[str]] = [
            VENV_BIN / "python",
            __file__,
            "--load-worker",
            "--persons",
            str(args.persons),
            "--contacts",
            str(args.contacts),
            "--seed",
            str(args.seed),
            "--plan-count",
            str(
                WARMUP_PAIRS
                + args.latency_contacts
                + args.throughput_contacts
                + args.profile_contacts
            ),
            "--out",
            str(plan_path),
        ]
        if args.keep_dir is not None:
            command.append("--reuse")
        run_streaming(command, env, LOAD_TIMEOUT)
        plan = json.loads(plan_path.read_text())
        plan_path.unlink()
        print(
            f"[{database}] {plan['persons']:,} persons, {plan['contacts_before']:,} contacts; "
            f"load seconds {plan['load_seconds']}",
            flush=True,
        )
        searches = plan["searches"]
        warm, timed = searches[:WARMUP_PAIRS], searches[WARMUP_PAIRS:]
        timed, later = timed[: args.latency_contacts], timed[args.latency_contacts :]
        # Children no earlier phase recorded a contact about (so no extra repeat alerts).
        later, fresh = later[: args.throughput_contacts], later[args.throughput_contacts :]
        run = f"bench-{uuid.uuid4().hex[:12]}"
        sent: dict[str, list[int]] = {}
        log_path = var_dir / "gunicorn.log"
        load_at_phase = [round(x, 2) for x in os.getloadavg()]
        with gunicorn_server(env, log_path, workers=WORKERS, threads=THREADS) as port:
            apis = [Api(port, token) for token in plan["tokens"]]
            print(f"[{database}] warming up ({WARMUP_PAIRS} contacts, 4 clients) ...", flush=True)
            warmup = throughput_phase(
                apis[:4],
                partner,
                [s["person_id"] for s in warm],
                f"{run}-warm",
                sent,
                args.seed,
            )
            if warmup["errors"]:
                raise BenchmarkError(
                    f"[{database}] warm-up errors: {warmup['error_examples']}\n{tail(log_path)}"
                )
            print(f"[{database}] latency: {len(timed)} contacts, one client ...", flush=True)
            try:
                latency = latency_phase(apis[0], partner, timed, f"{run}-lat", sent)
            except BenchmarkError as exc:
                raise BenchmarkError(f"[{database}] {exc}\n{tail(log_path)}") from exc
            print(
                f"[{database}] throughput: {len(later)} contacts, {CLIENTS} clients ...",
                flush=True,
            )
            throughput = throughput_phase(
                apis,
                partner,
                [s["person_id"] for s in later],
                f"{run}-tp",
                sent,
                args.seed,
                duration=args.throughput_seconds,
            )
        keys_path = var_dir / "bench-frontdoor-keys.json"
        keys_path.write_text(json.dumps({"prefix": run + "-", "sent": sent}))
        done = run_bounded(
            [VENV_BIN / "python", __file__, "--count-worker", "--out", str(keys_path)],
            env=env,
            timeout=1800,
        )
        keys_path.unlink()
        marker = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
        if not marker:
            raise BenchmarkError(f"count worker printed no result:\n{done.stdout[-2000:]}")
        integrity = json.loads(marker[-1].removeprefix("BENCH-RESULT "))
        profile = None
        if args.profile_contacts:
            print(f"[{database}] profiling {args.profile_contacts} contacts in-process ...")
            profile_path = var_dir / "bench-frontdoor-profile.json"
            profile_path.write_text(
                json.dumps({"prefix": f"{run}-prof-", "searches": fresh[: args.profile_contacts]})
            )
            done = run_bounded(
                [
                    VENV_BIN / "python",
                    __file__,
                    "--profile-worker",
                    "--seed",
                    str(args.seed),
                    "--out",
                    str(profile_path),
                ],
                env=env,
                timeout=1800,
            )
            profile_path.unlink()
            marker = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
            if not marker:
                raise BenchmarkError(f"profile worker printed no result:\n{done.stdout[-2000:]}")
            profile = json.loads(marker[-1].removeprefix("BENCH-RESULT "))
        gunicorn_log = tail(log_path, 3000).strip()
        result = {
            "database": plan["database"],
            "persons": plan["persons"],
            "person_records": plan["person_records"],
            "contacts_before": plan["contacts_before"],
            "load_seconds": plan["load_seconds"],
            "load_average_before_measuring_1_5_15_min": load_at_phase,
            "latency": latency,
            "throughput": throughput,
            "integrity": integrity,
            "in_process_profile": profile,
            "gunicorn_log_tail": gunicorn_log[-1500:] if gunicorn_log else "",
        }
        result["met"] = {
            "pair_p95": latency["pair"]["p95_ms"] <= TARGET_P95_MS,
            "throughput": (throughput["contacts_per_second"] or 0) >= TARGET_CONTACTS_PER_SECOND,
            "no_errors": throughput["errors"] == 0,
            "none_lost": integrity["lost"] == 0,
            "none_duplicated": integrity["duplicated"] == 0,
        }
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=3_000_000)
    parser.add_argument("--latency-contacts", type=int, default=500)
    parser.add_argument(
        "--throughput-contacts", type=int, default=3000, help="at most this many contacts ..."
    )
    parser.add_argument(
        "--throughput-seconds", type=float, default=60.0, help="... or for this long"
    )
    parser.add_argument(
        "--profile-contacts",
        type=int,
        default=100,
        help="afterwards, time this many contacts in-process, step by step (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--keep-dir",
        type=Path,
        help="SQLite only: load into DIR and keep it; reuse it if already loaded "
        "(results are printed, not written)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the results file's figures for the databases not measured in this run "
        "(each database's figures say when and at which commit they were measured)",
    )
    parser.add_argument("--load-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--plan-count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_worker or args.count_worker or args.profile_worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        if args.load_worker:
            load_worker(
                args.persons, args.contacts, args.seed, args.plan_count, args.out, args.reuse
            )
        elif args.count_worker:
            print("BENCH-RESULT " + json.dumps(count_worker(args.out)), flush=True)
        else:
            print("BENCH-RESULT " + json.dumps(profile_worker(args.out, args.seed)), flush=True)
        return 0
    databases = args.databases.split(",")
    if args.keep_dir is not None and databases != ["sqlite"]:
        parser.error("--keep-dir works with --databases sqlite only")
    if any(db not in ("sqlite", "postgresql") for db in databases):
        parser.error("--databases: sqlite, postgresql or both")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    (REPO / "var").mkdir(exist_ok=True)
    partner = Partner(args.seed)
    results: dict[str, Any] = {}
    try:
        build_assets()
        for database in databases:
            results[database] = measure(database, args, partner)
            results[database]["measured"] = {
                "timestamp_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "git_commit": _git_commit(),
            }
    except BenchmarkError as exc:
        print(f"\n{NAME} benchmark FAILED:\n{exc}", file=sys.stderr)
        return 1
    print()
    print_table(
        ["database", "load s", "search p50/p95", "post p50/p95", "pair p50/p95", "contacts/s"],
        [
            [
                f"{db} {r['database']['version']}",
                "+".join(
                    str(v) for k, v in r["load_seconds"].items() if v is not None and k != "analyse"
                ),
                f"{r['latency']['search']['median_ms']:.0f}/{r['latency']['search']['p95_ms']:.0f}",
                f"{r['latency']['post']['median_ms']:.0f}/{r['latency']['post']['p95_ms']:.0f}",
                f"{r['latency']['pair']['median_ms']:.0f}/{r['latency']['pair']['p95_ms']:.0f}",
                r["throughput"]["contacts_per_second"],
            ]
            for db, r in results.items()
        ],
    )
    print_table(
        ["database", "errors", "lost", "duplicated", "targets met"],
        [
            [
                db,
                r["throughput"]["errors"],
                r["integrity"]["lost"],
                r["integrity"]["duplicated"],
                ", ".join(f"{k}={v}" for k, v in r["met"].items()),
            ]
            for db, r in results.items()
        ],
    )
    if args.merge and (REPO / "bench" / "results" / f"{NAME}.json").exists():
        earlier = json.loads((REPO / "bench" / "results" / f"{NAME}.json").read_text())
        for database, figures in earlier.get("results", {}).items():
            results.setdefault(database, figures)
    met = all(all(r["met"].values()) for r in results.values())
    if args.keep_dir is not None:
        print(json.dumps(results, indent=2))
        return 0 if met else 1
    path = write_results(
        NAME,
        {
            "benchmark": NAME,
            "description": DESCRIPTION,
            "targets": {
                "pair_p95_ms": TARGET_P95_MS,
                "contacts_per_second": TARGET_CONTACTS_PER_SECOND,
                "errors": 0,
                "lost": 0,
                "duplicated": 0,
            },
            "persons_requested": args.persons,
            "contacts_requested": args.contacts,
            "latency_contacts": args.latency_contacts,
            "warmup_contacts": WARMUP_PAIRS,
            "throughput_contacts_at_most": args.throughput_contacts,
            "throughput_seconds_at_most": args.throughput_seconds,
            "throughput_clients": CLIENTS,
            "retry_share": RETRY_SHARE,
            "load_average_at_start_1_5_15_min": load_at_start,
            "server": {
                "gunicorn_workers": WORKERS,
                "gunicorn_threads": THREADS,
                "db_conn_max_age_seconds": int(os.environ.get("SAFEHUB_DB_CONN_MAX_AGE") or 60),
            },
            "results": results,
            "all_targets_met": met,
        },
        databases={db: r["database"] for db, r in results.items()},
    )
    print(f"\nwritten to {path}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
