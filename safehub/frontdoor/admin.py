"""Front-door configuration in the technical administration site (administrators only).

Settings and contact types are changed here (with history); instruments are immutable
versions, so they can be added and read but not changed or deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from safehub.frontdoor.models import ContactType, FrontDoorSettings, ScreeningInstrument


class FrontDoorSettingsForm(forms.ModelForm[FrontDoorSettings]):
    class Meta:
        model = FrontDoorSettings
        fields = [
            "active_instrument_code",
            "red_decision_hours",
            "amber_decision_hours",
            "green_decision_hours",
            "referral_decision_working_days",
            "repeat_contacts_count",
            "repeat_contacts_window_days",
            "alert_acknowledge_minutes",
            "missing_education_school_days",
            "missing_strategy_episodes",
            "missing_strategy_window_days",
            "return_interview_hours",
        ]

    def clean_active_instrument_code(self) -> str:
        code: str = self.cleaned_data["active_instrument_code"]
        if not ScreeningInstrument.objects.filter(code=code).exists():
            raise forms.ValidationError("No screening instrument has that code")
        return code


@admin.register(FrontDoorSettings)
class FrontDoorSettingsAdmin(SimpleHistoryAdmin):
    form = FrontDoorSettingsForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not FrontDoorSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactType)
class ContactTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_cse", "is_active", "order"]
    list_filter = ["is_active", "is_cse"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScreeningInstrumentForm(forms.ModelForm[ScreeningInstrument]):
    class Meta:
        model = ScreeningInstrument
        fields = ["code", "version", "name", "definition"]

    def clean(self) -> dict[str, Any]:
        from safehub.frontdoor.screening.instruments import InstrumentDefinition, InstrumentError

        data = super().clean() or {}
        try:
            definition = InstrumentDefinition.parse(data.get("definition"))
        except InstrumentError as exc:
            raise forms.ValidationError(list(exc.errors)) from exc
        if (definition.code, definition.version) != (data.get("code"), data.get("version")):
            raise forms.ValidationError("The code and version must match the definition's")
        return data


@admin.register(ScreeningInstrument)
class ScreeningInstrumentAdmin(admin.ModelAdmin[ScreeningInstrument]):
    form = ScreeningInstrumentForm
    list_display = ["name", "code", "version", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
