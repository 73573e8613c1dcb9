"""Writes at the front door: contacts, screening, decisions, triage, alerts, missing episodes.

Every service is keyword-only, atomic, checks its permission, writes an audit event in the
same transaction and sends e-mail only after commit (through the task queue).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.calendar import add_working_days, add_working_hours
from safehub.common.prepared import PreparedQuery
from safehub.common.references import unique_reference
from safehub.frontdoor.models import (
    OPEN_CASE_OUTCOMES,
    Alert,
    AlertKind,
    Channel,
    Contact,
    ContactKind,
    ContactPerson,
    ContactPersonRole,
    ContactStatus,
    ContactType,
    FrontDoorSettings,
    IndicatorProposal,
    IndicatorSource,
    MissingEpisode,
    MissingKind,
    MissingSource,
    ProposalStatus,
    Rag,
    ReferralSource,
    ReturnHomeInterview,
    ReturnInterviewStatus,
    Screening,
    ScreeningInstrument,
    ThresholdLevel,
    TriageDecision,
    TriageOutcome,
)
from safehub.people.models import Person, PersonRecord
from safehub.people.services import RecordInput, person_from_report, validate_record

# Who each alert goes to, and who an unacknowledged alert escalates to.
ALERT_ROLES: dict[str, Role] = {
    AlertKind.COMPLEX_OR_ACUTE: Role.SAFEGUARDING_SOCIAL_WORKER,
    AlertKind.REPEAT_CONTACTS: Role.FRONT_DOOR_ADVISOR,
    AlertKind.MISSING_EPISODE: Role.SAFEGUARDING_SOCIAL_WORKER,
    AlertKind.MISSING_STRATEGY: Role.SAFEGUARDING_SOCIAL_WORKER,
    AlertKind.OUT_OF_AREA_PLACEMENT: Role.POLICE_OFFICER,
    AlertKind.RETURN_INTERVIEW_DUE: Role.CSE_PRACTITIONER,
}
ESCALATION_ROLE = Role.TEAM_MANAGER


# --- configuration ------------------------------------------------------------------------------


_CONFIGURATION_TTL_SECONDS = 5.0
_configuration_cache: dict[str, tuple[Any, float]] = {}


def _configuration(key: str, load: Callable[[], Any]) -> Any:
    """Front-door configuration (settings, contact types, the active instrument) is read for
    every contact; each process keeps it for a few seconds (a change reaches every worker
    within the TTL, and at once in the process that saved it: see `settings_forget`)."""
    now = time.monotonic()
    cached = _configuration_cache.get(key)
    if cached is not None and now - cached[1] < _CONFIGURATION_TTL_SECONDS:
        return cached[0]
    value = load()
    _configuration_cache[key] = (value, now)
    return value


def settings_get() -> FrontDoorSettings:
    """The front-door settings row (cached per process for a few seconds)."""
    return cast(
        FrontDoorSettings,
        _configuration("settings", lambda: FrontDoorSettings.objects.get_or_create(pk=1)[0]),
    )


def settings_forget(**kwargs: Any) -> None:
    """Drop the cached configuration (connected to post_save of the settings, the contact
    types and the instruments)."""
    _configuration_cache.clear()


def contact_type_active(code: str) -> ContactType | None:
    """The active contact type with this code (cached per process for a few seconds)."""
    return cast(
        ContactType | None,
        _configuration(
            f"contact-type:{code}",
            lambda: ContactType.objects.filter(code=code, is_active=True).first(),
        ),
    )


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


# --- contacts: drafting -------------------------------------------------------------------------

CONTACT_FIELDS = frozenset(
    {
        "channel",
        "received_at",
        "source",
        "referrer_anonymous",
        "referrer_name",
        "referrer_role",
        "referrer_agency",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        "referrer_is_professional",
        "referrer_identity_protected",
        "contact_type",
        "account",
    }
)


@transaction.atomic
def contact_start(*, actor: Any, channel: str = "", idempotency_key: str | None = None) -> Contact:
    """Open a draft contact. A retried start with the same key returns the first draft."""
    _require(actor, "frontdoor.record_contact")
    if idempotency_key:
        existing = Contact.objects.filter(
            recorded_by=actor, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    contact = Contact.objects.create(
        reference=unique_reference(Contact, "C"),
        channel=channel,
        received_at=timezone.now(),
        recorded_by=actor,
        recording_agency_id=actor.agency_id,
        idempotency_key=idempotency_key or None,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="contact", object_id=contact.pk
    )
    return contact


def _require_editable(actor: Any, contact: Contact) -> None:
    _require(actor, "frontdoor.edit_contact", contact)


@transaction.atomic
def contact_save_draft(
    *, actor: Any, contact: Contact, section: str, raw: Mapping[str, Any]
) -> None:
    """Keep what was typed in one section, valid or not, so nothing is lost."""
    _require_editable(actor, contact)
    draft = dict(contact.draft)
    draft[section] = {k: v for k, v in raw.items() if k != "csrfmiddlewaretoken"}
    draft["_saved_at"] = timezone.now().isoformat()
    Contact.objects.filter(pk=contact.pk).update(draft=draft, updated_at=timezone.now())
    contact.draft = draft


@transaction.atomic
def contact_update(
    *, actor: Any, contact: Contact, changes: Mapping[str, Any], section: str = ""
) -> Contact:
    """Apply validated changes to a draft (or, for the account and answers, an open contact)."""
    _require_editable(actor, contact)
    unknown = set(changes) - CONTACT_FIELDS
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(contact, name, value)
    if "contact_type" in changes:
        contact_type: ContactType | None = changes["contact_type"]
        contact.protocol = list(contact_type.protocol) if contact_type else []
        keys = {q["key"] for q in contact.protocol}
        contact.answers = {k: v for k, v in contact.answers.items() if k in keys}
    if changes.get("referrer_anonymous"):
        for name in ("referrer_name", "referrer_phone", "referrer_email", "referrer_role"):
            setattr(contact, name, "")
    if section:
        draft = dict(contact.draft)
        draft.pop(section, None)
        contact.draft = draft
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"fields": sorted(changes)},
    )
    if not contact.is_draft and ("account" in changes or "contact_type" in changes):
        contact_screen(actor=actor, contact=contact)
    return contact


def protocol_problems(protocol: list[dict[str, Any]], answers: Mapping[str, Any]) -> dict[str, str]:
    """Required questions without an answer, and answers of the wrong shape, by question key."""
    problems: dict[str, str] = {}
    for question in protocol:
        key = question["key"]
        value = answers.get(key)
        empty = value is None or (isinstance(value, str) and not value.strip())
        if empty:
            if question.get("required"):
                problems[key] = f"Answer: {question['text']}"
            continue
        kind = question.get("kind", "text")
        if kind == "yes_no" and value not in ("yes", "no", "not_known"):
            problems[key] = f"Choose yes, no or not known: {question['text']}"
        elif kind == "date":
            try:
                date.fromisoformat(str(value))
            except ValueError:
                problems[key] = f"Enter a real date: {question['text']}"
    return problems


@transaction.atomic
def contact_set_answers(
    *, actor: Any, contact: Contact, answers: Mapping[str, Any]
) -> dict[str, str]:
    """Record the protocol's answers (all of them kept); returns the problems still open."""
    _require_editable(actor, contact)
    keys = {q["key"] for q in contact.protocol}
    contact.answers = {k: v for k, v in answers.items() if k in keys}
    draft = dict(contact.draft)
    draft.pop("questions", None)
    contact.draft = draft
    contact.save(update_fields=["answers", "draft", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"fields": ["answers"]},
    )
    _sync_protocol_indicators(actor=actor, contact=contact)
    if not contact.is_draft:
        contact_screen(actor=actor, contact=contact)
    return protocol_problems(contact.protocol, contact.answers)


def _age_on(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@transaction.atomic
def contact_add_person(
    *,
    actor: Any,
    contact: Contact,
    role: str,
    person: Person | None = None,
    name_as_given: str = "",
    description: str = "",
) -> ContactPerson:
    """Add someone to a contact. A child the contact is about must be in the person index
    (found or created through search-before-create); a person of concern may be known only
    by a nickname or a description."""
    _require_editable(actor, contact)
    role = ContactPersonRole(role)
    if person is None and role == ContactPersonRole.SUBJECT:
        raise ValidationError({"person": "Find the child in the person index, or add them"})
    if person is None and not (name_as_given.strip() or description.strip()):
        raise ValidationError({"name_as_given": "Enter a name, nickname or description"})
    if person is not None:
        person = Person.objects.current().get(pk=person.pk)
        existing = contact.people.filter(person=person, role=role).first()
        if existing is not None:
            return existing
    day = (contact.received_at or timezone.now()).date()
    entry = ContactPerson.objects.create(
        contact=contact,
        person=person,
        role=role,
        name_as_given=(name_as_given or (person.display_name if person else "")).strip()[:200],
        description=description.strip(),
        age_at_contact=_age_on(person.date_of_birth, day) if person else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"added_person": person.pk if person else None, "role": role.value},
    )
    if not contact.is_draft and person is not None and role == ContactPersonRole.SUBJECT:
        # A child linked after submission (e.g. from the public form) counts from now on.
        _alert_if_repeated(contact, person.pk)
        contact_screen(actor=actor, contact=contact)
    return entry


@transaction.atomic
def contact_remove_person(*, actor: Any, entry: ContactPerson) -> None:
    contact = entry.contact
    _require_editable(actor, contact)
    if (
        not contact.is_draft
        and entry.role == ContactPersonRole.SUBJECT
        and contact.people.filter(role=ContactPersonRole.SUBJECT).count() <= 1
    ):
        raise ValidationError({"person": "A contact must be about at least one child"})
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"removed_person": entry.person_id, "role": entry.role},
    )
    entry.delete()


# --- screening ----------------------------------------------------------------------------------


_DEFINITIONS: dict[int, Any] = {}


def instrument_definition(instrument: ScreeningInstrument) -> Any:
    """The parsed definition of an instrument version (parsed once: versions are immutable)."""
    from safehub.frontdoor.screening import instruments

    definition = _DEFINITIONS.get(instrument.pk)
    if definition is None or (definition.code, definition.version) != (
        instrument.code,
        instrument.version,
    ):
        definition = instruments.InstrumentDefinition.parse(instrument.definition)
        _DEFINITIONS[instrument.pk] = definition
    return definition


def active_instrument() -> ScreeningInstrument:
    """The latest version of the partnership's active instrument."""
    from safehub.frontdoor.configuration import instruments_sync

    code = settings_get().active_instrument_code
    instrument = _configuration(
        f"instrument:{code}",
        lambda: ScreeningInstrument.objects.filter(code=code).order_by("-version").first(),
    )
    if instrument is None:
        instruments_sync()
        instrument = ScreeningInstrument.objects.filter(code=code).order_by("-version").first()
    if instrument is None:
        raise ValueError(f"No screening instrument with code {code!r}")
    return instrument


def _linked_questions(protocol: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The yes/no protocol questions whose "yes" selects an indicator."""
    return [q for q in protocol if q.get("indicator") and q.get("kind") == "yes_no"]


def _sync_protocol_indicators(*, actor: Any, contact: Contact) -> None:
    """A "yes" to a protocol question linked to an indicator selects that indicator: the
    advisor asked the question and recorded the answer, so it needs no further confirmation.
    Changing the answer away from "yes" withdraws an indicator that only the answer gave."""
    now = timezone.now()
    linked = _linked_questions(contact.protocol)
    if not linked:
        return  # free-text answers are read by the text screening instead
    known = {p.code: p for p in contact.indicators.all()}
    for question in linked:
        code = question["indicator"]
        proposal = known.get(code)
        if contact.answers.get(question["key"]) != "yes":
            if proposal is not None and proposal.source == IndicatorSource.PROTOCOL:
                proposal.delete()
            continue
        if proposal is None:
            IndicatorProposal.objects.create(
                contact=contact,
                code=code,
                source=IndicatorSource.PROTOCOL,
                phrase=question["text"][:300],
                status=ProposalStatus.CONFIRMED,
                decided_by=actor if getattr(actor, "is_authenticated", False) else None,
                decided_at=now,
            )
        elif proposal.status == ProposalStatus.PROPOSED:
            proposal.status = ProposalStatus.CONFIRMED
            proposal.source = IndicatorSource.PROTOCOL
            proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
            proposal.decided_at = now
            proposal.save()


def _propose_from_text(contact: Contact) -> None:
    from safehub.frontdoor.screening.text import read_text

    text = contact.account or ""
    today = (contact.received_at or timezone.now()).date()
    proposals = read_text(text, today=today) if text.strip() else []
    seen: set[str] = set()
    known = {p.code: p for p in contact.indicators.all()} if proposals else {}
    for proposal in proposals:
        seen.add(proposal.code)
        existing = known.get(proposal.code)
        if existing is None:
            IndicatorProposal.objects.create(
                contact=contact,
                code=proposal.code,
                period=proposal.period,
                source=IndicatorSource.TEXT,
                phrase=proposal.phrase[:300],
                start=proposal.start,
                end=proposal.end,
            )
        elif existing.source == IndicatorSource.TEXT and existing.status == ProposalStatus.PROPOSED:
            existing.phrase = proposal.phrase[:300]
            existing.start, existing.end, existing.period = (
                proposal.start,
                proposal.end,
                proposal.period,
            )
            existing.save()
    # A proposal whose phrase is no longer in the text goes, unless someone decided on it.
    contact.indicators.filter(source=IndicatorSource.TEXT, status=ProposalStatus.PROPOSED).exclude(
        code__in=seen
    ).delete()


def _subjects(contact: Contact) -> list[ContactPerson]:
    return list(contact.people.filter(role=ContactPersonRole.SUBJECT).select_related("person"))


_LEARNING_DISABILITY = PreparedQuery(
    lambda person_id: PersonRecord.objects.filter(
        person_id=person_id, learning_disability_or_sen=True
    ).values_list("pk")[:1],
    person_id=-918_273_645,
)


def _learning_disability(person_ids: Iterable[int]) -> bool:
    """Whether any record of any of these persons says learning disability or SEN."""
    return any(_LEARNING_DISABILITY.first_value(person_id=pk) is not None for pk in person_ids)


def _score(
    *,
    actor: Any,
    instrument: ScreeningInstrument,
    answers: dict[str, str],
    age: int | None,
    learning_disability: bool,
    **about: Any,
) -> Screening:
    """Score answers with an instrument version and keep the result (for a contact or a
    missing episode, given as `contact=` or `missing_episode=`)."""
    screening = _screening_row(
        actor=actor,
        instrument=instrument,
        answers=answers,
        age=age,
        learning_disability=learning_disability,
        **about,
    )
    screening.save(force_insert=True)
    return screening


def _screening_row(
    *,
    actor: Any,
    instrument: ScreeningInstrument,
    answers: dict[str, str],
    age: int | None,
    learning_disability: bool,
    **about: Any,
) -> Screening:
    """The screening, unsaved: the answers the instrument knows, scored with its version."""
    from safehub.frontdoor.screening import instruments

    definition = instrument_definition(instrument)
    answers = {
        code: period for code, period in answers.items() if code in definition.indicator_codes()
    }
    result = instruments.screen(
        definition,
        answers,
        age=age,
        learning_disability=learning_disability,
    )
    return Screening(
        **about,
        instrument=instrument,
        answers=answers,
        age=age,
        learning_disability=learning_disability,
        score=result.score,
        computed_level=result.computed_level,
        level=result.level,
        level_label=result.level_label,
        threshold_level=result.threshold_level,
        rag=result.rag,
        overrides=list(result.overrides),
        breakdown=[list(b) for b in result.breakdown],
        screened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def contact_screen(
    *,
    actor: Any,
    contact: Contact,
    subjects: list[ContactPerson] | None = None,
    persist: bool = True,
) -> Screening:
    """Read the account for proposals, then score the confirmed indicators with the active
    instrument. One screening per contact covers all its children: the youngest child's age
    and any child's learning disability are used, so the result is the most protective."""
    _propose_from_text(contact)
    instrument = active_instrument()
    answers = {p.code: p.period for p in contact.indicators.filter(status=ProposalStatus.CONFIRMED)}
    if subjects is None:
        subjects = _subjects(contact)
    ages = [s.age_at_contact for s in subjects if s.age_at_contact is not None]
    age = min(ages) if ages else None
    disability = _learning_disability(s.person_id for s in subjects if s.person_id)
    screening = _score(
        actor=actor,
        instrument=instrument,
        answers=answers,
        age=age,
        learning_disability=disability,
        contact=contact,
    )
    cse = _is_cse_concern(contact, screening)
    changed = cse != contact.is_cse_concern
    contact.is_cse_concern = cse
    if not contact.is_draft:
        changed = _refresh_deadline(contact, screening, persist=False) or changed
    if changed and persist:
        contact.save(update_fields=["is_cse_concern", "decision_due_at", "updated_at"])
    if not contact.is_draft:
        _alert_if_complex(contact, screening)
    return screening


def _is_cse_concern(contact: Contact, screening: Screening | None) -> bool:
    """A CSE concern: a CSE contact type, a protocol answer that marks one, or a screening at
    the complex or acute threshold from CSE indicators."""
    if contact.contact_type_id and contact.contact_type and contact.contact_type.is_cse:
        return True
    for question in contact.protocol:
        if question.get("marks_cse_concern") and contact.answers.get(question["key"]) == "yes":
            return True
    return bool(screening is not None and screening.answers and screening.threshold_level >= 3)


def latest_screening(contact: Contact) -> Screening | None:
    return contact.screenings.order_by("-screened_at", "-id").first()


@transaction.atomic
def indicator_decide(
    *, actor: Any, proposal: IndicatorProposal, confirm: bool, period: str | None = None
) -> IndicatorProposal:
    """Confirm or reject a proposed indicator; the screening is recomputed."""
    contact = proposal.contact
    _require(actor, "frontdoor.screen_contact", contact)
    proposal.status = ProposalStatus.CONFIRMED if confirm else ProposalStatus.REJECTED
    if period in ("current", "6_to_12_months"):
        proposal.period = period
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"indicator": proposal.code, "confirmed": confirm},
    )
    contact_screen(actor=actor, contact=contact)
    return proposal


@transaction.atomic
def indicator_select(
    *, actor: Any, contact: Contact, code: str, period: str = "current"
) -> IndicatorProposal:
    """The advisor selects an indicator directly (confirmed at once)."""
    _require(actor, "frontdoor.screen_contact", contact)
    proposal, _ = IndicatorProposal.objects.get_or_create(
        contact=contact,
        code=code,
        defaults={"source": IndicatorSource.ADVISOR},
    )
    return indicator_decide(actor=actor, proposal=proposal, confirm=True, period=period)


# --- submitting ---------------------------------------------------------------------------------


def contact_problems(contact: Contact) -> dict[str, list[str]]:
    """What stops a draft being submitted, by section."""
    problems: dict[str, list[str]] = {}

    def add(section: str, message: str) -> None:
        problems.setdefault(section, []).append(message)

    if not contact.channel:
        add("how", "Select how the contact came in")
    if not contact.source:
        add("how", "Select where the contact came from (referral source)")
    if not contact.received_at:
        add("how", "Enter when the contact was received")
    if not contact.referrer_anonymous and not contact.referrer_name.strip():
        add("referrer", "Enter the referrer's name, or say the contact is anonymous")
    if not contact.people.filter(role=ContactPersonRole.SUBJECT).exists():
        add("people", "Add the child or children the contact is about")
    if contact.contact_type_id is None:
        add("type", "Select the type of contact")
    for message in protocol_problems(contact.protocol, contact.answers).values():
        add("questions", message)
    if not contact.account.strip():
        add("account", "Enter what was said: the account of the concern")
    for section in contact.draft:
        if not section.startswith("_") and section not in problems:
            add(section, "There are unsaved changes with errors in this section")
    return problems


def _open_cases(person_ids: Iterable[int]) -> QuerySet[Contact]:
    """The contacts that opened cases still open for these children, latest first."""
    return Contact.objects.filter(
        people__person_id__in=list(person_ids),
        people__role=ContactPersonRole.SUBJECT,
        kind=ContactKind.NEW_CONCERN,
        triage__outcome__in=OPEN_CASE_OUTCOMES,
        triage__case_closed_at__isnull=True,
    ).order_by("-received_at")


def open_case_contact_for(
    person_ids: Iterable[int], *, exclude: int | None = None
) -> Contact | None:
    """The contact that opened a case still open for any of these children, if one exists."""
    ids = list(person_ids)
    if not ids:
        return None
    qs = _open_cases(ids)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


_OPEN_CASE_OF = PreparedQuery(
    lambda person_id: _open_cases([person_id]).values_list("pk")[:1], person_id=-918_273_645
)


def _open_case_contact_id(person_ids: list[int]) -> int | None:
    """As `open_case_contact_for`, the id only (recording a contact in one step)."""
    if len(person_ids) == 1:
        return cast(int | None, _OPEN_CASE_OF.first_value(person_id=person_ids[0]))
    found = open_case_contact_for(person_ids)
    return found.pk if found else None


def _refresh_deadline(
    contact: Contact, screening: Screening | None = None, *, persist: bool = True
) -> bool:
    """Decision due: the RAG timescale in working hours (the decided RAG, else the screening's
    suggestion) and, for a referral, no later than the statutory one working day."""
    settings = settings_get()
    received = contact.received_at or timezone.now()
    rag = contact.rag
    if not rag:
        screening = screening or latest_screening(contact)
        rag = screening.rag if screening else Rag.GREEN
    due = add_working_hours(received, settings.decision_hours(rag))
    if contact.is_referral:
        due = min(due, add_working_days(received, settings.referral_decision_working_days))
    if due == contact.decision_due_at:
        return False
    contact.decision_due_at = due
    if persist:
        contact.save(update_fields=["decision_due_at", "updated_at"])
    return True


@transaction.atomic
def contact_submit(*, actor: Any, contact: Contact) -> Contact:
    """Validate the whole contact and put it in the front-door queue.

    A contact about a child with an open case becomes information on that case (not a new
    referral). Screening, the decision deadline and alerts follow."""
    _require_editable(actor, contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_draft:
        return contact
    return _submit(actor=actor, contact=contact)


def _submit(
    *,
    actor: Any,
    contact: Contact,
    subjects: list[ContactPerson] | None = None,
    audit: bool = True,
    validated: bool = False,
) -> Contact:
    if not validated:
        problems = contact_problems(contact)
        if problems:
            raise ValidationError(dict(problems))
    if subjects is None:
        subjects = _subjects(contact)
    subject_ids = [s.person_id for s in subjects if s.person_id]
    open_case = open_case_contact_for(subject_ids, exclude=contact.pk)
    if open_case is not None:
        contact.kind = ContactKind.INFORMATION_ON_OPEN_CASE
        contact.open_case_contact = open_case
    contact.status = ContactStatus.AWAITING_DECISION
    contact.submitted_at = timezone.now()
    contact.draft = {}
    if audit:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="contact",
            object_id=contact.pk,
            details={"submitted": True, "kind": contact.kind},
        )
    _sync_protocol_indicators(actor=actor, contact=contact)
    # Screening sets the CSE flag and the deadline on the instance; one save writes them all.
    contact_screen(actor=actor, contact=contact, subjects=subjects, persist=False)
    contact.save()
    _after_submit(contact, subjects)
    return contact


def _after_submit(
    contact: Contact, subjects: list[ContactPerson], *, new_contact: bool = False
) -> None:
    """Alerts a submitted contact raises. `new_contact`: it was created in this transaction
    (recorded in one step), so no alert can name it yet."""
    for subject in subjects:
        if subject.person_id:
            _alert_if_repeated(contact, subject.person_id, new_contact=new_contact)
    if (
        contact.contact_type_id
        and contact.contact_type
        and (contact.contact_type.code == "out-of-area-placement")
    ):
        _alert_out_of_area(contact, new_contact=new_contact)


# --- level and RAG ------------------------------------------------------------------------------


@transaction.atomic
def contact_decide_level(
    *, actor: Any, contact: Contact, level: int, rag: str, reason: str = ""
) -> Contact:
    """A person decides the threshold level and RAG. Departing from the screening's suggestion
    needs a reason, which is kept."""
    _require(actor, "frontdoor.screen_contact", contact)
    level = ThresholdLevel(int(level))
    rag = Rag(rag)
    screening = latest_screening(contact)
    suggested = (screening.threshold_level, screening.rag) if screening else None
    reason = reason.strip()
    if suggested is not None and (level, rag) != suggested and not reason:
        raise ValidationError(
            {
                "reason": (
                    "Give a reason for choosing a level or RAG different from the screening's "
                    f"suggestion (level {suggested[0]}, {suggested[1]})"
                )
            }
        )
    contact.level = level
    contact.rag = rag
    contact.level_override_reason = reason if suggested != (level, rag) else ""
    contact.level_decided_by = actor
    contact.level_decided_at = timezone.now()
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        reason=reason,
        details={
            "level": int(level),
            "rag": rag.value,
            "suggested": list(suggested) if suggested else None,
        },
    )
    if not contact.is_draft:
        _refresh_deadline(contact)
        _alert_if_complex(contact)
    return contact


# --- triage -------------------------------------------------------------------------------------


@transaction.atomic
def contact_triage(
    *,
    actor: Any,
    contact: Contact,
    outcome: str,
    reason: str,
    referred_to: str = "",
    feedback_to_referrer: str = "",
    referred_to_agency: Agency | None = None,
) -> TriageDecision:
    """The safeguarding social worker's decision. A referral to another service keeps the
    contact open until that service confirms it acted; a partner agency confirms it itself, in
    safehub, through the action it is given (safehub.actions)."""
    _require(actor, "frontdoor.triage_contact", contact)
    outcome = TriageOutcome(outcome)
    errors: dict[str, str] = {}
    if outcome != TriageOutcome.REFER_ON:
        referred_to_agency = None
    elif referred_to_agency is not None and not referred_to.strip():
        referred_to = referred_to_agency.name
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision"
    if outcome == TriageOutcome.REFER_ON and not referred_to.strip():
        errors["referred_to"] = "Name the agency or service the child is referred to"
    if contact.is_draft:
        errors["outcome"] = "The contact has not been submitted yet"
    elif hasattr(contact, "triage"):
        errors["outcome"] = "A decision has already been recorded for this contact"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    decision = TriageDecision.objects.create(
        contact=contact,
        outcome=outcome,
        referred_to=referred_to.strip(),
        referred_to_agency=referred_to_agency,
        reason=reason.strip(),
        decided_by=actor,
        decided_at=now,
        feedback_to_referrer=feedback_to_referrer.strip(),
    )
    contact.status = (
        ContactStatus.AWAITING_CONFIRMATION
        if outcome == TriageOutcome.REFER_ON
        else ContactStatus.CLOSED
    )
    contact.closed_at = now if contact.status == ContactStatus.CLOSED else None
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        reason=reason.strip(),
        details={"triage": outcome.value, "referred_to": referred_to.strip()},
    )
    if feedback_to_referrer.strip():
        _send_referrer_feedback(actor=actor, contact=contact, decision=decision)
    from safehub.frontdoor import hooks

    hooks.triage_decided(actor=actor, decision=decision)
    return decision


def _send_referrer_feedback(*, actor: Any, contact: Contact, decision: TriageDecision) -> None:
    """Feedback is always recorded; it is e-mailed to professional referrers who gave an
    address (members of the public are told by phone or letter, as the advisor judges)."""
    if not (contact.referrer_is_professional and contact.referrer_email):
        return
    from safehub.notifications.tasks import send_email

    decision.feedback_sent_at = timezone.now()
    decision.save(update_fields=["feedback_sent_at", "updated_at"])
    body = (
        f"Thank you for your contact ({contact.reference}) with the front door.\n\n"
        f"{decision.feedback_to_referrer}\n\n"
        "Please quote the reference if you get in touch about it.\n"
    )
    recipient = contact.referrer_email
    subject = f"Your contact {contact.reference}: what happens next"
    transaction.on_commit(lambda: send_email.enqueue(to=[recipient], subject=subject, body=body))
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        object_type="contact",
        object_id=contact.pk,
        details={"feedback_emailed_to": "referrer"},
    )


@transaction.atomic
def referral_confirm(*, actor: Any, decision: TriageDecision, note: str) -> TriageDecision:
    """The receiving service has confirmed it acted: the contact closes."""
    contact = decision.contact
    _require(actor, "frontdoor.triage_contact", contact)
    if decision.outcome != TriageOutcome.REFER_ON:
        raise ValidationError({"note": "Only referrals to another service need confirming"})
    if decision.referred_to_agency_id is not None:
        raise ValidationError(
            {"note": "The partner agency confirms this referral itself, through its action"}
        )
    if not note.strip():
        raise ValidationError({"note": "Say who confirmed it and what they did"})
    now = timezone.now()
    decision.referral_confirmed_at = now
    decision.referral_confirmed_by = actor
    decision.referral_confirmation_note = note.strip()
    decision.save()
    contact.status = ContactStatus.CLOSED
    contact.closed_at = now
    contact.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="contact",
        object_id=contact.pk,
        details={"referral_confirmed": True},
    )
    return decision


# --- alerts -------------------------------------------------------------------------------------


def _role_users(role: Role) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role=role).distinct().order_by("id")
    )


def alert_raise(
    *,
    kind: str,
    message: str,
    dedupe_key: str,
    contact: Contact | None = None,
    person_id: int | None = None,
    missing_episode: MissingEpisode | None = None,
    for_role: Role | None = None,
    new_key: bool = False,
) -> Alert:
    """Raise an alert once (same key, same alert) and notify every holder of its role in
    safehub and by e-mail (sent by the worker after commit, so within a minute).
    `new_key`: the key names a record created in this transaction, so no alert can have it
    yet (the checks for an existing alert are skipped; the unique key still guards)."""
    role = for_role or ALERT_ROLES[kind]
    settings = settings_get()
    alert = Alert(
        kind=kind,
        for_role=role.value,
        message=message,
        contact=contact,
        person_id=person_id,
        missing_episode=missing_episode,
        dedupe_key=dedupe_key,
        acknowledge_by=timezone.now() + timedelta(minutes=settings.alert_acknowledge_minutes),
    )
    if new_key:
        alert.save(force_insert=True)
    else:
        existing = Alert.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                alert.save(force_insert=True)
        except IntegrityError:
            return Alert.objects.get(dedupe_key=dedupe_key)
    _notify_role(alert, role)
    return alert


def _notify_role(alert: Alert, role: Role, *, escalated: bool = False) -> None:
    """Tell every holder of the role, from the worker after commit (see tasks.notify_alert)."""
    from safehub.frontdoor.tasks import notify_alert

    alert_id, role_code = alert.pk, Role(role).value
    transaction.on_commit(
        lambda: notify_alert.enqueue(alert_id=alert_id, role=role_code, escalated=escalated)
    )


def notify_role_now(*, alert_id: int, role: str, escalated: bool = False) -> int:
    """Notify each active holder of `role` about an alert (in safehub and by e-mail), once:
    a retried task finds the notifications it already sent by their dedupe key."""
    from safehub.notifications.services import notification_send

    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return 0
    title = ("Escalated: " if escalated else "") + alert.get_kind_display()
    link = reverse("frontdoor:alert", args=[alert.pk])
    users = _role_users(Role(role))
    for user in users:
        notification_send(
            recipient=user,
            title=title,
            body="An alert needs acknowledging. Details are in safehub.",
            link=link,
            dedupe_key=f"alert-{alert.pk}-{'esc' if escalated else 'new'}",
        )
    return len(users)


def _alert_if_complex(
    contact: Contact, screening: Screening | None = None, *, new_contact: bool = False
) -> None:
    screening = screening or latest_screening(contact)
    level = contact.level or (screening.threshold_level if screening else None)
    if level is not None and level >= ThresholdLevel.COMPLEX:
        alert_raise(
            kind=AlertKind.COMPLEX_OR_ACUTE,
            message=(
                f"Contact {contact.reference} is at level {level} "
                f"({ThresholdLevel(level).label.split(': ')[1]})."
            ),
            dedupe_key=f"complex-{contact.pk}",
            contact=contact,
            new_key=new_contact,
        )


_CONTACTS_ABOUT_SINCE = PreparedQuery(
    lambda person_id, since: (
        ContactPerson.objects.filter(
            person_id=person_id,
            role=ContactPersonRole.SUBJECT,
            contact__received_at__gte=since,
        )
        .exclude(contact__status=ContactStatus.DRAFT)
        .order_by()
        .values("person_id")
        .annotate(contacts=Count("contact_id", distinct=True))
        .values_list("contacts")
    ),
    person_id=-918_273_645,
    since=datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC),
)


def _alert_if_repeated(contact: Contact, person_id: int, *, new_contact: bool = False) -> None:
    """Three contacts (configurable) about one child in a rolling window. Counting by person
    in the index means spelling variants, once linked, count as the same child."""
    settings = settings_get()
    since = (contact.received_at or timezone.now()) - timedelta(
        days=settings.repeat_contacts_window_days
    )
    contacts = _CONTACTS_ABOUT_SINCE.first_value(person_id=person_id, since=since) or 0
    if contacts >= settings.repeat_contacts_count:
        alert_raise(
            kind=AlertKind.REPEAT_CONTACTS,
            message=(
                f"{contacts} contacts about the same child in the last "
                f"{settings.repeat_contacts_window_days} days (latest {contact.reference})."
            ),
            dedupe_key=f"repeat-{person_id}-{contact.pk}",
            contact=contact,
            person_id=person_id,
            new_key=new_contact,
        )


def _alert_out_of_area(contact: Contact, *, new_contact: bool = False) -> None:
    alert_raise(
        kind=AlertKind.OUT_OF_AREA_PLACEMENT,
        message=(
            f"Out-of-area placement notified in contact {contact.reference}: "
            "for the police CSE team's information."
        ),
        dedupe_key=f"ooa-police-{contact.pk}",
        contact=contact,
        for_role=Role.POLICE_OFFICER,
        new_key=new_contact,
    )
    alert_raise(
        kind=AlertKind.OUT_OF_AREA_PLACEMENT,
        message=(
            f"Out-of-area placement notified in contact {contact.reference}: "
            "offer the CSE team's service to the child and the placing authority."
        ),
        dedupe_key=f"ooa-cse-{contact.pk}",
        contact=contact,
        for_role=Role.CSE_PRACTITIONER,
        new_key=new_contact,
    )


@transaction.atomic
def alert_acknowledge(*, actor: Any, alert: Alert, note: str) -> Alert:
    _require(actor, "frontdoor.acknowledge_alert", alert)
    if not note.strip():
        raise ValidationError({"note": "Say what you have done or will do about the alert"})
    if alert.acknowledged_at is not None:
        raise ValidationError({"note": "This alert has already been acknowledged"})
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.acknowledgement_note = note.strip()
    alert.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="alert",
        object_id=alert.pk,
        details={"acknowledged": True},
    )
    return alert


@transaction.atomic
def alerts_escalate_overdue(*, now: datetime | None = None) -> int:
    """Alerts nobody acknowledged in time go to the team managers (once)."""
    now = now or timezone.now()
    overdue = list(
        Alert.objects.select_for_update()
        .unacknowledged()
        .filter(acknowledge_by__lt=now, escalated_at__isnull=True)
    )
    for alert in overdue:
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at", "updated_at"])
        audit_record(
            actor=None,
            actor_email="system",
            action=AuditAction.UPDATE,
            object_type="alert",
            object_id=alert.pk,
            details={"escalated_to": ESCALATION_ROLE.value},
        )
        _notify_role(alert, ESCALATION_ROLE, escalated=True)
    return len(overdue)


@transaction.atomic
def return_interviews_chase(*, now: datetime | None = None) -> int:
    """Return-home interviews past their due time raise an alert (once each)."""
    now = now or timezone.now()
    overdue = ReturnHomeInterview.objects.filter(
        status__in=[ReturnInterviewStatus.DUE, ReturnInterviewStatus.OFFERED], due_at__lt=now
    ).select_related("episode")
    raised = 0
    for interview in overdue:
        if Alert.objects.filter(dedupe_key=f"rhi-overdue-{interview.pk}").exists():
            continue
        alert_raise(
            kind=AlertKind.RETURN_INTERVIEW_DUE,
            message=(
                f"The return-home interview for missing episode {interview.episode.reference} "
                "is overdue."
            ),
            dedupe_key=f"rhi-overdue-{interview.pk}",
            missing_episode=interview.episode,
            person_id=interview.episode.person_id,
        )
        raised += 1
    return raised


def repeat_contacts_after_merges(*, since: datetime | None = None) -> int:
    """Merges can bring contacts about one child together after the fact (linkage, review
    queue): recount for the survivors of recent merges, so three contacts still alert."""
    from safehub.people.models import PersonMerge

    since = since or timezone.now() - timedelta(hours=1)
    survivors = set(
        PersonMerge.objects.filter(created_at__gte=since, unmerged_at__isnull=True).values_list(
            "survivor_id", flat=True
        )
    )
    raised = 0
    for person_id in survivors:
        latest = (
            Contact.objects.submitted()
            .filter(people__person_id=person_id, people__role=ContactPersonRole.SUBJECT)
            .order_by("-received_at", "-id")
            .first()
        )
        if latest is None:
            continue
        before = Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS).count()
        with transaction.atomic():
            _alert_if_repeated(latest, person_id)
        raised += Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS).count() - before
    return raised


# --- missing episodes ---------------------------------------------------------------------------


@dataclass
class MissingInput:
    """`person_id` (someone who can search the index found the child) or `child` (the child's
    details, matched by safehub without showing the reporter the index)."""

    person_id: int | None = None
    child: RecordInput | None = None
    source: str = ""
    kind: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    school_days_missed: int | None = None
    found_where: str = ""
    found_with: str = ""
    circumstances: str = ""
    police_reference: str = ""


def _missing_problems(data: MissingInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if data.source not in MissingSource.values:
        problems["source"] = "Select who is reporting: police or school"
    if data.kind not in MissingKind.values:
        problems["kind"] = "Select missing (whereabouts unknown) or away (whereabouts known)"
    if data.started_at is None:
        problems["started_at"] = "Give when the child went missing"
    elif timezone.is_naive(data.started_at):
        problems["started_at"] = "Give the time with its time zone"
    elif data.started_at > timezone.now() + timedelta(minutes=5):
        problems["started_at"] = "The start cannot be in the future"
    if data.ended_at is not None and data.started_at and data.ended_at < data.started_at:
        problems["ended_at"] = "The end must be after the start"
    if data.person_id is None and data.child is None:
        problems["person_id"] = "Give the child's person-index reference or the child's details"
    elif data.person_id is not None and data.child is not None:
        problems["child"] = "Give the child's person-index reference or details, not both"
    elif data.child is not None:
        try:
            validate_record(data.child)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems[f"child.{name}"] = " ".join(messages)
    if data.source == MissingSource.SCHOOL:
        days = data.school_days_missed
        minimum = settings_get().missing_education_school_days
        if days is None or days < minimum:
            problems["school_days_missed"] = (
                f"A school reports a child missing education after {minimum} school days"
            )
    return problems


@transaction.atomic
def missing_episode_record(
    *, actor: Any, data: MissingInput, idempotency_key: str | None = None
) -> MissingEpisode:
    """Record a missing episode (a police report, or a school's child missing education).

    Every episode raises an alert and is screened for links to CSE; a third episode within
    30 days (configurable) asks for a strategy meeting; a child who has come back is due a
    return-home interview within 72 hours (configurable)."""
    _require(actor, "frontdoor.report_missing")
    if idempotency_key:
        existing = MissingEpisode.objects.filter(
            reported_by=actor, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return existing
    problems = _missing_problems(data)
    person = None
    if data.person_id is not None:
        person = Person.objects.current().filter(pk=data.person_id).first()
        if person is None:
            problems["person_id"] = "No such person in the index"
    if problems:
        raise ValidationError(problems)
    if person is None:
        assert data.child is not None
        person = person_from_report(actor=actor, data=data.child)
    assert data.started_at is not None
    episode = MissingEpisode.objects.create(
        reference=unique_reference(MissingEpisode, "M"),
        person=person,
        source=data.source,
        kind=data.kind,
        started_at=data.started_at,
        ended_at=data.ended_at,
        school_days_missed=data.school_days_missed,
        found_where=data.found_where.strip(),
        found_with=data.found_with.strip(),
        circumstances=data.circumstances.strip(),
        police_reference=data.police_reference.strip(),
        reported_by=actor,
        reporting_agency_id=actor.agency_id,
        idempotency_key=idempotency_key or None,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, object_type="missing_episode", object_id=episode.pk
    )
    _after_missing(actor=actor, episode=episode)
    return episode


def _screen_episode(actor: Any, episode: MissingEpisode) -> Screening:
    """Screen an episode for CSE links: the episode itself is MISSING (or EDUCATION for a
    school's report), plus whatever the circumstances and the child's account assert."""
    from safehub.frontdoor.screening.text import read_text

    instrument = active_instrument()
    answers: dict[str, str] = {}
    answers["MISSING" if episode.source == MissingSource.POLICE else "EDUCATION"] = "current"
    text = "\n".join(
        t
        for t in (
            episode.circumstances,
            episode.found_where,
            getattr(getattr(episode, "return_interview", None), "child_said", ""),
        )
        if t
    )
    if text.strip():
        for proposal in read_text(text, today=episode.started_at.date()):
            answers.setdefault(proposal.code, proposal.period)
    age = _age_on(episode.person.date_of_birth, episode.started_at.date())
    disability = _learning_disability([episode.person_id])
    return _score(
        actor=actor,
        instrument=instrument,
        answers=answers,
        age=age,
        learning_disability=disability,
        missing_episode=episode,
    )


def _after_missing(*, actor: Any, episode: MissingEpisode) -> None:
    settings = settings_get()
    screening = _screen_episode(actor, episode)
    alert_raise(
        kind=AlertKind.MISSING_EPISODE,
        message=(
            f"Missing episode {episode.reference} ({episode.get_source_display()}): "
            f"screened {screening.level_label}."
        ),
        dedupe_key=f"missing-{episode.pk}",
        missing_episode=episode,
        person_id=episode.person_id,
    )
    since = episode.started_at - timedelta(days=settings.missing_strategy_window_days)
    recent = MissingEpisode.objects.filter(
        person_id=episode.person_id,
        source=MissingSource.POLICE,
        started_at__gte=since,
        started_at__lte=episode.started_at,
    ).count()
    if episode.source == MissingSource.POLICE and recent >= settings.missing_strategy_episodes:
        alert_raise(
            kind=AlertKind.MISSING_STRATEGY,
            message=(
                f"{recent} missing episodes in {settings.missing_strategy_window_days} days "
                f"(latest {episode.reference}): a strategy meeting is needed."
            ),
            dedupe_key=f"missing-strategy-{episode.pk}",
            missing_episode=episode,
            person_id=episode.person_id,
        )
    if episode.ended_at is not None:
        _return_interview_due(episode)


def _return_interview_due(episode: MissingEpisode) -> ReturnHomeInterview:
    assert episode.ended_at is not None
    hours = settings_get().return_interview_hours
    interview, _ = ReturnHomeInterview.objects.get_or_create(
        episode=episode, defaults={"due_at": episode.ended_at + timedelta(hours=hours)}
    )
    return interview


@transaction.atomic
def missing_episode_returned(
    *,
    actor: Any,
    episode: MissingEpisode,
    ended_at: datetime,
    found_where: str = "",
    found_with: str = "",
) -> ReturnHomeInterview:
    """The child has come back: the return-home interview falls due."""
    _require(actor, "frontdoor.report_missing")
    if ended_at < episode.started_at:
        raise ValidationError({"ended_at": "The end must be after the start"})
    episode.ended_at = ended_at
    if found_where.strip():
        episode.found_where = found_where.strip()
    if found_with.strip():
        episode.found_with = found_with.strip()
    episode.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="missing_episode",
        object_id=episode.pk,
        details={"returned": True},
    )
    return _return_interview_due(episode)


@transaction.atomic
def return_interview_update(
    *,
    actor: Any,
    interview: ReturnHomeInterview,
    status: str,
    child_said: str = "",
    happened_at: datetime | None = None,
) -> ReturnHomeInterview:
    """Record an interview offered, declined or completed. What the child said is screened
    with the episode."""
    _require(actor, "frontdoor.record_return_interview")
    status = ReturnInterviewStatus(status)
    when = happened_at or timezone.now()
    if status == ReturnInterviewStatus.COMPLETED and not child_said.strip():
        raise ValidationError({"child_said": "Record what the child said"})
    if status in (ReturnInterviewStatus.OFFERED, ReturnInterviewStatus.COMPLETED):
        interview.offered_at = interview.offered_at or when
    if status == ReturnInterviewStatus.DECLINED:
        interview.offered_at = interview.offered_at or when
        interview.accepted = False
    if status == ReturnInterviewStatus.COMPLETED:
        interview.accepted = True
        interview.completed_at = when
        interview.completed_by = actor
        interview.child_said = child_said.strip()
    interview.status = status
    interview.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="return_interview",
        object_id=interview.pk,
        details={"status": status.value},
    )
    if status == ReturnInterviewStatus.COMPLETED:
        _screen_episode(actor, interview.episode)
    return interview


# --- recording a whole contact at once (API, public form) ---------------------------------------


@dataclass
class PersonOnContact:
    role: str
    person_id: int | None = None
    name_as_given: str = ""
    description: str = ""


@dataclass
class ContactInput:
    channel: str
    source: str
    contact_type: str
    account: str
    people: list[PersonOnContact]
    received_at: datetime | None = None
    referrer_anonymous: bool = False
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    referrer_is_professional: bool = False
    referrer_identity_protected: bool = False
    answers: dict[str, Any] = field(default_factory=dict)


def _input_problems(
    data: ContactInput,
) -> tuple[dict[str, str], ContactType | None, dict[int, Person]]:
    problems: dict[str, str] = {}
    if data.channel not in Channel.values:
        problems["channel"] = f"Must be one of: {', '.join(Channel.values)}"
    if data.source not in ReferralSource.values:
        problems["source"] = "Must be a DfE CIN census referral source code (1A ... 10)"
    contact_type = contact_type_active(data.contact_type)
    if contact_type is None:
        problems["contact_type"] = "No such contact type"
    else:
        for key, message in protocol_problems(contact_type.protocol, data.answers).items():
            problems[f"answers.{key}"] = message
        unknown = set(data.answers) - {q["key"] for q in contact_type.protocol}
        for key in sorted(unknown):
            problems[f"answers.{key}"] = "Not a question of this contact type's protocol"
    if not data.account.strip():
        problems["account"] = "Enter the account of the concern"
    if not data.referrer_anonymous and not data.referrer_name.strip():
        problems["referrer_name"] = "Enter the referrer's name, or mark the contact anonymous"
    if data.received_at is not None and timezone.is_naive(data.received_at):
        problems["received_at"] = "Give the time with its time zone"
    persons = Person.objects.current().in_bulk(
        {e.person_id for e in data.people if e.person_id is not None}
    )
    subjects = 0
    for index, entry in enumerate(data.people):
        if entry.role not in ContactPersonRole.values:
            problems[f"people.{index}.role"] = "Not a known role"
            continue
        if entry.role == ContactPersonRole.SUBJECT:
            subjects += 1
            if entry.person_id is None:
                problems[f"people.{index}.person_id"] = (
                    "A child the contact is about must be found or created in the person index"
                )
        if entry.person_id is not None and entry.person_id not in persons:
            problems[f"people.{index}.person_id"] = "No such person in the index"
        if entry.person_id is None and not (entry.name_as_given.strip() or entry.description):
            problems[f"people.{index}.name_as_given"] = "Enter a name, nickname or description"
    if subjects == 0:
        problems["people"] = "Add at least one child the contact is about"
    return problems, contact_type, persons


_CONTACT_BY_KEY = PreparedQuery(
    lambda user_id, key: (
        Contact.objects.filter(recorded_by_id=user_id, idempotency_key=key)
        .order_by()
        .values_list("pk")[:1]
    ),
    user_id=-918_273_645,
    key="example-key-4b0d",
)


def _contact_by_key(actor: Any, idempotency_key: str) -> Contact | None:
    pk = _CONTACT_BY_KEY.first_value(user_id=actor.pk, key=idempotency_key)
    return None if pk is None else Contact.objects.get(pk=pk)


def _new_contact_indicators(
    *, actor: Any, contact: Contact, now: datetime
) -> list[IndicatorProposal]:
    """The indicators of a contact recorded in one step, unsaved: those its protocol answers
    select (confirmed, as `_sync_protocol_indicators` does) and those read from its account
    (proposed, as `_propose_from_text` does) for codes the answers did not already give."""
    from safehub.frontdoor.screening.text import read_text

    decided_by = actor if getattr(actor, "is_authenticated", False) else None
    indicators: dict[str, IndicatorProposal] = {}
    for question in _linked_questions(contact.protocol):
        if contact.answers.get(question["key"]) == "yes":
            indicators.setdefault(
                question["indicator"],
                IndicatorProposal(
                    code=question["indicator"],
                    source=IndicatorSource.PROTOCOL,
                    phrase=question["text"][:300],
                    status=ProposalStatus.CONFIRMED,
                    decided_by=decided_by,
                    decided_at=now,
                ),
            )
    text = contact.account or ""
    if text.strip():
        today = (contact.received_at or now).date()
        for proposal in read_text(text, today=today):
            indicators.setdefault(
                proposal.code,
                IndicatorProposal(
                    code=proposal.code,
                    period=proposal.period,
                    source=IndicatorSource.TEXT,
                    phrase=proposal.phrase[:300],
                    start=proposal.start,
                    end=proposal.end,
                ),
            )
    return list(indicators.values())


def contact_record(
    *, actor: Any, data: ContactInput, idempotency_key: str | None = None
) -> tuple[Contact, bool]:
    """Record and submit a whole contact in one step (partner API). Returns (contact, created).
    A retried request with the same idempotency key returns the first contact.

    What only reads or computes (validation, reading the account, the screening, the open-case
    check, the deadline) is done first; the write transaction then holds just the inserts and
    the alert checks that must see them. On SQLite that transaction holds the database's only
    write lock, so its length bounds how many contacts a second the front door can take."""
    _require(actor, "frontdoor.record_contact")
    if idempotency_key:
        existing = _contact_by_key(actor, idempotency_key)
        if existing is not None:
            return existing, False
    problems, contact_type, persons = _input_problems(data)
    if problems or contact_type is None:
        raise ValidationError(problems)
    now = timezone.now()
    contact = Contact(
        reference=unique_reference(Contact, "C"),
        status=ContactStatus.AWAITING_DECISION,
        submitted_at=now,
        channel=data.channel,
        source=data.source,
        received_at=data.received_at or now,
        referrer_anonymous=data.referrer_anonymous,
        referrer_name="" if data.referrer_anonymous else data.referrer_name.strip(),
        referrer_role="" if data.referrer_anonymous else data.referrer_role.strip(),
        referrer_organisation=data.referrer_organisation.strip(),
        referrer_phone="" if data.referrer_anonymous else data.referrer_phone.strip(),
        referrer_email="" if data.referrer_anonymous else data.referrer_email.strip(),
        referrer_is_professional=data.referrer_is_professional,
        referrer_identity_protected=data.referrer_identity_protected,
        contact_type=contact_type,
        protocol=list(contact_type.protocol),
        answers=dict(data.answers),
        account=data.account.strip(),
        recorded_by=actor,
        recording_agency_id=actor.agency_id,
        idempotency_key=idempotency_key or None,
    )
    day = (data.received_at or now).date()
    entries: list[ContactPerson] = []
    added: set[tuple[int, str]] = set()
    for entry in data.people:
        person = persons.get(entry.person_id) if entry.person_id else None
        if person is not None:
            if (person.pk, entry.role) in added:
                continue
            added.add((person.pk, entry.role))
        entries.append(
            ContactPerson(
                person=person,
                role=entry.role,
                name_as_given=(
                    entry.name_as_given or (person.display_name if person else "")
                ).strip()[:200],
                description=entry.description.strip(),
                age_at_contact=_age_on(person.date_of_birth, day) if person else None,
            )
        )
    subjects = [e for e in entries if e.role == ContactPersonRole.SUBJECT]
    subject_ids = [s.person_id for s in subjects if s.person_id]
    open_case_id = _open_case_contact_id(subject_ids)
    if open_case_id is not None:
        contact.kind = ContactKind.INFORMATION_ON_OPEN_CASE
        contact.open_case_contact_id = open_case_id
    indicators = _new_contact_indicators(actor=actor, contact=contact, now=now)
    screening = _screening_row(
        actor=actor,
        instrument=active_instrument(),
        answers={p.code: p.period for p in indicators if p.status == ProposalStatus.CONFIRMED},
        age=min((s.age_at_contact for s in subjects if s.age_at_contact is not None), default=None),
        learning_disability=_learning_disability(subject_ids),
    )
    contact.is_cse_concern = _is_cse_concern(contact, screening)
    _refresh_deadline(contact, screening, persist=False)
    try:
        with transaction.atomic():
            contact.save(force_insert=True)
            for person_row in entries:
                person_row.contact = contact
            for indicator in indicators:
                indicator.contact = contact
            ContactPerson.objects.bulk_create(entries)
            IndicatorProposal.objects.bulk_create(indicators)
            screening.contact = contact
            screening.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="contact",
                object_id=contact.pk,
                details={
                    "submitted": True,
                    "kind": contact.kind,
                    "people": [[e.person_id, e.role] for e in entries],
                },
            )
            _alert_if_complex(contact, screening, new_contact=True)
            _after_submit(contact, subjects, new_contact=True)
    except IntegrityError:
        # Two attempts with the same key raced past the check above: the first one won.
        existing = _contact_by_key(actor, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    return contact, True


@dataclass
class PublicConcern:
    who: str
    about: str
    concern: str
    child_name: str = ""
    child_age: str = ""
    child_where: str = ""
    anonymous: bool = False
    your_name: str = ""
    your_phone: str = ""
    your_email: str = ""


PUBLIC_SOURCES = {
    "parent": ReferralSource.INDIVIDUAL_FAMILY,
    "relative": ReferralSource.INDIVIDUAL_FAMILY,
    "young_person": ReferralSource.INDIVIDUAL_SELF,
    "friend": ReferralSource.INDIVIDUAL_ACQUAINTANCE,
    "neighbour": ReferralSource.INDIVIDUAL_ACQUAINTANCE,
    "other": ReferralSource.INDIVIDUAL_OTHER,
}


@transaction.atomic
def public_contact_submit(*, data: PublicConcern, submission_key: str = "") -> Contact:
    """A concern from the public online form: straight into the front-door queue.

    Nothing is looked up in the person index here, so the form can never reveal whether a
    child is known; an advisor links the child to the index when screening the contact. A
    resubmitted form (same submission key) returns the first contact."""
    if submission_key:
        existing = Contact.objects.filter(
            recorded_by__isnull=True, idempotency_key=submission_key
        ).first()
        if existing is not None:
            return existing
    exploitation = data.about == "exploitation"
    contact_type = ContactType.objects.get(
        code="exploitation-information" if exploitation else "public-concern"
    )
    anonymous = data.anonymous
    contact = Contact.objects.create(
        reference=unique_reference(Contact, "C"),
        status=ContactStatus.AWAITING_DECISION,
        channel=Channel.ANONYMOUS if anonymous else Channel.PUBLIC_FORM,
        source=ReferralSource.ANONYMOUS if anonymous else PUBLIC_SOURCES.get(data.who, "1D"),
        received_at=timezone.now(),
        submitted_at=timezone.now(),
        referrer_anonymous=anonymous,
        referrer_name="" if anonymous else data.your_name.strip()[:200],
        referrer_role={
            "parent": "Parent or carer",
            "young_person": "The young person",
            "friend": "Friend",
            "relative": "Relative",
            "neighbour": "Neighbour or acquaintance",
            "other": "Member of the public",
        }.get(data.who, "Member of the public"),
        referrer_phone="" if anonymous else data.your_phone.strip()[:50],
        referrer_email="" if anonymous else data.your_email.strip(),
        contact_type=contact_type,
        protocol=list(contact_type.protocol),
        answers={},
        account=data.concern.strip(),
        idempotency_key=submission_key or None,
    )
    if data.child_name.strip() or data.child_age.strip() or data.child_where.strip():
        ContactPerson.objects.create(
            contact=contact,
            role=ContactPersonRole.SUBJECT,
            name_as_given=data.child_name.strip()[:200] or "Name not given",
            description="; ".join(
                p
                for p in (
                    f"Age or date of birth: {data.child_age.strip()}" if data.child_age else "",
                    f"Lives or at school: {data.child_where.strip()}" if data.child_where else "",
                )
                if p
            ),
        )
    audit_record(
        actor=None,
        actor_email="public online form",
        action=AuditAction.CREATE,
        object_type="contact",
        object_id=contact.pk,
        details={"channel": contact.channel},
    )
    contact_screen(actor=None, contact=contact)
    return contact
