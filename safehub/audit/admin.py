from django.contrib import admin

from safehub.audit.models import AuditEvent, BreakGlassAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "actor_email", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_email", "object_id", "request_id"]


@admin.register(BreakGlassAccess)
class BreakGlassAccessAdmin(ReadOnlyAdmin):
    list_display = ["granted_at", "user", "object_type", "object_id", "review_outcome"]
