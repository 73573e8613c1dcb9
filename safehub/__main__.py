"""The `safehub` command: Django's management commands behind one entry point.

`safehub demo`, `safehub worker`, `safehub migrate` ... Settings default to the demo settings
(`config.settings.dev`); production sets DJANGO_SETTINGS_MODULE=config.settings.production.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safehub", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
