"""Dev tickets: one work item behind the Public Backlog API and the org-scoped Tickets API."""

__all__: list[str] = []
