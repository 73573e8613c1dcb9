from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safehub.api"
    label = "api"
    verbose_name = "Api"
