"""The CSE pathway's home page (GET /pathway/) with a large case history, on SQLite and PostgreSQL.

Issue 5, point 15: "my-caseload and the manager dashboard <= 150 ms at p95 with 100,000 cases
and 2,000,000 actions in the database, SQLite and PostgreSQL". Both are GET /pathway/: a CSE
practitioner sees their caseload, a team manager the dashboard of every caseload.

For each database (a SQLite file and a throwaway PostgreSQL cluster): migrate, then bulk-load
(raw multi-row INSERTs on SQLite, COPY on PostgreSQL) a partnership's pathway history:

* agencies (police, health, `SCHOOLS` schools, housing, the front door and the CSE team), 60
  active CSE practitioners and 15 who have left, 3 team managers, a risk-panel chair, front-door
  social workers and one partner user per agency;
* `--persons` children (default: one per case; minimal person rows, no agency records) and
  `--cases` CSE cases (default 100,000), each with the closed front-door contact that opened it
  (and its subject), over `YEARS` years: `--open-share` of them open (default 0.0075: 750 open
  cases, about 12 for each of the 60 practitioners, against the board's limit of 10
  high-priority and the seed's team of 68 young people; all but `REFERRED_WAITING` allocated;
  the measured practitioner holds `TYPICAL_OPEN`, the others share the rest unevenly, three of
  them noticeably more), the rest closed, stepped up or transferred. The stress variant
  `--open-share 0.15 --label stress-15pc` opens 15,000 (about 250 a practitioner, far beyond
  any caseload the board allows) to show how the dashboard grows with the open cases (it
  aggregates every one of them). Then the cases' timeline events, allocations (about
  2% over the limit), risk assessments, time with the young person (recent face-to-face
  contacts for open cases, about half of them short of what their grade expects) and strategy
  meetings (held, pending, some overdue);
* `--actions` partner actions (default 2,000,000) spread over the cases: closed cases' actions
  done (or withdrawn with a reason), open cases' partly open, some overdue.

Then gunicorn (2 workers x 4 threads, as scripts/run.sh) on 127.0.0.1; one client signed in as
the practitioner ("my caseload") and one as a team manager ("dashboard") each request
GET /pathway/ `--requests` times (default 300) after `--warmup` (30) warm-up requests, one at a
time; every response must be a 200 showing that user's page (the practitioner's case references,
the practitioners' names). Then, with the server stopped, `--profile-requests` more requests of
each page in-process (django.test.Client) with every SQL statement timed: queries per page, SQL
time, and the slowest statements with their query plans.

Target: p95 <= 150 ms for both pages on both databases. Figures to bench/results/pathway.json
(under DATABASE, or DATABASE-LABEL with `--label`; `--merge` keeps the other entries); exits 1 if
a target is missed. `--keep-dir DIR` (SQLite only) loads DIR/safehub.sqlite3 once and
reuses it while --cases, --actions, --persons, --open-share and --seed are unchanged (results
are printed, not written). A small run (--cases 5000 --actions 100000) takes a couple of minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import (
    REPO,
    RESULTS_DIR,
    VENV_BIN,
    BenchmarkError,
    HttpClient,
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

NAME = "pathway"
PG_CLUSTER = f"bench-pathway-{os.getpid()}"  # var/pg-bench-pathway-PID: runs may overlap
WORKERS = 2
THREADS = 4
TARGET_P95_MS = 150.0
REQUEST_TIMEOUT = 60.0  # seconds, per request
PHASE_TIMEOUT = 2400.0  # seconds, for one page's measured requests
LOAD_TIMEOUT = 3 * 3600.0  # seconds, for loading one database
PAGE = "/pathway/"
SIGN_IN = "/accounts/sign-in/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

YEARS = 6
SCHOOLS = 40
PRACTITIONERS = 60
FORMER_PRACTITIONERS = 15
MANAGERS = 3
SOCIAL_WORKERS = 4
TYPICAL_OPEN = 10  # open cases of the measured practitioner
BUSY_PRACTITIONERS = 3  # practitioners given a larger share (over the limit)
REFERRED_WAITING = 20  # open cases waiting for allocation
BATCH = 50_000  # rows per INSERT round and transaction
EMAIL = "bench-{}@pathway.example"
MARKER = "bench-pathway-loaded.json"

STAGES = (
    "referred",
    "allocated",
    "initial_assessment",
    "awaiting_panel",
    "graded",
    "strategy_and_plan",
    "review",
)
ENDED = ("closed", "stepped_up", "transferred")
GRADES = ("", "low", "low_medium", "medium", "medium_high", "high")
GRADE_P = (0.12, 0.18, 0.30, 0.22, 0.18)  # of low .. high, for graded cases
HIGH_PRIORITY = {"", "medium_high", "high"}
# Open, allocated cases by stage (allocated .. review).
OPEN_STAGE_P = (0.08, 0.14, 0.10, 0.08, 0.35, 0.25)
# Days before now an open case at each stage was created (referred .. review).
OPEN_AGE_DAYS = ((0.1, 12), (2, 30), (5, 50), (20, 70), (25, 90), (40, 400), (90, 700))
F2F_PER_WEEK = {"": 1.0, "low": 0.25, "low_medium": 0.5, "medium": 1.0}
F2F_PER_WEEK |= {"medium_high": 2.0, "high": 2.0}
ACTION_WHAT = (
    "Share the school's attendance record since September with the CSE team",
    "Disruption visit to the address on Station Road",
    "GP to review the young person's sexual health appointments",
    "Housing to confirm the family's tenancy and any reports of visitors",
    "Return-home interview after the latest missing episode",
    "Add the vehicle to the police briefing",
    "School to nominate a trusted adult and record weekly check-ins",
    "Refer to the specialist sexual health outreach service",
)

DESCRIPTION = (
    f"GET {PAGE} served by gunicorn ({WORKERS} workers x {THREADS} threads) on 127.0.0.1 with "
    "config.settings.dev, with a bulk-loaded pathway history (cases with their contacts, "
    "events, allocations, assessments, time logs, strategy meetings, and partner actions). One "
    "client at a time, signed in as a CSE practitioner with a typical caseload ('my caseload') "
    "or as a team manager ('dashboard'), requests the page sequentially after warm-up "
    "requests; latency measured by the client from connect to the last byte, one new TCP "
    "connection per request. Queries per page and the slowest statements come from the same "
    "page requested in-process afterwards with every SQL statement timed."
)


# --- loading (runs in a subprocess with the database's environment) ----------------------------


def _texts(sqlite: bool, seconds: Any) -> list[Any]:
    """UTC timestamps (numpy float seconds, NaN for none) as the database takes them: naive UTC
    text on SQLite (as Django writes it), text with an offset for PostgreSQL's COPY."""
    import numpy as np

    values = np.asarray(seconds, dtype="float64")
    missing = np.isnan(values)
    micro = np.where(missing, 0, np.round(values * 1e6)).astype("int64").astype("datetime64[us]")
    text = np.char.replace(np.datetime_as_string(micro, unit="us"), "T", " ")
    if not sqlite:
        text = np.char.add(text, "+00:00")
    return [None if gap else str(t) for t, gap in zip(text.tolist(), missing, strict=True)]


def _dates(seconds: Any) -> list[str]:
    import numpy as np

    days = (np.asarray(seconds, dtype="float64") // 86400).astype("int64").astype("datetime64[D]")
    return [str(d) for d in np.datetime_as_string(days, unit="D").tolist()]


def _column(model: Any, name: str) -> str:
    """The column of a field named by its name or attname (`case_id`; `source_id` is a field
    of its own on PartnerAction, not the attname of `source`)."""
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return str(field.column)
    raise BenchmarkError(f"{model.__name__} has no field {name!r}")


def _insert_rows(model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` (values of `columns`, already in database form) in rounds of `BATCH`:
    COPY on PostgreSQL, executemany on SQLite (bench/frontdoor.py's way; bulk_create spends most
    of its time preparing values field by field). Every other column gets its field default
    (auto_now fields: now), prepared once."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    names = [_column(model, c) for c in columns]
    constants: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.column in names:
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if auto else field.get_default()
        constants[field.column] = field.get_db_prep_save(value, connection)
    names += list(constants)
    if len(set(names)) != len(names):
        raise BenchmarkError(f"{model.__name__}: a column is named twice in {names}")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(n) for n in names)
    fixed = tuple(constants.values())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row((*row, *fixed))
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({column_list}) "  # noqa: S608 (names from the model)
                    f"VALUES ({', '.join(['%s'] * len(names))})",
                    [(*row, *fixed) for row in chunk],
                )


def _people_and_users(password: str) -> dict[str, Any]:
    """Agencies and users; the two signed-in users get `password` (the others none)."""
    from django.contrib.auth.hashers import make_password

    from safehub.accounts.models import Agency, AgencyType, Role, RoleAssignment, User

    specs = [
        ("Bench Midshire Police", AgencyType.POLICE),
        ("Bench Severnside Health", AgencyType.HEALTH),
        ("Bench Severnside Housing", AgencyType.HOUSING),
        ("Bench Family Connect", AgencyType.FRONT_DOOR),
        ("Bench CSE Team", AgencyType.CSE_TEAM),
    ] + [(f"Bench School {n:02d}", AgencyType.EDUCATION) for n in range(1, SCHOOLS + 1)]
    Agency.objects.bulk_create(
        [Agency(name=name, short_name=name[6:30], agency_type=kind) for name, kind in specs]
    )
    agencies = {a.name: a for a in Agency.objects.filter(name__startswith="Bench ")}
    cse = agencies["Bench CSE Team"]
    front = agencies["Bench Family Connect"]
    unusable = make_password(None)
    users: list[tuple[str, str, Any, str, bool]] = []  # key, name, agency, role, active
    for n in range(1, PRACTITIONERS + 1):
        users.append((f"practitioner-{n}", f"Practitioner {n:02d} Bench", cse, "p", True))
    for n in range(1, FORMER_PRACTITIONERS + 1):
        users.append((f"former-{n}", f"Former Practitioner {n:02d}", cse, "p", False))
    for n in range(1, MANAGERS + 1):
        users.append((f"manager-{n}", f"Manager {n} Bench", cse, "m", True))
    users.append(("chair", "Chair Bench", cse, "c", True))
    for n in range(1, SOCIAL_WORKERS + 1):
        users.append((f"social-worker-{n}", f"Social Worker {n} Bench", front, "s", True))
    partner_agencies = [a for a in agencies.values() if a.agency_type not in {"cse_team"}]
    partner_agencies = [a for a in partner_agencies if a.pk != front.pk]
    for agency in sorted(partner_agencies, key=lambda a: a.name):
        role = "o" if agency.agency_type == AgencyType.POLICE else "x"
        users.append((f"partner-{agency.pk}", f"{agency.name} Contact", agency, role, True))
    roles = {
        "p": Role.CSE_PRACTITIONER,
        "m": Role.TEAM_MANAGER,
        "c": Role.RISK_PANEL_CHAIR,
        "s": Role.SAFEGUARDING_SOCIAL_WORKER,
        "o": Role.POLICE_OFFICER,
        "x": Role.PARTNER_CONTRIBUTOR,
    }
    User.objects.bulk_create(
        [
            User(
                email=EMAIL.format(key),
                full_name=name,
                agency=agency,
                is_active=active,
                password=unusable,
            )
            for key, name, agency, _, active in users
        ]
    )
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@pathway.example")}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=by_email[EMAIL.format(key)], role=roles[role])
            for key, _, _, role, _ in users
        ]
    )
    for key in ("practitioner-1", "manager-1"):
        user = by_email[EMAIL.format(key)]
        user.set_password(password)
        user.save(update_fields=["password"])

    def ids(prefix: str) -> list[int]:
        return [by_email[EMAIL.format(k)].pk for k, *_ in users if k.startswith(prefix)]

    partner_of_agency = {
        a.pk: by_email[EMAIL.format(f"partner-{a.pk}")].pk
        for a in agencies.values()
        if a.pk not in {front.pk, cse.pk}
    }
    return {
        "practitioners": ids("practitioner-"),
        "former": ids("former-"),
        "managers": ids("manager-"),
        "chair": ids("chair")[0],
        "social_workers": ids("social-worker-"),
        "front_door": front.pk,
        "police": agencies["Bench Midshire Police"].pk,
        "health": agencies["Bench Severnside Health"].pk,
        "housing": agencies["Bench Severnside Housing"].pk,
        "schools": sorted(a.pk for a in agencies.values() if a.agency_type == "education"),
        "partner_of_agency": partner_of_agency,
    }


def _load(
    cases: int, actions: int, persons: int, open_share: float, seed: int, ids: dict[str, Any]
) -> dict[str, Any]:
    """Load persons, contacts, cases and their history, and the partner actions; returns
    {"seconds": {...}, "facts": {...}}."""
    import numpy as np
    from django.db import connection, transaction
    from frontdoor import _reference

    from safehub.actions.models import PartnerAction
    from safehub.frontdoor.models import Contact, ContactPerson
    from safehub.frontdoor.services import active_instrument
    from safehub.pathway.models import (
        CaseAllocation,
        CaseAssessment,
        CaseEvent,
        CseCase,
        StrategyMeeting,
        TimeWithYoungPerson,
    )
    from safehub.people.models import Person

    sqlite = connection.vendor == "sqlite"
    rng = np.random.default_rng(seed)
    day = 86400.0
    now = time.time()
    seconds: dict[str, float] = {}

    def times(values: Any) -> list[Any]:
        return _texts(sqlite, values)

    # Persons: minimal child rows (the page shows the display name only).
    began = time.perf_counter()
    given = [
        "Amelia",
        "Ava",
        "Chloe",
        "Ellie",
        "Grace",
        "Isla",
        "Jade",
        "Kayla",
        "Leah",
        "Mia",
        "Olivia",
        "Ruby",
        "Sophie",
        "Tia",
        "Zara",
        "Aaron",
        "Callum",
        "Jayden",
        "Kai",
    ]
    family = [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Patel",
        "Khan",
        "Evans",
        "Thomas",
        "Roberts",
        "Walker",
        "Wright",
        "Hughes",
    ]
    born = now - rng.uniform(10 * 365 * day, 19 * 365 * day, persons)
    born_on = _dates(born)
    gi = rng.integers(0, len(given), persons)
    fi = rng.integers(0, len(family), persons)
    sex = rng.choice(["F", "M", "U"], size=persons, p=[0.7, 0.28, 0.02])
    rows = [
        (n + 1, given[gi[n]], family[fi[n]], born_on[n], str(sex[n]), '["child"]')
        for n in range(persons)
    ]
    with transaction.atomic():
        _insert_rows(
            Person,
            ("id", "display_given_name", "display_family_name", "date_of_birth", "sex", "roles"),
            rows,
        )
    seconds["persons"] = time.perf_counter() - began

    # Cases: stage, dates, grade, practitioner, child; then numbered in order of creation.
    began = time.perf_counter()
    n_open = min(cases, round(cases * open_share))
    n_referred = min(REFERRED_WAITING, n_open)
    n_ended = cases - n_open
    stage = np.concatenate(
        [
            np.zeros(n_referred, dtype="int64"),
            rng.choice(np.arange(1, 7), size=n_open - n_referred, p=OPEN_STAGE_P),
            rng.choice(np.arange(2, 7), size=n_ended, p=(0.04, 0.06, 0.15, 0.45, 0.30)),
        ]
    )
    is_open = np.arange(cases) < n_open
    created = np.empty(cases)
    for s, (low, high) in enumerate(OPEN_AGE_DAYS):
        chosen = is_open & (stage == s)
        created[chosen] = now - rng.uniform(low, high, int(chosen.sum())) * day
    created[~is_open] = now - rng.uniform(60, YEARS * 365, n_ended) * day
    ended_at = np.full(cases, np.nan)
    ended_at[~is_open] = np.minimum(
        created[~is_open] + rng.uniform(45, 540, n_ended) * day, now - day
    )
    end_or_now = np.where(is_open, now, ended_at)
    allocated = np.where(
        stage >= 1,
        np.minimum(created + rng.uniform(0.3, 8, cases) * day, end_or_now - 0.05 * day),
        np.nan,
    )
    panel_due = allocated + 42 * day
    graded_at = np.where(
        stage >= 4,
        np.clip(allocated + rng.uniform(20, 50, cases) * day, allocated, end_or_now - 0.5 * day),
        np.nan,
    )
    grade = np.where(stage >= 4, rng.choice(np.arange(1, 6), size=cases, p=GRADE_P), 0)
    end_kind = rng.choice(3, size=cases, p=(0.8, 0.12, 0.08))

    practitioners = ids["practitioners"]
    everyone = practitioners + ids["former"]
    practitioner = np.zeros(cases, dtype="int64")
    allocated_open = np.flatnonzero(is_open & (stage >= 1))
    rng.shuffle(allocated_open)
    typical = allocated_open[:TYPICAL_OPEN]
    rest = allocated_open[TYPICAL_OPEN:]
    practitioner[typical] = practitioners[0]
    weights = rng.lognormal(0.0, 0.2, len(practitioners) - 1)
    weights[:BUSY_PRACTITIONERS] *= 1.8
    practitioner[rest] = np.array(practitioners[1:])[
        rng.choice(len(weights), size=len(rest), p=weights / weights.sum())
    ]
    practitioner[~is_open] = np.array(everyone)[rng.integers(0, len(everyone), n_ended)]
    child = np.empty(cases, dtype="int64")
    child[is_open] = rng.permutation(persons)[:n_open] + 1
    child[~is_open] = rng.integers(1, persons + 1, n_ended)

    order = np.argsort(created, kind="stable")
    stage, is_open, created = stage[order], is_open[order], created[order]
    ended_at, end_or_now, allocated = ended_at[order], end_or_now[order], allocated[order]
    panel_due, graded_at, grade = panel_due[order], graded_at[order], grade[order]
    end_kind, practitioner, child = end_kind[order], practitioner[order], child[order]
    case_ids = np.arange(1, cases + 1)
    status = [
        STAGES[int(s)] if o else ENDED[int(k)]
        for s, o, k in zip(stage, is_open, end_kind, strict=True)
    ]
    grades = [GRADES[int(g)] for g in grade]

    # The contacts that opened the cases: received, triaged to the pathway and closed.
    received = created - rng.uniform(0.5, 3, cases) * day
    received_t, created_t = times(received), times(created)
    workers = ids["social_workers"]
    decider = np.array(workers)[rng.integers(0, len(workers), cases)]
    contact_rows = [
        (
            int(n),
            _reference(int(n)),
            "closed",
            "new_concern",
            "phone",
            received_t[i],
            "1A",
            "Bench referrer",
            True,
            True,
            received_t[i],
            created_t[i],
            int(decider[i]),
            ids["front_door"],
            int(decider[i]),
            created_t[i],
            2,
            "amber",
        )
        for i, n in enumerate(case_ids)
    ]
    with transaction.atomic():
        _insert_rows(
            Contact,
            (
                "id",
                "reference",
                "status",
                "kind",
                "channel",
                "received_at",
                "source",
                "referrer_name",
                "referrer_is_professional",
                "is_cse_concern",
                "submitted_at",
                "closed_at",
                "recorded_by_id",
                "recording_agency_id",
                "level_decided_by_id",
                "level_decided_at",
                "level",
                "rag",
            ),
            contact_rows,
        )
        _insert_rows(
            ContactPerson,
            ("id", "contact_id", "person_id", "role", "age_at_contact"),
            [(int(n), int(n), int(child[i]), "subject", 14) for i, n in enumerate(case_ids)],
        )
    seconds["contacts"] = time.perf_counter() - began

    began = time.perf_counter()
    allocated_t, due_t = times(allocated), times(panel_due)
    graded_t, ended_t = times(graded_at), times(ended_at)
    case_rows = []
    for i, n in enumerate(case_ids):
        st = status[i]
        case_rows.append(
            (
                int(n),
                f"K-B{int(n):07d}",
                int(child[i]),
                int(n),
                st,
                int(practitioner[i]) or None,
                allocated_t[i],
                due_t[i],
                grades[i],
                graded_t[i],
                "Safety plan in place; exploitation no longer indicated" if st == "closed" else "",
                "Parents not protecting; section 47" if st == "stepped_up" else "",
                "Turned 18; adult services" if st == "transferred" else "",
                "transferred" if st == "transferred" else "",
                ended_t[i],
                created_t[i],
            )
        )
    with transaction.atomic():
        _insert_rows(
            CseCase,
            (
                "id",
                "reference",
                "child_id",
                "contact_id",
                "status",
                "practitioner_id",
                "allocated_at",
                "panel_due_at",
                "grade",
                "graded_at",
                "exit_strategy",
                "parent_failing_to_protect",
                "transfer_reason",
                "adult_decision",
                "ended_at",
                "created_at",
            ),
            case_rows,
        )
    seconds["cases"] = time.perf_counter() - began

    # The cases' history: events, allocations, assessments, time with the young person,
    # strategy meetings.
    began = time.perf_counter()
    managers = ids["managers"]
    instrument = active_instrument()
    events: list[tuple[Any, ...]] = []
    allocations: list[tuple[Any, ...]] = []
    assessments: list[tuple[Any, ...]] = []
    meetings: list[tuple[Any, ...]] = []
    logs_at: list[float] = []
    logs: list[tuple[Any, ...]] = []
    hp_before = rng.binomial(12, 0.5, cases)
    manager_of = np.array(managers)[rng.integers(0, len(managers), cases)]
    review_weeks = {"high": 6, "medium_high": 6, "medium": 8}
    for i, n in enumerate(case_ids):
        case_id = int(n)
        s = int(stage[i])
        who = int(practitioner[i]) or None
        start, stop = float(created[i]), float(end_or_now[i])
        events.append((case_id, start, int(decider[i]), "referred", "", "referred", "", "{}"))
        previous = "referred"
        if s >= 1:
            details = json.dumps({"practitioner": who, "breach": False, "caseload": 6})
            at = float(allocated[i])
            events.append(
                (case_id, at, int(manager_of[i]), "allocated", previous, "allocated", "", details)
            )
            previous = "allocated"
            later = STAGES[2 : s + 1]
            last = stop if not is_open[i] else now - 0.5 * day
            for to, moment in zip(later, np.linspace(at, last, len(later) + 2)[1:-1], strict=True):
                events.append((case_id, float(moment), who, "status", previous, to, "", "{}"))
                previous = to
        if not is_open[i]:
            events.append((case_id, stop, who, "status", previous, status[i], "Ended", "{}"))
        if s >= 1:
            before = int(hp_before[i])
            breach = before >= 10
            allocations.append(
                (
                    case_id,
                    who,
                    int(manager_of[i]),
                    float(allocated[i]),
                    before,
                    10,
                    breach,
                    "No one else in the team has capacity this week" if breach else "",
                )
            )
        if s >= 2:
            at = min(float(allocated[i]) + rng.uniform(1, 14) * day, stop - 0.1 * day)
            assessments.append((case_id, "initial", who, at))
            if s >= 6:
                assessments.append((case_id, "review", who, stop - rng.uniform(1, 30) * day))
        g = grades[i]
        if s >= 4 and g in review_weeks:
            held = float(graded_at[i]) + rng.uniform(1, 5) * day
            if s >= 5 and held < stop:
                meetings.append((case_id, "initial", held + 2 * day, held, who))
                if s >= 6 and held + review_weeks[g] * 7 * day < stop:
                    at = held + review_weeks[g] * 7 * day
                    meetings.append((case_id, "review", at, at, who))
                if is_open[i]:
                    due = now + rng.uniform(-20, 50) * day
                    meetings.append((case_id, "review", due, None, None))
            elif is_open[i]:
                meetings.append((case_id, "initial", float(graded_at[i]) + 7 * day, None, None))
        # Time with the young person: recent face-to-face contacts for open allocated cases
        # (about what the grade expects), a few older ones; a few over the life of ended cases.
        if s >= 1 and is_open[i]:
            since = max(float(allocated[i]), now - 28 * day)
            expected = F2F_PER_WEEK[g] * (now - since) / (7 * day)
            for _ in range(int(rng.poisson(expected * rng.uniform(0.5, 1.2)))):
                logs.append((case_id, "face_to_face", who))
                logs_at.append(rng.uniform(since, now))
            for _ in range(int(rng.poisson(1.5))):
                logs.append((case_id, "phone" if rng.random() < 0.6 else "message", who))
                logs_at.append(rng.uniform(since, now))
            if float(allocated[i]) < now - 28 * day:
                for _ in range(int(rng.poisson(4))):
                    logs.append((case_id, "face_to_face", who))
                    logs_at.append(rng.uniform(float(allocated[i]), now - 28 * day))
        elif s >= 1:
            for _ in range(int(rng.poisson(4))):
                logs.append((case_id, "face_to_face", who))
                logs_at.append(rng.uniform(float(allocated[i]), stop))

    event_t = times([e[1] for e in events])
    with transaction.atomic():
        _insert_rows(
            CaseEvent,
            (
                "id",
                "case_id",
                "at",
                "actor_id",
                "kind",
                "from_status",
                "to_status",
                "reason",
                "details",
            ),
            [
                (k + 1, e[0], event_t[k], e[2], e[3], e[4], e[5], e[6], e[7])
                for k, e in enumerate(events)
            ],
        )
        alloc_t = times([a[3] for a in allocations])
        _insert_rows(
            CaseAllocation,
            (
                "id",
                "case_id",
                "practitioner_id",
                "allocated_by_id",
                "allocated_at",
                "high_priority_before",
                "limit",
                "breach",
                "breach_reason",
            ),
            [(k + 1, *a[:3], alloc_t[k], *a[4:]) for k, a in enumerate(allocations)],
        )
        assess_t = times([a[3] for a in assessments])
        answers = json.dumps({"MISSING": "current", "OLDER_PARTNER": "past"})
        _insert_rows(
            CaseAssessment,
            (
                "id",
                "case_id",
                "kind",
                "instrument_id",
                "answers",
                "score",
                "level",
                "level_label",
                "threshold_level",
                "rag",
                "overrides",
                "narrative",
                "assessed_by_id",
                "assessed_at",
            ),
            [
                (
                    k + 1,
                    a[0],
                    a[1],
                    instrument.pk,
                    answers,
                    14,
                    "significant",
                    "Significant risk",
                    3,
                    "amber",
                    "[]",
                    "Seen at school and at home; older males, cars",
                    a[2],
                    assess_t[k],
                )
                for k, a in enumerate(assessments)
            ],
        )
        log_on = _dates(logs_at)
        _insert_rows(
            TimeWithYoungPerson,
            (
                "id",
                "case_id",
                "on",
                "kind",
                "minutes",
                "place",
                "seen_alone",
                "note",
                "recorded_by_id",
            ),
            [
                (k + 1, c, log_on[k], kind, 45, "School", kind == "face_to_face", "", who)
                for k, (c, kind, who) in enumerate(logs)
            ],
        )
        due_t = times([m[2] for m in meetings])
        held_t = times([np.nan if m[3] is None else m[3] for m in meetings])
        _insert_rows(
            StrategyMeeting,
            (
                "id",
                "case_id",
                "kind",
                "due_by",
                "held_at",
                "attendees",
                "decisions",
                "recorded_by_id",
                "created_at",
            ),
            [
                (
                    k + 1,
                    m[0],
                    m[1],
                    due_t[k],
                    held_t[k],
                    "CSE team, police, school" if m[3] is not None else "",
                    "Disruption; weekly visits" if m[3] is not None else "",
                    m[4],
                    due_t[k],
                )
                for k, m in enumerate(meetings)
            ],
        )
    seconds["case_history"] = time.perf_counter() - began

    # Partner actions, spread over the cases (more on cases that went further).
    began = time.perf_counter()
    weight = (1.0 + stage).astype("float64")
    of_case = np.sort(rng.choice(cases, size=actions, p=weight / weight.sum()))
    partner_of = {int(k): v for k, v in ids["partner_of_agency"].items()}
    agency_pool = np.array(
        [ids["police"]] * 12 + [ids["health"]] * 10 + [ids["housing"]] * 6 + ids["schools"]
    )
    pool_p = np.array([0.30 / 12] * 12 + [0.25 / 10] * 10 + [0.15 / 6] * 6)
    pool_p = np.concatenate([pool_p, np.full(len(ids["schools"]), 0.30 / len(ids["schools"]))])
    sources = np.array(["risk_panel", "strategy_meeting", "enquiry", "triage"])
    chair = ids["chair"]
    counts = {"open": 0, "overdue": 0, "done": 0, "withdrawn": 0}
    action_columns = (
        "id",
        "child_id",
        "source",
        "source_id",
        "contact_id",
        "case_id",
        "owning_agency_id",
        "what",
        "due_on",
        "restricted",
        "set_by_id",
        "set_at",
        "status",
        "reminded_at",
        "escalated_at",
        "completed_at",
        "completed_by_id",
        "evidence",
        "withdrawn_at",
        "withdrawn_by_id",
        "withdrawn_reason",
        "created_at",
    )
    for first in range(0, actions, BATCH):
        idx = of_case[first : first + BATCH]
        count = len(idx)
        life_start, life_end = created[idx], end_or_now[idx]
        late = is_open[idx] & (rng.random(count) < 0.45)
        set_at = np.where(
            late,
            now - rng.uniform(0.5, 45, count) * day,
            life_start + rng.random(count) * (life_end - life_start),
        )
        set_at = np.maximum(set_at, life_start)
        due_at = set_at + rng.uniform(3, 28, count) * day
        roll = rng.random(count)
        recent = is_open[idx] & (set_at > now - 60 * day)
        open_ = np.where(recent, roll < 0.42, is_open[idx] & (roll < 0.03))
        withdrawn = ~open_ & (rng.random(count) < 0.04)
        done = ~open_ & ~withdrawn
        completed = np.where(
            done, np.minimum(set_at + rng.uniform(0.2, 1.3, count) * (due_at - set_at), now), np.nan
        )
        withdrawn_at = np.where(withdrawn, np.minimum(set_at + 5 * day, now), np.nan)
        overdue = open_ & (due_at < now)
        escalated = np.where(overdue, np.minimum(due_at + day, now), np.nan)
        reminded = np.where(
            open_ & (due_at < now + 3 * day), np.minimum(due_at - 2 * day, now), np.nan
        )
        agency = agency_pool[rng.choice(len(agency_pool), size=count, p=pool_p)]
        source = sources[rng.choice(4, size=count, p=(0.35, 0.35, 0.10, 0.20))]
        what = rng.integers(0, len(ACTION_WHAT), count)
        restricted = (agency == ids["police"]) & (rng.random(count) < 0.15)
        set_t, completed_t, withdrawn_t = times(set_at), times(completed), times(withdrawn_at)
        escalated_t, reminded_t, due_on = times(escalated), times(reminded), _dates(due_at)
        counts["open"] += int(open_.sum())
        counts["overdue"] += int(overdue.sum())
        counts["done"] += int(done.sum())
        counts["withdrawn"] += int(withdrawn.sum())
        action_rows = []
        for k in range(count):
            i = int(idx[k])
            src = str(source[k])
            owner = int(agency[k])
            setter = chair if src == "risk_panel" else int(practitioner[i]) or int(manager_of[i])
            state = "open" if open_[k] else "withdrawn" if withdrawn[k] else "done"
            action_rows.append(
                (
                    first + k + 1,
                    int(child[i]),
                    src,
                    int(rng.integers(1, 200_000)),
                    i + 1 if src == "triage" else None,
                    i + 1,
                    owner,
                    ACTION_WHAT[what[k]],
                    due_on[k],
                    bool(restricted[k]),
                    setter,
                    set_t[k],
                    state,
                    reminded_t[k],
                    escalated_t[k],
                    completed_t[k],
                    partner_of[owner] if state == "done" else None,
                    "Done; recorded in the agency's system (ref. 4411)" if state == "done" else "",
                    withdrawn_t[k],
                    int(manager_of[i]) if state == "withdrawn" else None,
                    "Superseded by the strategy meeting's plan" if state == "withdrawn" else "",
                    set_t[k],
                )
            )
        with transaction.atomic():
            _insert_rows(PartnerAction, action_columns, action_rows)
        done_rows = first + count
        if done_rows % 500_000 < BATCH or done_rows == actions:
            rate = done_rows / max(time.perf_counter() - began, 1e-9)
            print(f"progress: {done_rows:,} partner actions loaded ({rate:,.0f}/s)", flush=True)
    seconds["actions"] = time.perf_counter() - began

    if not sqlite:
        from django.core.management.color import no_style

        models = [
            Person,
            Contact,
            ContactPerson,
            CseCase,
            CaseEvent,
            CaseAllocation,
            CaseAssessment,
            TimeWithYoungPerson,
            StrategyMeeting,
            PartnerAction,
        ]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as after any bulk import
    seconds["analyse"] = time.perf_counter() - began

    open_counts = np.bincount(practitioner[is_open], minlength=max(practitioners) + 1)
    open_high = np.isin(np.array(grades), list(HIGH_PRIORITY)) & is_open
    high_counts = np.bincount(practitioner[open_high], minlength=max(practitioners) + 1)
    per_open = [int(open_counts[p]) for p in practitioners]
    per_high = [int(high_counts[p]) for p in practitioners]
    meetings_pending = [m for m in meetings if m[3] is None]
    return {
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
        "facts": {
            "open_cases": int(is_open.sum()),
            "waiting_for_allocation": n_referred,
            "ended_cases": n_ended,
            "open_cases_per_active_practitioner": {
                "median": statistics.median(per_open),
                "min": min(per_open),
                "max": max(per_open),
            },
            "practitioners_over_the_limit": sum(1 for h in per_high if h > 10),
            "high_priority_per_active_practitioner_median": statistics.median(per_high),
            "case_events": len(events),
            "allocations": len(allocations),
            "breaches": sum(1 for a in allocations if a[6]),
            "assessments": len(assessments),
            "time_logs": len(logs),
            "strategy_meetings": len(meetings),
            "strategy_meetings_pending": len(meetings_pending),
            "strategy_meetings_overdue": sum(1 for m in meetings_pending if m[2] < now),
            "partner_actions": actions,
            "partner_actions_by_status": counts,
        },
    }


def load_worker(args: argparse.Namespace) -> None:
    """Load the database (unless --reuse), give the two signed-in users a fresh password and
    write the plan (logins, expectations, load facts) to --out."""
    import django

    django.setup()
    from django.db import connection

    from safehub.accounts.models import User
    from safehub.pathway.models import HIGH_PRIORITY_GRADES, CseCase

    password = secrets.token_urlsafe(18)
    loaded: dict[str, Any] | None = None
    if not args.reuse:
        ids = _people_and_users(password)
        loaded = _load(args.cases, args.actions, args.persons, args.open_share, args.seed, ids)
    else:
        for key in ("practitioner-1", "manager-1"):
            user = User.objects.get(email=EMAIL.format(key))
            user.set_password(password)
            user.save(update_fields=["password"])
    practitioner = User.objects.get(email=EMAIL.format("practitioner-1"))
    manager = User.objects.get(email=EMAIL.format("manager-1"))
    mine = CseCase.objects.open().of_practitioner(practitioner)
    pg_version = getattr(connection, "pg_version", 0)
    plan = {
        "database": {
            "vendor": connection.vendor,
            "version": (
                f"{pg_version // 10000}.{pg_version % 10000}"
                if connection.vendor == "postgresql"
                else __import__("sqlite3").sqlite_version
            ),
        },
        "password": password,
        "practitioner": {
            "email": practitioner.email,
            "name": practitioner.full_name,
            "open_references": sorted(mine.values_list("reference", flat=True)),
            "high_priority": mine.filter(grade__in=HIGH_PRIORITY_GRADES).count(),
        },
        "manager": {"email": manager.email, "name": manager.full_name},
        "practitioner_names": sorted(
            User.objects.filter(
                is_active=True, role_assignments__role="cse_practitioner"
            ).values_list("full_name", flat=True)
        ),
        "load": loaded,
    }
    args.out.write_text(json.dumps(plan))
    args.out.chmod(0o600)


def _counts() -> dict[str, int]:
    from safehub.actions.models import PartnerAction
    from safehub.frontdoor.models import Contact
    from safehub.pathway.models import (
        CaseAllocation,
        CaseAssessment,
        CaseEvent,
        CseCase,
        StrategyMeeting,
        TimeWithYoungPerson,
    )
    from safehub.people.models import Person

    models: dict[str, Any] = {
        "persons": Person,
        "contacts": Contact,
        "cases": CseCase,
        "case_events": CaseEvent,
        "allocations": CaseAllocation,
        "assessments": CaseAssessment,
        "time_logs": TimeWithYoungPerson,
        "strategy_meetings": StrategyMeeting,
        "partner_actions": PartnerAction,
    }
    return {name: model.objects.count() for name, model in models.items()}


# --- in-process profile (server stopped) -------------------------------------------------------


def _compact(sql: str) -> str:
    """A statement shortened for reading: no quotes, long column lists and IN lists counted."""
    sql = " ".join(sql.replace('"', "").split())
    sql = re.sub(r"IN \((?:%s, )+%s\)", lambda m: f"IN (<{m.group(0).count('%s')} values>)", sql)
    sql = re.sub(r"IN \(<\d+ values>\)", "IN (<list>)", sql)
    columns = re.match(r"SELECT (DISTINCT )?(.*?) FROM ", sql)
    if columns and len(columns.group(2)) > 100:
        counted = f"<{columns.group(2).count(', ') + 1} columns>"
        sql = f"SELECT {columns.group(1) or ''}{counted} FROM {sql[columns.end() :]}"  # noqa: S608 (shown, never run)
    return sql


def profile_worker(args: argparse.Namespace) -> dict[str, Any]:
    """Each page requested in-process (django.test.Client, signed in with force_login) with
    every SQL statement timed: queries per page, SQL and total time, the slowest statements
    (each SELECT run again on its own with its rows fetched, and its plan), and where the rest
    of the time goes (cProfile, functions in safehub/ and template rendering)."""
    import cProfile
    import io
    import pstats

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from safehub.accounts.models import User

    result: dict[str, Any] = {"counts": _counts()}
    for page, key in (("my_caseload", "practitioner-1"), ("dashboard", "manager-1")):
        user = User.objects.get(email=EMAIL.format(key))
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        by_statement: dict[str, list[float]] = {}
        example: dict[str, tuple[str, Any]] = {}
        current: list[float] = []

        def timed(
            execute: Callable[..., Any],
            sql: str,
            params: Any,
            many: bool,
            context: Any,
            by_statement: dict[str, list[float]] = by_statement,
            example: dict[str, tuple[str, Any]] = example,
            current: list[float] = current,
        ) -> Any:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                elapsed = time.perf_counter() - began
                current.append(elapsed)
                key = _compact(sql)
                by_statement.setdefault(key, []).append(elapsed)
                example.setdefault(key, (sql, params))

        totals, sql_totals, queries = [], [], []
        size = 0
        warmup = 5
        for number in range(warmup + args.profile_requests):
            if number == warmup:
                by_statement.clear()
            current.clear()
            began = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get(PAGE)
            elapsed = time.perf_counter() - began
            if response.status_code != 200:
                raise BenchmarkError(f"in-process {page}: status {response.status_code}")
            if number >= warmup:
                totals.append(elapsed * 1000)
                sql_totals.append(sum(current) * 1000)
                queries.append(len(current))
                size = len(response.content)
        n = args.profile_requests
        statements = []
        for sql, values in by_statement.items():
            entry: dict[str, Any] = {
                "key": sql,
                "sql": sql[:900],
                "calls_per_page": round(len(values) / n, 2),
                "execute_ms_per_page": round(sum(values) * 1000 / n, 2),
            }
            if sql.startswith("SELECT"):
                fetched = _fetch_ms(*example[sql])
                entry["rows"] = fetched[1]
                entry["with_fetch_ms_per_call"] = round(fetched[0], 2)
            statements.append(entry)
        statements.sort(
            key=lambda e: (
                -max(
                    e["execute_ms_per_page"],
                    e.get("with_fetch_ms_per_call", 0) * e["calls_per_page"],
                )
            )
        )
        for rank, entry in enumerate(statements):
            sql = entry.pop("key")
            if rank < 3 and sql.startswith("SELECT"):
                entry["plan"] = _explain(*example[sql])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(PAGE)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            r"safehub/|template/base.py.*\(render\)|query.py.*\(_fetch_all\)", 25
        )
        result[page] = {
            "requests": n,
            "queries_per_page": statistics.median(queries),
            "server_ms_median": round(statistics.median(totals), 1),
            "sql_execute_ms_median": round(statistics.median(sql_totals), 1),
            "response_bytes": size,
            "slowest_statements": statements[:6],
            "cprofile_5_requests_cumulative": [
                " ".join(line.split()) for line in out.getvalue().splitlines() if "(" in line
            ][:25],
        }
    return result


def _fetch_ms(sql: str, params: Any) -> tuple[float, int]:
    """The statement run again on its own, rows fetched: best of three, in ms; and its rows."""
    from django.db import connection

    best, rows = float("inf"), 0
    with connection.cursor() as cursor:
        for _ in range(3):
            began = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            best = min(best, (time.perf_counter() - began) * 1000)
    return best, rows


def _explain(sql: str, params: Any) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return [str(row[0])[:300] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [str(row[-1])[:300] for row in cursor.fetchall()]


# --- measuring over HTTP -----------------------------------------------------------------------


def sign_in(port: int, email: str, password: str) -> HttpClient:
    client = HttpClient(port, timeout=REQUEST_TIMEOUT)
    page = client.get(SIGN_IN)
    match = CSRF_INPUT.search(page.text)
    if page.status != 200 or match is None or "csrftoken" not in client.cookies:
        raise BenchmarkError(f"sign-in page for {email}: status {page.status}, no CSRF token")
    response = client.post_form(
        SIGN_IN,
        {"username": email, "password": password, "csrfmiddlewaretoken": match.group(1)},
        headers={"Referer": client.base_url + SIGN_IN},
    )
    if response.status != 302 or "sessionid" not in client.cookies:
        raise BenchmarkError(
            f"signing in {email}: status {response.status}\n{response.text[:2000]}"
        )
    return client


def hammer(
    client: HttpClient, check: Callable[[str], str | None], total: int
) -> tuple[list[float], int]:
    """`total` GET /pathway/ one after the other; every response must pass `check`.
    Returns the latencies (seconds) and the size of the last response."""
    latencies: list[float] = []
    size = 0
    deadline = time.monotonic() + PHASE_TIMEOUT
    for _ in range(total):
        if time.monotonic() > deadline:
            raise BenchmarkError(f"{total} requests took more than {PHASE_TIMEOUT:.0f}s")
        began = time.perf_counter()
        response = client.get(PAGE)
        latencies.append(time.perf_counter() - began)
        problem = f"status {response.status}" if response.status != 200 else None
        problem = problem or check(response.text)
        if problem:
            raise BenchmarkError(f"GET {PAGE}: {problem}\n{response.text[:1500]}")
        size = len(response.body)
    return latencies, size


def _practitioner_check(plan: dict[str, Any]) -> Callable[[str], str | None]:
    references = plan["practitioner"]["open_references"]

    def check(body: str) -> str | None:
        if 'id="my-cases"' not in body:
            return "no caseload table"
        missing = [r for r in references if r not in body]
        return f"missing cases {missing[:3]}" if missing else None

    return check


def _manager_check(plan: dict[str, Any]) -> Callable[[str], str | None]:
    names = plan["practitioner_names"]

    def check(body: str) -> str | None:
        if 'id="caseloads"' not in body:
            return "no caseloads table"
        missing = [n for n in names if n not in body]
        return f"practitioners missing from the dashboard: {missing[:3]}" if missing else None

    return check


def _worker_result(done: Any) -> dict[str, Any]:
    marker = [ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
    if not marker:
        raise BenchmarkError(f"worker printed no result:\n{done.stdout[-2000:]}")
    result: dict[str, Any] = json.loads(marker[-1].removeprefix("BENCH-RESULT "))
    return result


def measure(database: str, args: argparse.Namespace) -> dict[str, Any]:
    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[{database} {time.monotonic() - started:5.0f}s] {message}", flush=True)

    with contextlib.ExitStack() as stack:
        reuse = False
        params = {
            k: getattr(args, k) for k in ("cases", "actions", "persons", "open_share", "seed")
        }
        if args.keep_dir is not None:
            args.keep_dir.mkdir(parents=True, exist_ok=True)
            var_dir = args.keep_dir.resolve()
            marker = var_dir / MARKER
            reuse = marker.exists() and json.loads(marker.read_text()) == params
            if not reuse:
                (var_dir / "safehub.sqlite3").unlink(missing_ok=True)
                marker.unlink(missing_ok=True)
        else:
            var_dir = Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(dir=REPO / "var", prefix=f"bench-{NAME}-")
                )
            )
        url = stack.enter_context(pg_cluster(PG_CLUSTER)) if database == "postgresql" else None
        env = safehub_env(var_dir, url)
        say("migrating ...")
        run_bounded([VENV_BIN / "safehub", "migrate", "--noinput", "-v0"], env=env, timeout=1800)
        run_bounded(
            [VENV_BIN / "safehub", "collectstatic", "--noinput", "-v0"], env=env, timeout=600
        )
        plan_path = var_dir / "bench-pathway-plan.json"
        say(
            f"{'reusing' if reuse else 'loading'} {args.cases:,} cases and "
            f"{args.actions:,} partner actions ..."
        )
        command: list[str | os.PathLike[str]] = [
            VENV_BIN / "python",
            __file__,
            "--load-worker",
            "--out",
            str(plan_path),
            "--cases",
            str(args.cases),
            "--actions",
            str(args.actions),
            "--persons",
            str(args.persons),
            "--open-share",
            str(args.open_share),
            "--seed",
            str(args.seed),
        ]
        if reuse:
            command.append("--reuse")
        began = time.perf_counter()
        run_streaming(command, env, LOAD_TIMEOUT)
        load_wall = time.perf_counter() - began
        plan = json.loads(plan_path.read_text())
        plan_path.unlink()
        if args.keep_dir is not None and not reuse:
            (var_dir / MARKER).write_text(json.dumps(params))
        if plan["load"]:
            say(f"loaded in {load_wall:.0f}s: {plan['load']['seconds']}")
        log_path = var_dir / "gunicorn.log"
        pages: dict[str, Any] = {}
        load_before = [round(x, 2) for x in os.getloadavg()]
        with gunicorn_server(env, log_path, workers=WORKERS, threads=THREADS) as port:
            for page, who, check in (
                ("my_caseload", plan["practitioner"], _practitioner_check(plan)),
                ("dashboard", plan["manager"], _manager_check(plan)),
            ):
                client = sign_in(port, who["email"], plan["password"])
                say(f"{page}: {args.warmup} warm-up + {args.requests} requests ...")
                try:
                    hammer(client, check, args.warmup)
                    latencies, size = hammer(client, check, args.requests)
                except (BenchmarkError, OSError) as exc:
                    raise BenchmarkError(f"[{database}] {page}: {exc}\n{tail(log_path)}") from exc
                pages[page] = {**summarise(latencies), "response_bytes": size}
        say(f"profiling in-process ({args.profile_requests} requests a page) ...")
        done = run_bounded(
            [
                VENV_BIN / "python",
                __file__,
                "--profile-worker",
                "--profile-requests",
                str(args.profile_requests),
            ],
            env=env,
            timeout=1800,
        )
        profile = _worker_result(done)
        for page in pages:
            pages[page]["in_process"] = profile[page]
        result = {
            "database": plan["database"],
            "rows": profile["counts"],
            "data": plan["load"]["facts"] if plan["load"] else None,
            "load_seconds": plan["load"]["seconds"] if plan["load"] else None,
            "load_wall_seconds": round(load_wall, 1),
            "measured_practitioner": {
                "open_cases": len(plan["practitioner"]["open_references"]),
                "high_priority": plan["practitioner"]["high_priority"],
            },
            "load_average_before_measuring_1_5_15_min": load_before,
            "pages": pages,
            "met": {f"{page}_p95": pages[page]["p95_ms"] <= TARGET_P95_MS for page in pages},
        }
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=2_000_000)
    parser.add_argument("--persons", type=int, help="children (default: as many as cases)")
    parser.add_argument(
        "--open-share", type=float, default=0.0075, help="share of cases open (0.15: stress)"
    )
    parser.add_argument("--requests", type=int, default=300, help="measured requests a page")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests a page")
    parser.add_argument("--profile-requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--keep-dir",
        type=Path,
        help="SQLite only: load into DIR and keep it; reuse it if loaded with the same sizes "
        "(results are printed, not written)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the results file's figures for the databases not measured in this run",
    )
    parser.add_argument(
        "--label",
        help="file this run's figures under DATABASE-LABEL (a variant, e.g. another "
        "--open-share; use with --merge to keep the main figures)",
    )
    parser.add_argument("--load-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.persons is None:
        args.persons = args.cases
    if args.load_worker or args.profile_worker:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        if args.load_worker:
            load_worker(args)
        else:
            print("BENCH-RESULT " + json.dumps(profile_worker(args)), flush=True)
        return 0
    databases = args.databases.split(",")
    if any(db not in ("sqlite", "postgresql") for db in databases):
        parser.error("--databases: sqlite, postgresql or both")
    if args.keep_dir is not None and databases != ["sqlite"]:
        parser.error("--keep-dir works with --databases sqlite only")
    if args.persons < round(args.cases * args.open_share):
        parser.error("--persons must be at least the number of open cases")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    (REPO / "var").mkdir(exist_ok=True)
    results: dict[str, Any] = {}
    try:
        build_assets()
        for database in databases:
            key = f"{database}-{args.label}" if args.label else database
            results[key] = measure(database, args)
            results[key]["measured"] = {
                "timestamp_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "git_commit": _git_commit(),
                "cases": args.cases,
                "actions": args.actions,
                "open_share": args.open_share,
                "requests": args.requests,
                "warmup_requests": args.warmup,
            }
    except BenchmarkError as exc:
        print(f"\n{NAME} benchmark FAILED:\n{exc}", file=sys.stderr)
        return 1
    print()
    rows = []
    for db, r in results.items():
        for page, figures in r["pages"].items():
            rows.append(
                [
                    f"{db} {r['database']['version']}",
                    page,
                    f"{figures['median_ms']:.1f}",
                    f"{figures['p95_ms']:.1f}",
                    f"{figures['p99_ms']:.1f}",
                    figures["in_process"]["queries_per_page"],
                    f"{figures['in_process']['sql_execute_ms_median']:.1f}",
                    f"{figures['response_bytes'] / 1024:.0f}",
                    "yes" if figures["p95_ms"] <= TARGET_P95_MS else "NO",
                ]
            )
    print_table(
        ["database", "page", "p50 ms", "p95 ms", "p99 ms", "queries", "SQL ms", "KiB", "met"],
        rows,
    )
    for db, r in results.items():
        for page, figures in r["pages"].items():
            if figures["p95_ms"] > TARGET_P95_MS:
                print(f"\n{db} {page}: slowest statements (in-process, ms per page)")
                for statement in figures["in_process"]["slowest_statements"][:3]:
                    ms = max(
                        statement["execute_ms_per_page"],
                        statement.get("with_fetch_ms_per_call", 0) * statement["calls_per_page"],
                    )
                    print(f"  {ms:8.1f}  {statement['sql'][:150]}")
    if args.merge and (RESULTS_DIR / f"{NAME}.json").exists():
        earlier = json.loads((RESULTS_DIR / f"{NAME}.json").read_text())
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
            "targets": {"my_caseload_p95_ms": TARGET_P95_MS, "dashboard_p95_ms": TARGET_P95_MS},
            "cases_requested": args.cases,
            "actions_requested": args.actions,
            "open_share": args.open_share,
            "requests_per_page": args.requests,
            "warmup_requests_per_page": args.warmup,
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
