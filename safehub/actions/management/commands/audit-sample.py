"""`safehub audit-sample --from DATE --to DATE --fraction 0.10 --seed N [--output FILE]`

Recommendation 23: a reproducible random sample of the CSE referrals received in the period,
as an audit worksheet (CSV, one line per referral: the outcome, the follow-up it needed, whether
it happened, by whom and when, and the actions given to agencies). The same arguments on the
same records draw the same referrals. The worksheet names no child. The same worksheet is a
page at /actions/audit-sample/. Drawing it writes an audit event (an export, by "command line").
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2017-03-31") from exc


class Command(BaseCommand):
    help = "Draw the reproducible audit sample of CSE referrals (CSV worksheet)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--fraction", type=float, default=0.10, help="default 0.10")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--output", help="CSV file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        from safehub.actions.selectors import audit_sample_draw, audit_sample_rows
        from safehub.audit.models import AuditAction
        from safehub.audit.services import audit_record
        from safehub.common.spreadsheets import csv_cell

        try:
            sample = audit_sample_draw(
                date_from=_date(options["date_from"]),
                date_to=_date(options["date_to"]),
                fraction=options["fraction"],
                seed=options["seed"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        audit_record(
            actor=None,
            actor_email="command line",
            action=AuditAction.EXPORT,
            object_type="audit_sample",
            details={
                "from": sample.date_from.isoformat(),
                "to": sample.date_to.isoformat(),
                "fraction": sample.fraction,
                "seed": sample.seed,
                "population": sample.population,
                "contacts": [line.contact_id for line in sample.lines],
            },
        )
        rows = [[csv_cell(cell) for cell in row] for row in audit_sample_rows(sample)]
        if options.get("output"):
            path = Path(options["output"])
            try:
                with path.open("w", newline="", encoding="utf-8") as handle:
                    csv.writer(handle).writerows(rows)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc}") from exc
        else:
            try:
                csv.writer(sys.stdout).writerows(rows)
                sys.stdout.flush()
            except BrokenPipeError:  # e.g. piped into `head`: the reader has what it wanted
                sys.stderr.close()
                return
        self.stderr.write(
            f"{sample.size} of {sample.population} CSE referrals received "
            f"{sample.date_from} to {sample.date_to} (fraction {sample.fraction}, "
            f"seed {sample.seed})"
        )
