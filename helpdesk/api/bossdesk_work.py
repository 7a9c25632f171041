"""BOSSDesk work on a ticket: `/tickets/{friendly_id}/tasks` (create, update 204, close, reopen, delete)
and `/tickets/{friendly_id}/time_entries` (create, update 204, delete)."""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from backlog_site.api.dialects.bossdesk.fields import AccountRelatedField, MemberField, RailsSerializer
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, Renders
from backlog_site.api.viewsets import ParentLink, Services
from helpdesk.models import TaskType, Team, Ticket, TicketTask, TimeEntry
from helpdesk.services import work

from . import bossdesk_outputs as outputs
from . import bossdesk_render as render


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
    parent_link = ParentLink(Ticket, kwarg="ticket_friendly_id", lookup="friendly_id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "ticket_friendly_id" in self.kwargs:
            context["ticket"] = self.parent
        return context


class TaskViewSet(TicketChildViewSet):
    queryset = TicketTask.objects.select_related("type", "team", "agent__user", "created_by__user")
    input_serializer_class = TaskInputSerializer
    output_serializer_class = outputs.BossDeskTask
    services = Services(
        create=work.task_create, update=work.task_update, delete=work.task_delete, target="task", actor=("create",)
    )
    renders = Renders(detail=render.task)
    envelope = "task"

    @extend_schema(request=TaskInputSerializer)
    @action(detail=True, methods=["patch"])
    def close(self, request, *args, **kwargs):
        task = self.get_object()
        fields = {}
        if not isinstance(request.data, Mapping) or request.data:
            fields = self.validated(TaskInputSerializer, partial=True)  # no body, {} or {"task": {"note": "…"}}
        task = work.task_close(task=task, fields=fields)
        return Response(self.output(self.reread(task)))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def reopen(self, request, *args, **kwargs):
        task = work.task_reopen(task=self.get_object())
        return Response(self.output(self.reread(task)))


class TimeEntryViewSet(TicketChildViewSet):
    queryset = TimeEntry.objects.select_related("agent__user", "task")
    input_serializer_class = TimeEntryInputSerializer
    output_serializer_class = outputs.BossDeskTimeEntry
    services = Services(
        create=work.time_entry_create,
        update=work.time_entry_update,
        delete=work.time_entry_delete,
        target="entry",
        actor=("create",),
    )
    renders = Renders(detail=render.time_entry)
    envelope = "time_entry"
