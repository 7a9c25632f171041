from django.apps import AppConfig


class BacklogsConfig(AppConfig):
    name = "backlogs"

    def ready(self):
        from accounts import counters
        from backlogs.planning import _planning_ready
        from backlogs.tickets import _tickets_ready

        _planning_ready()
        _tickets_ready()
        counters.register(self.get_model("Ticket"))  # Tickets API totals
