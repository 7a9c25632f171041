from django.apps import AppConfig


class IssuesConfig(AppConfig):
    name = "issues"

    def ready(self):
        from accounts import demo_data

        from .demo import demo_fill

        demo_data.register(demo_fill)
