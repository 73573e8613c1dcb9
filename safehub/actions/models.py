"""Actions given to partner agencies that cannot be dropped (Recommendation 23).

The seed: "referrals made to other teams in the council or external organisations are not
followed up ... if a CSE referral was not acted on, this would only be picked up if a second
call were made". So every action given to an agency — by a front-door referral, an enquiry, a
risk panel or a strategy meeting — is a record with an owning agency, a due date and, once
done, the evidence. It is reminded before it is due, escalated to the agency's managers when it
is late, and stays open until someone in the receiving agency confirms it with evidence. Only a
safeguarding lead can withdraw one, with a written reason that the audit sample shows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safehub.common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


class ActionSource(models.TextChoices):
    TRIAGE = "triage", "Front-door referral to another service"
    ENQUIRY = "enquiry", "Multi-agency enquiry"
    RISK_PANEL = "risk_panel", "Risk panel"
    STRATEGY_MEETING = "strategy_meeting", "Strategy meeting"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done: confirmed by the agency"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ActionQuerySet(models.QuerySet["PartnerAction"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today: object = None) -> ActionQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=ActionStatus.OPEN, due_on__lt=today)

    def for_agency(self, agency_id: int | None) -> ActionQuerySet:
        return self.filter(owning_agency_id=agency_id)


class PartnerAction(TimeStampedModel):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    source_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The decision, enquiry, panel item or meeting it came from"
    )
    contact = models.ForeignKey(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_actions",
    )
    enquiry = models.ForeignKey(
        "enquiries.Enquiry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_actions",
    )
    case = models.ForeignKey(
        "pathway.CseCase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_actions",
    )
    owning_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="partner_actions"
    )
    what = models.TextField()
    due_on = models.DateField()
    restricted = models.BooleanField(
        default=False,
        help_text="Action against the people exploiting the child: seen only by the owning "
        "agency and the safeguarding leads",
    )
    set_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(blank=True, help_text="What was done, and where it is recorded")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owning_agency", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["source", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(completed_at__isnull=False) & ~Q(evidence="")),
                name="done_action_has_evidence",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="withdrawn_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owning_agency}: {self.what[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class ActionSettings(models.Model):
    """The partnership's timescales for partner actions."""

    remind_working_days_before = models.PositiveIntegerField(
        default=2,
        help_text="The owning agency is reminded this many working days before the due date",
    )
    referral_due_working_days = models.PositiveIntegerField(
        default=5,
        help_text="A front-door referral to a partner agency is due this many working days "
        "after the decision",
    )

    class Meta:
        verbose_name_plural = "action settings"

    def __str__(self) -> str:
        return "Partner action settings"
