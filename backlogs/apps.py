from django.apps import AppConfig


class BacklogsConfig(AppConfig):
    name = "backlogs"

    def ready(self):
        from backlogs.tickets import _tickets_ready

        _tickets_ready()
