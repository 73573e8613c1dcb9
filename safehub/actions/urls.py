from django.urls import path

from safehub.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.actions_home, name="home"),
    path("<int:action_id>/", views.action_detail, name="action"),
    path("<int:action_id>/complete/", views.action_complete, name="complete"),
    path("<int:action_id>/withdraw/", views.action_withdraw, name="withdraw"),
    path("give/<slug:kind>/<int:object_id>/", views.action_give, name="give"),
    path("audit-sample/", views.audit_sample, name="audit_sample"),
    path("audit-sample.csv", views.audit_sample_csv, name="audit_sample_csv"),
]
