from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "safehub.enquiries"
    label = "enquiries"
    verbose_name = "Multi-agency child enquiries"

    def ready(self) -> None:
        from safehub.enquiries import rules  # noqa: F401  (registers the permissions)
        from safehub.people import references

        references.register("enquiries.Enquiry", "child")
        references.register("enquiries.EnquiryEntry", "about_person")
        references.register("enquiries.SharingDecision", "child")

        from safehub.common import home
        from safehub.enquiries.selectors import home_work

        home.register(home_work)
