"""Who may see and change the person index.

The front door and the safeguarding roles see the whole index; other agencies see a person
when their agency is involved (it has supplied a record about them — later issues add
involvement through contacts, enquiries and cases); anyone else only through break-glass.
"""

from __future__ import annotations

from typing import Any

import rules

from safehub.accounts.rules import (
    is_active_user,
    is_cse_practitioner,
    is_front_door_advisor,
    is_risk_panel_chair,
    is_safeguarding_social_worker,
    is_team_manager,
)

sees_whole_person_index = (
    is_front_door_advisor
    | is_safeguarding_social_worker
    | is_team_manager
    | is_cse_practitioner
    | is_risk_panel_chair
)


@rules.predicate
def is_agency_involved_with_person(user: Any, person: Any) -> bool:
    if person is None or not getattr(user, "is_authenticated", False):
        return False
    from safehub.people.selectors import agency_involved_with_person

    return agency_involved_with_person(agency_id=user.agency_id, person_id=person.pk)


can_view_person = is_active_user & (sees_whole_person_index | is_agency_involved_with_person)
rules.add_perm("people.view_person", can_view_person)
