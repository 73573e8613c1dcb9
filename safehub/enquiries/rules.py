"""Who may see and do what in an enquiry.

* Safeguarding social workers open and close enquiries, invite agencies and see every entry.
* A member of an invited agency who may contribute sees the enquiry's heading (the child, the
  deadline) and only the entries of their own agency, and adds entries while it is open.
* Anyone else: nothing (404).
* An informant whose identity is protected is shown only to safeguarding social workers and to
  the person who recorded the entry (not to the rest of their agency, nor to anyone the entry
  later reaches).
"""

from __future__ import annotations

from typing import Any

import rules

from safehub.accounts.rules import is_active_user, is_safeguarding_social_worker


@rules.predicate
def can_contribute(user: Any) -> bool:
    return bool(user.has_perm("enquiries.contribute_to_enquiry"))


@rules.predicate
def is_invited_agency(user: Any, enquiry: Any) -> bool:
    """The user's agency was invited to the enquiry."""
    if enquiry is None or getattr(user, "agency_id", None) is None:
        return False
    return bool(enquiry.invitations.filter(agency_id=user.agency_id).exists())


@rules.predicate
def is_open_enquiry(user: Any, enquiry: Any) -> bool:
    return bool(enquiry is not None and enquiry.is_open)


@rules.predicate
def is_entry_agency(user: Any, entry: Any) -> bool:
    return bool(
        entry is not None
        and getattr(user, "agency_id", None) is not None
        and entry.agency_id == user.agency_id
    )


@rules.predicate
def is_entry_author(user: Any, entry: Any) -> bool:
    return bool(entry is not None and entry.author_id == getattr(user, "pk", None))


sees_every_entry = is_active_user & is_safeguarding_social_worker

can_view_enquiry = is_active_user & (
    is_safeguarding_social_worker | (can_contribute & is_invited_agency)
)
can_manage_enquiry = is_active_user & is_safeguarding_social_worker & is_open_enquiry
can_add_entry = (
    is_active_user
    & can_contribute
    & is_open_enquiry
    & (is_invited_agency | is_safeguarding_social_worker)
)
can_view_entry = is_active_user & (is_safeguarding_social_worker | is_entry_agency)
can_see_protected_informant = is_active_user & (is_safeguarding_social_worker | is_entry_author)

rules.add_perm("enquiries.view_enquiry", can_view_enquiry)
rules.add_perm("enquiries.manage_enquiry", can_manage_enquiry)
rules.add_perm("enquiries.add_entry", can_add_entry)
rules.add_perm("enquiries.view_entry", can_view_entry)
rules.add_perm("enquiries.see_protected_informant", can_see_protected_informant)
