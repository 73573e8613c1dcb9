"""Reads on partner actions, scoped to the viewer, and the Recommendation 23 audit sample."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from safehub.actions.models import ActionStatus, PartnerAction


def actions_visible(*, user: Any) -> QuerySet[PartnerAction]:
    """The actions a user may see (the query form of `actions.view_action`)."""
    from safehub.accounts.rules import is_cse_practitioner
    from safehub.actions.rules import is_safeguarding_lead, works_with_actions

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PartnerAction.objects.none()
    if is_safeguarding_lead.test(user):
        return PartnerAction.objects.all()
    scope = Q(pk__in=[])
    if works_with_actions.test(user) and user.agency_id is not None:
        scope |= Q(owning_agency_id=user.agency_id)
    if is_cse_practitioner.test(user):
        scope |= Q(restricted=False) & (
            Q(case__practitioner=user) | Q(case__practitioner__agency_id=user.agency_id)
        )
    return PartnerAction.objects.filter(scope)


def action_get_for_user(*, user: Any, action_id: int) -> PartnerAction | None:
    return (
        actions_visible(user=user)
        .select_related(
            "child", "owning_agency", "set_by", "completed_by", "withdrawn_by", "case", "contact"
        )
        .filter(pk=action_id)
        .first()
    )


def agency_actions(*, user: Any, status: str = "open") -> QuerySet[PartnerAction]:
    """The user's own agency's actions (the "our actions" list), the most urgent first."""
    if not user.has_perm("actions.work_on_actions") or user.agency_id is None:
        return PartnerAction.objects.none()
    actions = actions_visible(user=user).filter(owning_agency_id=user.agency_id)
    if status in ActionStatus.values:
        actions = actions.filter(status=status)
    return actions.select_related("child", "owning_agency", "case", "contact").order_by(
        "due_on", "id"
    )


def actions_given(*, user: Any, overdue_only: bool = False) -> QuerySet[PartnerAction]:
    """For the safeguarding leads: every open action, overdue ones first."""
    from safehub.actions.rules import is_safeguarding_lead

    if not is_safeguarding_lead.test(user):
        return PartnerAction.objects.none()
    actions = PartnerAction.objects.open()
    if overdue_only:
        actions = actions.filter(due_on__lt=timezone.localdate())
    return actions.select_related("child", "owning_agency", "case", "contact").order_by(
        "due_on", "id"
    )


def actions_for_case(*, user: Any, case: Any) -> QuerySet[PartnerAction]:
    return (
        actions_visible(user=user)
        .filter(Q(case=case) | Q(contact_id=case.contact_id) | Q(enquiry_id=case.enquiry_id))
        .select_related("owning_agency", "completed_by")
        .order_by("status", "due_on", "id")
    )


def actions_for_enquiry(*, user: Any, enquiry: Any) -> QuerySet[PartnerAction]:
    return (
        actions_visible(user=user)
        .filter(enquiry=enquiry)
        .select_related("owning_agency", "completed_by")
        .order_by("due_on", "id")
    )


def home_work(user: Any) -> list[Any]:
    """Counts on the home page: the agency's open and overdue actions; overdue ones given."""
    from django.urls import reverse

    from safehub.common.home import WorkItem

    items: list[WorkItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    today = timezone.localdate()
    if user.has_perm("actions.work_on_actions") and user.agency_id is not None:
        mine = PartnerAction.objects.open().for_agency(user.agency_id)
        if user.agency_id is not None and not _is_lead(user):
            mine = mine.filter(pk__in=actions_visible(user=user).values("pk"))
        total = mine.count()
        if total:
            late = mine.filter(due_on__lt=today).count()
            text = f"{total} open action{'s' if total != 1 else ''} for your agency"
            if late:
                text += f", {late} overdue"
            items.append(WorkItem(text, reverse("actions:home"), urgent=bool(late)))
    if _is_lead(user):
        late = PartnerAction.objects.overdue(today).count()
        if late:
            items.append(
                WorkItem(
                    f"{late} action{'s' if late != 1 else ''} given to agencies overdue",
                    reverse("actions:home") + "?view=given",
                    urgent=True,
                )
            )
    return items


def _is_lead(user: Any) -> bool:
    from safehub.actions.rules import is_safeguarding_lead

    return bool(is_safeguarding_lead.test(user))


# --- the audit sample (Recommendation 23) -------------------------------------------------------


@dataclass
class FollowUp:
    """One line of the audit worksheet: a sampled CSE referral and what became of it."""

    contact_id: int
    reference: str
    received_on: date | None
    outcome: str
    referred_to: str
    follow_up_required: str
    happened: str  # "yes", "no", "pending", "not required"
    by: str
    when: datetime | None
    actions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AuditSample:
    date_from: date
    date_to: date
    fraction: float
    seed: int
    population: int
    lines: list[FollowUp]

    @property
    def size(self) -> int:
        return len(self.lines)


CSV_COLUMNS = [
    "contact",
    "received",
    "outcome",
    "referred_to",
    "follow_up_required",
    "follow_up_happened",
    "by",
    "when",
    "actions",
]


def _describe(action: PartnerAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "agency": action.owning_agency.name,
        "source": action.get_source_display(),
        "due_on": action.due_on,
        "status": action.get_status_display(),
        "overdue": action.is_overdue,
        "completed_by": action.completed_by.full_name if action.completed_by else "",
        "completed_at": action.completed_at,
        "evidence": action.evidence,
        "withdrawn_reason": action.withdrawn_reason,
    }


def audit_sample_draw(*, date_from: date, date_to: date, fraction: float, seed: int) -> AuditSample:
    """A reproducible random sample of the CSE referrals received in the period (submitted
    contacts raising CSE concerns), with, for each, whether the follow-up it needed happened,
    by whom and when. The same arguments on the same records always draw the same referrals
    (Python's Mersenne Twister seeded with `seed`, over the referrals in id order). The sample
    is ceil(fraction * population): a non-empty population always yields at least one."""
    from safehub.frontdoor.models import Contact, TriageOutcome
    from safehub.pathway.models import CseCase

    if not 0 < fraction <= 1:
        raise ValueError("The fraction must be more than 0 and at most 1")
    if date_to < date_from:
        raise ValueError("The end of the period is before its start")
    population = list(
        Contact.objects.filter(
            is_cse_concern=True,
            submitted_at__isnull=False,
            received_at__date__gte=date_from,
            received_at__date__lte=date_to,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    size = math.ceil(fraction * len(population)) if population else 0
    # Reproducible by design, not secret: an auditor re-draws it with the same seed.
    chosen = sorted(random.Random(seed).sample(population, size))  # noqa: S311
    contacts = (
        Contact.objects.filter(pk__in=chosen)
        .select_related("triage", "triage__referral_confirmed_by", "triage__referred_to_agency")
        .order_by("received_at", "id")
    )
    actions: dict[int, list[PartnerAction]] = {}
    for action in (
        PartnerAction.objects.filter(
            Q(contact_id__in=chosen)
            | Q(case__contact_id__in=chosen)
            | Q(enquiry__contact_id__in=chosen)
        )
        .select_related("owning_agency", "completed_by", "case", "enquiry")
        .order_by("set_at", "id")
    ):
        key = action.contact_id or (action.case.contact_id if action.case else None)
        if key is None and action.enquiry is not None:
            key = action.enquiry.contact_id
        if key is not None:
            actions.setdefault(key, []).append(action)
    # The case that follows a "CSE pathway" decision: the one it opened, or — when the child
    # already had an open case, so the decision opened none — that case.
    from safehub.frontdoor.models import ContactPerson, ContactPersonRole

    subjects: dict[int, set[int]] = {}
    for row in ContactPerson.objects.filter(
        contact_id__in=chosen, role=ContactPersonRole.SUBJECT, person__isnull=False
    ).select_related("person"):
        assert row.person is not None
        subjects.setdefault(row.contact_id, set()).add(row.person.surviving().pk)
    children = {pk for pks in subjects.values() for pk in pks}
    cases: dict[int, list[CseCase]] = {}
    by_child: dict[int, list[CseCase]] = {}
    for case in CseCase.objects.filter(
        Q(contact_id__in=chosen) | Q(child_id__in=children)
    ).select_related("practitioner"):
        if case.contact_id in chosen:
            cases.setdefault(case.contact_id, []).append(case)
        by_child.setdefault(case.child_id, []).append(case)
    today = timezone.localdate()
    lines: list[FollowUp] = []
    for contact in contacts:
        decision = getattr(contact, "triage", None)
        own = actions.get(contact.pk, [])
        line = FollowUp(
            contact_id=contact.pk,
            reference=contact.reference,
            received_on=timezone.localtime(contact.received_at).date()
            if contact.received_at
            else None,
            outcome=decision.get_outcome_display() if decision else "No decision yet",
            referred_to=(
                (decision.referred_to_agency.name if decision.referred_to_agency else "")
                or decision.referred_to
            )
            if decision
            else "",
            follow_up_required="",
            happened="",
            by="",
            when=None,
            actions=[_describe(a) for a in own],
        )
        if decision is None:
            line.follow_up_required = "A decision within one working day"
            line.happened = "no"
        elif decision.outcome == TriageOutcome.REFER_ON:
            line.follow_up_required = "The receiving service acts and confirms"
            if decision.referral_confirmed_at:
                line.happened = "yes"
                line.by = (
                    decision.referral_confirmed_by.full_name
                    if decision.referral_confirmed_by
                    else ""
                )
                line.when = decision.referral_confirmed_at
                line.by += f" ({decision.referral_confirmation_note[:120]})"
            else:
                overdue = any(a.is_overdue for a in own)
                line.happened = "no" if overdue or not own else "pending"
        elif decision.outcome == TriageOutcome.CSE_PATHWAY:
            line.follow_up_required = "Allocation to a CSE practitioner"
            followed = cases.get(contact.pk) or [
                c
                for child in subjects.get(contact.pk, set())
                for c in by_child.get(child, [])
                if c.created_at <= decision.decided_at
                and (c.ended_at is None or c.ended_at >= decision.decided_at)
            ]
            allocated = [c for c in followed if c.allocated_at]
            if allocated:
                first = min(allocated, key=lambda c: c.allocated_at or timezone.now())
                line.happened = "yes"
                line.by = first.practitioner.full_name if first.practitioner else ""
                line.when = first.allocated_at
            else:
                line.happened = "no" if followed else "no (no case opened)"
        elif own:
            line.follow_up_required = "The actions given to agencies"
        else:
            line.follow_up_required = "None beyond the decision"
            line.happened = "not required"
            line.by = decision.decided_by.full_name if decision.decided_by_id else ""
            line.when = decision.decided_at
        if own and line.follow_up_required == "The actions given to agencies":
            if all(a.status != ActionStatus.OPEN for a in own):
                done = [a for a in own if a.completed_at]
                line.happened = "yes" if done else "no (withdrawn)"
                if done:
                    last = max(done, key=lambda a: a.completed_at or timezone.now())
                    line.by = f"{last.completed_by.full_name if last.completed_by else ''}"
                    line.by += f" ({last.owning_agency.name})"
                    line.when = last.completed_at
            else:
                late = any(a.is_open and a.due_on < today for a in own)
                line.happened = "no" if late else "pending"
        lines.append(line)
    return AuditSample(date_from, date_to, fraction, seed, len(population), lines)


def audit_sample_rows(sample: AuditSample) -> list[list[str]]:
    """The worksheet as CSV rows (header first). Names no child: the contact reference is how
    an auditor finds the record."""
    rows = [CSV_COLUMNS]
    for line in sample.lines:
        described = "; ".join(
            f"{a['agency']}: {a['status']}, due {a['due_on']:%Y-%m-%d}"
            + (
                f", done {timezone.localtime(a['completed_at']):%Y-%m-%d %H:%M}"
                f" by {a['completed_by']}"
                if a["completed_at"]
                else ""
            )
            + (" (overdue)" if a["overdue"] else "")
            for a in line.actions
        )
        rows.append(
            [
                line.reference,
                f"{line.received_on:%Y-%m-%d}" if line.received_on else "",
                line.outcome,
                line.referred_to,
                line.follow_up_required,
                line.happened,
                line.by,
                f"{timezone.localtime(line.when):%Y-%m-%d %H:%M}" if line.when else "",
                described,
            ]
        )
    return rows
