"""Forms for the pathway (GOV.UK markup from templates/includes/field.html)."""

from __future__ import annotations

from typing import Any

from django import forms

from safehub.common.forms import DATE_FORMATS
from safehub.pathway.models import CaseStatus, ContactKind, RiskGrade

PERIODS = [
    ("", "Not present"),
    ("current", "Now or in the last 6 months"),
    ("6_to_12_months", "6 to 12 months ago"),
]


class AllocateForm(forms.Form):
    practitioner = forms.ChoiceField(
        label="Allocate to", error_messages={"required": "Choose a CSE practitioner"}
    )
    breach_reason = forms.CharField(
        label="Reason to allocate over the caseload limit (only if it applies)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, caseloads: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a practitioner"),
            *[
                (
                    str(c.practitioner.pk),
                    f"{c.practitioner.full_name}: {c.high_priority} of {c.limit} high-priority"
                    + (" (over the limit)" if c.over_limit else ""),
                )
                for c in caseloads
            ],
        ]


class AssessForm(forms.Form):
    narrative = forms.CharField(
        label="Your assessment",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you found with the young person and the agencies, and why",
        error_messages={"required": "Write the assessment: what you found and why"},
    )

    def __init__(self, *args: Any, indicators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_fields: list[str] = []
        for indicator in indicators:
            name = f"indicator_{indicator.code}"
            self.fields[name] = forms.ChoiceField(
                label=indicator.label, choices=PERIODS, required=False
            )
            self.indicator_fields.append(name)

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("indicator_"): self.cleaned_data[name]
            for name in self.indicator_fields
            if self.cleaned_data.get(name)
        }


ENDINGS = [
    (CaseStatus.CLOSED.value, "Close with an exit strategy"),
    (CaseStatus.STEPPED_UP.value, "Step up to child protection"),
    (CaseStatus.TRANSFERRED.value, "Transfer to adult services"),
]


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        label="Where does the case go next?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the case goes next"},
    )
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exit_strategy = forms.CharField(
        label="Exit strategy (to close)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent_failing_to_protect = forms.CharField(
        label="How a parent is failing to protect (to step up)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    transfer_reason = forms.CharField(
        label="Reason for the transfer to adult services",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            *[(m, CaseStatus(m).label) for m in moves],
            *ENDINGS,
        ]


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label="The panel's grade",
        choices=RiskGrade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a grade from Low to High"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the panel's rationale"},
    )


class AdulthoodForm(forms.Form):
    decision = forms.ChoiceField(
        label="What happens at 18?",
        choices=[
            ("continues", "The CSE team continues to support them"),
            ("transferred", "Transfer to adult services"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happens at 18"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )


class TimeForm(forms.Form):
    on = forms.DateField(
        label="Date",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
    kind = forms.ChoiceField(
        label="How were you in touch?",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you were in touch"},
    )
    minutes = forms.IntegerField(
        label="How long, in minutes",
        min_value=1,
        error_messages={"required": "Enter how long it lasted, in minutes"},
    )
    place = forms.CharField(label="Where (optional)", required=False, max_length=200)
    seen_alone = forms.BooleanField(label="Seen alone", required=False)
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


ACTION_ROWS = 6
YES_NO = [("yes", "Yes"), ("no", "No")]


class SafetyPlanForm(forms.Form):
    goals = forms.CharField(
        label="Goals of the plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the plan's goals"},
    )
    young_person_took_part = forms.ChoiceField(
        label="Did the young person take part in making the plan?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the young person took part"},
    )
    young_person_said = forms.CharField(
        label="What the young person said (or why they did not take part)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write what the young person said, or why they did not take part"
        },
    )
    parents_took_part = forms.ChoiceField(
        label="Did the parents or carers take part?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the parents or carers took part"},
    )
    parents_said = forms.CharField(
        label="What the parents or carers said (or why they did not take part)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write what the parents said, or why they did not take part"},
    )
    family_summary = forms.CharField(
        label="The plan in plain words, for the young person and family",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is printed for the family. Leave out anything they must not see",
        error_messages={
            "required": "Write the plan in plain words for the young person and family"
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_what"] = forms.CharField(
                label=f"Action {n}: what", required=False
            )
            self.fields[f"action_{n}_who"] = forms.CharField(
                label=f"Action {n}: who", required=False, max_length=200
            )
            self.fields[f"action_{n}_by_when"] = forms.DateField(
                label=f"Action {n}: by when",
                required=False,
                input_formats=DATE_FORMATS,
                help_text="For example, 27/03/2026",
                error_messages={"invalid": "Enter a real date, for example 27/03/2026"},
            )
            self.fields[f"action_{n}_restricted"] = forms.BooleanField(
                label=f"Action {n}: restricted (not in the family's copy)", required=False
            )

    def action_rows(self) -> list[list[Any]]:
        return [
            [self[f"action_{n}_{part}"] for part in ("what", "who", "by_when", "restricted")]
            for n in range(1, ACTION_ROWS + 1)
        ]


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label="Date the meeting was held",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter when the meeting was held",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies that attended",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that attended"},
    )
    attendees = forms.CharField(
        label="Who attended (names and roles)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decisions = forms.CharField(
        label="Decisions",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Record the meeting's decisions"},
    )
    perpetrator_actions = forms.CharField(
        label="Actions against the people exploiting the young person (for the police)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen only by police and the safeguarding leads",
    )

    def __init__(
        self, *args: Any, agencies: list[tuple[str, str]], restricted: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = agencies  # type: ignore[attr-defined]
        if not restricted:
            del self.fields["perpetrator_actions"]


# --- The multi-agency risk panel ----------------------------------------------------------


class PanelScheduleForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the panel",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date of the panel",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
    location = forms.CharField(label="Where (optional)", required=False, max_length=200)


class PanelAgendaForm(forms.Form):
    cases = forms.MultipleChoiceField(
        label="Cases to add to the agenda",
        widget=forms.CheckboxSelectMultiple,
        help_text="Cases past their six-week deadline come first",
        error_messages={"required": "Select at least one case for the agenda"},
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [  # type: ignore[attr-defined]
            (
                str(c.case.pk),
                f"{c.case.reference}: {c.case.child.display_name}, {c.why}"
                + (" (overdue)" if c.overdue else ""),
            )
            for c in candidates
        ]


PANEL_INPUT_LABELS = {
    "practitioner_report": "The practitioner's report",
    "police_intelligence": "The police intelligence summary",
    "agency_information": "Your agency's information",
}


class PanelInputForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write the information for the panel"},
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = PANEL_INPUT_LABELS[kind]
        if kind == "police_intelligence":
            self.fields["text"].help_text = (
                "Seen only by police officers and the panel's chairs: other agencies are told "
                "that police hold it"
            )


class PanelAttendanceForm(forms.Form):
    """For each expected agency: did it attend, who represented it, or why it did not."""

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        for agency in agencies:
            prefix = f"agency_{agency.pk}_"
            self.fields[f"{prefix}attended"] = forms.ChoiceField(
                label=f"Did {agency.name} attend?",
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"{prefix}representative"] = forms.CharField(
                label=f"{agency.name}: representative's name and role",
                required=False,
                max_length=200,
            )
            self.fields[f"{prefix}absence_reason"] = forms.CharField(
                label=f"{agency.name}: reason for the absence",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def agency_rows(self) -> list[tuple[Any, list[Any]]]:
        return [
            (
                agency,
                [
                    self[f"agency_{agency.pk}_{part}"]
                    for part in ("attended", "representative", "absence_reason")
                ],
            )
            for agency in self.agencies
        ]


PANEL_ACTION_ROWS = 3


class PanelDecisionForm(forms.Form):
    grade = forms.ChoiceField(
        label="The panel's grade",
        choices=RiskGrade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a grade from Low to High"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the panel's rationale"},
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PANEL_ACTION_ROWS + 1):
            self.fields[f"action_{n}_owning_agency"] = forms.ChoiceField(
                label=f"Action {n}: agency",
                choices=[("", "Choose an agency"), *agencies],
                required=False,
            )
            self.fields[f"action_{n}_what"] = forms.CharField(
                label=f"Action {n}: what the agency is to do", required=False
            )
            self.fields[f"action_{n}_due_on"] = forms.DateField(
                label=f"Action {n}: due by",
                required=False,
                input_formats=DATE_FORMATS,
                help_text="For example, 27/03/2026",
                error_messages={"invalid": "Enter a real date, for example 27/03/2026"},
            )

    def action_rows(self) -> list[list[Any]]:
        return [
            [self[f"action_{n}_{part}"] for part in ("owning_agency", "what", "due_on")]
            for n in range(1, PANEL_ACTION_ROWS + 1)
        ]
