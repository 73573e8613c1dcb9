"""The board's caseload limit, in the technical administration site (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safehub.pathway.models import PathwaySettings


@admin.register(PathwaySettings)
class PathwaySettingsAdmin(admin.ModelAdmin[PathwaySettings]):
    fields = ["max_high_priority_cases"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not PathwaySettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
