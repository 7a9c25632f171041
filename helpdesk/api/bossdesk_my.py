"""BOSSDesk end-user tickets: `/my/tickets` — only the tickets the caller requested, never internal
comments. Any member of the account may use them, whatever their permission map."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from helpdesk import selectors
from helpdesk.models import Ticket, TicketType
from helpdesk.ransack import query_params, ransack
from helpdesk.search_fields import MY_TICKET_SEARCH_FIELDS
from helpdesk.services import tickets as services

from . import bossdesk_render as render
from .bossdesk_common import AccountRelatedField, BossDeskViewSet, RailsSerializer


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
    serializer_class = MyTicketInputSerializer
    scope_resource = "helpdesk"
    envelope = "ticket"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.my_ticket_list(membership=self.membership)
        return selectors.my_ticket_detail(membership=self.membership)

    def reread(self, ticket: Ticket) -> dict:
        return render.my_ticket_detail(selectors.my_ticket_detail(membership=self.membership).get(pk=ticket.pk))

    def list(self, request, *args, **kwargs):
        queryset = ransack(self.get_queryset(), query_params(request.query_params), MY_TICKET_SEARCH_FIELDS)
        return self.paginated(queryset, render.my_ticket_list_item)

    def retrieve(self, request, *args, **kwargs):
        return Response(render.my_ticket_detail(self.get_object()))

    def create(self, request, *args, **kwargs):
        data = self.validated()
        ticket = services.ticket_create(
            account=request.account,
            actor=self.membership,
            fields={**data, "requester": self.membership},
            enforce_required=False,  # requesters cannot fill in custom fields
            source="user_portal",
        )
        return self.created_response(self.reread(ticket))

    @extend_schema(request=MyCommentInputSerializer)
    @action(detail=True, methods=["post"])
    def comments(self, request, *args, **kwargs):
        ticket = self.get_object()
        self.envelope = "comment"
        data = self.validated(serializer_class=MyCommentInputSerializer)
        comment = services.comment_create(
            ticket=ticket, actor=self.membership, body=data["body"], is_public=True, source="user_portal"
        )
        return self.created_response(render.comment(comment, for_agent=False))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        ticket = services.ticket_reopen(ticket=self.get_object(), actor=self.membership)
        return Response(self.reread(ticket))
