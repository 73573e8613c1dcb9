"""`safehub demo [--seed N]`: build the demo partnership and print its logins.

Idempotent and deterministic. Writes the logins to var/demo-logins.json for scripted
demonstrations (a list of objects with email, password, agency and roles).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from safehub.common.demo import partnership
from safehub.notifications.services import notification_send


class Command(BaseCommand):
    help = "Create the synthetic demo partnership (agencies, users) and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2017, help="Random seed (default 2017)")
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins")
        parser.add_argument(
            "--no-linkage", action="store_true", help="Load demo persons without linking them"
        )
        parser.add_argument(
            "--no-front-door",
            action="store_true",
            help="Skip the front door's 2016-17 contacts and live queue",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        logins = partnership.build(seed)
        from safehub.accounts.models import User

        for login in logins:
            user = User.objects.get(email=login.email)
            notification_send(
                recipient=user,
                title="Welcome to the safehub demo",
                body="Everything in this demo is synthetic. Try the pages your roles give you.",
                link="/",
                email=False,
                dedupe_key="demo-welcome",
            )
        from safehub.common.demo import people

        people_summary = people.build(seed, link=not options["no_linkage"])
        from safehub.common.demo import frontdoor

        frontdoor_summary = {"skipped": True} if options["no_front_door"] else frontdoor.build(seed)
        from safehub.common.demo import enquiries

        enquiries_summary = {"skipped": True} if options["no_front_door"] else enquiries.build(seed)
        from safehub.common.demo import pathway

        pathway_summary = {"skipped": True} if options["no_front_door"] else pathway.build(seed)
        from safehub.common.demo import pathway_work

        work_summary = {"skipped": True} if options["no_front_door"] else pathway_work.build(seed)
        path = settings.VAR_DIR / "demo-logins.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        records = [
            {
                k: v
                for k, v in asdict(login).items()
                if k in {"email", "password", "agency", "roles"}
            }
            for login in logins
        ]
        path.write_text(json.dumps(records, indent=2) + "\n")
        path.chmod(0o600)
        if not options["quiet"]:
            self.stdout.write(self.style.SUCCESS(f"Demo partnership ready (seed {seed})."))
            if not people_summary.get("skipped"):
                self.stdout.write(f"Person index: {people_summary}")
            if not frontdoor_summary.get("skipped"):
                self.stdout.write(f"Front door: {frontdoor.describe(frontdoor_summary)}")
            if not enquiries_summary.get("skipped"):
                self.stdout.write(f"Enquiries: {enquiries.describe(enquiries_summary)}")
            if not pathway_summary.get("skipped"):
                self.stdout.write(f"CSE pathway: {pathway.describe(pathway_summary)}")
            if not work_summary.get("skipped"):
                self.stdout.write(f"CSE team's work: {pathway_work.describe(work_summary)}")
            self.stdout.write("Demo logins (also in var/demo-logins.json):")
            width = max(len(login.email) for login in logins)
            for login in logins:
                role = ", ".join(login.roles)
                self.stdout.write(f"  {login.email:<{width}}  {login.password:<28}  {role}")
