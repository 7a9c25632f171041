from django.apps import AppConfig


class BacklogSiteConfig(AppConfig):
    name = "backlog_site"
    verbose_name = "Site"

    def ready(self):
        from .api import schema  # noqa: F401  (registers the OpenAPI auth extension)
