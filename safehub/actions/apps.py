from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "safehub.actions"
    label = "actions"
    verbose_name = "Partner actions"

    def ready(self) -> None:
        from safehub.actions import rules  # noqa: F401  (registers the permissions)
        from safehub.people import references

        references.register("actions.PartnerAction", "child")

        from safehub.actions.selectors import home_work
        from safehub.actions.services import action_from_triage
        from safehub.common import home
        from safehub.frontdoor import hooks

        hooks.on_triage(action_from_triage)
        home.register(home_work)
