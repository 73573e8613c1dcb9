"""Writes for multi-agency child enquiries. Keyword-only, atomic, permission-checked, audited
in the same transaction; notifications go out after commit and never name the child."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.calendar import add_working_hours
from safehub.common.references import unique_reference
from safehub.enquiries.models import (
    ConsentStatus,
    Enquiry,
    EnquiryEntry,
    EnquiryInvitation,
    EnquirySettings,
    EnquiryStatus,
    EntryKind,
    LawfulBasis,
    SharingDecision,
)
from safehub.frontdoor.models import Contact, ContactPersonRole, TriageOutcome
from safehub.people.models import Person


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


def settings_get() -> EnquirySettings:
    settings, _ = EnquirySettings.objects.get_or_create(pk=1)
    return settings


@transaction.atomic
def enquiry_open(*, actor: Any, contact: Contact, reason: str) -> Enquiry:
    """Open an enquiry about the child a submitted contact is about. A contact has at most one
    open enquiry: opening it again returns that one."""
    _require(actor, "enquiries.open_enquiry")
    if not actor.has_perm("frontdoor.view_contact", contact):
        raise PermissionDenied
    existing = Enquiry.objects.open().filter(contact=contact).first()
    if existing is not None:
        return existing
    errors: dict[str, str] = {}
    if contact.is_draft:
        errors["contact"] = "The contact has not been submitted yet"
    subject = (
        contact.people.filter(role=ContactPersonRole.SUBJECT, person__isnull=False)
        .order_by("id")
        .first()
    )
    if subject is None or subject.person_id is None:
        errors["contact"] = "The contact is not about a child in the person index"
    if not reason.strip():
        errors["reason"] = "Say why you are opening an enquiry"
    if errors:
        raise ValidationError(errors)
    assert subject is not None and subject.person is not None
    child = subject.person.surviving()  # a merge since the contact: the surviving person
    try:
        with transaction.atomic():
            enquiry = Enquiry.objects.create(
                reference=unique_reference(Enquiry, "E"),
                contact=contact,
                child=child,
                rag=contact.rag or "",
                opened_by=actor,
                reason=reason.strip(),
            )
    except IntegrityError:  # opened by someone else a moment ago
        return Enquiry.objects.open().get(contact=contact)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="enquiry",
        object_id=enquiry.pk,
        reason=reason.strip(),
        details={"contact": contact.pk},
    )
    return enquiry


def _contributors(agency_id: int) -> list[User]:
    users = User.objects.filter(is_active=True, agency_id=agency_id).order_by("id")
    return [u for u in users if u.has_perm("enquiries.contribute_to_enquiry")]


def _notify_agency(invitation: EnquiryInvitation, *, chase: bool = False) -> None:
    from safehub.notifications.services import notification_send

    link = reverse("enquiries:enquiry", args=[invitation.enquiry_id])
    title = "Reminder: enquiry overdue" if chase else "Your agency is asked to contribute"
    for user in _contributors(invitation.agency_id):
        notification_send(
            recipient=user,
            title=title,
            body="A multi-agency child enquiry asks what your agency knows. Details are in "
            "safehub.",
            link=link,
            dedupe_key=f"enquiry-invitation-{invitation.pk}-{'chase' if chase else 'new'}",
        )


@transaction.atomic
def enquiry_invite(
    *, actor: Any, enquiry: Enquiry, agencies: Iterable[Agency]
) -> list[EnquiryInvitation]:
    """Invite agencies; each gets a task due in the configured working hours for the
    enquiry's RAG. Inviting an agency again changes nothing."""
    _require(actor, "enquiries.manage_enquiry", enquiry)
    settings = settings_get()
    now = timezone.now()
    due = add_working_hours(now, settings.response_hours(enquiry.rag))
    created: list[EnquiryInvitation] = []
    for agency in agencies:
        invitation, is_new = EnquiryInvitation.objects.get_or_create(
            enquiry=enquiry,
            agency=agency,
            defaults={"invited_by": actor, "due_at": due},
        )
        if is_new:
            created.append(invitation)
            _notify_agency(invitation)
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.SHARE,
            object_type="enquiry",
            object_id=enquiry.pk,
            details={"invited": [i.agency_id for i in created]},
        )
    return created


@dataclass
class EntryInput:
    kind: str
    happened_on: date | None
    text: str
    about_person_id: int | None = None
    about_description: str = ""
    informant: str = ""
    informant_identity_protected: bool = False
    submission_key: str = ""


@transaction.atomic
def enquiry_entry_add(*, actor: Any, enquiry: Enquiry, data: EntryInput) -> EnquiryEntry:
    """An agency's dated entry about the child or a person of concern. A retried submission
    (same key) returns the first entry."""
    _require(actor, "enquiries.add_entry", enquiry)
    if data.submission_key:
        existing = EnquiryEntry.objects.filter(submission_key=data.submission_key).first()
        if existing is not None:
            return existing
    errors: dict[str, str] = {}
    if data.kind not in EntryKind.values:
        errors["kind"] = "Select what the entry is"
    if data.happened_on is None:
        errors["happened_on"] = "Enter the date it happened"
    elif data.happened_on > timezone.localdate():
        errors["happened_on"] = "The date cannot be in the future"
    if not data.text.strip():
        errors["text"] = "Enter what your agency knows"
    about = None
    if data.about_person_id is not None:
        about = Person.objects.current().filter(pk=data.about_person_id).first()
        if about is None:
            errors["about_person_id"] = "No such person in the index"
    if errors:
        raise ValidationError(errors)
    assert data.happened_on is not None
    entry = EnquiryEntry.objects.create(
        enquiry=enquiry,
        agency_id=actor.agency_id,
        author=actor,
        kind=data.kind,
        happened_on=data.happened_on,
        about_person=about,
        about_description=data.about_description.strip(),
        text=data.text.strip(),
        informant=data.informant.strip(),
        informant_identity_protected=data.informant_identity_protected,
        submission_key=data.submission_key or None,
    )
    invitation = EnquiryInvitation.objects.filter(
        enquiry=enquiry, agency_id=actor.agency_id, responded_at__isnull=True
    ).first()
    if invitation is not None:
        invitation.responded_at = timezone.now()
        invitation.responded_by = actor
        invitation.save(update_fields=["responded_at", "responded_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="enquiry_entry",
        object_id=entry.pk,
        details={"enquiry": enquiry.pk},
    )
    return entry


@transaction.atomic
def enquiry_nothing_known(*, actor: Any, enquiry: Enquiry) -> EnquiryInvitation:
    """The agency answers that it holds nothing about the child: its task is done."""
    _require(actor, "enquiries.add_entry", enquiry)
    invitation = EnquiryInvitation.objects.filter(
        enquiry=enquiry, agency_id=actor.agency_id
    ).first()
    if invitation is None:
        raise PermissionDenied
    if invitation.responded_at is None:
        invitation.responded_at = timezone.now()
        invitation.responded_by = actor
        invitation.nothing_known = True
        invitation.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="enquiry",
            object_id=enquiry.pk,
            details={"nothing_known": actor.agency_id},
        )
    return invitation


@transaction.atomic
def enquiry_entry_mark_relevant(*, actor: Any, entry: EnquiryEntry, relevant: bool) -> EnquiryEntry:
    """The social worker marks an entry as relevant to the decision (or not)."""
    _require(actor, "enquiries.manage_enquiry", entry.enquiry)
    entry.relevant = relevant
    entry.relevant_marked_by = actor
    entry.relevant_marked_at = timezone.now()
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="enquiry_entry",
        object_id=entry.pk,
        details={"relevant": relevant},
    )
    return entry


@transaction.atomic
def enquiry_close(
    *, actor: Any, enquiry: Enquiry, decision: str, reason: str, referred_to: str = ""
) -> Enquiry:
    """Close the enquiry with the decision on the child's route. The decision becomes the
    contact's triage decision (if the contact has none yet), so a CSE-pathway decision
    carries the enquiry into the pathway; the entries marked relevant go with it."""
    _require(actor, "enquiries.manage_enquiry", enquiry)
    errors: dict[str, str] = {}
    if decision not in TriageOutcome.values:
        errors["decision"] = "Select the decision"
    if not reason.strip():
        errors["decision_reason"] = "Give the reason for the decision"
    if errors:
        raise ValidationError(errors)
    from safehub.frontdoor import services as frontdoor_services

    contact = enquiry.contact
    if not hasattr(contact, "triage") and not contact.is_draft:
        try:
            frontdoor_services.contact_triage(
                actor=actor,
                contact=contact,
                outcome=decision,
                reason=f"Enquiry {enquiry.reference}: {reason.strip()}",
                referred_to=referred_to,
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    ("decision_reason" if k == "reason" else k): v
                    for k, v in exc.message_dict.items()
                }
            ) from exc
    enquiry.status = EnquiryStatus.CLOSED
    enquiry.decision = decision
    enquiry.decision_reason = reason.strip()
    enquiry.closed_by = actor
    enquiry.closed_at = timezone.now()
    enquiry.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="enquiry",
        object_id=enquiry.pk,
        reason=reason.strip(),
        details={"closed": True, "decision": decision},
    )
    return enquiry


@dataclass
class SharingInput:
    shared: bool
    information: str
    purpose: str
    consent: str
    lawful_basis: str = ""
    consent_reason: str = ""
    recipient_agency_id: int | None = None
    recipient_other: str = ""


@transaction.atomic
def sharing_decision_record(
    *, actor: Any, data: SharingInput, enquiry: Enquiry | None = None, child: Person | None = None
) -> SharingDecision:
    """Record a decision to share, or not to share (the seven golden rules): what, with whom,
    why, on what lawful basis, whether consent was sought and given, and who decided."""
    if enquiry is not None:
        _require(actor, "enquiries.view_enquiry", enquiry)
        child = child or enquiry.child
    elif not actor.has_perm("enquiries.contribute_to_enquiry"):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not data.information.strip():
        errors["information"] = "Say what information the decision is about"
    if not data.purpose.strip():
        errors["purpose"] = "Say why it is (or is not) shared"
    if data.recipient_agency_id is None and not data.recipient_other.strip():
        errors["recipient_agency_id"] = "Say who it is shared with (or would have been)"
    if data.consent not in ConsentStatus.values:
        errors["consent"] = "Say whether consent was sought and given"
    if data.shared:
        if data.lawful_basis not in LawfulBasis.values:
            errors["lawful_basis"] = "Select the lawful basis for sharing"
        elif data.lawful_basis == LawfulBasis.CONSENT and data.consent != ConsentStatus.GIVEN:
            errors["lawful_basis"] = "Consent is the basis only when it was sought and given"
        if data.consent != ConsentStatus.GIVEN and not data.consent_reason.strip():
            errors["consent_reason"] = (
                "Say why consent was not sought, or why sharing goes ahead without it"
            )
    elif data.lawful_basis and data.lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select a lawful basis from the list"
    recipient = None
    if data.recipient_agency_id is not None:
        recipient = Agency.objects.filter(pk=data.recipient_agency_id).first()
        if recipient is None:
            errors["recipient_agency_id"] = "No such agency"
    if errors:
        raise ValidationError(errors)
    decision = SharingDecision.objects.create(
        enquiry=enquiry,
        child=child,
        shared=data.shared,
        information=data.information.strip(),
        recipient_agency=recipient,
        recipient_other=data.recipient_other.strip(),
        purpose=data.purpose.strip(),
        lawful_basis=data.lawful_basis,
        consent=data.consent,
        consent_reason=data.consent_reason.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARE if data.shared else AuditAction.DECIDE_NOT_TO_SHARE,
        object_type="sharing_decision",
        object_id=decision.pk,
        reason=data.purpose.strip(),
        details={"shared": data.shared, "enquiry": enquiry.pk if enquiry else None},
    )
    return decision


@transaction.atomic
def invitations_chase(*, now: datetime | None = None) -> int:
    """Remind the agencies whose answer is overdue (once per invitation). Run every minute by
    the worker's chasers."""
    now = now or timezone.now()
    late = list(
        EnquiryInvitation.objects.select_for_update()
        .filter(
            responded_at__isnull=True,
            chased_at__isnull=True,
            due_at__lt=now,
            enquiry__status=EnquiryStatus.OPEN,
        )
        .order_by("id")
    )
    for invitation in late:
        invitation.chased_at = now
        invitation.save(update_fields=["chased_at", "updated_at"])
        _notify_agency(invitation, chase=True)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="enquiry",
            object_id=invitation.enquiry_id,
            details={"chased_agency": invitation.agency_id},
            actor_email="system",
        )
    return len(late)
