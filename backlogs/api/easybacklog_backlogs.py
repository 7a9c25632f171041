"""easyBacklog: backlogs, snapshots, statistics and the planning reference data (seed 002)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import ScoringRule
from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.dialects.easybacklog_exports import EXPORT_RENDERERS
from backlog_site.api.viewsets import ParentLink, Services
from backlogs.models import Backlog, SprintStoryStatus
from backlogs.planning import backlogs as backlog_services
from backlogs.planning import exports_pdf, exports_xls, selectors, snapshots
from backlogs.planning.stats import backlog_stats

from .easybacklog_base import TRUE_STRINGS, PlanningViewSet
from .easybacklog_outputs import BacklogOutput, BacklogStatsOutput, SnapshotListOutput, SnapshotOutput
from .easybacklog_serializers import (
    BacklogInputSerializer,
    ScoringRuleSerializer,
    SnapshotInputSerializer,
    SprintStoryStatusSerializer,
    backlog_tree,
)


class BacklogExportMixin:
    # A backlog's (or snapshot's) read also answers the whole tree, XLS and PDF.
    tree_with_sprints: bool

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "retrieve":
            renderers += [renderer() for renderer in EXPORT_RENDERERS]
        return renderers

    def tree_queryset(self, queryset):
        # The exports and include_associated_data need the whole tree.
        return selectors.backlog_with_children(queryset)

    def export_format(self) -> str | None:
        fmt = self.request.accepted_renderer.format
        return fmt if fmt in ("xls", "pdf") else None

    def wants_tree(self) -> bool:
        return self.include_associated() or self.export_format() is not None

    def tree_response(self, tree: dict) -> Response:
        """Print options are checked here, before rendering, so a bad one is a 422 and not a 500."""
        if self.export_format() == "pdf":
            self.print_options = exports_pdf.print_options(self.request.query_params)
            exports_pdf.cards_in_scope(tree, self.print_options.scope)
        return Response(self.out(tree))

    def retrieve(self, request, *args, **kwargs):
        # The document's read also answers the whole tree (include_associated_data) and XLS/PDF exports.
        if not self.wants_tree():
            return super().retrieve(request, *args, **kwargs)
        backlog = get_object_or_404(self.tree_queryset(self.get_queryset()), pk=kwargs["pk"])
        return self.tree_response(backlog_tree(backlog, with_sprints=self.tree_with_sprints))

    def export(self, data: dict, fmt: str) -> bytes:
        """Called by the XLS/PDF renderers with the backlog tree."""
        if fmt == "xls":
            return exports_xls.backlog_workbook(data)
        return exports_pdf.story_cards(data, self.print_options)


class BacklogViewSet(BacklogExportMixin, PlanningViewSet):
    """An account's backlogs, under `/api/accounts/{account_id}/` (the document's paths) and `/api/`."""

    queryset = Backlog.objects.live()
    input_serializer_class = BacklogInputSerializer
    output_serializer_class = BacklogOutput
    services = Services(delete=backlog_services.backlog_delete, target="backlog")
    tree_with_sprints = True
    xml_root = "backlog"

    def filter_queryset(self, queryset):
        # The list leaves archived backlogs out unless asked; a backlog's own URL still reaches it.
        if (
            self.action == "list"
            and str(self.request.query_params.get("include_archived", "")).lower() not in TRUE_STRINGS
        ):
            queryset = queryset.filter(archived=False)
        return queryset

    def perform_create(self, fields):
        request = self.request
        return backlog_services.backlog_create(account=request.account, user=request.user, fields=fields)

    def perform_update(self, instance, fields):
        return backlog_services.backlog_update(backlog=instance, user=self.request.user, fields=fields)

    @extend_schema(request=BacklogInputSerializer, responses={201: BacklogOutput})
    @action(detail=True, methods=["post"])
    def duplicate(self, request, *args, **kwargs):
        """Copy the backlog with its themes, stories and criteria."""
        backlog = self.get_object()
        fields = self.validated(BacklogInputSerializer, partial=True)
        fields.pop("archived", None)
        copy = backlog_services.backlog_duplicate(backlog=backlog, user=request.user, fields=fields)
        return self.created_response(self.output(self.reread(copy)))

    @extend_schema(responses=BacklogStatsOutput)
    @action(detail=True, methods=["get"])
    def stats(self, request, *args, **kwargs):
        """Points, days and cost per sprint, and the burn-down and burn-up series."""
        self.xml_root = "stats"
        return Response(backlog_stats(backlog=self.get_object()))


class SnapshotViewSet(BacklogExportMixin, PlanningViewSet):
    """A backlog's snapshots: manual ones, and those taken when a sprint started."""

    queryset = Backlog.objects.snapshots()
    # Manual snapshots hang from the backlog, sprint ones from its sprints.
    parent_link = ParentLink(Backlog, kwarg="backlog_id", field="snapshot_master")
    input_serializer_class = SnapshotInputSerializer
    output_serializer_class = SnapshotOutput
    services = Services(delete=snapshots.snapshot_delete, target="snapshot")
    tree_with_sprints = False
    xml_root = "snapshot"
    schema_nouns = ("snapshot", "snapshots")

    @extend_schema(responses=SnapshotListOutput)
    def list(self, request, *args, **kwargs):
        # The document answers one object of two lists (manual, sprint), not a list.
        self.xml_root = "snapshots"
        manual, sprint = [], []
        for snapshot in self.get_queryset().order_by("created_at", "id"):
            (sprint if snapshot.snapshot_for_sprint_id else manual).append(self.output(snapshot))
        return Response({"manual_snapshots": manual, "sprint_snapshots": sprint})

    def perform_create(self, fields):
        return snapshots.snapshot_create(backlog=self.parent, name=fields["name"])


class ReferenceDataViewSet(EasyBacklogMixin, viewsets.ReadOnlyModelViewSet):
    # Global reference data: any valid key may read it.
    scope_resource = "backlogs"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


class ScoringRuleViewSet(ReferenceDataViewSet):
    queryset = ScoringRule.objects.all()
    serializer_class = ScoringRuleSerializer
    xml_root = "scoring_rule"


class SprintStoryStatusViewSet(ReferenceDataViewSet):
    queryset = SprintStoryStatus.objects.all()
    serializer_class = SprintStoryStatusSerializer
    xml_root = "sprint_story_status"
    xml_root_plural = "sprint_story_statuses"
