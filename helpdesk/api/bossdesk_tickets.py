"""BOSSDesk agent tickets: `/tickets` list (paged, Ransack), create, retrieve, update (204, with
`lock_version`), `/comments`, `/close`, `/reopen`."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Tag
from backlog_site.api.paging import ListCounter
from helpdesk import selectors
from helpdesk.models import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, Team, Ticket, TicketType
from helpdesk.ransack import query_params, ransack, unfiltered
from helpdesk.search_fields import TICKET_SEARCH_FIELDS
from helpdesk.services import tickets as services

from . import bossdesk_render as render
from .bossdesk_common import AccountRelatedField, BossDeskViewSet, MemberField, RailsSerializer


class TicketInputSerializer(RailsSerializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(allow_blank=True, allow_null=True, required=False, max_length=200_000)
    type_id = AccountRelatedField(TicketType, source="type")
    priority_id = AccountRelatedField(HelpdeskPriority, source="priority")
    extended_status_id = AccountRelatedField(ExtendedStatus, source="extended_status", allow_null=True, required=False)
    category_id = AccountRelatedField(HelpdeskCategory, source="category", allow_null=True, required=False)
    team_id = AccountRelatedField(Team, source="team", allow_null=True, required=False)
    requester_id = MemberField(source="requester", allow_null=True, required=False)
    agent_id = MemberField(source="agent", agents_only=True, allow_null=True, required=False)
    tag_ids = serializers.ListField(
        child=AccountRelatedField(Tag, filters={"owner_class": "ticket"}), required=False, max_length=100
    )
    custom_fields = serializers.DictField(required=False)
    due_at = serializers.DateTimeField(allow_null=True, required=False)
    lock_version = serializers.IntegerField(min_value=0, required=False)

    def validate_description(self, value):
        return value or ""


def split_ticket_input(data: dict) -> tuple[dict, dict]:
    """(model fields, extras: tags, custom_fields, lock_version) of validated ticket input."""
    extras = {name: data.pop(name) for name in ("tag_ids", "custom_fields", "lock_version") if name in data}
    return data, extras


class TicketViewSet(BossDeskViewSet):
    queryset = Ticket.objects.all()
    serializer_class = TicketInputSerializer
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    envelope = "ticket"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.ticket_list_items(account_id=self.request.account.pk)
        return super().get_queryset()  # writes lock the row themselves and re-read afterwards

    def reread(self, ticket: Ticket) -> dict:
        return render.ticket_detail(selectors.ticket_detail_read(account_id=self.request.account.pk, pk=ticket.pk))

    def list(self, request, *args, **kwargs):
        conditions = query_params(request.query_params)
        if unfiltered(conditions):
            self.list_counter = ListCounter(Ticket, request.account.pk)
        queryset = ransack(self.get_queryset(), conditions, TICKET_SEARCH_FIELDS)
        return self.paginated(queryset, render.ticket_list_item)

    def retrieve(self, request, *args, **kwargs):
        ticket = selectors.ticket_detail_read(account_id=request.account.pk, friendly_id=kwargs["friendly_id"])
        if ticket is None:
            raise Http404
        self.check_object_permissions(request, ticket)
        return Response(render.ticket_detail(ticket))

    def create(self, request, *args, **kwargs):
        fields, extras = split_ticket_input(self.validated())
        extras.pop("lock_version", None)
        ticket = services.ticket_create(
            account=request.account,
            actor=self.membership,
            fields=fields,
            tags=extras.get("tag_ids"),
            custom_fields=extras.get("custom_fields"),
        )
        return self.created_response(self.reread(ticket))

    def partial_update(self, request, *args, **kwargs):
        ticket = self.get_object()
        fields, extras = split_ticket_input(self.validated(partial=True))
        services.ticket_update(
            ticket=ticket,
            actor=self.membership,
            fields=fields,
            tags=extras.get("tag_ids"),
            custom_fields=extras.get("custom_fields"),
            lock_version=extras.get("lock_version"),
        )
        return self.updated_response(None)

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def close(self, request, *args, **kwargs):
        ticket = services.ticket_close(ticket=self.get_object(), actor=self.membership)
        return Response(self.reread(ticket))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        ticket = services.ticket_reopen(ticket=self.get_object(), actor=self.membership)
        return Response(self.reread(ticket))


class CommentInputSerializer(RailsSerializer):
    body = serializers.CharField(max_length=200_000)
    is_public = serializers.BooleanField()


class TicketCommentViewSet(BossDeskViewSet):
    """`POST /tickets/{friendly_id}/comments`: `is_public` is required (false = internal note)."""

    queryset = Ticket.objects.all()
    serializer_class = CommentInputSerializer
    permission_resource = "tickets"
    scope_resource = "helpdesk"
    envelope = "comment"

    def create(self, request, *args, **kwargs):
        ticket = get_object_or_404(self.get_queryset(), friendly_id=kwargs["ticket_friendly_id"])
        data = self.validated()
        comment = services.comment_create(
            ticket=ticket, actor=self.membership, body=data["body"], is_public=data["is_public"]
        )
        return self.created_response(render.comment(comment))
