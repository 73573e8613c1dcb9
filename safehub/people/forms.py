"""Forms for the person index. They parse input only; the services validate and decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from safehub.accounts.models import Agency
from safehub.people.models import (
    DobCertainty,
    Ethnicity,
    NameKind,
    PersonRole,
    RelationshipKind,
    Sex,
)
from safehub.people.services import INSISTABLE, AliasInput, RecordInput

INSIST_LABELS = {
    "postcode": "Keep this postcode although it does not look like a UK postcode",
    "phone": "Keep this phone number although it does not look right",
    "nhs_number": "Keep this NHS number although its check digit is wrong (marked unverified)",
    "upn": "Keep this pupil number although its check letter is wrong (marked unverified)",
}


class PersonReferenceField(forms.CharField):
    """A person's reference as shown on their page ("P0000123"), cleaned to the person's id."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Reference of the other person")
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("error_messages", {"required": "Enter the other person's reference"})
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:
        text = str(super().clean(value)).strip().upper().lstrip("P")
        if not text.isdigit():
            raise forms.ValidationError("Enter a reference like P0000123")
        return int(text)


class PersonSearchForm(forms.Form):
    given_name = forms.CharField(label="Given name or nickname", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        help_text="For example 2009-04-27",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date of birth as YYYY-MM-DD"},
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    nhs_number = forms.CharField(label="NHS number", required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f) for f in self.fields):
            raise forms.ValidationError("Enter at least a name, a date of birth or an identifier")
        return cleaned


class PersonRecordForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    role = forms.ChoiceField(
        label="Who is this person in the concern?",
        choices=PersonRole.choices,
        widget=forms.RadioSelect,
        initial=PersonRole.CHILD,
        error_messages={"required": "Select the person's role"},
    )
    given_name = forms.CharField(label="Given name", required=False, max_length=100)
    family_name = forms.CharField(label="Family name", required=False, max_length=100)
    nickname = forms.CharField(
        label="Nickname or other name (optional)",
        required=False,
        max_length=100,
        help_text="For a person of concern known only by a nickname, enter just this",
    )
    date_of_birth = forms.CharField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example 2009-04-27 or 27/04/2009",
        max_length=20,
    )
    dob_certainty = forms.ChoiceField(
        label="How certain is the date of birth?",
        choices=DobCertainty.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False
    )
    gender_identity = forms.CharField(
        label="Gender identity (optional)", required=False, max_length=100
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity (optional)",
        choices=[("", "Not known"), *Ethnicity.choices],
        required=False,
    )
    address = forms.CharField(label="Address (optional)", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=12)
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)
    email = forms.CharField(label="E-mail address (optional)", required=False, max_length=254)
    nhs_number = forms.CharField(label="NHS number (optional)", required=False, max_length=20)
    upn = forms.CharField(label="Unique pupil number (optional)", required=False, max_length=20)
    police_id = forms.CharField(label="Police id (optional)", required=False, max_length=40)
    social_care_id = forms.CharField(
        label="Social-care id (optional)", required=False, max_length=40
    )
    school = forms.ModelChoiceField(
        label="School or college (optional)",
        queryset=Agency.objects.filter(agency_type="education", is_active=True),
        required=False,
        empty_label="Not known or none",
    )
    looked_after = forms.BooleanField(label="Looked after", required=False)
    care_leaver = forms.BooleanField(label="Care leaver", required=False)
    learning_disability_or_sen = forms.BooleanField(
        label="Learning disability or special educational needs", required=False
    )
    insist = forms.MultipleChoiceField(
        choices=[(k, INSIST_LABELS[k]) for k in sorted(INSISTABLE)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pass_over_reason = forms.CharField(
        label="Why are you adding a new person instead of choosing one of these?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("submission_key"):
            self.initial["submission_key"] = uuid.uuid4().hex

    def record_input(self) -> RecordInput:
        data = self.cleaned_data
        aliases = []
        if data.get("nickname"):
            aliases.append(AliasInput(NameKind.NICKNAME, data["nickname"]))
        return RecordInput(
            role=data.get("role") or PersonRole.CHILD,
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            date_of_birth=data.get("date_of_birth", ""),
            dob_certainty=data.get("dob_certainty", ""),
            sex=data.get("sex") or Sex.UNKNOWN,
            gender_identity=data.get("gender_identity", ""),
            ethnicity=data.get("ethnicity", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            nhs_number=data.get("nhs_number", ""),
            upn=data.get("upn", ""),
            police_id=data.get("police_id", ""),
            social_care_id=data.get("social_care_id", ""),
            school_id=data["school"].pk if data.get("school") else None,
            looked_after=bool(data.get("looked_after")),
            care_leaver=bool(data.get("care_leaver")),
            learning_disability_or_sen=bool(data.get("learning_disability_or_sen")),
            aliases=aliases,
            submission_key=data.get("submission_key", ""),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a reason"},
    )


class MergeForm(forms.Form):
    other_reference = PersonReferenceField(help_text="For example P0000123, from their person page")


class RelationshipForm(forms.Form):
    kind = forms.ChoiceField(
        label="This person is",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the relationship"},
    )
    other_reference = PersonReferenceField(help_text="For example P0000123")
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)


class LinkDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            ("same", "Yes, the same person: merge them"),
            ("different", "No, different people"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for your decision"},
    )
