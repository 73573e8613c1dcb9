from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safehub.notifications"
    label = "notifications"
    verbose_name = "Notifications"
