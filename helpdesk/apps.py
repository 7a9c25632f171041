from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Service desk"

    def ready(self):
        from accounts import counters, demo_data, reference_data

        from .services.defaults import fill_helpdesk_demo, install_helpdesk_defaults

        reference_data.register(install_helpdesk_defaults)
        counters.register(self.get_model("Ticket"))  # BOSSDesk /tickets totals
        demo_data.register(fill_helpdesk_demo)
