"""The Tickets API: a dev ticket's links, `GET|POST /api/v1/ext/orgs/{org}/tickets/{slug}/links` and
`DELETE …/links/{link_id}`. Flat bodies `{"kind": "relates_to", "target": "desk_ticket:17"}`; a list is
`{"links": […], "total", "limit", "offset"}`, one link `{"link": …}`."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from backlog_site.api.dialects.orgtickets import OrgTicketsMixin
from backlog_site.api.formats import format_datetime
from links.ends import EndType
from links.errors import EndNotFound, LinkRefused
from links.targets import dev_ticket_by_slug

from . import words
from .base import LinkOutput, LinkViewSet


class LinkEnvelope(serializers.Serializer):
    link = LinkOutput()


@extend_schema_serializer(many=False)  # the list's answer is this one object, not an array of them
class LinkListEnvelope(serializers.Serializer):
    links = LinkOutput(many=True)
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()


class LinkDeleted(serializers.Serializer):
    message = serializers.CharField()


@extend_schema_view(
    list=extend_schema(responses=LinkListEnvelope),
    create=extend_schema(responses={201: LinkEnvelope}),
    destroy=extend_schema(responses={200: LinkDeleted}),
)
class DevTicketLinkViewSet(OrgTicketsMixin, LinkViewSet):
    """A dev ticket's links to desk tickets, dev tickets, stories, configuration items and issues of the
    organisation, each read from this ticket's side. A target is a slug (`AM-42`) or `<type>:<id>`."""

    scope_resource = "tickets"
    permission_resource = "dev_tickets"
    items_key = "links"
    end_type = EndType.DEV_TICKET
    words = words.ORGTICKETS

    def end_find(self):
        account = self.request.account
        if self.kwargs["org_slug"] != account.slug:
            return None  # a key answers only on its own organisation's slug: any other is a missing one
        try:
            return dev_ticket_by_slug(account, self.kwargs["slug"])
        except (LinkRefused, EndNotFound):
            return None

    def timestamp(self, value):
        return format_datetime(value)

    def created_response(self, data) -> Response:
        return super().created_response({"link": data})

    def deleted_response(self, data=None) -> Response:
        return Response({"message": "Link deleted"})
