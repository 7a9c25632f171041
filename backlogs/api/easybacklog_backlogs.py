"""easyBacklog: backlogs, snapshots, statistics and the planning reference data (seed 002)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.models import ScoringRule
from backlog_site.api.dialects.easybacklog import EasyBacklogMixin
from backlog_site.api.dialects.easybacklog_exports import EXPORT_RENDERERS
from backlog_site.api.permissions import API_PERMISSIONS
from backlogs.models import Backlog, SprintStoryStatus
from backlogs.planning import backlogs as backlog_services
from backlogs.planning import exports_pdf, exports_xls, selectors, snapshots
from backlogs.planning.stats import backlog_stats

from .easybacklog_base import TRUE_STRINGS, PlanningViewSet
from .easybacklog_serializers import (
    BacklogInputSerializer,
    ScoringRuleSerializer,
    SnapshotInputSerializer,
    SprintStoryStatusSerializer,
    backlog_data,
    backlog_tree,
    snapshot_data,
)


class BacklogExportMixin:
    """A backlog's (or snapshot's) read also answers XLS and PDF."""

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

    def export(self, data: dict, fmt: str) -> bytes:
        """Called by the XLS/PDF renderers with the backlog tree."""
        if fmt == "xls":
            return exports_xls.backlog_workbook(data)
        return exports_pdf.story_cards(data, self.print_options)


class AccountScopedMixin:
    """`/api/accounts/{ACCOUNT_ID}/backlogs…` (the document) and `/api/backlogs…` both route here."""

    def check_account(self):
        account_id = self.kwargs.get("account_id")
        if account_id is not None and str(account_id) != str(self.request.account.pk):
            raise NotFound()


@extend_schema(request=BacklogInputSerializer, responses=BacklogInputSerializer)
class BacklogViewSet(BacklogExportMixin, AccountScopedMixin, PlanningViewSet):
    queryset = Backlog.objects.live()
    serializer_class = BacklogInputSerializer
    xml_root = "backlog"

    def get_queryset(self):
        self.check_account()
        return super().get_queryset()

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        if str(request.query_params.get("include_archived", "")).lower() not in TRUE_STRINGS:
            queryset = queryset.filter(archived=False)
        return Response([backlog_data(b) for b in queryset])

    def retrieve(self, request, *args, **kwargs):
        if self.wants_tree():
            backlog = get_object_or_404(self.tree_queryset(self.get_queryset()), pk=kwargs["pk"])
            return self.tree_response(backlog_tree(backlog, with_sprints=True))
        return Response(backlog_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        self.check_account()
        fields = self.validated(BacklogInputSerializer)
        backlog = backlog_services.backlog_create(account=request.account, user=request.user, fields=fields)
        return self.created_response(backlog_data(self.get_queryset().get(pk=backlog.pk)))

    def update(self, request, *args, **kwargs):
        backlog = self.get_object()
        fields = self.validated(BacklogInputSerializer, partial=True)
        backlog_services.backlog_update(backlog=backlog, user=request.user, fields=fields)
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        backlog_services.backlog_delete(backlog=self.get_object())
        return self.deleted_response()

    @action(detail=True, methods=["post"])
    def duplicate(self, request, *args, **kwargs):
        backlog = self.get_object()
        fields = self.validated(BacklogInputSerializer, partial=True)
        fields.pop("archived", None)
        copy = backlog_services.backlog_duplicate(backlog=backlog, user=request.user, fields=fields)
        return self.created_response(backlog_data(self.get_queryset().get(pk=copy.pk)))

    @action(detail=True, methods=["get"])
    def stats(self, request, *args, **kwargs):
        self.xml_root = "stats"
        return Response(backlog_stats(backlog=self.get_object()))


@extend_schema(request=SnapshotInputSerializer, responses=SnapshotInputSerializer)
class SnapshotViewSet(BacklogExportMixin, AccountScopedMixin, PlanningViewSet):
    queryset = Backlog.objects.snapshots()
    serializer_class = SnapshotInputSerializer
    parent_model = Backlog
    parent_kwarg = "backlog_id"
    xml_root = "snapshot"

    def get_queryset(self):
        self.check_account()
        # Manual snapshots hang from the backlog, sprint ones from its sprints.
        return super().get_queryset().filter(snapshot_master=self.parent)

    def list(self, request, *args, **kwargs):
        self.xml_root = "snapshots"
        manual, sprint = [], []
        for snapshot in self.get_queryset().order_by("created_at", "id"):
            (sprint if snapshot.snapshot_for_sprint_id else manual).append(snapshot_data(snapshot))
        return Response({"manual_snapshots": manual, "sprint_snapshots": sprint})

    def retrieve(self, request, *args, **kwargs):
        if self.wants_tree():
            snapshot = get_object_or_404(self.tree_queryset(self.get_queryset()), pk=kwargs["pk"])
            return self.tree_response(backlog_tree(snapshot, with_sprints=False))
        return Response(snapshot_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        fields = self.validated(SnapshotInputSerializer)
        snapshot = snapshots.snapshot_create(backlog=self.parent, name=fields["name"])
        return self.created_response(snapshot_data(snapshot))

    def destroy(self, request, *args, **kwargs):
        snapshots.snapshot_delete(snapshot=self.get_object())
        return self.deleted_response()


class ReferenceDataViewSet(EasyBacklogMixin, viewsets.ReadOnlyModelViewSet):
    """Global reference data: any valid key may read it."""

    permission_classes = API_PERMISSIONS
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
