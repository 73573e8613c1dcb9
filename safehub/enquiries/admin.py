"""Enquiry configuration in the technical administration site (administrators only): the
deadlines for agencies' answers. Enquiries themselves are never edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safehub.enquiries.models import EnquirySettings


@admin.register(EnquirySettings)
class EnquirySettingsAdmin(admin.ModelAdmin[EnquirySettings]):
    fields = ["red_response_hours", "amber_response_hours", "green_response_hours"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not EnquirySettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
