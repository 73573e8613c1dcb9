from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from safehub.accounts.models import Agency, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency_type", "is_active"]
    list_filter = ["agency_type", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    """Read and correct user details. Invitations, roles and deactivation belong on safehub's
    own users page, where they are audited; here deletion is not offered at all."""

    list_display = ["email", "full_name", "agency", "is_active"]
    list_filter = ["is_active", "agency"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "job_title", "phone", "agency", "is_active", "last_login"]
    readonly_fields = ["email", "is_active", "last_login"]
    inlines = [RoleAssignmentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
