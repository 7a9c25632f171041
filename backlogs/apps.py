from django.apps import AppConfig


class BacklogsConfig(AppConfig):
    name = "backlogs"
