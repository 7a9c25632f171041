from django.apps import AppConfig


class CmdbConfig(AppConfig):
    name = "cmdb"
    verbose_name = "CMDB and attachments"

    def ready(self):
        from accounts import demo_data, reference_data

        from .defaults import fill_cmdb_demo, install_cmdb_defaults

        reference_data.register(install_cmdb_defaults)
        demo_data.register(fill_cmdb_demo)
