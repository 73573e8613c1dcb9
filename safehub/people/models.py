"""The person index.

Design: a `Person` is the partnership's single record of one human being; what each agency
told us about them is kept, unaltered, as `PersonRecord`s attached to the person. The person's
summary (name, date of birth ...) is derived from its records, so every field shown has a
provenance (which agency said it, and when). Merging two persons moves the records (and every
other reference registered in `safehub.people.references`) from one person to the other and
remembers exactly what moved; unmerging moves exactly those back. Nothing is ever deleted by a
merge, so an unmerge restores both persons exactly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from safehub.common.models import TimeStampedModel


class PersonRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT_CARER = "parent_carer", "Parent or carer"
    FAMILY_MEMBER = "family_member", "Other family member"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"
    PROFESSIONAL = "professional", "Professional"


class Sex(models.TextChoices):
    """As the DfE Children in Need census records it."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown or not stated"


class DobCertainty(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximate"
    UNKNOWN = "unknown", "Unknown"


class Ethnicity(models.TextChoices):
    """DfE ethnicity codes (main categories used in the CIN census)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class NameKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    NICKNAME = "nickname", "Nickname"
    PREVIOUS = "previous", "Previous name"
    PREFERRED = "preferred", "Preferred name"


class IdentifierKind(models.TextChoices):
    NHS = "nhs", "NHS number"
    UPN = "upn", "Unique pupil number"
    POLICE = "police", "Police id"
    SOCIAL_CARE = "social_care", "Local social-care id"


class RelationshipKind(models.TextChoices):
    PARENT_OF = "parent_of", "Parent of"
    SIBLING_OF = "sibling_of", "Sibling of"
    SAME_HOUSEHOLD = "same_household", "Same household as"
    ASSOCIATE_OF = "associate_of", "Associate of"


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """Persons that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def visible_to(self, user: Any) -> PersonQuerySet:
        from safehub.people.selectors import person_scope_filter

        return self.filter(person_scope_filter(user))


class Person(TimeStampedModel):
    """One human being known to the partnership. Summary fields are derived from the records
    (see `services.person_refresh_summary`) and kept here for listing and search."""

    display_given_name = models.CharField(max_length=100, blank=True)
    display_family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    roles = models.JSONField(default=list, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["display_family_name", "display_given_name", "id"]
        indexes = [models.Index(fields=["merged_into"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.display_given_name} {self.display_family_name}".strip()
        return name or f"Person {self.pk}"

    @property
    def reference(self) -> str:
        return f"P{self.pk:07d}" if self.pk else ""

    def surviving(self) -> Person:
        """This person, or the person it was merged into (following merges of merges)."""
        person, seen = self, set()
        while person.merged_into_id is not None and person.pk not in seen:
            seen.add(person.pk)
            person = Person.objects.get(pk=person.merged_into_id)
        return person


class PersonRecord(TimeStampedModel):
    """What one agency told the partnership about a person, as they told it.

    Values are stored as given (after validation and normalisation); `unverified` lists fields
    the user insisted on keeping although they failed validation (e.g. an NHS number whose check
    digit is wrong), so that matching treats them with caution. The `*_key` columns are
    normalised forms for search, maintained by the services.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    source_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    source_reference = models.CharField(
        max_length=100, blank=True, help_text="The agency's own reference, if any"
    )
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_certainty = models.CharField(
        max_length=12, choices=DobCertainty.choices, default=DobCertainty.UNKNOWN
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address_from = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    school = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    looked_after = models.BooleanField(default=False)
    care_leaver = models.BooleanField(default=False)
    learning_disability_or_sen = models.BooleanField(default=False)
    unverified = models.JSONField(default=list, blank=True)
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="Set by the form that created it, so a retried submission is not saved twice",
    )
    # Normalised keys for search (maintained by services).
    given_key = models.CharField(max_length=100, blank=True, db_index=True)
    given_canonical = models.CharField(max_length=100, blank=True, db_index=True)
    family_key = models.CharField(max_length=100, blank=True, db_index=True)
    family_phonetic = models.CharField(max_length=40, blank=True)
    family_phonetic_last = models.CharField(
        max_length=40, blank=True, help_text="Phonetic key of the last part of a double surname"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        # Each index serves one of the candidate-search lookups in selectors.person_search.
        # The name block also filters on the date of birth inside the index (no table reads).
        # (given_canonical, family_phonetic_last): most records have a blank last part, which
        # SQLite's statistics cannot see (no STAT4), so without this index it read every record
        # with the given name to find the few double surnames (80 ms for "Emily").
        indexes = [
            models.Index(fields=["given_canonical", "family_phonetic", "date_of_birth"]),
            models.Index(fields=["given_canonical", "family_phonetic_last"]),
            # The exact name, looked up first so that a common name's cap keeps it.
            models.Index(fields=["family_key", "given_key"]),
            models.Index(fields=["family_phonetic", "date_of_birth"]),
            models.Index(fields=["family_phonetic_last", "date_of_birth"]),
            models.Index(fields=["given_canonical", "date_of_birth"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["family_phonetic", "postcode"]),
            models.Index(fields=["postcode", "given_canonical"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name} ({self.source_agency})"


class PersonName(TimeStampedModel):
    """An alias, nickname, previous or preferred name, with where it came from. A person of
    concern may be known only by a nickname (no family name)."""

    record = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=12, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    given_key = models.CharField(max_length=100, blank=True, db_index=True)
    given_canonical = models.CharField(max_length=100, blank=True, db_index=True)
    family_key = models.CharField(max_length=100, blank=True, db_index=True)
    family_phonetic = models.CharField(max_length=40, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["given_canonical", "family_phonetic"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.given_name} {self.family_name}".strip()


class PersonIdentifier(TimeStampedModel):
    record = models.ForeignKey(PersonRecord, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=12, choices=IdentifierKind.choices)
    value = models.CharField(max_length=40)
    verified = models.BooleanField(
        default=True, help_text="False when kept although it failed its check digit"
    )

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Relationship(TimeStampedModel):
    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    source_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.from_person} {self.get_kind_display().lower()} {self.to_person}"


class MergeStatus(models.TextChoices):
    MERGED = "merged", "Merged"
    UNMERGED = "unmerged", "Unmerged"


class PersonMerge(TimeStampedModel):
    """One merge: which person was absorbed into which, why, by whom, and exactly which
    references moved (so that unmerge can move exactly those back)."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    automatic = models.BooleanField(default=False)
    moved = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=MergeStatus.choices, default="merged")
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerge_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class LinkDecision(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Same person (merged)"
    REJECTED = "rejected", "Different people"


class LinkCandidate(TimeStampedModel):
    """A pair of persons the linkage model thinks may be the same, waiting for a person to
    decide. Rejected pairs are remembered so that they are not proposed again."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField(default=0)
    evidence = models.JSONField(default=dict)
    veto_reasons = models.JSONField(default=list)
    model_version = models.CharField(max_length=40, blank=True)
    decision = models.CharField(
        max_length=10, choices=LinkDecision.choices, default=LinkDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-match_probability"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_link_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="link_pair_ordered"
            ),
        ]


class LinkageModel(TimeStampedModel):
    """A trained person-linkage model (Splink settings with m and u) and its thresholds."""

    version = models.CharField(max_length=40, unique=True)
    trained_on_records = models.PositiveIntegerField(default=0)
    model = models.JSONField()
    auto_link_threshold = models.FloatField()
    review_threshold = models.FloatField()
    calibration = models.JSONField(default=dict)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]


class CandidatePassOver(TimeStampedModel):
    """A user created a new person although a strong candidate was offered: why."""

    created_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    passed_over = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.TextField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
