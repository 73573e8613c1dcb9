"""Deadline chasers: small idempotent jobs the worker runs every minute."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections

log = logging.getLogger(__name__)


def _escalate_alerts() -> int:
    from safehub.frontdoor.services import alerts_escalate_overdue

    return alerts_escalate_overdue()


def _chase_return_interviews() -> int:
    from safehub.frontdoor.services import return_interviews_chase

    return return_interviews_chase()


def _repeat_contacts_after_merges() -> int:
    from safehub.frontdoor.services import repeat_contacts_after_merges

    return repeat_contacts_after_merges()


def _chase_enquiry_invitations() -> int:
    from safehub.enquiries.services import invitations_chase

    return invitations_chase()


def _chase_transition_planning() -> int:
    from safehub.pathway.services import transition_planning_chase

    return transition_planning_chase()


def _chase_partner_actions() -> dict[str, int]:
    from safehub.actions.services import actions_chase

    return actions_chase()


CHASERS: dict[str, Callable[[], object]] = {
    "repeat-contact alerts after merges": _repeat_contacts_after_merges,
    "alerts escalated": _escalate_alerts,
    "overdue return-home interviews": _chase_return_interviews,
    "overdue enquiry answers": _chase_enquiry_invitations,
    "transition planning at 17½": _chase_transition_planning,
    "partner actions reminded and escalated": _chase_partner_actions,
}


def run_chasers() -> dict[str, object]:
    results: dict[str, object] = {}
    for name, job in CHASERS.items():
        try:
            results[name] = job()
        except Exception:  # one failing chaser must not stop the others
            log.exception("chaser %s failed", name)
            results[name] = "failed"
    return results


def start_chasing(interval: float = 60.0) -> threading.Event:
    """Run the chasers every `interval` seconds in a daemon thread; set the event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            close_old_connections()
            run_chasers()
            close_old_connections()

    threading.Thread(target=loop, name="safehub-chasers", daemon=True).start()
    return stop
