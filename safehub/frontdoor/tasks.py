"""Background work for the front door: telling people about alerts.

An alert is one row written in the contact's transaction; telling every holder of its role (an
in-app notification, an audit event and an e-mail each) happens here, after commit, so that
recording a contact does not hold the database for the fan-out.
"""

from __future__ import annotations

from django_tasks import task


@task()
def notify_alert(*, alert_id: int, role: str, escalated: bool = False) -> int:
    from safehub.frontdoor.services import notify_role_now

    return notify_role_now(alert_id=alert_id, role=role, escalated=escalated)
