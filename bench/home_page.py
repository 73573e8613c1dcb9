"""Benchmark: the signed-in home page ("/") under gunicorn, on SQLite and on PostgreSQL.

For each database: a fresh demo database, gunicorn (2 workers x 4 threads) on 127.0.0.1, eight
clients each signed in as a different demo user, a warm-up, then 2,000 GET / requests shared
between the eight clients as fast as they go. Every response must be a 200 page greeting its
user by name, or the benchmark fails. Figures go to bench/results/home_page.json.

Run from the repository root: .venv/bin/python bench/home_page.py
"""

from __future__ import annotations

import html
import os
import re
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
    DATABASES,
    BenchmarkError,
    HttpClient,
    build_assets,
    demo_site,
    gunicorn,
    print_table,
    summarise,
    tail,
    write_results,
)

NAME = "home_page"
CLIENTS = 8
REQUESTS = 2000
WARMUP_REQUESTS = 50
WORKERS = 2
THREADS = 4
REQUEST_TIMEOUT = 30.0  # seconds, per request
RUN_TIMEOUT = 600.0  # seconds, for the warm-up or the measured run as a whole
SIGN_IN = "/accounts/sign-in/"
EXCLUDED_ROLES = {"administrator", "auditor"}  # the roles 2FA can be required for
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

DESCRIPTION = (
    f"GET / (the signed-in home page) served by gunicorn ({WORKERS} workers x {THREADS} threads) "
    f"on 127.0.0.1 with config.settings.dev and the demo partnership: {CLIENTS} concurrent "
    f"clients, each signed in as a different non-administrator demo user, share {REQUESTS} "
    f"requests after {WARMUP_REQUESTS} warm-up requests. One new TCP connection per request. "
    "Latency is measured by the client from connect to the last byte of the body; every "
    "response must be 200 and greet its user by name."
)


def pick_logins(logins: Sequence[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` distinct users, none an administrator or auditor, as many roles as possible."""
    eligible = [login for login in logins if not EXCLUDED_ROLES & set(login["roles"])]
    by_role: dict[str, list[dict[str, Any]]] = {}
    for login in eligible:
        by_role.setdefault(",".join(sorted(login["roles"])), []).append(login)
    chosen: list[dict[str, Any]] = []
    while len(chosen) < count and any(by_role.values()):
        for queue in by_role.values():
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    if len(chosen) < count:
        raise BenchmarkError(f"only {len(chosen)} eligible demo users; {count} needed")
    return chosen


def sign_in(port: int, email: str, password: str) -> HttpClient:
    client = HttpClient(port, timeout=REQUEST_TIMEOUT)
    page = client.get(SIGN_IN)
    match = CSRF_INPUT.search(page.text)
    if page.status != 200 or match is None or "csrftoken" not in client.cookies:
        raise BenchmarkError(f"sign-in page for {email}: status {page.status}, no CSRF token")
    response = client.post_form(
        SIGN_IN,
        {
            "username": email,
            "password": password,
            "csrfmiddlewaretoken": match.group(1),
            "next": "",
        },
        headers={"Referer": client.base_url + SIGN_IN},
    )
    location = response.headers.get("Location", "")
    if response.status != 302 or location != "/" or "sessionid" not in client.cookies:
        raise BenchmarkError(
            f"signing in {email}: status {response.status}, Location {location!r}\n"
            f"{response.text[:2000]}"
        )
    return client


def check(status: int, body: str, greeting: str) -> str | None:
    if status != 200:
        return f"status {status}"
    if greeting not in body:
        return f"page does not contain {greeting!r}"
    return None


def hammer(
    clients: Sequence[HttpClient], greetings: Sequence[str], total: int
) -> tuple[list[float], list[str], float]:
    """`total` GET / requests shared by the clients, each on its own thread, all at once.

    Returns per-request latencies (seconds), error descriptions and the wall time (seconds).
    """
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: list[str] = []
    finished: list[float] = []
    start_line = threading.Barrier(len(clients) + 1, timeout=60)
    deadline = time.monotonic() + RUN_TIMEOUT

    def client_loop(client: HttpClient, greeting: str) -> None:
        nonlocal issued
        mine: list[float] = []
        start_line.wait()
        while True:
            with lock:
                if issued >= total or len(errors) > 20:
                    break
                issued += 1
            if time.monotonic() > deadline:
                with lock:
                    errors.append(f"run exceeded {RUN_TIMEOUT:.0f}s")
                break
            began = time.perf_counter()
            try:
                response = client.get("/")
                elapsed = time.perf_counter() - began
                problem = check(response.status, response.text, greeting)
            except OSError as exc:
                elapsed = time.perf_counter() - began
                problem = f"{type(exc).__name__}: {exc}"
            if problem:
                with lock:
                    errors.append(problem)
            else:
                mine.append(elapsed)
        with lock:
            latencies.extend(mine)
            finished.append(time.perf_counter())

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [
            pool.submit(client_loop, client, greeting)
            for client, greeting in zip(clients, greetings, strict=True)
        ]
        start_line.wait()
        began = time.perf_counter()
        done, not_done = wait(futures, timeout=RUN_TIMEOUT + 2 * REQUEST_TIMEOUT)
        if not_done:
            raise BenchmarkError("client threads did not finish in time")
        for future in done:
            future.result()
    wall = (max(finished) if finished else time.perf_counter()) - began
    return latencies, errors, wall


def fail_on(errors: Sequence[str], stage: str, log_path: Path) -> None:
    if errors:
        raise BenchmarkError(
            f"{stage}: {len(errors)} failed request(s), e.g. {errors[:3]}\n"
            f"--- gunicorn log (tail) ---\n{tail(log_path)}"
        )


def measure(database: str) -> dict[str, Any]:
    print(f"[{database}] preparing a fresh demo database ...", flush=True)
    with demo_site(database, NAME) as site:
        logins = pick_logins(site["logins"], CLIENTS)
        greetings = [f"Hello, {html.escape(site['names'][login['email']])}" for login in logins]
        log_path: Path = site["var_dir"] / "gunicorn.log"
        print(f"[{database}] starting gunicorn ...", flush=True)
        with gunicorn(site["env"], log_path, workers=WORKERS, threads=THREADS) as port:
            clients = [sign_in(port, login["email"], login["password"]) for login in logins]
            print(f"[{database}] {CLIENTS} clients signed in; warming up ...", flush=True)
            _, errors, _ = hammer(clients, greetings, WARMUP_REQUESTS)
            fail_on(errors, f"[{database}] warm-up", log_path)
            print(f"[{database}] measuring {REQUESTS} requests ...", flush=True)
            latencies, errors, wall = hammer(clients, greetings, REQUESTS)
            fail_on(errors, f"[{database}] measured run", log_path)
        if len(latencies) != REQUESTS:
            raise BenchmarkError(f"[{database}] {len(latencies)} of {REQUESTS} requests measured")
        return {
            **summarise(latencies),
            "requests_per_second": round(REQUESTS / wall, 1),
            "wall_seconds": round(wall, 3),
            "errors": 0,
            "database": site["database"],
            "users_roles": [",".join(login["roles"]) for login in logins],
        }


def main() -> int:
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    try:
        build_assets()
        results = {database: measure(database) for database in DATABASES}
    except BenchmarkError as exc:
        print(f"\nhome_page benchmark FAILED:\n{exc}", file=sys.stderr)
        return 1
    path = write_results(
        NAME,
        {
            "benchmark": NAME,
            "description": DESCRIPTION,
            "clients": CLIENTS,
            "requests": REQUESTS,
            "warmup_requests": WARMUP_REQUESTS,
            "load_average_at_start_1_5_15_min": load_at_start,
            "server": {
                "gunicorn_workers": WORKERS,
                "gunicorn_threads": THREADS,
                # safehub's default (config/settings/base.py) when the variable is unset.
                "db_conn_max_age_seconds": int(os.environ.get("SAFEHUB_DB_CONN_MAX_AGE") or 60),
            },
            "results": results,
        },
        databases={db: figures["database"] for db, figures in results.items()},
    )
    print(f"\nGET / signed in, {CLIENTS} clients, {REQUESTS} requests")
    print_table(
        ["database", "median ms", "p95 ms", "p99 ms", "max ms", "req/s"],
        [
            [
                f"{db} {r['database']['version']}",
                f"{r['median_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{r['max_ms']:.1f}",
                f"{r['requests_per_second']:.1f}",
            ]
            for db, r in results.items()
        ],
    )
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
