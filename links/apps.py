from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = "Links"

    def ready(self):
        from accounts import demo_data
        from backlogs.tickets import hooks
        from helpdesk.pages import panels

        from . import pages
        from .api import shapes
        from .demo import fill_links_demo
        from .flows import dev_ticket_moved

        hooks.workflow_listen(dev_ticket_moved)
        demo_data.register(fill_links_demo)
        shapes.register()  # `links` in each family's read shapes (backlog_site.api.extensions)
        panels.panel_add(template=pages.PANEL_TEMPLATE, context=pages.ticket_panel)
        hooks.card_notes_add(pages.card_note)
