from django.urls import path

from safehub.enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("", views.enquiry_list, name="list"),
    path("open/<int:contact_id>/", views.enquiry_open, name="open"),
    path("<int:enquiry_id>/", views.enquiry_detail, name="enquiry"),
    path("<int:enquiry_id>/invite/", views.enquiry_invite, name="invite"),
    path("<int:enquiry_id>/entries/new/", views.entry_new, name="entry_new"),
    path("<int:enquiry_id>/nothing-known/", views.nothing_known, name="nothing_known"),
    path(
        "<int:enquiry_id>/entries/<int:entry_id>/relevant/",
        views.entry_relevant,
        name="entry_relevant",
    ),
    path("<int:enquiry_id>/close/", views.enquiry_close, name="close"),
    path("<int:enquiry_id>/sharing/new/", views.sharing_new, name="sharing_new"),
]
