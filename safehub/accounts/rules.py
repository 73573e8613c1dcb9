"""Named predicates and the permissions they grant.

Every permission check in safehub goes through a predicate defined here (or in the rules module
of the app that owns the object). A role never grants anything except through these names, so
the test suite can check every role against every permission, allowed and denied.

Capabilities are also listed in `CAPABILITIES` with a plain-English description, which the home
page shows so that each user can see what they are able to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from safehub.accounts.models import Role


def _role_predicate(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"is_{role.value}")
    def has_this_role(user: Any) -> bool:
        return bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.is_active
            and user.has_role(role)
        )

    return has_this_role


@rules.predicate
def is_active_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


is_front_door_advisor = _role_predicate(Role.FRONT_DOOR_ADVISOR)
is_safeguarding_social_worker = _role_predicate(Role.SAFEGUARDING_SOCIAL_WORKER)
is_cse_practitioner = _role_predicate(Role.CSE_PRACTITIONER)
is_team_manager = _role_predicate(Role.TEAM_MANAGER)
is_risk_panel_chair = _role_predicate(Role.RISK_PANEL_CHAIR)
is_partner_contributor = _role_predicate(Role.PARTNER_CONTRIBUTOR)
is_police_officer = _role_predicate(Role.POLICE_OFFICER)
is_intelligence_analyst = _role_predicate(Role.INTELLIGENCE_ANALYST)
is_licensing_officer = _role_predicate(Role.LICENSING_OFFICER)
is_performance_analyst = _role_predicate(Role.PERFORMANCE_ANALYST)
is_administrator = _role_predicate(Role.ADMINISTRATOR)
is_auditor = _role_predicate(Role.AUDITOR)


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return bool(other is not None and user is not None and user.pk == getattr(other, "pk", None))


@rules.predicate
def is_same_agency(user: Any, obj: Any) -> bool:
    """The object belongs to (or is) the user's own agency."""
    if obj is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    agency_id = getattr(obj, "agency_id", None)
    if agency_id is None and obj.__class__.__name__ == "Agency":
        agency_id = obj.pk
    return agency_id is not None and agency_id == user.agency_id


@rules.predicate
def is_recipient(user: Any, notification: Any) -> bool:
    return bool(notification is not None and notification.recipient_id == user.pk)


# People who handle case records about children and may, with a written reason, open a record
# outside their normal scope ("break-glass"). Performance analysts never need names; auditors
# and administrators read the audit trail, not case records.
handles_case_records = (
    is_front_door_advisor
    | is_safeguarding_social_worker
    | is_cse_practitioner
    | is_team_manager
    | is_risk_panel_chair
    | is_police_officer
    | is_intelligence_analyst
)


@dataclass(frozen=True)
class Capability:
    permission: str
    description: str
    predicate: rules.Predicate


# Capability permissions (no object). Later issues attach views and services to these names.
CAPABILITIES: list[Capability] = [
    Capability(
        "frontdoor.record_contact",
        "Record a contact about a child at the front door",
        is_front_door_advisor | is_safeguarding_social_worker | is_team_manager,
    ),
    Capability(
        "frontdoor.triage_contact",
        "Screen contacts and decide the next steps",
        is_safeguarding_social_worker | is_team_manager,
    ),
    Capability(
        "frontdoor.view_queue",
        "See the front-door queue of contacts awaiting a decision, and its alerts",
        is_front_door_advisor | is_safeguarding_social_worker | is_team_manager,
    ),
    Capability(
        "frontdoor.report_missing",
        "Report a child missing from home, care or education",
        is_police_officer
        | is_partner_contributor
        | is_front_door_advisor
        | is_safeguarding_social_worker
        | is_team_manager,
    ),
    Capability(
        "frontdoor.record_return_interview",
        "Record return-home interviews after a missing episode",
        is_cse_practitioner
        | is_front_door_advisor
        | is_safeguarding_social_worker
        | is_team_manager,
    ),
    Capability(
        "people.search_person_index",
        "Search the person index",
        handles_case_records,
    ),
    Capability(
        "people.give_person_details",
        "Give a child's details in a report, for safehub to match in the index (without "
        "searching it)",
        handles_case_records | is_partner_contributor,
    ),
    Capability(
        "people.create_person",
        "Add people to the person index (after searching for them)",
        handles_case_records,
    ),
    Capability(
        "people.merge_persons",
        "Review possible duplicates and merge or unmerge people",
        is_front_door_advisor | is_safeguarding_social_worker | is_team_manager,
    ),
    Capability(
        "enquiries.open_enquiry",
        "Open a multi-agency child enquiry and see every agency's entries",
        is_safeguarding_social_worker,
    ),
    Capability(
        "enquiries.contribute_to_enquiry",
        "Add your agency's information to an enquiry you are invited to",
        is_partner_contributor
        | is_police_officer
        | is_safeguarding_social_worker
        | is_cse_practitioner
        | is_front_door_advisor,
    ),
    Capability(
        "pathway.hold_caseload",
        "Hold a caseload of young people on the CSE pathway",
        is_cse_practitioner,
    ),
    Capability(
        "pathway.allocate_case",
        "Allocate CSE cases and see team caseloads",
        is_team_manager,
    ),
    Capability(
        "pathway.chair_risk_panel",
        "Chair the multi-agency risk panel and record grades",
        is_risk_panel_chair,
    ),
    Capability(
        "actions.work_on_actions",
        "See and confirm the actions given to your agency",
        handles_case_records | is_partner_contributor,
    ),
    Capability(
        "actions.give_action",
        "Give actions to partner agencies (from referrals, enquiries, panels and meetings)",
        is_safeguarding_social_worker | is_team_manager | is_risk_panel_chair,
    ),
    Capability(
        "actions.draw_audit_sample",
        "Draw the audit sample of CSE referrals and their follow-up (no names)",
        is_team_manager | is_auditor,
    ),
    Capability(
        "intelligence.submit_intelligence",
        "Report intelligence about vehicles, premises, places and people",
        is_police_officer
        | is_intelligence_analyst
        | is_licensing_officer
        | is_cse_practitioner
        | is_partner_contributor,
    ),
    Capability(
        "intelligence.analyse_intelligence",
        "Grade intelligence and build association charts",
        is_intelligence_analyst | is_police_officer,
    ),
    Capability(
        "licensing.check_driver_register",
        "Search the register of refused, revoked and suspended driver licences",
        is_licensing_officer,
    ),
    Capability(
        "reports.view_aggregate_reports",
        "Read the partnership dataset and problem profile (no names)",
        is_performance_analyst | is_team_manager | is_risk_panel_chair | is_administrator,
    ),
    Capability(
        "accounts.manage_users",
        "Invite users, set their roles and deactivate them",
        is_administrator,
    ),
    Capability(
        "accounts.manage_agencies",
        "Add and change the partnership's agencies",
        is_administrator,
    ),
    Capability(
        "accounts.use_django_admin",
        "Use the technical administration site",
        is_administrator,
    ),
    Capability(
        "audit.view_audit_trail",
        "Search the audit trail",
        is_auditor,
    ),
    Capability(
        "audit.export_audit_trail",
        "Export the audit trail as CSV",
        is_auditor,
    ),
    Capability(
        "audit.review_break_glass",
        "Review break-glass access to records",
        is_auditor | is_administrator,
    ),
    Capability(
        "accounts.use_break_glass",
        "Open a record outside your normal access, giving a reason",
        handles_case_records,
    ),
]

for capability in CAPABILITIES:
    rules.add_perm(capability.permission, capability.predicate)

# Object permissions.
can_view_user_profile = is_self | is_administrator | is_auditor | (is_active_user & is_same_agency)
rules.add_perm("accounts.view_user_profile", can_view_user_profile)
rules.add_perm("accounts.manage_own_tokens", is_active_user)
rules.add_perm("notifications.read_notification", is_active_user & is_recipient)


def capabilities_for(user: Any) -> list[Capability]:
    return [c for c in CAPABILITIES if c.predicate.test(user)]


# Django's admin site checks model permissions; administrators get exactly these.
for _model_perm in (
    "accounts.view_agency",
    "accounts.add_agency",
    "accounts.change_agency",
    "accounts.view_user",
    "accounts.change_user",
    "accounts.view_roleassignment",
    "accounts.add_roleassignment",
    "accounts.change_roleassignment",
    "accounts.delete_roleassignment",
    "audit.view_auditevent",
    "audit.view_breakglassaccess",
    "django_tasks_db.view_dbtaskresult",
    "frontdoor.view_frontdoorsettings",
    "frontdoor.change_frontdoorsettings",
    "frontdoor.view_contacttype",
    "frontdoor.add_contacttype",
    "frontdoor.change_contacttype",
    "frontdoor.view_screeninginstrument",
    "frontdoor.add_screeninginstrument",
    "enquiries.view_enquirysettings",
    "enquiries.add_enquirysettings",
    "enquiries.change_enquirysettings",
    "pathway.view_pathwaysettings",
    "pathway.add_pathwaysettings",
    "pathway.change_pathwaysettings",
    "pathway.view_supportservice",
    "pathway.add_supportservice",
    "pathway.change_supportservice",
    "actions.view_actionsettings",
    "actions.add_actionsettings",
    "actions.change_actionsettings",
):
    rules.add_perm(_model_perm, is_administrator)
