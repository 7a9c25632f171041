"""The links' forms on an agent's ticket page, mounted at /portal/ beside the portal's own."""

from django.urls import path

from . import pages

app_name = "links"

urlpatterns = [
    path("tickets/<int:number>/links/", pages.LinkAdd.as_view(), name="ticket-link-add"),
    path("tickets/<int:number>/links/<int:link_id>/delete/", pages.LinkDelete.as_view(), name="ticket-link-delete"),
    path("tickets/<int:number>/escalate/", pages.Escalate.as_view(), name="ticket-escalate"),
]
