"""The service navigation, built from the user's permissions (never from role names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    permission: str | tuple[str, ...] | None = None  # any one of them


NAVIGATION: list[NavItem] = [
    NavItem("Home", "common:home"),
    NavItem("Front door", "frontdoor:queue", "frontdoor.record_contact"),
    NavItem("Missing", "frontdoor:missing_list", "frontdoor.report_missing"),
    NavItem("Alerts", "frontdoor:alerts", "frontdoor.view_queue"),
    NavItem("Enquiries", "enquiries:list", "enquiries.contribute_to_enquiry"),
    NavItem(
        "CSE cases",
        "pathway:home",
        ("pathway.hold_caseload", "pathway.allocate_case", "pathway.chair_risk_panel"),
    ),
    NavItem("Risk panels", "pathway:panels", "pathway.view_risk_panels"),
    NavItem("Actions", "actions:home", ("actions.work_on_actions", "actions.give_action")),
    NavItem("Referral audit", "actions:audit_sample", "actions.draw_audit_sample"),
    NavItem("People", "people:search", "people.search_person_index"),
    NavItem("Possible duplicates", "people:review_queue", "people.merge_persons"),
    NavItem("Users", "accounts:user_list", "accounts.manage_users"),
    NavItem("Agencies", "accounts:agency_list", "accounts.manage_agencies"),
    NavItem("Audit trail", "audit:search", "audit.view_audit_trail"),
    NavItem("Break-glass reviews", "audit:break_glass_list", "audit.review_break_glass"),
]


def navigation_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The items the user may use; the current one is the longest href the path starts with."""
    items: list[dict[str, Any]] = []
    for item in NAVIGATION:
        needed = (item.permission,) if isinstance(item.permission, str) else item.permission
        if needed and not any(user.has_perm(p) for p in needed):
            continue
        items.append({"text": item.text, "href": reverse(item.url_name), "current": False})
    matches = [
        i
        for i in items
        if (current_path == i["href"] if i["href"] == "/" else current_path.startswith(i["href"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["href"]))["current"] = True
    return items
