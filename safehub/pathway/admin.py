"""The board's caseload limit, in the technical administration site (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safehub.pathway.models import PathwaySettings, SupportService


@admin.register(PathwaySettings)
class PathwaySettingsAdmin(admin.ModelAdmin[PathwaySettings]):
    fields = [
        "max_high_priority_cases",
        "panel_within_working_days",
        "expected_contacts_per_week",
        "contact_window_days",
        "panel_every_days",
        "panel_agencies",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PathwaySettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin[SupportService]):
    list_display = ["name", "phone", "out_of_hours_phone", "is_active"]
    list_filter = ["is_active", "for_young_people", "for_families"]
    fields = [
        "name",
        "offers",
        "for_young_people",
        "for_families",
        "grades",
        "stages",
        "phone",
        "out_of_hours_phone",
        "website",
        "is_active",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # make it inactive instead: cases may have been offered it
