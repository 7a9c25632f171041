from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = "Links"

    def ready(self):
        from backlogs.tickets import hooks

        from .flows import dev_ticket_moved

        hooks.workflow_listen(dev_ticket_moved)
