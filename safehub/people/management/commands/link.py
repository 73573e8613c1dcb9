"""`safehub link train` and `safehub link run`: batch linkage over the person index."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safehub.people import linkage_service


class Command(BaseCommand):
    help = "Train the person-linkage model (train) or propose links with it (run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["train", "run"])
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(message: str) -> None:
            print(f"  {message}", file=sys.stderr, flush=True)

        try:
            if options["action"] == "train":
                outcome = linkage_service.linkage_train(seed=options["seed"], progress=progress)
                model = outcome.model
                self.stdout.write(
                    f"Model {model.version} trained on {model.trained_on_records} records; "
                    f"automatic link at p >= {model.auto_link_threshold:.4f}, review at "
                    f"p >= {model.review_threshold:.4f} (calibrated on {outcome.labelled_pairs} "
                    f"labelled pairs from the {outcome.labels_source})"
                )
            else:
                result = linkage_service.linkage_run(progress=progress)
                self.stdout.write(
                    f"Merged {result.merged} pairs automatically; {result.queued} pairs await "
                    f"review ({result.vetoed} with contradicting evidence)"
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
