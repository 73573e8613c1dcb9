from django.urls import path

from safehub.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_search_view, name="search"),
    path("new/", views.person_create_view, name="create"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:candidate_id>/", views.review_candidate, name="review_candidate"),
    path("merges/<int:merge_id>/unmerge/", views.person_unmerge_view, name="unmerge"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/merge/", views.person_merge_view, name="merge"),
    path(
        "<int:person_id>/relationships/add/",
        views.relationship_add_view,
        name="relationship_add",
    ),
]
