from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FrontdoorConfig(AppConfig):
    name = "safehub.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door"

    def ready(self) -> None:
        from safehub.frontdoor import rules  # noqa: F401  (registers the permissions)
        from safehub.frontdoor.configuration import sync_after_migrate
        from safehub.people import references

        references.register("frontdoor.ContactPerson", "person")
        references.register("frontdoor.MissingEpisode", "person")
        references.register("frontdoor.Alert", "person")
        post_migrate.connect(sync_after_migrate, sender=self)

        from django.db.models.signals import post_save

        from safehub.frontdoor.models import ContactType, FrontDoorSettings, ScreeningInstrument
        from safehub.frontdoor.services import settings_forget

        for model in (FrontDoorSettings, ContactType, ScreeningInstrument):
            post_save.connect(settings_forget, sender=model)

        from safehub.common import home
        from safehub.frontdoor.selectors import (
            home_work,
            person_front_door_panel,
            persons_involved_through_contacts,
            persons_involved_through_missing_reports,
        )
        from safehub.people import involvement
        from safehub.people.panels import Panel, register

        register(Panel("frontdoor/_person_panel.html", person_front_door_panel, order=10))
        involvement.register(persons_involved_through_contacts)
        involvement.register(persons_involved_through_missing_reports)
        home.register(home_work)
