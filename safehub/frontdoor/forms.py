"""Forms that parse what people type at the front door. Business rules live in services."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from safehub.accounts.models import Agency
from safehub.common.forms import DATE_FORMATS
from safehub.frontdoor.models import (
    Channel,
    ContactPersonRole,
    ContactType,
    MissingKind,
    MissingSource,
    Rag,
    ReferralSource,
    ReturnInterviewStatus,
    ThresholdLevel,
    TriageOutcome,
)

LONDON = ZoneInfo("Europe/London")
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def combine(day: Any, at: time | None) -> datetime:
    return datetime.combine(day, at or time(0, 0), tzinfo=LONDON)


class HowForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did the contact come in?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact came in"},
    )
    received_date = forms.DateField(
        label="Date received",
        help_text="For example, 27/03/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date the contact was received",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
    received_time = forms.TimeField(
        label="Time received",
        help_text="24-hour clock, for example 14:30",
        input_formats=TIME_FORMATS,
        error_messages={
            "required": "Enter the time the contact was received",
            "invalid": "Enter a time such as 09:15 or 14:30",
        },
    )
    source = forms.ChoiceField(
        label="Where did the contact come from?",
        help_text="The referral source as the Children in Need census records it",
        choices=[("", "Select a source"), *ReferralSource.choices],
        error_messages={"required": "Select where the contact came from"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("received_date") and data.get("received_time"):
            received = combine(data["received_date"], data["received_time"])
            if received > datetime.now(tz=LONDON):
                self.add_error(
                    "received_date", "The date and time received cannot be in the future"
                )
            data["received_at"] = received
        return data


class ReferrerForm(forms.Form):
    referrer_anonymous = forms.BooleanField(
        label="The referrer wants to stay anonymous", required=False
    )
    referrer_is_professional = forms.BooleanField(
        label="The referrer is a professional (we e-mail professionals our feedback)",
        required=False,
    )
    referrer_name = forms.CharField(label="Referrer's name", required=False, max_length=200)
    referrer_role = forms.CharField(
        label="Their role or relationship to the child",
        help_text="For example: designated safeguarding lead, mother, neighbour",
        required=False,
        max_length=200,
    )
    referrer_agency = forms.ModelChoiceField(
        label="Their agency, if a partner agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not a partner agency",
    )
    referrer_organisation = forms.CharField(
        label="Organisation (if not a partner agency)", required=False, max_length=200
    )
    referrer_phone = forms.CharField(label="Phone number", required=False, max_length=50)
    referrer_email = forms.EmailField(
        label="E-mail address",
        required=False,
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )
    referrer_identity_protected = forms.BooleanField(
        label="Protect the referrer's identity (only front-door staff will see who they are)",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referrer_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("referrer_anonymous") and not (data.get("referrer_name") or "").strip():
            self.add_error(
                "referrer_name",
                "Enter the referrer's name, or tick that they want to stay anonymous",
            )
        return data


class ContactTypeForm(forms.Form):
    contact_type = forms.ModelChoiceField(
        label="What is the contact about?",
        queryset=ContactType.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select what the contact is about"},
    )


YES_NO = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


class ProtocolForm(forms.Form):
    """The contact type's scripted questions, built from its protocol."""

    def __init__(self, *args: Any, protocol: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in protocol:
            kind = question.get("kind", "text")
            required = bool(question.get("required"))
            common: dict[str, Any] = {
                "label": question["text"],
                "help_text": question.get("hint", ""),
                "required": required,
                "error_messages": {"required": f"Answer: {question['text']}"},
            }
            field: forms.Field
            if kind == "yes_no":
                field = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
            elif kind == "date":
                common["error_messages"]["invalid"] = "Enter a real date, for example 27/03/2026"
                field = forms.DateField(input_formats=DATE_FORMATS, **common)
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common
                )
            self.fields[question["key"]] = field

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            result[key] = value.isoformat() if hasattr(value, "isoformat") else value
        return result


class AccountForm(forms.Form):
    account = forms.CharField(
        label="What did the referrer tell you?",
        help_text=(
            "In their words where you can. Say who did what, when and where. safehub reads this "
            "for signs of exploitation and proposes indicators for you to confirm."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        error_messages={"required": "Enter what the referrer told you"},
    )


class OtherPersonForm(forms.Form):
    role = forms.ChoiceField(
        label="Who is this person in the concern?",
        choices=[c for c in ContactPersonRole.choices if c[0] != ContactPersonRole.SUBJECT],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the person is"},
    )
    name_as_given = forms.CharField(
        label="Name or nickname",
        help_text="As the referrer gave it. A nickname alone is fine.",
        required=False,
        max_length=200,
    )
    description = forms.CharField(
        label="Description",
        help_text="Age, appearance, car, phone number, where they are seen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not (data.get("name_as_given") or "").strip()
            and not (data.get("description") or "").strip()
        ):
            self.add_error("name_as_given", "Enter a name, a nickname or a description")
        return data


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Threshold level",
        choices=ThresholdLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the threshold level"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the RAG rating"},
    )
    reason = forms.CharField(
        label="Reason (needed if you differ from the screening's suggestion)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=TriageOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    referred_to_agency = forms.ModelChoiceField(
        label="Referred to a partner agency",
        help_text="The agency gets an action in safehub and the contact stays open until it "
        "confirms what it did",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="Not a partner agency (name the service below)",
    )
    referred_to = forms.CharField(
        label="Referred to (agency or service)", required=False, max_length=200
    )
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )
    feedback_to_referrer = forms.CharField(
        label="Feedback to the referrer",
        help_text="Recorded here; e-mailed to professional referrers who gave an address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a note"},
    )


class MissingEpisodeForm(forms.Form):
    """The child is given by person-index reference (for those who can search the index) or
    by details that safehub matches itself (for a school, which cannot search it)."""

    person_reference = forms.CharField(
        label="The child's person-index reference",
        help_text="Find the child under People first; the reference looks like P123. "
        "Or leave this empty and give the child's details below",
        max_length=20,
        required=False,
    )
    child_given_name = forms.CharField(label="Child's first name", max_length=100, required=False)
    child_family_name = forms.CharField(label="Child's last name", max_length=100, required=False)
    child_date_of_birth = forms.CharField(
        label="Date of birth",
        help_text="For example 27/04/2010",
        max_length=20,
        required=False,
    )
    child_postcode = forms.CharField(
        label="Home postcode (if known)", max_length=10, required=False
    )
    child_upn = forms.CharField(
        label="Unique pupil number (if known)", max_length=13, required=False
    )
    source = forms.ChoiceField(
        label="Who is reporting?", choices=MissingSource.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label="Is the child's whereabouts known?",
        choices=MissingKind.choices,
        widget=forms.RadioSelect,
    )
    started_date = forms.DateField(
        label="Date the child went missing",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={"invalid": "Enter a real date, for example 27/03/2026"},
    )
    started_time = forms.TimeField(
        label="Time", input_formats=TIME_FORMATS, required=False, help_text="For example 21:30"
    )
    school_days_missed = forms.IntegerField(
        label="School days missed (schools only)", required=False, min_value=0
    )
    circumstances = forms.CharField(
        label="Circumstances", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    police_reference = forms.CharField(label="Police reference", required=False, max_length=50)

    CHILD_FIELDS = (
        "child_given_name",
        "child_family_name",
        "child_date_of_birth",
        "child_postcode",
        "child_upn",
    )

    def __init__(self, *args: Any, can_search: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_search = can_search
        if not can_search:
            del self.fields["person_reference"]
            self.fields["child_given_name"].required = True
            self.fields["child_family_name"].required = True
            self.fields["child_given_name"].error_messages["required"] = (
                "Enter the child's first name"
            )
            self.fields["child_family_name"].error_messages["required"] = (
                "Enter the child's last name"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reference = cleaned.get("person_reference", "").strip()
        details = any(cleaned.get(name, "").strip() for name in self.CHILD_FIELDS)
        if self.can_search:
            if not reference and not details:
                self.add_error(
                    "person_reference",
                    "Enter the child's person-index reference, or the child's details",
                )
            elif reference and details:
                self.add_error(
                    "person_reference",
                    "Give the child's reference or the child's details, not both",
                )
        return cleaned


class ReturnedForm(forms.Form):
    ended_date = forms.DateField(label="Date the child came back", input_formats=DATE_FORMATS)
    ended_time = forms.TimeField(label="Time", input_formats=TIME_FORMATS, required=False)
    found_where = forms.CharField(label="Where was the child found?", required=False)
    found_with = forms.CharField(label="Who was the child with?", required=False)


class ReturnInterviewForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened?",
        choices=[c for c in ReturnInterviewStatus.choices if c[0] != ReturnInterviewStatus.DUE],
        widget=forms.RadioSelect,
    )
    child_said = forms.CharField(
        label="What the child said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="This is read for signs of exploitation with the missing episode",
    )


class PublicConcernForm(forms.Form):
    """The public form: plain English, everything optional except the worry itself."""

    who = forms.ChoiceField(
        label="Who are you?",
        choices=[
            ("parent", "A parent or carer"),
            ("young_person", "A young person worried about myself"),
            ("friend", "A friend of the child"),
            ("relative", "Another relative"),
            ("neighbour", "A neighbour or someone who knows the child"),
            ("other", "Someone else"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )
    about = forms.ChoiceField(
        label="What would you like to tell us about?",
        choices=[
            ("child", "A child I am worried about"),
            ("exploitation", "Information about people or places involved in exploitation"),
        ],
        widget=forms.RadioSelect,
        initial="child",
        error_messages={"required": "Select what you would like to tell us about"},
    )
    child_name = forms.CharField(
        label="The child's name, if you know it", required=False, max_length=200
    )
    child_age = forms.CharField(
        label="Their age or date of birth, if you know it", required=False, max_length=50
    )
    child_where = forms.CharField(
        label="Where they live or go to school, if you know",
        required=False,
        max_length=300,
    )
    concern = forms.CharField(
        label="What are you worried about?",
        help_text="Tell us what you have seen or heard, when and where. Include any names, "
        "nicknames, cars or places.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        error_messages={"required": "Tell us what you are worried about"},
    )
    anonymous = forms.BooleanField(label="I do not want to give my name", required=False)
    your_name = forms.CharField(label="Your name", required=False, max_length=200)
    your_phone = forms.CharField(label="Your phone number", required=False, max_length=50)
    your_email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        error_messages={"invalid": "Enter an e-mail address like name@example.com"},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("anonymous") and not (data.get("your_name") or "").strip():
            self.add_error("your_name", "Enter your name, or tick that you do not want to give it")
        return data
