from django.apps import AppConfig


class IssuesConfig(AppConfig):
    name = "issues"

    def ready(self):
        from accounts import counters, demo_data

        from .demo import demo_fill

        demo_data.register(demo_fill)
        counters.register(self.get_model("Issue"))  # Issue Tracker totals of a key's account
