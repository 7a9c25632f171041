"""The two routes of an object's links, whatever its family: the list (and create) and one link."""

from django.urls import path


def link_routes(prefix: str, view, name: str) -> list:
    """`<prefix>/links` (GET, POST) and `<prefix>/links/<id>` (DELETE), named `<name>s` and `<name>`."""
    return [
        path(f"{prefix}/links", view.as_view({"get": "list", "post": "create"}), name=f"{name}s"),
        path(f"{prefix}/links/<int:pk>", view.as_view({"delete": "destroy"}), name=name),
    ]
