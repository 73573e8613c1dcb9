"""Who may see and do what with partner actions.

* The owning agency's people (anyone there who works with children's records or contributes
  to enquiries) see its actions and confirm them done, with evidence.
* Safeguarding social workers, team managers and risk-panel chairs — the safeguarding leads who
  give actions — see every action and may withdraw one, with a reason.
* A CSE practitioner sees the (unrestricted) actions on the cases they and their team hold.
* Restricted actions (against the people exploiting a child) are seen only by the owning agency
  and the safeguarding leads.
* Team managers and auditors draw the audit sample of CSE referrals (Recommendation 23); it
  names no child.
"""

from __future__ import annotations

from typing import Any

import rules

from safehub.accounts.rules import (
    handles_case_records,
    is_active_user,
    is_cse_practitioner,
    is_partner_contributor,
    is_risk_panel_chair,
    is_safeguarding_social_worker,
    is_team_manager,
)

is_safeguarding_lead = is_safeguarding_social_worker | is_team_manager | is_risk_panel_chair
works_with_actions = handles_case_records | is_partner_contributor


@rules.predicate
def is_in_owning_agency(user: Any, action: Any) -> bool:
    return bool(
        action is not None
        and getattr(user, "agency_id", None) is not None
        and action.owning_agency_id == user.agency_id
    )


@rules.predicate
def is_on_practitioners_case(user: Any, action: Any) -> bool:
    """The action is on a case the user (a practitioner) or their team holds."""
    case = getattr(action, "case", None) if action is not None else None
    if case is None or case.practitioner_id is None:
        return False
    return bool(case.practitioner_id == user.pk or case.practitioner.agency_id == user.agency_id)


@rules.predicate
def is_restricted(user: Any, action: Any) -> bool:
    return bool(action is not None and action.restricted)


@rules.predicate
def is_open_action(user: Any, action: Any) -> bool:
    return bool(action is not None and action.is_open)


can_view_action = is_active_user & (
    is_safeguarding_lead
    | (works_with_actions & is_in_owning_agency)
    | (is_cse_practitioner & is_on_practitioners_case & ~is_restricted)
)
can_complete_action = is_active_user & works_with_actions & is_in_owning_agency & is_open_action
can_withdraw_action = is_active_user & is_safeguarding_lead & is_open_action

rules.add_perm("actions.view_action", can_view_action)
rules.add_perm("actions.complete_action", can_complete_action)
rules.add_perm("actions.withdraw_action", can_withdraw_action)
