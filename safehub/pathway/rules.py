"""Who may see and do what on the CSE pathway.

* Team managers allocate, see every case and the dashboard; safeguarding social workers and
  risk-panel chairs see every case (they route children to it and grade them).
* A CSE practitioner sees their own cases and their team's (same agency), and works the cases
  allocated to them.
* Partner agencies see no case here (they take part through enquiries, actions and the risk
  panel, where they see a case's reference and the young person's name; see below).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from safehub.accounts.rules import (
    is_active_user,
    is_cse_practitioner,
    is_partner_contributor,
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


# A partner agency (point 12) sees a case only while it is open and the agency is involved in
# it — it was asked to the case's enquiry, attended one of its strategy meetings or was given an
# action on it — and then only what was shared with it: who holds the case, its stage and
# grade, the meetings it attended and its own actions (police also read the actions against
# perpetrators recorded for them). Assessments, time logs, plans and other agencies' actions
# stay with the CSE team.


@rules.predicate
def is_involved_agency(user: Any, case: Any) -> bool:
    from safehub.pathway.selectors import cases_involving_agency

    agency_id = getattr(user, "agency_id", None)
    return bool(
        case is not None
        and agency_id is not None
        and case.is_open
        and cases_involving_agency(agency_id=agency_id).filter(pk=case.pk).exists()
    )


can_view_case_as_partner = (
    is_active_user
    & (is_partner_contributor | is_police_officer | is_cse_practitioner | is_team_manager)
    & ~can_view_case
    & is_involved_agency
)
rules.add_perm("pathway.view_case_as_partner", can_view_case_as_partner)


# The multi-agency risk panel (issue 5, point 5).
#
# * Chairs, team managers and safeguarding social workers see every panel and every case on it.
# * A CSE practitioner sees the panels with their own or their team's cases, and only those
#   agenda items.
# * Police officers see every panel to enter their intelligence summaries, and of each case only
#   its reference and the young person's name; partner contributors of an agency expected at
#   the panel see the same, to add their agency's information.
# * A police intelligence summary is seen only by police officers, risk-panel chairs and the
#   person who wrote it, on every page, the minutes and the PDF.


@rules.predicate
def is_planned_panel(user: Any, panel: Any) -> bool:
    return bool(panel is not None and panel.status == "planned")


@rules.predicate
def is_held_panel(user: Any, panel: Any) -> bool:
    return bool(panel is not None and panel.status == "held")


@rules.predicate
def is_expected_at_panel(user: Any, panel: Any) -> bool:
    """The user's agency is one the panel expects (or expected) to attend."""
    from safehub.pathway.selectors import panel_expected_agency_ids

    agency_id = getattr(user, "agency_id", None)
    return bool(panel is not None and agency_id in panel_expected_agency_ids(panel))


@rules.predicate
def has_team_case_on_panel(user: Any, panel: Any) -> bool:
    """A case on the agenda is held by the user or by someone in their team (agency)."""
    return bool(
        panel is not None
        and panel.items.filter(
            Q(case__practitioner_id=getattr(user, "pk", None))
            | Q(case__practitioner__agency_id=getattr(user, "agency_id", None))
        ).exists()
    )


@rules.predicate
def is_items_allocated_practitioner(user: Any, item: Any) -> bool:
    return bool(item is not None and is_allocated_practitioner.test(user, item.case))


@rules.predicate
def is_items_team_case(user: Any, item: Any) -> bool:
    return bool(item is not None and is_practitioners_team.test(user, item.case))


@rules.predicate
def is_on_planned_panel(user: Any, item: Any) -> bool:
    return bool(item is not None and is_planned_panel.test(user, item.panel))


@rules.predicate
def is_on_held_panel(user: Any, item: Any) -> bool:
    return bool(item is not None and is_held_panel.test(user, item.panel))


@rules.predicate
def is_expected_at_items_panel(user: Any, item: Any) -> bool:
    return bool(item is not None and is_expected_at_panel.test(user, item.panel))


@rules.predicate
def is_items_case_open(user: Any, item: Any) -> bool:
    return bool(item is not None and item.case.is_open)


@rules.predicate
def is_input_author(user: Any, panel_input: Any) -> bool:
    return bool(
        panel_input is not None
        and getattr(panel_input, "author_id", None) == getattr(user, "pk", None)
    )


# The list of panels: everyone who takes part in one.
can_view_risk_panels = is_active_user & (
    sees_every_case | is_cse_practitioner | is_police_officer | is_partner_contributor
)
can_view_risk_panel = is_active_user & (
    sees_every_case
    | is_police_officer
    | (is_cse_practitioner & has_team_case_on_panel)
    | (is_partner_contributor & is_expected_at_panel)
)
# The case behind an agenda item (status, inputs, grade, actions), beyond its reference and the
# young person's name.
can_view_panel_item = is_active_user & (
    sees_every_case | (is_cse_practitioner & (is_items_allocated_practitioner | is_items_team_case))
)
# The minutes hold the cases' decisions: for those who see the cases.
can_view_panel_minutes = (
    is_active_user
    & is_held_panel
    & (sees_every_case | (is_cse_practitioner & has_team_case_on_panel))
)
can_schedule_risk_panel = is_active_user & is_risk_panel_chair
can_manage_panel_agenda = is_active_user & is_risk_panel_chair & is_planned_panel
can_record_panel_held = is_active_user & is_risk_panel_chair
can_decide_panel_item = is_active_user & is_risk_panel_chair & is_on_held_panel & is_items_case_open
can_write_practitioner_report = (
    is_active_user
    & is_on_planned_panel
    & ((is_cse_practitioner & is_items_allocated_practitioner) | is_team_manager)
)
can_write_police_intelligence = is_active_user & is_on_planned_panel & is_police_officer
can_write_agency_information = (
    is_active_user
    & is_on_planned_panel
    & is_expected_at_items_panel
    & (is_partner_contributor | is_safeguarding_social_worker | is_team_manager)
)
can_see_police_intelligence = is_active_user & (
    is_police_officer | is_risk_panel_chair | is_input_author
)

rules.add_perm("pathway.view_risk_panels", can_view_risk_panels)
rules.add_perm("pathway.view_risk_panel", can_view_risk_panel)
rules.add_perm("pathway.view_panel_item", can_view_panel_item)
rules.add_perm("pathway.view_panel_minutes", can_view_panel_minutes)
rules.add_perm("pathway.schedule_risk_panel", can_schedule_risk_panel)
rules.add_perm("pathway.manage_panel_agenda", can_manage_panel_agenda)
rules.add_perm("pathway.record_panel_held", can_record_panel_held)
rules.add_perm("pathway.decide_panel_item", can_decide_panel_item)
rules.add_perm("pathway.write_practitioner_report", can_write_practitioner_report)
rules.add_perm("pathway.write_police_intelligence", can_write_police_intelligence)
rules.add_perm("pathway.write_agency_information", can_write_agency_information)
rules.add_perm("pathway.see_police_intelligence", can_see_police_intelligence)
