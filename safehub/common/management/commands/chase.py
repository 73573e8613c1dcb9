"""`safehub chase`: run the deadline chasers once (escalate unacknowledged alerts, ...).

The worker runs this every minute; run it from cron instead if you run no worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safehub.common.periodic import run_chasers


class Command(BaseCommand):
    help = "Chase deadlines once: escalate alerts nobody acknowledged in time."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, result in run_chasers().items():
            self.stdout.write(f"{name}: {result}")
