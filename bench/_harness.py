"""Shared helpers for the benchmarks in bench/ (not a benchmark itself: the leading underscore
keeps `make bench` from running it).

Everything here is standard library. Every wait and every subprocess is bounded in time, and the
only network peer is 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
VENV_BIN = REPO / ".venv" / "bin"
LOOPBACK = "127.0.0.1"
DATABASES = ("sqlite", "postgresql")


class BenchmarkError(RuntimeError):
    """The benchmark could not measure what it set out to measure."""


# --- facts and results -------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in {"model name", "Hardware", "Processor", "cpu model"}:
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _git_commit() -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _django_version() -> str | None:
    try:
        import django
    except ImportError:
        return None
    return django.get_version()


def machine_facts(databases: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the figures were measured on. `databases` maps a label to vendor/version facts."""
    memory = _memory_total_bytes()
    facts: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_total_bytes": memory,
        "memory_total_gib": round(memory / 2**30, 2) if memory else None,
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "django_version": _django_version(),
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
        "git_commit": _git_commit(),
        "timestamp_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if databases:
        facts["databases"] = dict(databases)
    return facts


def write_results(
    name: str, payload: Mapping[str, Any], databases: Mapping[str, Any] | None = None
) -> Path:
    """Write bench/results/<name>.json (pretty JSON, machine facts under "machine")."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    document = dict(payload)
    document.setdefault("machine", machine_facts(databases))
    path = RESULTS_DIR / f"{name}.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")
    temporary.replace(path)
    return path


def summarise(latencies_seconds: Sequence[float]) -> dict[str, Any]:
    """Count and latency distribution in milliseconds (percentiles interpolated, inclusive)."""
    if not latencies_seconds:
        raise BenchmarkError("no latencies to summarise")
    ms = sorted(value * 1000.0 for value in latencies_seconds)
    if len(ms) > 1:
        cuts = statistics.quantiles(ms, n=100, method="inclusive")
        p95, p99 = cuts[94], cuts[98]
    else:
        p95 = p99 = ms[0]
    return {
        "count": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(p95, 3),
        "p99_ms": round(p99, 3),
        "min_ms": round(ms[0], 3),
        "max_ms": round(ms[-1], 3),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


# --- processes ---------------------------------------------------------------------------------


def run_bounded(
    command: Sequence[str | os.PathLike[str]],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion within `timeout` seconds; raise with its output if it fails."""
    shown = " ".join(str(part) for part in command)
    try:
        done = subprocess.run(
            [str(part) for part in command],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"timed out after {timeout:.0f}s: {shown}") from exc
    if done.returncode != 0:
        raise BenchmarkError(
            f"exit status {done.returncode}: {shown}\n"
            f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-8000:]}"
        )
    return done


def run_streaming(
    command: Sequence[str | os.PathLike[str]], env: dict[str, str], timeout: float
) -> str:
    """Run a worker from the repository root, echoing its `progress:` lines; killed after
    `timeout` seconds. Returns its output; a non-zero exit raises BenchmarkError."""
    import threading

    shown = " ".join(str(part) for part in command)
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    lines = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("progress:"):
                print("   ", line.rstrip(), flush=True)
        process.wait()
    finally:
        timer.cancel()
        stop_process(process)
    output = "".join(lines)
    if process.returncode != 0:
        raise BenchmarkError(f"exit status {process.returncode}: {shown}\n{output[-8000:]}")
    return output


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.2) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; return whether it came true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[Any], *, timeout: float = 20.0) -> None:
    """SIGTERM one process we started (by its id), then SIGKILL it if it does not exit in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --- databases and the app ---------------------------------------------------------------------


@contextlib.contextmanager
def pg_cluster(name: str, *, timeout: float = 120.0) -> Iterator[str]:
    """A throwaway PostgreSQL cluster from scripts/pg-cluster.sh; yields its DATABASE_URL.

    The cluster is stopped and its files deleted on the way out, whatever happened.
    """
    script = REPO / "scripts" / "pg-cluster.sh"
    try:
        done = run_bounded([script, "start", name], timeout=timeout)
        url = done.stdout.strip().splitlines()[-1].strip() if done.stdout.strip() else ""
        if not url.startswith("postgres://"):
            raise BenchmarkError(f"pg-cluster.sh start printed no DATABASE_URL: {done.stdout!r}")
        yield url
    finally:
        with contextlib.suppress(BenchmarkError):
            run_bounded([script, "stop", name], timeout=timeout)


def safehub_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment for `safehub` commands and gunicorn: demo settings, our own var dir."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "SAFEHUB_VAR_DIR": str(var_dir),
            "SAFEHUB_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def build_assets(*, timeout: float = 300.0) -> None:
    """static/ from the npm packages; a no-op when it is up to date."""
    run_bounded([REPO / "scripts" / "build-assets.sh"], timeout=timeout)


def safehub(
    args: Sequence[str], env: Mapping[str, str], *, timeout: float = 300.0
) -> subprocess.CompletedProcess[str]:
    return run_bounded([VENV_BIN / "safehub", *args], env=env, timeout=timeout)


_FACTS_SNIPPET = """
import json, sqlite3
from django.db import connection
from safehub.accounts.models import User
connection.ensure_connection()
if connection.vendor == "postgresql":
    version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
elif connection.vendor == "sqlite":
    version = sqlite3.sqlite_version
else:
    version = None
names = dict(User.objects.values_list("email", "full_name"))
print("BENCH-FACTS " + json.dumps({"vendor": connection.vendor, "version": version,
                                    "names": names}))
"""


@contextlib.contextmanager
def demo_site(database: str, label: str) -> Iterator[dict[str, Any]]:
    """A fresh demo database of kind `database` ("sqlite" or "postgresql"), migrated, with the
    demo partnership loaded and static files collected, in a throwaway var dir under var/.

    Yields {"env", "var_dir", "logins", "names", "database": {"vendor", "version"}}; removes
    everything (and stops the PostgreSQL cluster) on the way out.
    """
    if database not in DATABASES:
        raise BenchmarkError(f"unknown database {database!r}")
    (REPO / "var").mkdir(exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix=f"bench-{label}-{database}-", dir=REPO / "var"))
    try:
        with contextlib.ExitStack() as stack:
            url = None
            if database == "postgresql":
                url = stack.enter_context(pg_cluster(f"bench-{label}-{os.getpid()}"))
            env = safehub_env(var_dir, url)
            safehub(["migrate", "--noinput", "-v0"], env)
            safehub(["demo", "--quiet"], env)
            safehub(["collectstatic", "--noinput", "-v0"], env)
            logins = json.loads((var_dir / "demo-logins.json").read_text())
            shell = safehub(["shell", "-v0", "-c", _FACTS_SNIPPET], env, timeout=120)
            marker = [ln for ln in shell.stdout.splitlines() if ln.startswith("BENCH-FACTS ")]
            if not marker:
                raise BenchmarkError(f"could not read database facts: {shell.stdout!r}")
            facts = json.loads(marker[-1].removeprefix("BENCH-FACTS "))
            yield {
                "env": env,
                "var_dir": var_dir,
                "logins": logins,
                "names": facts["names"],
                "database": {"vendor": facts["vendor"], "version": facts["version"]},
            }
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(
    env: Mapping[str, str],
    log_path: Path,
    *,
    workers: int = 2,
    threads: int = 4,
    ready_path: str = "/accounts/sign-in/",
    timeout: float = 60.0,
) -> Iterator[int]:
    """Serve config.wsgi on 127.0.0.1 at a free port with gunicorn; yields the port once the
    server answers `ready_path`. Its output goes to `log_path`. Stopped on the way out."""
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=dict(env), stdout=log, stderr=subprocess.STDOUT
        )
    try:

        def answering() -> bool:
            if process.poll() is not None:
                raise BenchmarkError(
                    f"gunicorn exited with status {process.returncode}\n{tail(log_path)}"
                )
            try:
                return HttpClient(port, timeout=2).get(ready_path).status == 200
            except OSError:
                return False

        if not wait_until(answering, timeout=timeout, interval=0.25):
            raise BenchmarkError(f"gunicorn did not answer within {timeout:.0f}s\n{tail(log_path)}")
        yield port
    finally:
        stop_process(process)


def tail(path: Path, chars: int = 6000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return text[-chars:]


# --- HTTP ------------------------------------------------------------------------------------


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpClient:
    """A minimal browser for 127.0.0.1 only: its own cookie jar, one connection per request (so
    the kernel spreads requests across gunicorn's workers), no redirects followed."""

    def __init__(self, port: int, *, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        if not path.startswith("/"):
            raise BenchmarkError(f"only paths on {LOOPBACK} are allowed, not {path!r}")
        all_headers = {"Host": f"{LOOPBACK}:{self.port}", "User-Agent": "safehub-bench"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._store_cookie(header)
        return Response(response.status, response.headers, data)

    def _store_cookie(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            expired = morsel["max-age"] == "0" or "1970" in morsel["expires"]
            if expired or morsel.value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(
        self, path: str, fields: Mapping[str, str], headers: Mapping[str, str] | None = None
    ) -> Response:
        all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers or {})
        return self.request("POST", path, body=urlencode(fields).encode(), headers=all_headers)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()
