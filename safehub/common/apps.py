from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "safehub.common"
    label = "common"
    verbose_name = "Common"
