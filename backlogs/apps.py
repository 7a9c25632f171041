from django.apps import AppConfig


class BacklogsConfig(AppConfig):
    name = "backlogs"

    def ready(self):
        from backlogs.planning import _planning_ready
        from backlogs.tickets import _tickets_ready

        _planning_ready()
        _tickets_ready()
