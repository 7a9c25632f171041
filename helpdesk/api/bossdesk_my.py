"""BOSSDesk end-user tickets: `/my/tickets` — only the tickets the caller requested, never internal
comments. Any member of the account may use them, whatever their permission map."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from backlog_site.api.dialects.bossdesk.fields import AccountRelatedField, RailsSerializer
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, Renders
from helpdesk import selectors
from helpdesk.models import Ticket, TicketType
from helpdesk.search_fields import MY_TICKET_SEARCH_FIELDS
from helpdesk.services import tickets as services

from . import bossdesk_outputs as outputs
from . import bossdesk_render as render


class MyTicketInputSerializer(RailsSerializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(allow_blank=True, allow_null=True, required=False, max_length=200_000)
    type_id = AccountRelatedField(TicketType, source="type")

    def validate_description(self, value):
        return value or ""


class MyCommentInputSerializer(RailsSerializer):
    body = serializers.CharField(max_length=200_000)


class MyTicketViewSet(BossDeskViewSet):
    queryset = Ticket.objects.all()
    input_serializer_class = MyTicketInputSerializer
    output_serializer_class = outputs.BossDeskMyTicket
    list_output_serializer_class = outputs.BossDeskMyTicketListItem
    filterset_class = ransack_filterset(Ticket, MY_TICKET_SEARCH_FIELDS)
    renders = Renders(item=render.my_ticket_list_item, detail=render.my_ticket_detail)
    scope_resource = "helpdesk"
    envelope = "ticket"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.my_ticket_list(membership=self.membership)
        return selectors.my_ticket_detail(membership=self.membership)

    def perform_create(self, fields: dict):
        return services.ticket_create(
            account=self.request.account,
            actor=self.membership,
            fields={**fields, "requester": self.membership},
            enforce_required=False,  # requesters cannot fill in custom fields
            source="user_portal",
        )

    @extend_schema(request=MyCommentInputSerializer, responses={201: outputs.BossDeskPortalComment})
    @action(detail=True, methods=["post"])
    def comments(self, request, *args, **kwargs):
        ticket = self.get_object()
        self.envelope = "comment"
        data = self.validated(MyCommentInputSerializer)
        comment = services.comment_create(
            ticket=ticket, actor=self.membership, body=data["body"], is_public=True, source="user_portal"
        )
        return self.created_response(render.comment(comment, for_agent=False))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        ticket = services.ticket_reopen(ticket=self.get_object(), actor=self.membership)
        return Response(self.output(self.reread(ticket)))
