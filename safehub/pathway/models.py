"""The CSE care pathway (seed, "CATE/CSE Care Pathway"): a case per young person routed to the
CSE team, its lifecycle, its allocation to a practitioner against the board's caseload limit,
and its risk assessments. Transitions are services with rules (services.py); every change is
a `CaseEvent`, so the case has a timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from safehub.common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ALLOCATED = "allocated", "Allocated"
    INITIAL_ASSESSMENT = "initial_assessment", "Initial assessment"
    AWAITING_PANEL = "awaiting_panel", "Awaiting the risk panel"
    GRADED = "graded", "Graded by the risk panel"
    STRATEGY_AND_PLAN = "strategy_and_plan", "Strategy meeting and safety plan"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed with an exit strategy"
    STEPPED_UP = "stepped_up", "Stepped up to child protection"
    TRANSFERRED = "transferred", "Transferred to adult services"


ENDED = (CaseStatus.CLOSED, CaseStatus.STEPPED_UP, CaseStatus.TRANSFERRED)
# The open statuses, listed (not "not ended") so that queries on open cases can use the
# (status, ...) indexes: a handful of index ranges instead of a scan of every case ever held.
OPEN_STATUSES = tuple(s for s in CaseStatus if s not in ENDED)


class RiskGrade(models.TextChoices):
    """The risk panel's five-level scale."""

    LOW = "low", "Low"
    LOW_MEDIUM = "low_medium", "Low-Medium"
    MEDIUM = "medium", "Medium"
    MEDIUM_HIGH = "medium_high", "Medium-High"
    HIGH = "high", "High"


# Cases that count towards a practitioner's high-priority caseload (Recommendation 28): graded
# Medium-High or High, or not graded yet (the risk is unknown until the panel has met).
HIGH_PRIORITY_GRADES = (RiskGrade.MEDIUM_HIGH, RiskGrade.HIGH, "")


class CaseQuerySet(models.QuerySet["CseCase"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def high_priority(self) -> CaseQuerySet:
        return self.filter(grade__in=HIGH_PRIORITY_GRADES)

    def of_practitioner(self, user: object) -> CaseQuerySet:
        return self.filter(practitioner=user)


class CseCase(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "frontdoor.Contact", on_delete=models.PROTECT, related_name="cse_cases"
    )
    enquiry = models.ForeignKey(
        "enquiries.Enquiry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=30, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )
    practitioner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="cse_cases"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    panel_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The risk panel must grade the case by then"
    )
    transition_planning_notified_at = models.DateTimeField(null=True, blank=True)
    adult_decision = models.CharField(
        max_length=20,
        blank=True,
        choices=[("continues", "Continues with the CSE team"), ("transferred", "Transferred")],
    )
    adult_decision_reason = models.TextField(blank=True)
    grade = models.CharField(max_length=20, choices=RiskGrade.choices, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    exit_strategy = models.TextField(blank=True)
    parent_failing_to_protect = models.TextField(
        blank=True, help_text="Why child-protection procedures take over (a step-up)"
    )
    transfer_reason = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=~Q(status__in=["closed", "stepped_up", "transferred"]),
                name="one_open_cse_case_per_child",
            )
        ]
        indexes = [
            models.Index(fields=["practitioner", "status"]),
            # Caseload counts, the dashboard's lists: open statuses first.
            models.Index(fields=["status", "practitioner", "grade"], name="case_status_load"),
            models.Index(fields=["status", "created_at"], name="case_status_created"),
            # Open cases past their panel deadline and not graded (the dashboard).
            models.Index(fields=["status", "grade", "panel_due_at"], name="case_status_grade_due"),
        ]
        verbose_name = "CSE case"

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED

    @property
    def is_high_priority(self) -> bool:
        return self.grade in HIGH_PRIORITY_GRADES

    @property
    def panel_overdue(self) -> bool:
        """Allocated more than six weeks (in working days) ago and still not graded."""
        from django.utils import timezone

        return bool(
            self.is_open
            and not self.grade
            and self.panel_due_at is not None
            and self.panel_due_at < timezone.now()
        )


class CaseEvent(models.Model):
    """One step in a case's timeline: a transition, an allocation, an assessment."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"


class CaseAllocation(models.Model):
    """An allocation to a practitioner, with the caseload it met: the board wants to know
    every time its limit was breached, and who decided to go ahead."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="allocations")
    practitioner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()
    high_priority_before = models.PositiveIntegerField()
    limit = models.PositiveIntegerField()
    breach = models.BooleanField(default=False)
    breach_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-allocated_at", "-id"]
        indexes = [
            models.Index(
                fields=["allocated_at"], condition=Q(breach=True), name="allocation_breaches"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.practitioner}"


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial risk assessment"
    REVIEW = "review", "Review"


class CaseAssessment(models.Model):
    """A risk assessment with the partnership's active screening instrument (kept with the
    version used) and the practitioner's narrative. Every one is kept: the history of scores."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    instrument = models.ForeignKey("frontdoor.ScreeningInstrument", on_delete=models.PROTECT)
    answers = models.JSONField(default=dict)
    score = models.IntegerField(null=True, blank=True)
    level = models.CharField(max_length=50)
    level_label = models.CharField(max_length=200)
    threshold_level = models.PositiveSmallIntegerField()
    rag = models.CharField(max_length=5)
    overrides = models.JSONField(default=list)
    narrative = models.TextField()
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["assessed_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()} ({self.level_label})"


class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone call"
    ONLINE = "online", "Video call or online"
    MESSAGE = "message", "Text or message"


class TimeWithYoungPerson(models.Model):
    """A practitioner's contact with the young person. Face-to-face contacts are what the
    expected frequency counts (the seed: a young person at high risk is seen two or three times
    a week)."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="time_logs")
    on = models.DateField()
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    minutes = models.PositiveIntegerField()
    place = models.CharField(max_length=200, blank=True)
    seen_alone = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["case", "on"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()} on {self.on}"


def default_expected_contacts() -> dict[str, float]:
    """Face-to-face contacts a week expected at each grade ("" = not graded yet)."""
    return {
        "high": 2.0,
        "medium_high": 2.0,
        "medium": 1.0,
        "low_medium": 0.5,
        "low": 0.25,
        "": 1.0,
    }


def default_review_weeks() -> dict[str, int]:
    return {"high": 6, "medium_high": 6, "medium": 8}


# Grades that call a strategy meeting (amber or red).
STRATEGY_GRADES = (RiskGrade.MEDIUM, RiskGrade.MEDIUM_HIGH, RiskGrade.HIGH)


class PathwaySettings(models.Model):
    """The board's numbers: the most high-priority cases a practitioner should hold, and how
    often a young person should be seen at each grade."""

    max_high_priority_cases = models.PositiveIntegerField(default=10)
    panel_within_working_days = models.PositiveIntegerField(
        default=30,
        help_text="A case reaches the risk panel within this many working days of "
        "allocation (six weeks)",
    )
    expected_contacts_per_week = models.JSONField(
        default=default_expected_contacts,
        help_text="Face-to-face contacts a week expected at each grade "
        '(keys: high, medium_high, medium, low_medium, low, and "" for not graded)',
    )
    contact_window_days = models.PositiveIntegerField(
        default=28, help_text="Shortfalls are judged over this many days"
    )
    strategy_meeting_within_working_days = models.PositiveIntegerField(
        default=5,
        help_text="A strategy meeting is held within this many working days of a "
        "grade of Medium or above",
    )
    review_weeks = models.JSONField(
        default=default_review_weeks,
        help_text="Weeks between strategy-meeting reviews at each grade (a grade not listed "
        "has no scheduled review)",
    )
    panel_every_days = models.PositiveIntegerField(
        default=14, help_text="The risk panel meets this many days apart (the next date offered)"
    )
    panel_agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="+",
        help_text="Agencies expected at every risk panel (empty: every active agency that is "
        "not a school)",
    )

    class Meta:
        verbose_name_plural = "pathway settings"

    def __str__(self) -> str:
        return "Pathway settings"


class SupportService(TimeStampedModel):
    """A service that supports victims and families (Recommendations 6 and 13): what it offers,
    at which grades and stages, and how to reach it, out of hours too. Kept by administrators;
    offered from the case page."""

    name = models.CharField(max_length=200)
    offers = models.TextField(help_text="What the service does, in plain words")
    for_young_people = models.BooleanField(default=True)
    for_families = models.BooleanField(default=False)
    grades = models.JSONField(
        default=list, blank=True, help_text="Grades it serves (empty: every grade)"
    )
    stages = models.JSONField(
        default=list, blank=True, help_text="Pathway stages it serves (empty: every stage)"
    )
    phone = models.CharField(max_length=50, blank=True)
    out_of_hours_phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def serves(self, case: CseCase) -> bool:
        return (not self.grades or case.grade in self.grades) and (
            not self.stages or case.status in self.stages
        )


class SafetyPlan(models.Model):
    """One version of a young person's safety plan. A change is a new version; earlier ones are
    kept. Recommendation 11: it records whether the young person and their parents took part
    and what they said."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="safety_plans")
    version = models.PositiveIntegerField()
    goals = models.TextField()
    young_person_took_part = models.BooleanField()
    young_person_said = models.TextField(help_text="What they said, or why they did not take part")
    parents_took_part = models.BooleanField()
    parents_said = models.TextField(help_text="What they said, or why they did not take part")
    family_summary = models.TextField(
        help_text="The plan in plain words for the young person and family (no restricted details)"
    )
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_plan_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.case}: safety plan v{self.version}"


class SafetyPlanAction(models.Model):
    """Who does what by when. Restricted actions (for example police action against the
    people exploiting the young person) never appear in the family's version."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    who = models.CharField(max_length=200)
    by_when = models.DateField()
    restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["by_when", "id"]

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:40]}"


class StrategyMeetingKind(models.TextChoices):
    INITIAL = "initial", "Strategy meeting"
    REVIEW = "review", "Strategy meeting review"


class StrategyMeeting(TimeStampedModel):
    """Called by a grade of Medium or above, then reviewed at the grade's cadence until the
    case ends. Actions against the people exploiting the young person are recorded for the
    police and shown only to police and the safeguarding leads."""

    case = models.ForeignKey(CseCase, on_delete=models.CASCADE, related_name="strategy_meetings")
    kind = models.CharField(max_length=10, choices=StrategyMeetingKind.choices)
    due_by = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    attendees = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    perpetrator_actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_by", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(held_at__isnull=True),
                name="one_pending_strategy_meeting_per_case",
            )
        ]
        indexes = [models.Index(fields=["held_at", "due_by"], name="meeting_pending_due")]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.held_at is None and self.due_by < timezone.now()


class PanelStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"


class RiskPanelQuerySet(models.QuerySet["RiskPanel"]):
    def planned(self) -> RiskPanelQuerySet:
        return self.filter(status=PanelStatus.PLANNED)

    def held(self) -> RiskPanelQuerySet:
        return self.filter(status=PanelStatus.HELD)


class RiskPanel(TimeStampedModel):
    """A meeting of the multi-agency risk panel (issue 5, point 5), held every fortnight or so
    with an agenda of cases. Every agency is expected; the record of who came and who did not
    (with the reason) is kept once the chair records the panel as held, and only then are its
    decisions recorded."""

    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=PanelStatus.choices, default=PanelStatus.PLANNED
    )
    held_at = models.DateTimeField(
        null=True, blank=True, help_text="When the attendance and minutes were recorded"
    )
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RiskPanelQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["status", "held_on"])]

    def __str__(self) -> str:
        return f"Risk panel on {self.held_on:%d %b %Y}"

    @property
    def is_held(self) -> bool:
        return self.status == PanelStatus.HELD


class PanelItem(models.Model):
    """A case on a panel's agenda and, once the panel has met, its decision: the grade on the
    five-level scale with the rationale (set through `services.case_grade`, the one way a case
    is graded) and the actions given to partner agencies (`actions.PartnerAction` with
    source "risk_panel" and this item's id)."""

    panel = models.ForeignKey(RiskPanel, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(CseCase, on_delete=models.PROTECT, related_name="panel_items")
    position = models.PositiveIntegerField()
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    grade = models.CharField(max_length=20, choices=RiskGrade.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "case"], name="one_agenda_item_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.panel}: {self.case}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None


class PanelInputKind(models.TextChoices):
    PRACTITIONER_REPORT = "practitioner_report", "Practitioner's report"
    POLICE_INTELLIGENCE = "police_intelligence", "Police intelligence summary"
    AGENCY_INFORMATION = "agency_information", "Agency information"


class PanelInput(models.Model):
    """Information gathered for a case before the panel meets. A police intelligence summary
    is seen only by police officers, risk-panel chairs and its author
    (`rules.can_see_police_intelligence`)."""

    item = models.ForeignKey(PanelItem, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(max_length=30, choices=PanelInputKind.choices)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["item", "kind"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_kind_display()}"


class PanelAttendance(models.Model):
    """Whether an expected agency came to a panel: its representative, or why it did not."""

    panel = models.ForeignKey(RiskPanel, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField()
    representative = models.CharField(max_length=200, blank=True)
    absence_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "agency"], name="one_attendance_per_agency"),
            models.CheckConstraint(
                condition=(Q(attended=True) & ~Q(representative=""))
                | (Q(attended=False) & ~Q(absence_reason="")),
                name="attendance_has_representative_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panel}: {self.agency}"
