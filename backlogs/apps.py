from django.apps import AppConfig


class BacklogsConfig(AppConfig):
    name = "backlogs"

    def ready(self):
        from backlogs.planning import _planning_ready

        _planning_ready()
