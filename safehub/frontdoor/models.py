"""The front door: contacts about children, their screening, decisions, alerts and missing episodes.

Design:
* A `Contact` is born a draft and is saved as it is typed: every section of the form stores
  what was entered (valid or not) in `draft`, so a validation error or an expired session
  loses nothing. Submitting validates the whole contact and moves it into the front-door queue.
* Configuration is data: contact types with their scripted protocols (`ContactType`),
  screening instruments (`ScreeningInstrument`, immutable versions) and the partnership's
  timescales and alert rules (`FrontDoorSettings`, one row).
* A computed screening suggests a threshold level and RAG; a named person records the
  decision (`Contact.level`, `Contact.rag`) and must give a reason to depart from it.
* Indicator proposals read from the free text never change a score until a person confirms
  them (`IndicatorProposal.status`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from safehub.common.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    PROFESSIONAL_FORM = "professional_form", "Professional online form"
    PARTNER_API = "partner_api", "Partner system (API)"
    PUBLIC_FORM = "public_form", "Public online form"
    ANONYMOUS = "anonymous", "Anonymous"


class ReferralSource(models.TextChoices):
    """DfE Children in Need census referral source codes."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours, childminders)"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services: other primary health services"
    HEALTH_A_AND_E = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care"
    LA_OTHER_INTERNAL = "5B", "Local authority services: other internal"
    LA_EXTERNAL = "5C", "Local authority services: external (another authority)"
    LA_EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class SourceGroup(models.TextChoices):
    """The seed's reporting groups for CSE contacts by source."""

    LOCAL_AUTHORITY = "local_authority", "Local-authority services"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    OTHERS = "others", "Others"


SOURCE_GROUPS: dict[str, SourceGroup] = {
    **dict.fromkeys(("5A", "5B", "5C", "5D"), SourceGroup.LOCAL_AUTHORITY),
    "6": SourceGroup.POLICE,
    "2A": SourceGroup.EDUCATION,
    "2B": SourceGroup.EDUCATION,
}


def source_group(code: str) -> SourceGroup:
    return SOURCE_GROUPS.get(code, SourceGroup.OTHERS)


class ThresholdLevel(models.IntegerChoices):
    UNIVERSAL = 1, "Level 1: universal"
    EARLY_HELP = 2, "Level 2: early help"
    COMPLEX = 3, "Level 3: complex"
    ACUTE = 4, "Level 4: acute"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


class ContactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_DECISION = "awaiting_decision", "Awaiting a decision"
    AWAITING_CONFIRMATION = "awaiting_confirmation", "Referred on: awaiting confirmation"
    CLOSED = "closed", "Closed"


class ContactKind(models.TextChoices):
    NEW_CONCERN = "new_concern", "New concern"
    INFORMATION_ON_OPEN_CASE = "information_on_open_case", "Information on an open case"


class TriageOutcome(models.TextChoices):
    CSE_PATHWAY = "cse_pathway", "CSE pathway"
    CHILD_PROTECTION = "child_protection", "Child protection: strategy discussion and s47 enquiries"
    CHILD_IN_NEED = "child_in_need", "Child in need assessment (s17)"
    EARLY_HELP = "early_help", "Early help"
    REFER_ON = "refer_on", "Referral to another agency or service"
    INFORMATION_AND_ADVICE = "information_and_advice", "Information and advice"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


# Outcomes after which the child has an open case with children's services, so that later
# contacts about them are information on that case (Recommendation 24), not new referrals.
OPEN_CASE_OUTCOMES = (
    TriageOutcome.CSE_PATHWAY,
    TriageOutcome.CHILD_PROTECTION,
    TriageOutcome.CHILD_IN_NEED,
)


class FrontDoorSettings(models.Model):
    """The partnership's front-door configuration: one row (pk=1), edited by administrators."""

    active_instrument_code = models.CharField(max_length=50, default="west-midlands")
    red_decision_hours = models.PositiveIntegerField(default=4)
    amber_decision_hours = models.PositiveIntegerField(default=24)
    green_decision_hours = models.PositiveIntegerField(default=72)
    referral_decision_working_days = models.PositiveIntegerField(default=1)
    repeat_contacts_count = models.PositiveIntegerField(default=3)
    repeat_contacts_window_days = models.PositiveIntegerField(default=365)
    alert_acknowledge_minutes = models.PositiveIntegerField(default=60)
    missing_education_school_days = models.PositiveIntegerField(default=10)
    missing_strategy_episodes = models.PositiveIntegerField(default=3)
    missing_strategy_window_days = models.PositiveIntegerField(default=30)
    return_interview_hours = models.PositiveIntegerField(default=72)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "front-door settings"
        verbose_name_plural = "front-door settings"

    def __str__(self) -> str:
        return "Front-door settings"

    def decision_hours(self, rag: str) -> int:
        return {
            Rag.RED: self.red_decision_hours,
            Rag.AMBER: self.amber_decision_hours,
            Rag.GREEN: self.green_decision_hours,
        }[Rag(rag)]


class ContactType(TimeStampedModel):
    """A kind of contact with its scripted protocol: the questions the advisor must ask.

    `protocol` is a list of questions, each {"key", "text", "hint", "kind": "yes_no" | "text" |
    "date", "required": bool, "indicator": optional indicator code a "yes" proposes}. A
    contact keeps a copy of the protocol it was asked with, so editing a type never rewrites
    what an earlier contact recorded.
    """

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    protocol = models.JSONField(default=list)
    is_cse = models.BooleanField(default=False, help_text="Contacts of this type are CSE concerns")
    is_active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ScreeningInstrument(models.Model):
    """One version of a screening instrument. Immutable once saved: a change is a new version,
    so a screening always shows the instrument it was made with."""

    code = models.CharField(max_length=50)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")
        ]
        ordering = ["code", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Screening instruments are immutable: add a new version instead.")
        super().save(*args, **kwargs)


class ContactQuerySet(models.QuerySet["Contact"]):
    def submitted(self) -> ContactQuerySet:
        return self.exclude(status=ContactStatus.DRAFT)

    def open(self) -> ContactQuerySet:
        return self.filter(
            status__in=[ContactStatus.AWAITING_DECISION, ContactStatus.AWAITING_CONFIRMATION]
        )

    def drafts_of(self, user: Any) -> ContactQuerySet:
        return self.filter(status=ContactStatus.DRAFT, recorded_by=user)


class Contact(TimeStampedModel):
    """A concern about one or more children, from any channel."""

    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(
        max_length=30, choices=ContactStatus.choices, default=ContactStatus.DRAFT
    )
    kind = models.CharField(
        max_length=30, choices=ContactKind.choices, default=ContactKind.NEW_CONCERN
    )
    open_case_contact = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_contacts",
        help_text="The contact that opened the case this contact is information on",
    )
    channel = models.CharField(max_length=30, choices=Channel.choices, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=3, choices=ReferralSource.choices, blank=True)
    # Referrer.
    referrer_anonymous = models.BooleanField(default=False)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=50, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_is_professional = models.BooleanField(default=False)
    referrer_identity_protected = models.BooleanField(default=False)
    # What was said.
    contact_type = models.ForeignKey(
        ContactType, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    protocol = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    account = models.TextField(blank=True)
    is_cse_concern = models.BooleanField(default=False)
    # Decision on level and RAG (a person's, informed by the latest screening).
    level = models.PositiveSmallIntegerField(choices=ThresholdLevel.choices, null=True, blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    level_override_reason = models.TextField(blank=True)
    level_decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level_decided_at = models.DateTimeField(null=True, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True)
    # Bookkeeping.
    draft = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_recorded"
    )
    recording_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["draft"])

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="contact_idempotency_key_per_user",
            )
        ]
        indexes = [
            models.Index(fields=["status", "decision_due_at"]),
            models.Index(fields=["received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == ContactStatus.DRAFT

    @property
    def is_referral(self) -> bool:
        return self.kind == ContactKind.NEW_CONCERN


class ContactPersonRole(models.TextChoices):
    SUBJECT = "subject", "Child the contact is about"
    PARENT_CARER = "parent_carer", "Parent or carer"
    FAMILY_MEMBER = "family_member", "Other family member"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"
    OTHER = "other", "Other"


class ContactPerson(models.Model):
    """Someone a contact is about or mentions: a person in the index, or (for a person of
    concern known only by a nickname or description) just what was said about them."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=30, choices=ContactPersonRole.choices)
    name_as_given = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    age_at_contact = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name_as_given or self.person_id}"


class Screening(models.Model):
    """One application of a screening instrument version to a contact (or missing episode)."""

    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    missing_episode = models.ForeignKey(
        "MissingEpisode",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="screenings",
    )
    instrument = models.ForeignKey(ScreeningInstrument, on_delete=models.PROTECT)
    answers = models.JSONField(default=dict)  # indicator code -> period
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    learning_disability = models.BooleanField(default=False)
    score = models.IntegerField(null=True, blank=True)
    computed_level = models.CharField(max_length=50)
    level = models.CharField(max_length=50)
    level_label = models.CharField(max_length=200)
    threshold_level = models.PositiveSmallIntegerField(choices=ThresholdLevel.choices)
    rag = models.CharField(max_length=5, choices=Rag.choices)
    overrides = models.JSONField(default=list)
    breakdown = models.JSONField(default=list)
    screened_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT)
    screened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument}: {self.level_label}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class IndicatorSource(models.TextChoices):
    TEXT = "text", "Read from the account"
    PROTOCOL = "protocol", "From a protocol answer"
    ADVISOR = "advisor", "Selected by the advisor"


class IndicatorProposal(models.Model):
    """An indicator for a contact: proposed by safehub (from the text or an answer) or selected
    by a person. Only confirmed ones count towards the screening."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=40)
    period = models.CharField(max_length=20, default="current")
    source = models.CharField(max_length=20, choices=IndicatorSource.choices)
    phrase = models.CharField(max_length=300, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "code"], name="one_indicator_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"


class TriageDecision(TimeStampedModel):
    """The safeguarding social worker's decision on a contact's next steps."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="triage")
    outcome = models.CharField(max_length=30, choices=TriageOutcome.choices)
    referred_to = models.CharField(max_length=200, blank=True)
    referred_to_agency = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="When the service is a partner agency, it gets an action it must confirm",
    )
    reason = models.TextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    feedback_to_referrer = models.TextField(blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    referral_confirmed_at = models.DateTimeField(null=True, blank=True)
    referral_confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_confirmation_note = models.TextField(blank=True)
    case_closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the case this decision opened was closed (open-case outcomes only)",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.contact}: {self.get_outcome_display()}"


class AlertKind(models.TextChoices):
    COMPLEX_OR_ACUTE = "complex_or_acute", "Contact at complex or acute level"
    REPEAT_CONTACTS = "repeat_contacts", "Repeated contacts about one child"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    MISSING_STRATEGY = "missing_strategy", "Repeated missing episodes: strategy meeting"
    OUT_OF_AREA_PLACEMENT = "out_of_area_placement", "Out-of-area placement notified"
    RETURN_INTERVIEW_DUE = "return_interview_due", "Return-home interview due"


class AlertQuerySet(models.QuerySet["Alert"]):
    def unacknowledged(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class Alert(TimeStampedModel):
    """A safeguard that needs a person to look: raised to a role (everyone holding it sees it),
    acknowledged with a note, escalated to team managers if nobody does in time."""

    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    for_role = models.CharField(max_length=50)
    message = models.TextField()
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    missing_episode = models.ForeignKey(
        "MissingEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    dedupe_key = models.CharField(max_length=200, unique=True)
    acknowledge_by = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement_note = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["acknowledged_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["for_role", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message[:60]}"


class MissingKind(models.TextChoices):
    """The SSDA903 return's codes: M missing (whereabouts unknown), A away without
    authorisation (whereabouts known)."""

    MISSING = "M", "Missing: whereabouts unknown"
    AWAY = "A", "Away without authorisation: whereabouts known"


class MissingSource(models.TextChoices):
    POLICE = "police", "Police missing-person report"
    SCHOOL = "school", "School: child missing education"


class MissingEpisode(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=MissingSource.choices)
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    school_days_missed = models.PositiveIntegerField(null=True, blank=True)
    found_where = models.TextField(blank=True)
    found_with = models.TextField(blank=True)
    circumstances = models.TextField(blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reporting_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+"
    )
    police_reference = models.CharField(max_length=50, blank=True)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reported_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="missing_idempotency_key_per_user",
            )
        ]
        indexes = [models.Index(fields=["person", "started_at"])]

    def __str__(self) -> str:
        return self.reference


class ReturnInterviewStatus(models.TextChoices):
    DUE = "due", "Due"
    OFFERED = "offered", "Offered"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"


class ReturnHomeInterview(TimeStampedModel):
    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.PROTECT, related_name="return_interview"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ReturnInterviewStatus.choices, default=ReturnInterviewStatus.DUE
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_said = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Return-home interview for {self.episode}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status != ReturnInterviewStatus.COMPLETED and self.due_at < timezone.now()
