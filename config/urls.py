from django.contrib import admin
from django.urls import include, path

from safehub.api.api import api
from safehub.common.admin_site import restrict_admin_site

restrict_admin_site(admin.site)

urlpatterns = [
    path("", include("safehub.common.urls")),
    path("accounts/", include("safehub.accounts.urls")),
    path("audit/", include("safehub.audit.urls")),
    path("notifications/", include("safehub.notifications.urls")),
    path("people/", include("safehub.people.urls")),
    path("front-door/", include("safehub.frontdoor.urls")),
    path("enquiries/", include("safehub.enquiries.urls")),
    path("pathway/", include("safehub.pathway.urls")),
    path("actions/", include("safehub.actions.urls")),
    path("report-a-concern/", include("safehub.frontdoor.public_urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "safehub.common.views.bad_request"
handler403 = "safehub.common.views.permission_denied"
handler404 = "safehub.common.views.page_not_found"
handler500 = "safehub.common.views.server_error"
