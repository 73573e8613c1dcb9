from django.urls import path

from safehub.frontdoor import public

app_name = "public"

urlpatterns = [
    path("", public.report_concern, name="report"),
    path("thank-you/", public.thanks, name="thanks"),
]
