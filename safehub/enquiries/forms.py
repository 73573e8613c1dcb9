"""Forms for enquiries: GOV.UK markup comes from templates/includes/field.html."""

from __future__ import annotations

from typing import Any

from django import forms

from safehub.accounts.models import Agency
from safehub.common.forms import DATE_FORMATS
from safehub.enquiries.models import ConsentStatus, EntryKind, LawfulBasis
from safehub.frontdoor.models import TriageOutcome


class OpenEnquiryForm(forms.Form):
    reason = forms.CharField(
        label="Why are you opening an enquiry?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why you are opening an enquiry"},
    )


class InviteForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies should say what they know?",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency"},
    )

    def __init__(self, *args: Any, exclude: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True).order_by("name")
        if exclude:
            agencies = agencies.exclude(pk__in=exclude)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=EntryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are adding"},
    )
    happened_on = forms.DateField(
        label="When did it happen?",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date it happened",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
    about = forms.ChoiceField(
        label="Who is it about?",
        choices=[("child", "The child"), ("other", "A person of concern")],
        widget=forms.RadioSelect,
        initial="child",
    )
    about_description = forms.CharField(
        label="The person of concern (name, nickname or description)",
        required=False,
        max_length=300,
    )
    text = forms.CharField(
        label="What your agency knows",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only your agency and the safeguarding social worker will see this",
        error_messages={"required": "Enter what your agency knows"},
    )
    informant = forms.CharField(label="Who told you (optional)", required=False, max_length=300)
    informant_identity_protected = forms.BooleanField(
        label="Protect the informant's identity",
        required=False,
        help_text="Only the safeguarding social worker and your agency will see who it was",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("about") == "other" and not cleaned.get("about_description", "").strip():
            self.add_error("about_description", "Describe the person of concern")
        return cleaned


class RelevantForm(forms.Form):
    relevant = forms.BooleanField(required=False)


class CloseForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is the decision?",
        choices=TriageOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    referred_to = forms.CharField(
        label="Referred to (for a referral to another agency or service)",
        required=False,
        max_length=200,
    )
    decision_reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )


class SharingForm(forms.Form):
    shared = forms.TypedChoiceField(
        label="What was decided?",
        choices=[("yes", "To share"), ("no", "Not to share")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the information is shared"},
    )
    information = forms.CharField(
        label="What information", widget=forms.Textarea(attrs={"rows": 3})
    )
    recipient_agency = forms.ModelChoiceField(
        label="With which agency", queryset=Agency.objects.none(), required=False
    )
    recipient_other = forms.CharField(
        label="Or with whom (if not an agency in safehub)", required=False, max_length=300
    )
    purpose = forms.CharField(label="For what purpose", widget=forms.Textarea(attrs={"rows": 3}))
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=[("", "Select the lawful basis"), *LawfulBasis.choices],
        required=False,
    )
    consent = forms.ChoiceField(
        label="Consent", choices=ConsentStatus.choices, widget=forms.RadioSelect
    )
    consent_reason = forms.CharField(
        label="Why consent was not sought, or why sharing goes ahead without it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("name")
