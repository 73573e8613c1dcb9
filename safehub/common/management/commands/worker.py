"""`safehub worker`: run background tasks (django-tasks-db's `db_worker`)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (sends e-mail, chases deadlines)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls")
        parser.add_argument(
            "--chase-every",
            type=float,
            default=60.0,
            help="Seconds between deadline chasers (0 to turn them off)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_args = ["--interval", str(options["interval"])]
        if options["batch"]:
            worker_args.append("--batch")
        elif options["chase_every"] > 0:
            from safehub.common.periodic import start_chasing

            start_chasing(options["chase_every"])
        call_command("db_worker", *worker_args)
