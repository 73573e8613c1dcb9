"""Who may do what at the front door.

Contacts are seen by the front door and safeguarding roles, by the CSE team and risk-panel
chairs, and by the agency that recorded them; anyone else not at all (404). A draft is edited
only by the person who started it. A referrer whose identity is protected is shown only to the
front-door roles.
"""

from __future__ import annotations

from typing import Any

import rules

from safehub.accounts.rules import (
    is_active_user,
    is_cse_practitioner,
    is_front_door_advisor,
    is_police_officer,
    is_risk_panel_chair,
    is_safeguarding_social_worker,
    is_team_manager,
)

sees_all_contacts = (
    is_front_door_advisor
    | is_safeguarding_social_worker
    | is_team_manager
    | is_cse_practitioner
    | is_risk_panel_chair
)
front_door_roles = is_front_door_advisor | is_safeguarding_social_worker | is_team_manager


@rules.predicate
def is_contact_recorder(user: Any, contact: Any) -> bool:
    return bool(contact is not None and contact.recorded_by_id == getattr(user, "pk", None))


@rules.predicate
def is_recording_agency(user: Any, contact: Any) -> bool:
    return bool(
        contact is not None
        and contact.recording_agency_id is not None
        and contact.recording_agency_id == getattr(user, "agency_id", None)
    )


@rules.predicate
def is_draft(user: Any, contact: Any) -> bool:
    return bool(contact is not None and contact.is_draft)


@rules.predicate
def is_open_contact(user: Any, contact: Any) -> bool:
    return bool(contact is not None and contact.status in ("awaiting_decision",))


@rules.predicate
def holds_alert_role(user: Any, alert: Any) -> bool:
    return bool(
        alert is not None
        and (user.has_role(alert.for_role) or (alert.escalated_at and is_team_manager(user)))
    )


@rules.predicate
def is_out_of_area_notice(user: Any, contact: Any) -> bool:
    return bool(
        contact is not None
        and contact.contact_type_id is not None
        and contact.contact_type.code == "out-of-area-placement"
    )


can_view_contact = is_active_user & (
    sees_all_contacts
    | is_contact_recorder
    | is_recording_agency
    | (is_police_officer & is_out_of_area_notice & ~is_draft)
)
can_edit_contact = is_active_user & (
    (is_draft & is_contact_recorder) | (~is_draft & is_open_contact & front_door_roles)
)
can_screen_contact = is_active_user & front_door_roles & (is_open_contact | is_contact_recorder)
can_triage_contact = is_active_user & (is_safeguarding_social_worker | is_team_manager)
can_see_protected_referrer = is_active_user & front_door_roles
can_acknowledge_alert = is_active_user & holds_alert_role

rules.add_perm("frontdoor.view_contact", can_view_contact)
rules.add_perm("frontdoor.edit_contact", can_edit_contact)
rules.add_perm("frontdoor.screen_contact", can_screen_contact)
rules.add_perm("frontdoor.see_protected_referrer", can_see_protected_referrer)
rules.add_perm("frontdoor.acknowledge_alert", can_acknowledge_alert)
