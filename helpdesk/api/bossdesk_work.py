"""BOSSDesk work on a ticket: `/tickets/{friendly_id}/tasks` (create, update 204, close, reopen, delete)
and `/tickets/{friendly_id}/time_entries` (create, update 204, delete)."""

from collections.abc import Mapping
from functools import cached_property

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from helpdesk.models import TaskType, Team, Ticket, TicketTask, TimeEntry
from helpdesk.services import work

from . import bossdesk_render as render
from .bossdesk_common import AccountRelatedField, BossDeskViewSet, MemberField, RailsSerializer


class TaskInputSerializer(RailsSerializer):
    title = serializers.CharField(max_length=255)
    note = serializers.CharField(allow_blank=True, required=False, max_length=100_000)
    type_id = AccountRelatedField(TaskType, source="type", allow_null=True, required=False)
    team_id = AccountRelatedField(Team, source="team", allow_null=True, required=False)
    agent_id = MemberField(source="agent", agents_only=True, allow_null=True, required=False)
    due_at = serializers.DateTimeField(allow_null=True, required=False)


class TicketTaskField(serializers.PrimaryKeyRelatedField):
    """A task of the ticket in the URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", TicketTask.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return TicketTask.objects.filter(ticket=self.context["ticket"])

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type="bool")
        return super().to_internal_value(data)


class TimeEntryInputSerializer(RailsSerializer):
    date = serializers.DateField(input_formats=["%d-%m-%Y", "iso-8601"])
    duration = serializers.IntegerField(min_value=1, max_value=100_000, help_text="Minutes.")
    billable = serializers.BooleanField(required=False)
    agent_id = MemberField(source="agent", agents_only=True, allow_null=True, required=False)
    task_id = TicketTaskField(source="task", allow_null=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False, max_length=100_000)


class TicketChildViewSet(BossDeskViewSet):
    """Rows under `/tickets/{ticket_friendly_id}/…`: the ticket must be the account's (else 404)."""

    permission_resource = "tickets"
    scope_resource = "helpdesk"
    tenant_lookup = "ticket__account_id"

    @cached_property
    def ticket(self) -> Ticket:
        return get_object_or_404(
            Ticket.objects.filter(account=self.request.account), friendly_id=self.kwargs["ticket_friendly_id"]
        )

    def get_queryset(self):
        return super().get_queryset().filter(ticket=self.ticket)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "ticket_friendly_id" in self.kwargs:
            context["ticket"] = self.ticket
        return context

    def reread(self, obj):
        return self.get_queryset().get(pk=obj.pk)


class TaskViewSet(TicketChildViewSet):
    queryset = TicketTask.objects.select_related("type", "team", "agent__user", "created_by__user")
    serializer_class = TaskInputSerializer
    envelope = "task"

    def create(self, request, *args, **kwargs):
        task = work.task_create(ticket=self.ticket, actor=self.membership, fields=self.validated())
        return self.created_response(render.task(self.reread(task)))

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        work.task_update(task=task, fields=self.validated(partial=True))
        return self.updated_response(None)

    @extend_schema(request=TaskInputSerializer)
    @action(detail=True, methods=["patch"])
    def close(self, request, *args, **kwargs):
        task = self.get_object()
        fields = {}
        if not isinstance(request.data, Mapping) or request.data:
            fields = self.validated(partial=True)  # no body, {} or {"task": {"note": "…"}}
        task = work.task_close(task=task, fields=fields)
        return Response(render.task(self.reread(task)))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        task = work.task_reopen(task=self.get_object())
        return Response(render.task(self.reread(task)))

    def destroy(self, request, *args, **kwargs):
        work.task_delete(task=self.get_object())
        return self.deleted_response()


class TimeEntryViewSet(TicketChildViewSet):
    queryset = TimeEntry.objects.select_related("agent__user", "task")
    serializer_class = TimeEntryInputSerializer
    envelope = "time_entry"

    def create(self, request, *args, **kwargs):
        entry = work.time_entry_create(ticket=self.ticket, actor=self.membership, fields=self.validated())
        return self.created_response(render.time_entry(self.reread(entry)))

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        work.time_entry_update(entry=entry, fields=self.validated(partial=True))
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        work.time_entry_delete(entry=self.get_object())
        return self.deleted_response()
