"""Demo enquiries: two of the live queue's CSE contacts have multi-agency enquiries open, one
fully answered (police, school, hospital), one with an agency's answer overdue and chased, and
a recorded sharing decision. Built through the services, so audit, tasks and notifications are
as in real use. Idempotent: nothing is added if the contacts already have enquiries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.common.demo import partnership
from safehub.common.demo.frontdoor import LIVE_KEY
from safehub.enquiries import services
from safehub.enquiries.models import Enquiry, EnquiryInvitation
from safehub.frontdoor.models import Contact, ContactStatus

ENTRIES = {
    "police": (
        "concern",
        "Seen twice this month getting into a silver car driven by an adult male near the "
        "retail park after school; vehicle not yet identified.",
    ),
    "school_1": (
        "known",
        "Attendance down to 71% this term; absent most Mondays. Has a new phone she will not "
        "explain. Form tutor reports she seems tired and withdrawn.",
    ),
    "hospital": (
        "involvement",
        "Attended the emergency department with an injury to her wrist; account vague; "
        "discharged to mum.",
    ),
}


def _user(role: Role, agency: Agency) -> User | None:
    return (
        User.objects.filter(is_active=True, agency=agency, role_assignments__role=role)
        .order_by("pk")
        .first()
    )


def build(seed: int, *, now: Any = None) -> dict[str, Any]:
    contacts = list(
        Contact.objects.filter(
            idempotency_key__startswith=LIVE_KEY,
            status=ContactStatus.AWAITING_DECISION,
            is_cse_concern=True,
        ).order_by("idempotency_key")[:2]
    )
    if len(contacts) < 2 or Enquiry.objects.filter(contact__in=contacts).exists():
        return {"skipped": True}
    names = {spec.key: spec.name for spec in partnership.AGENCIES}
    agencies = {key: Agency.objects.get(name=names[key]) for key in ENTRIES}
    social_worker = (
        User.objects.filter(role_assignments__role=Role.SAFEGUARDING_SOCIAL_WORKER, is_active=True)
        .order_by("pk")
        .first()
    )
    authors = {
        "police": _user(Role.POLICE_OFFICER, agencies["police"]),
        "school_1": _user(Role.PARTNER_CONTRIBUTOR, agencies["school_1"]),
        "hospital": _user(Role.PARTNER_CONTRIBUTOR, agencies["hospital"]),
    }
    if social_worker is None or None in authors.values():
        return {"skipped": True}
    today = timezone.localdate()
    with transaction.atomic():
        answered = services.enquiry_open(
            actor=social_worker,
            contact=contacts[0],
            reason="CSE indicators from the contact; partners' information needed to decide.",
        )
        services.enquiry_invite(actor=social_worker, enquiry=answered, agencies=agencies.values())
        for offset, (key, (kind, text)) in enumerate(ENTRIES.items()):
            author = authors[key]
            assert author is not None
            services.enquiry_entry_add(
                actor=author,
                enquiry=answered,
                data=services.EntryInput(
                    kind=kind,
                    happened_on=today - timedelta(days=3 + 4 * offset),
                    text=text,
                    submission_key=f"demo-enquiry-{seed}-{key}",
                ),
            )
        services.sharing_decision_record(
            actor=social_worker,
            enquiry=answered,
            data=services.SharingInput(
                shared=True,
                information="The police sightings of the silver car (no names)",
                purpose="So the school can watch the gate at home time",
                recipient_agency_id=agencies["school_1"].pk,
                lawful_basis="safeguarding",
                consent="not_sought",
                consent_reason="Asking her family first could alert the adults involved.",
            ),
        )
        waiting = services.enquiry_open(
            actor=social_worker,
            contact=contacts[1],
            reason="Repeat missing episodes; checking what partners know.",
        )
        services.enquiry_invite(
            actor=social_worker,
            enquiry=waiting,
            agencies=[agencies["police"], agencies["school_1"]],
        )
        police = authors["police"]
        assert police is not None
        services.enquiry_entry_add(
            actor=police,
            enquiry=waiting,
            data=services.EntryInput(
                kind="known",
                happened_on=today - timedelta(days=10),
                text="Reported missing twice in a fortnight; found both times at an adult's flat "
                "on the Eastfield estate.",
                submission_key=f"demo-enquiry-{seed}-waiting-police",
            ),
        )
        # The school's answer is overdue and has been chased.
        EnquiryInvitation.objects.filter(enquiry=waiting, agency=agencies["school_1"]).update(
            due_at=timezone.now() - timedelta(hours=6)
        )
        services.invitations_chase()
    return {"enquiries": 2, "entries": len(ENTRIES) + 1, "as_of": date.isoformat(today)}


def describe(summary: dict[str, Any]) -> str:
    if summary.get("skipped"):
        return "enquiries already present (or no live CSE contacts): nothing added"
    return f"{summary['enquiries']} open enquiries with {summary['entries']} agency entries"
