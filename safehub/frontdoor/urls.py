from django.urls import path

from safehub.frontdoor import views, views_missing

app_name = "frontdoor"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:contact_id>/", views.contact_detail, name="contact"),
    path("contacts/<int:contact_id>/people/", views.contact_people, name="people"),
    path("contacts/<int:contact_id>/people/add/", views.contact_add_child, name="add_person"),
    path("contacts/<int:contact_id>/screening/", views.contact_screening, name="screening"),
    path("contacts/<int:contact_id>/submit/", views.contact_submit, name="submit"),
    path("contacts/<int:contact_id>/triage/", views.contact_triage, name="triage"),
    path(
        "contacts/<int:contact_id>/confirm-referral/",
        views.referral_confirm,
        name="referral_confirm",
    ),
    path("contacts/<int:contact_id>/autosave/<slug:section>/", views.autosave, name="autosave"),
    path("contacts/<int:contact_id>/<slug:section>/", views.contact_section, name="section"),
    path("missing/", views_missing.missing_list, name="missing_list"),
    path("missing/new/", views_missing.missing_new, name="missing_new"),
    path("missing/<int:episode_id>/", views_missing.missing_detail, name="missing"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
]
