from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safehub.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from safehub.accounts import signals  # noqa: F401
