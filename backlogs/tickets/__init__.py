"""Dev tickets: services, selectors and reference data shared by the Public Backlog and the
org-scoped Tickets API dialects."""


def _tickets_ready() -> None:
    """Plug dev tickets into the tenant's life cycle (called from BacklogsConfig.ready)."""
    from accounts import demo_data, reference_data

    from .reference import demo_tickets_fill, ticket_types_install

    reference_data.register(ticket_types_install)
    demo_data.register(demo_tickets_fill)
