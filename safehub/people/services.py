"""Writes to the person index: create (after search), add a record, merge, unmerge, link
review, relationships. Each checks permission, validates, saves and audits in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safehub.accounts.models import Agency
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.people import references
from safehub.people.matching import canonical_given, family_phonetics
from safehub.people.models import (
    CandidatePassOver,
    DobCertainty,
    IdentifierKind,
    LinkCandidate,
    LinkDecision,
    MergeStatus,
    NameKind,
    Person,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    PersonRecord,
    PersonRole,
    Relationship,
    RelationshipKind,
    Sex,
)
from safehub.people.normalise import (
    InvalidValue,
    name_key,
    normalise_email,
    normalise_phone,
    normalise_postcode,
    parse_date_of_birth,
    validate_nhs_number,
    validate_upn,
)

# Fields a user may insist on keeping although they fail validation (marked unverified).
INSISTABLE = {"postcode", "phone", "nhs_number", "upn"}


@dataclass
class AliasInput:
    kind: str
    given_name: str = ""
    family_name: str = ""


@dataclass
class RecordInput:
    """One agency's statement about a person, as typed (strings) — validated by the service."""

    role: str = PersonRole.CHILD
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    dob_certainty: str = ""
    sex: str = Sex.UNKNOWN
    gender_identity: str = ""
    ethnicity: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    nhs_number: str = ""
    upn: str = ""
    police_id: str = ""
    social_care_id: str = ""
    school_id: int | None = None
    looked_after: bool = False
    care_leaver: bool = False
    learning_disability_or_sen: bool = False
    aliases: list[AliasInput] = field(default_factory=list)
    source_reference: str = ""
    submission_key: str = ""


@dataclass
class CleanRecord:
    fields: dict[str, Any]
    identifiers: list[tuple[str, str, bool]]
    aliases: list[AliasInput]
    unverified: list[str]


def validate_record(
    data: RecordInput, *, insist: set[str] | frozenset[str] = frozenset()
) -> CleanRecord:
    """Validate and normalise. Raises ValidationError naming each bad field; a field in
    `insist` (one of INSISTABLE) is kept as typed and marked unverified instead."""
    errors: dict[str, str] = {}
    unverified: list[str] = []
    cleaned: dict[str, Any] = {}

    if data.role not in PersonRole.values:
        errors["role"] = "Select the person's role"
    cleaned["role"] = data.role
    cleaned["given_name"] = data.given_name.strip()[:100]
    cleaned["family_name"] = data.family_name.strip()[:100]
    aliases = [a for a in data.aliases if a.given_name.strip() or a.family_name.strip()]
    for alias in aliases:
        if alias.kind not in NameKind.values:
            errors["aliases"] = "Select what kind of name each other name is"
    if not (cleaned["given_name"] or cleaned["family_name"] or aliases):
        errors["given_name"] = "Enter a name, or a nickname if that is all that is known"

    dob: date | None = None
    if data.date_of_birth.strip():
        try:
            dob = parse_date_of_birth(data.date_of_birth.strip())
        except InvalidValue as exc:
            errors["date_of_birth"] = exc.message
    cleaned["date_of_birth"] = dob
    certainty = data.dob_certainty or (DobCertainty.EXACT if dob else DobCertainty.UNKNOWN)
    if certainty not in DobCertainty.values:
        errors["dob_certainty"] = "Select how certain the date of birth is"
    if dob is None and certainty != DobCertainty.UNKNOWN and not errors.get("date_of_birth"):
        certainty = DobCertainty.UNKNOWN
    cleaned["dob_certainty"] = certainty
    cleaned["sex"] = data.sex if data.sex in Sex.values else Sex.UNKNOWN
    cleaned["gender_identity"] = data.gender_identity.strip()[:100]
    cleaned["ethnicity"] = data.ethnicity
    cleaned["address"] = data.address.strip()[:300]
    cleaned["looked_after"] = data.looked_after
    cleaned["care_leaver"] = data.care_leaver
    cleaned["learning_disability_or_sen"] = data.learning_disability_or_sen
    cleaned["source_reference"] = data.source_reference.strip()[:100]
    cleaned["school_id"] = data.school_id

    def normalised(name: str, raw: str, fn: Any) -> str:
        raw = raw.strip()
        if not raw:
            return ""
        try:
            value: str = fn(raw)
            return value
        except InvalidValue as exc:
            if name in insist and name in INSISTABLE:
                unverified.append(name)
                return raw.upper() if name in ("postcode", "upn") else raw
            errors[name] = exc.message
            return raw

    cleaned["postcode"] = normalised("postcode", data.postcode, normalise_postcode)
    cleaned["phone"] = normalised("phone", data.phone, normalise_phone)
    email = data.email.strip()
    if email:
        try:
            email = normalise_email(email)
        except InvalidValue as exc:
            errors["email"] = exc.message
    cleaned["email"] = email
    nhs = normalised("nhs_number", data.nhs_number, validate_nhs_number)
    upn = normalised("upn", data.upn, validate_upn)
    identifiers: list[tuple[str, str, bool]] = []
    if nhs:
        identifiers.append((IdentifierKind.NHS, nhs, "nhs_number" not in unverified))
    if upn:
        identifiers.append((IdentifierKind.UPN, upn, "upn" not in unverified))
    if data.police_id.strip():
        identifiers.append((IdentifierKind.POLICE, data.police_id.strip()[:40], True))
    if data.social_care_id.strip():
        identifiers.append((IdentifierKind.SOCIAL_CARE, data.social_care_id.strip()[:40], True))
    if errors:
        raise ValidationError(errors)
    return CleanRecord(cleaned, identifiers, aliases, unverified)


def _search_keys(given: str, family: str) -> dict[str, str]:
    first, last = family_phonetics(family)
    return {
        "given_key": name_key(given),
        "given_canonical": canonical_given(given),
        "family_key": name_key(family),
        "family_phonetic": first,
    } | ({"family_phonetic_last": last} if last is not None else {})


def _save_record(
    *,
    actor: Any,
    person: Person,
    clean: CleanRecord,
    submission_key: str,
    source_agency: Agency | None = None,
) -> PersonRecord:
    fields = dict(clean.fields)
    school_id = fields.pop("school_id", None)
    if school_id and not Agency.objects.filter(pk=school_id, agency_type="education").exists():
        raise ValidationError({"school_id": "Select a school or college from the list"})
    record = PersonRecord(
        person=person,
        source_agency_id=source_agency.pk if source_agency else actor.agency_id,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        school_id=school_id,
        unverified=clean.unverified,
        submission_key=submission_key or None,
        **fields,
        **_search_keys(fields["given_name"], fields["family_name"]),
    )
    record.save()
    for kind, value, verified in clean.identifiers:
        PersonIdentifier.objects.create(record=record, kind=kind, value=value, verified=verified)
    for alias in clean.aliases:
        PersonName.objects.create(
            record=record,
            kind=alias.kind,
            given_name=alias.given_name.strip()[:100],
            family_name=alias.family_name.strip()[:100],
            given_key=name_key(alias.given_name),
            given_canonical=canonical_given(alias.given_name),
            family_key=name_key(alias.family_name),
            family_phonetic=family_phonetics(alias.family_name)[0],
        )
    return record


def person_refresh_summary(person: Person) -> Person:
    """Derive the person's summary from their records (newest first for names; the most
    often given exact date of birth; the latest known sex; the union of roles)."""
    records = list(person.records.order_by("-created_at", "-id"))
    named = [r for r in records if r.given_name or r.family_name]
    if named:
        person.display_given_name = named[0].given_name
        person.display_family_name = named[0].family_name
    else:
        alias = PersonName.objects.filter(record__person=person).first()
        person.display_given_name = alias.given_name if alias else ""
        person.display_family_name = alias.family_name if alias else ""
    dobs = Counter(r.date_of_birth for r in records if r.date_of_birth)
    exact = Counter(
        r.date_of_birth
        for r in records
        if r.date_of_birth and r.dob_certainty == DobCertainty.EXACT
    )
    chosen = (exact or dobs).most_common(1)
    person.date_of_birth = chosen[0][0] if chosen else None
    person.sex = next((r.sex for r in records if r.sex != Sex.UNKNOWN), Sex.UNKNOWN)
    person.roles = sorted({r.role for r in records})
    person.save(
        update_fields=[
            "display_given_name",
            "display_family_name",
            "date_of_birth",
            "sex",
            "roles",
            "updated_at",
        ]
    )
    return person


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(f"Not permitted: {permission}")


def _existing_submission(submission_key: str) -> PersonRecord | None:
    if not submission_key:
        return None
    return (
        PersonRecord.objects.select_related("person").filter(submission_key=submission_key).first()
    )


@transaction.atomic
def person_create(
    *,
    actor: Any,
    data: RecordInput,
    insist: set[str] | frozenset[str] = frozenset(),
    pass_over_reason: str = "",
) -> Person:
    """Create a new person with its first record — only after searching.

    The service runs the candidate search itself: if a strong candidate exists (visible or not),
    the user must give a reason for creating a new person anyway; the reason is recorded
    against each strong candidate passed over. A retried submission (same submission key)
    returns the person created the first time.
    """
    _require(actor, "people.create_person")
    existing = _existing_submission(data.submission_key)
    if existing is not None:
        return existing.person
    clean = validate_record(data, insist=insist)
    from safehub.people.selectors import person_search, query_from_clean_record

    outcome = person_search(user=actor, query=query_from_clean_record(clean))
    strong = outcome.strong
    if (strong or outcome.hidden_strong_matches) and not pass_over_reason.strip():
        raise ValidationError(
            {
                "pass_over_reason": (
                    "This person may already be in the index. Choose the matching person, "
                    "or say why you are adding a new one"
                )
            }
        )
    person = Person.objects.create(created_by=actor)
    try:
        with transaction.atomic():
            _save_record(
                actor=actor, person=person, clean=clean, submission_key=data.submission_key
            )
    except IntegrityError:
        existing = _existing_submission(data.submission_key)
        if existing is not None:
            transaction.set_rollback(True)
            return existing.person
        raise
    person_refresh_summary(person)
    for candidate in strong:
        CandidatePassOver.objects.create(
            created_person=person,
            passed_over=candidate.person,
            score=candidate.result.score,
            reason=pass_over_reason.strip(),
            user=actor,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="person",
        object_id=person.pk,
        reason=pass_over_reason.strip(),
        details={
            "passed_over": [c.person.pk for c in strong],
            "hidden_strong_matches": outcome.hidden_strong_matches,
            "unverified": clean.unverified,
        },
    )
    return person


@transaction.atomic
def person_import(
    *,
    actor: Any,
    data: RecordInput,
    insist: set[str] | frozenset[str] = frozenset(),
    source_agency: Agency | None = None,
) -> Person:
    """A record arriving from a partner system (a bulk import, not a person at a keyboard):
    saved as a new person without the interactive candidate check, and left to batch linkage
    (`safehub link run`) to merge or queue for review. `source_agency` is the partner whose
    system the record came from (default: the importer's own agency). Idempotent on the
    submission key."""
    _require(actor, "people.create_person")
    existing = _existing_submission(data.submission_key)
    if existing is not None:
        return existing.person
    clean = validate_record(data, insist=insist)
    person = Person.objects.create(created_by=actor)
    _save_record(
        actor=actor,
        person=person,
        clean=clean,
        submission_key=data.submission_key,
        source_agency=source_agency,
    )
    person_refresh_summary(person)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="person",
        object_id=person.pk,
        details={
            "import": True,
            "source_agency": source_agency.pk if source_agency else actor.agency_id,
            "unverified": clean.unverified,
        },
    )
    return person


@transaction.atomic
def person_from_report(*, actor: Any, data: RecordInput) -> Person:
    """A child's details given in a report by someone who cannot search the index (a school
    reporting a child missing education). The system matches them itself and shows the
    reporter nothing of the index: with one strong match (and no other strong candidate) the
    details are added as the reporter's agency's record of that person; otherwise they become
    a new person, as an import does, for batch linkage to merge or queue for review.
    Idempotent on the submission key."""
    _require(actor, "people.give_person_details")
    existing = _existing_submission(data.submission_key)
    if existing is not None:
        return existing.person
    clean = validate_record(data)
    from safehub.people.selectors import person_best_match, query_from_clean_record

    best = person_best_match(query_from_clean_record(clean))
    person = None
    if best.unambiguous and best.person_id is not None:
        person = Person.objects.current().filter(pk=best.person_id).first()
    matched = person is not None
    if person is None:
        person = Person.objects.create(created_by=actor)
    _save_record(actor=actor, person=person, clean=clean, submission_key=data.submission_key)
    person_refresh_summary(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if matched else AuditAction.CREATE,
        object_type="person",
        object_id=person.pk,
        details={
            "from_report": True,
            "matched": matched,
            "score": round(best.score, 1),
            "runner_up_score": round(best.runner_up_score, 1),
            "unverified": clean.unverified,
        },
    )
    return person


@transaction.atomic
def person_add_record(
    *,
    actor: Any,
    person: Person,
    data: RecordInput,
    insist: set[str] | frozenset[str] = frozenset(),
) -> PersonRecord:
    """Attach what the actor's agency knows to an existing person (the user chose a candidate)."""
    _require(actor, "people.create_person")
    existing = _existing_submission(data.submission_key)
    if existing is not None:
        return existing
    from safehub.audit.selectors import break_glass_active

    if not (
        actor.has_perm("people.view_person", person)
        or break_glass_active(user=actor, object_type="person", object_id=person.pk)
    ):
        raise PermissionDenied("You cannot add to this person's record")
    if person.merged_into_id is not None:
        raise ValidationError("This person has been merged into another; add to that one")
    clean = validate_record(data, insist=insist)
    record = _save_record(
        actor=actor, person=person, clean=clean, submission_key=data.submission_key
    )
    person_refresh_summary(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=person.pk,
        details={"record_added": record.pk, "unverified": clean.unverified},
    )
    return record


def merge_contradictions(a: Person, b: Person) -> list[str]:
    """Hard evidence that two persons are different people (blocks a merge)."""
    reasons: list[str] = []
    for kind, label in ((IdentifierKind.NHS, "NHS numbers"), (IdentifierKind.UPN, "pupil numbers")):
        va = set(
            PersonIdentifier.objects.filter(record__person=a, kind=kind, verified=True).values_list(
                "value", flat=True
            )
        )
        vb = set(
            PersonIdentifier.objects.filter(record__person=b, kind=kind, verified=True).values_list(
                "value", flat=True
            )
        )
        if va and vb and not (va & vb):
            reasons.append(f"They have different {label}")
    if (
        a.date_of_birth
        and b.date_of_birth
        and abs((a.date_of_birth - b.date_of_birth).days) > 730
        and not (
            a.date_of_birth.day == b.date_of_birth.month
            and a.date_of_birth.month == b.date_of_birth.day
        )
    ):
        reasons.append("Their dates of birth are more than two years apart")
    sibling = Relationship.objects.filter(
        kind=RelationshipKind.SIBLING_OF, from_person__in=[a, b], to_person__in=[a, b]
    ).exists()
    if sibling:
        reasons.append("They are recorded as siblings")
    return reasons


@transaction.atomic
def person_merge(
    *,
    actor: Any,
    survivor: Person,
    absorbed: Person,
    reason: str,
    automatic: bool = False,
    candidate: LinkCandidate | None = None,
) -> PersonMerge:
    """Merge `absorbed` into `survivor`. Nothing is deleted: every registered reference moves,
    and exactly what moved is recorded for unmerge."""
    if not automatic:
        _require(actor, "people.merge_persons")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why these records are the same person"})
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    absorbed = Person.objects.select_for_update().get(pk=absorbed.pk)
    if survivor.pk == absorbed.pk:
        raise ValidationError("A person cannot be merged with themself")
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise ValidationError("One of these people has already been merged into another")
    contradictions = merge_contradictions(survivor, absorbed)
    if contradictions:
        raise ValidationError(
            {"reason": "These cannot be merged: " + "; ".join(contradictions).lower()}
        )
    moved: dict[str, list[int]] = {}
    for ref in references.registered():
        model = ref.model()
        pks = list(
            model._default_manager.filter(**{ref.field: absorbed}).values_list("pk", flat=True)
        )
        if pks:
            model._default_manager.filter(pk__in=pks).update(**{ref.field: survivor})
            moved[ref.key] = pks
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into", "updated_at"])
    merge = PersonMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        reason=reason,
        merged_by=actor if getattr(actor, "is_authenticated", False) else None,
        automatic=automatic,
        moved=moved,
    )
    person_refresh_summary(survivor)
    if candidate is not None:
        candidate.decision = LinkDecision.ACCEPTED
        candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        candidate.decided_at = timezone.now()
        candidate.decision_reason = reason
        candidate.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_email="" if getattr(actor, "is_authenticated", False) else "linkage",
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=survivor.pk,
        reason=reason,
        details={
            "merge": merge.pk,
            "absorbed": absorbed.pk,
            "automatic": automatic,
            "moved": {k: len(v) for k, v in moved.items()},
        },
    )
    return merge


@transaction.atomic
def person_unmerge(*, actor: Any, merge: PersonMerge, reason: str) -> tuple[Person, Person]:
    """Undo a merge exactly: move back what moved, revive the absorbed person."""
    _require(actor, "people.merge_persons")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why these are different people"})
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.status != MergeStatus.MERGED:
        raise ValidationError("This merge has already been undone")
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    absorbed = Person.objects.select_for_update().get(pk=merge.absorbed_id)
    if survivor.merged_into_id is not None:
        raise ValidationError(
            "The surviving person has since been merged into another; undo that merge first"
        )
    for ref in references.registered():
        pks = merge.moved.get(ref.key, [])
        if pks:
            ref.model()._default_manager.filter(pk__in=pks, **{ref.field: survivor}).update(
                **{ref.field: absorbed}
            )
    absorbed.merged_into = None
    absorbed.save(update_fields=["merged_into", "updated_at"])
    merge.status = MergeStatus.UNMERGED
    merge.unmerged_at = timezone.now()
    merge.unmerged_by = actor
    merge.unmerge_reason = reason
    merge.save(update_fields=["status", "unmerged_at", "unmerged_by", "unmerge_reason"])
    person_refresh_summary(survivor)
    person_refresh_summary(absorbed)
    # Remember the decision so linkage does not propose the pair again.
    a, b = sorted([survivor.pk, absorbed.pk])
    LinkCandidate.objects.update_or_create(
        person_a_id=a,
        person_b_id=b,
        defaults={
            "match_probability": 0.0,
            "decision": LinkDecision.REJECTED,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=survivor.pk,
        reason=reason,
        details={"unmerge": merge.pk, "absorbed": absorbed.pk},
    )
    return survivor, absorbed


@transaction.atomic
def link_candidate_decide(
    *, actor: Any, candidate: LinkCandidate, same_person: bool, reason: str
) -> LinkCandidate:
    _require(actor, "people.merge_persons")
    candidate = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.decision != LinkDecision.PENDING:
        raise ValidationError("This pair has already been decided")
    if same_person:
        survivor, absorbed = sorted(
            [candidate.person_a, candidate.person_b], key=lambda p: p.created_at
        )
        person_merge(
            actor=actor, survivor=survivor, absorbed=absorbed, reason=reason, candidate=candidate
        )
        candidate.refresh_from_db()
        return candidate
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these are different people"})
    candidate.decision = LinkDecision.REJECTED
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.decision_reason = reason.strip()
    candidate.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="link_candidate",
        object_id=candidate.pk,
        reason=reason.strip(),
        details={"decision": "rejected", "persons": [candidate.person_a_id, candidate.person_b_id]},
    )
    return candidate


@transaction.atomic
def relationship_add(
    *, actor: Any, from_person: Person, to_person: Person, kind: str, note: str = ""
) -> Relationship:
    _require(actor, "people.create_person")
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": "Select the relationship"})
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "A person cannot be related to themself"})
    for person in (from_person, to_person):
        if not actor.has_perm("people.view_person", person):
            raise PermissionDenied("You cannot see one of these people")
    relationship, created = Relationship.objects.get_or_create(
        from_person=from_person,
        to_person=to_person,
        kind=kind,
        defaults={"source_agency_id": actor.agency_id, "recorded_by": actor, "note": note[:300]},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="relationship",
            object_id=relationship.pk,
            details={"from": from_person.pk, "to": to_person.pk, "kind": kind},
        )
    return relationship
