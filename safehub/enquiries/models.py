"""The multi-agency child enquiry (MACE): each invited agency says what it knows.

Compartmentalised by design (seed, "Findings: Information Sharing"): an agency's members see and
add only their own agency's entries; only safeguarding social workers see every entry, as one
chronology of the child. Every decision to share (or not to share) information is recorded as a
`SharingDecision`, whatever it concerns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from safehub.common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class EnquiryQuerySet(models.QuerySet["Enquiry"]):
    def open(self) -> EnquiryQuerySet:
        return self.filter(status=EnquiryStatus.OPEN)


class Enquiry(TimeStampedModel):
    """One enquiry about one child, opened from a contact by a safeguarding social worker."""

    reference = models.CharField(max_length=20, unique=True)
    contact = models.ForeignKey(
        "frontdoor.Contact", on_delete=models.PROTECT, related_name="enquiries"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    rag = models.CharField(max_length=5, blank=True)
    status = models.CharField(
        max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why the enquiry was opened")
    # Closing: the decision, which becomes the contact's triage decision.
    decision = models.CharField(max_length=30, blank=True)
    decision_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status="open"),
                name="one_open_enquiry_per_contact",
            )
        ]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == EnquiryStatus.OPEN


class EnquiryInvitation(TimeStampedModel):
    """An agency asked to contribute: a task with a deadline, chased when late."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nothing_known = models.BooleanField(
        default=False, help_text="The agency answered that it holds nothing about the child"
    )
    chased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "agency"], name="one_invitation_per_agency")
        ]
        indexes = [models.Index(fields=["responded_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.enquiry} → {self.agency}"


class EntryKind(models.TextChoices):
    KNOWN = "known", "What we know"
    INVOLVEMENT = "involvement", "Our involvement"
    CONCERN = "concern", "A concern"


class EnquiryEntry(TimeStampedModel):
    """What one agency knows, dated, about the child or a person of concern. Seen by the
    authoring agency and by safeguarding social workers only."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="entries")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    happened_on = models.DateField(help_text="When what the entry tells happened")
    about_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: about the child; else the person of concern in the index",
    )
    about_description = models.CharField(
        max_length=300, blank=True, help_text="A person of concern known only by nickname"
    )
    text = models.TextField()
    informant = models.CharField(max_length=300, blank=True)
    informant_identity_protected = models.BooleanField(default=False)
    relevant = models.BooleanField(default=False)
    relevant_marked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    relevant_marked_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["happened_on", "created_at", "id"]
        verbose_name_plural = "enquiry entries"

    def __str__(self) -> str:
        return f"{self.enquiry}: {self.get_kind_display()} ({self.agency})"

    @property
    def is_about_child(self) -> bool:
        return self.about_person_id is None and not self.about_description


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent"
    SAFEGUARDING = (
        "safeguarding",
        "Safeguarding without consent (DPA 2018, Schedule 1, paragraph 18)",
    )
    PUBLIC_TASK = "public_task", "Public task"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"


class ConsentStatus(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class SharingDecision(TimeStampedModel):
    """A decision to share information, or not to share it: the seven golden rules ask that
    every one is recorded with what, with whom, why, on what basis, and who decided."""

    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="sharing_decisions"
    )
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared = models.BooleanField(help_text="False records a decision not to share")
    information = models.TextField(help_text="What was (or would have been) shared")
    recipient_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_other = models.CharField(max_length=300, blank=True)
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices, blank=True)
    consent = models.CharField(max_length=20, choices=ConsentStatus.choices)
    consent_reason = models.TextField(
        blank=True, help_text="Why consent was not sought, or why sharing went ahead without it"
    )
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{'Shared' if self.shared else 'Not shared'}: {self.purpose[:40]}"


class EnquirySettings(models.Model):
    """How long an invited agency has to answer, by the contact's RAG, in working hours."""

    red_response_hours = models.PositiveIntegerField(default=24)
    amber_response_hours = models.PositiveIntegerField(default=72)
    green_response_hours = models.PositiveIntegerField(default=72)

    class Meta:
        verbose_name_plural = "enquiry settings"

    def __str__(self) -> str:
        return "Enquiry settings"

    def response_hours(self, rag: str) -> int:
        return {
            "red": self.red_response_hours,
            "amber": self.amber_response_hours,
        }.get(rag, self.green_response_hours)
