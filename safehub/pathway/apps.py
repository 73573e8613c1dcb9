from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "safehub.pathway"
    label = "pathway"
    verbose_name = "CSE care pathway"

    def ready(self) -> None:
        from safehub.pathway import rules  # noqa: F401  (registers the permissions)
        from safehub.people import references

        references.register("pathway.CseCase", "child")

        from safehub.common import home
        from safehub.frontdoor import hooks
        from safehub.pathway.selectors import home_work
        from safehub.pathway.services import case_open_from_triage

        hooks.on_triage(case_open_from_triage)
        home.register(home_work)
