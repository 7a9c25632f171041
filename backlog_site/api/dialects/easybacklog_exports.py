"""easyBacklog's extra formats for a backlog or snapshot read: XLS and PDF."""

EXPORT_RENDERERS: list = []
