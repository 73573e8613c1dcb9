"""The partnership's timescales for partner actions (administrators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safehub.actions.models import ActionSettings


@admin.register(ActionSettings)
class ActionSettingsAdmin(admin.ModelAdmin[ActionSettings]):
    list_display = ["__str__", "remind_working_days_before", "referral_due_working_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ActionSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
