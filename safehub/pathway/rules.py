"""Who may see and do what on the CSE pathway.

* Team managers allocate, see every case and the dashboard; safeguarding social workers and
  risk-panel chairs see every case (they route children to it and grade them).
* A CSE practitioner sees their own cases and their team's (same agency), and works the cases
  allocated to them.
* Partner agencies see no case here yet (they take part through enquiries and, later, panels
  and actions).
"""

from __future__ import annotations

from typing import Any

import rules

from safehub.accounts.rules import (
    is_active_user,
    is_cse_practitioner,
    is_police_officer,
    is_risk_panel_chair,
    is_safeguarding_social_worker,
    is_team_manager,
)


@rules.predicate
def is_allocated_practitioner(user: Any, case: Any) -> bool:
    return bool(case is not None and case.practitioner_id == getattr(user, "pk", None))


@rules.predicate
def is_practitioners_team(user: Any, case: Any) -> bool:
    """The case is held by someone in the user's own team (agency)."""
    return bool(
        case is not None
        and case.practitioner_id is not None
        and case.practitioner.agency_id == getattr(user, "agency_id", None)
    )


@rules.predicate
def is_open_case(user: Any, case: Any) -> bool:
    return bool(case is not None and case.is_open)


sees_every_case = is_active_user & (
    is_team_manager | is_safeguarding_social_worker | is_risk_panel_chair
)
can_view_case = sees_every_case | (
    is_active_user & is_cse_practitioner & (is_allocated_practitioner | is_practitioners_team)
)
can_work_case = (
    is_active_user
    & is_open_case
    & ((is_cse_practitioner & is_allocated_practitioner) | is_team_manager)
)
can_allocate_case = is_active_user & is_team_manager & is_open_case
can_grade_case = is_active_user & is_risk_panel_chair & is_open_case

can_see_perpetrator_actions = is_active_user & (
    is_police_officer | is_safeguarding_social_worker | is_team_manager | is_risk_panel_chair
)

rules.add_perm("pathway.view_case", can_view_case)
rules.add_perm("pathway.see_perpetrator_actions", can_see_perpetrator_actions)
rules.add_perm("pathway.work_case", can_work_case)
rules.add_perm("pathway.allocate", can_allocate_case)
rules.add_perm("pathway.grade_case", can_grade_case)
