"""Forms for partner actions: GOV.UK markup comes from templates/includes/field.html."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from safehub.accounts.models import Agency
from safehub.common.forms import DATE_FORMATS


def _due_field(label: str = "Due by", required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        required=required,
        error_messages={
            "required": "Enter the date the action is due by",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )


class GiveActionForm(forms.Form):
    owning_agency = forms.ModelChoiceField(
        label="Agency that owns the action",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency that owns the action"},
    )
    what = forms.CharField(
        label="What the agency is to do",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the agency is to do"},
    )
    due_on = _due_field()
    restricted = forms.BooleanField(
        label="Restricted: action against the people exploiting the child",
        help_text="Seen only by the owning agency and the safeguarding leads",
        required=False,
    )

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past")
        return due_on

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owning_agency"].queryset = (  # type: ignore[attr-defined]
            agencies if agencies is not None else Agency.objects.filter(is_active=True)
        ).order_by("name")


class CompleteForm(forms.Form):
    evidence = forms.CharField(
        label="What was done, and where it is recorded",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The action stays open until your agency confirms it here",
        error_messages={"required": "Say what was done and where it is recorded"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the action being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for withdrawing the action"},
    )


class AuditSampleForm(forms.Form):
    date_from = forms.DateField(
        label="Referrals received from",
        input_formats=DATE_FORMATS,
        help_text="For example, 01/04/2016",
        error_messages={
            "required": "Enter the start of the period",
            "invalid": "Enter a real date, for example 01/04/2016",
        },
    )
    date_to = forms.DateField(
        label="Referrals received up to",
        input_formats=DATE_FORMATS,
        help_text="For example, 31/03/2017",
        error_messages={
            "required": "Enter the end of the period",
            "invalid": "Enter a real date, for example 31/03/2017",
        },
    )
    fraction = forms.DecimalField(
        label="Fraction of referrals to sample",
        help_text="Recommendation 23 asks for 10%: enter 0.10",
        min_value=0.01,
        max_value=1,
        decimal_places=2,
        initial="0.10",
        error_messages={
            "required": "Enter the fraction to sample, for example 0.10",
            "invalid": "Enter the fraction as a number, for example 0.10",
            "min_value": "The fraction must be at least 0.01",
            "max_value": "The fraction must be at most 1",
        },
    )
    seed = forms.IntegerField(
        label="Seed",
        help_text="The same seed draws the same referrals again: note it in the audit report",
        min_value=0,
        error_messages={
            "required": "Enter a seed, for example 2017",
            "invalid": "Enter the seed as a whole number",
            "min_value": "The seed cannot be negative",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the period must be after its start")
        return cleaned
