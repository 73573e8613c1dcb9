from django.urls import path

from safehub.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_csv, name="export"),
    path("break-glass/", views.break_glass_reviews, name="break_glass_list"),
    path("break-glass/<int:access_id>/", views.break_glass_review_view, name="break_glass_review"),
]
