from django.urls import path

from safehub.pathway import views

app_name = "pathway"

urlpatterns = [
    path("", views.pathway_home, name="home"),
    path("dashboard/<slug:slug>/", views.dashboard_list, name="dashboard_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/allocate/", views.case_allocate, name="allocate"),
    path("cases/<int:case_id>/assess/", views.case_assess, name="assess"),
    path("cases/<int:case_id>/move/", views.case_move, name="move"),
    path("cases/<int:case_id>/grade/", views.case_grade, name="grade"),
    path("cases/<int:case_id>/adulthood/", views.case_adulthood, name="adulthood"),
    path("cases/<int:case_id>/time/new/", views.time_new, name="time_new"),
    path("cases/<int:case_id>/safety-plan/", views.safety_plan_edit, name="safety_plan"),
    path(
        "cases/<int:case_id>/strategy-meetings/<int:meeting_id>/",
        views.strategy_meeting_record,
        name="strategy_meeting",
    ),
    path(
        "cases/<int:case_id>/safety-plan/family-copy/",
        views.safety_plan_print,
        name="safety_plan_print",
    ),
    path("panels/", views.panel_list, name="panels"),
    path("panels/new/", views.panel_new, name="panel_new"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel"),
    path("panels/<int:panel_id>/agenda/", views.panel_agenda, name="panel_agenda"),
    path("panels/<int:panel_id>/attendance/", views.panel_attendance, name="panel_attendance"),
    path(
        "panels/<int:panel_id>/items/<int:item_id>/decision/",
        views.panel_decision,
        name="panel_decision",
    ),
    path(
        "panels/<int:panel_id>/items/<int:item_id>/<str:kind>/",
        views.panel_input_new,
        name="panel_input",
    ),
    path("panels/<int:panel_id>/minutes/", views.panel_minutes, name="panel_minutes"),
    path("panels/<int:panel_id>/minutes.pdf", views.panel_minutes_pdf, name="panel_minutes_pdf"),
]
