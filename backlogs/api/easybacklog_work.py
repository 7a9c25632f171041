"""easyBacklog: themes, stories and acceptance criteria of a backlog (seed 002)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from backlogs.models import AcceptanceCriterion, Backlog, Story, Theme
from backlogs.planning import selectors, stories, themes

from .easybacklog_base import PlanningViewSet
from .easybacklog_serializers import (
    CriterionInputSerializer,
    GrabStorySerializer,
    MoveToBacklogSerializer,
    StoryInputSerializer,
    ThemeInputSerializer,
    criterion_data,
    story_data,
    theme_data,
)


@extend_schema(request=ThemeInputSerializer, responses=ThemeInputSerializer)
class ThemeViewSet(PlanningViewSet):
    """`/api/backlogs/{BACKLOG_ID}/themes` (a snapshot's id reads the snapshot's themes)."""

    queryset = Theme.objects.select_related("backlog")
    serializer_class = ThemeInputSerializer
    tenant_lookup = "backlog__account_id"
    parent_model = Backlog
    parent_kwarg = "backlog_id"
    xml_root = "theme"

    def get_queryset(self):
        queryset = super().get_queryset().filter(backlog=self.parent)
        if self.action in ("list", "retrieve") and self.include_associated():
            # stories (with acceptance_criteria) are nested under each theme.
            queryset = queryset.prefetch_related(Prefetch("stories", queryset=selectors.stories_with_criteria()))
        return queryset

    def _data(self, theme):
        return theme_data(theme, use_50_90=self.parent.use_50_90, nested=self.include_associated())

    def list(self, request, *args, **kwargs):
        return Response([self._data(t) for t in self.get_queryset()])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object()))

    def create(self, request, *args, **kwargs):
        theme = themes.theme_create(backlog=self.parent, fields=self.validated(ThemeInputSerializer))
        return self.created_response(theme_data(self.get_queryset().get(pk=theme.pk)))

    def update(self, request, *args, **kwargs):
        theme = self.get_object()
        themes.theme_update(theme=theme, fields=self.validated(ThemeInputSerializer, partial=True))
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        themes.theme_delete(theme=self.get_object())
        return self.deleted_response()

    @extend_schema(request=GrabStorySerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="grab-story")
    def grab_story(self, request, *args, **kwargs):
        theme = self.get_object()
        story_id = self.validated(GrabStorySerializer)["story_id"]
        story = (
            Story.objects.select_related("theme").filter(pk=story_id, theme__backlog__account=request.account).first()
        )
        if story is None:
            self.not_found("Story")
        themes.theme_grab_story(theme=theme, story=story)
        return self.updated_response(None)

    @extend_schema(request=MoveToBacklogSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="move-to-backlog")
    def move_to_backlog(self, request, *args, **kwargs):
        theme = self.get_object()
        target_id = self.validated(MoveToBacklogSerializer)["target_backlog_id"]
        target = Backlog.objects.filter(pk=target_id, account=request.account).first()
        if target is None:
            self.not_found("Backlog")
        themes.theme_move_to_backlog(theme=theme, target=target)
        return self.updated_response(None)


def _stories_queryset(view):
    queryset = Story.objects.select_related("theme__backlog")  # use_50_90 decides score vs score_50/90
    if view.action in ("list", "retrieve") and view.include_associated():
        # acceptance_criteria are nested under each story.
        queryset = queryset.prefetch_related(
            Prefetch("acceptance_criteria", queryset=AcceptanceCriterion.objects.order_by("position", "id"))
        )
    return queryset


@extend_schema(request=StoryInputSerializer, responses=StoryInputSerializer)
class StoryViewSet(PlanningViewSet):
    """`/api/themes/{THEME_ID}/stories`."""

    queryset = Story.objects.all()
    serializer_class = StoryInputSerializer
    tenant_lookup = "theme__backlog__account_id"
    parent_model = Theme
    parent_kwarg = "theme_id"
    parent_tenant_lookup = "backlog__account_id"
    parent_select_related = ("backlog",)
    xml_root = "story"
    xml_root_plural = "stories"

    def get_queryset(self):
        self.queryset = _stories_queryset(self)
        return super().get_queryset().filter(theme=self.parent)

    def _data(self, story):
        return story_data(story, use_50_90=self.parent.backlog.use_50_90, nested=self.include_associated())

    def list(self, request, *args, **kwargs):
        return Response([self._data(s) for s in self.get_queryset()])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object()))

    def create(self, request, *args, **kwargs):
        story = stories.story_create(theme=self.parent, fields=self.validated(StoryInputSerializer))
        return self.created_response(story_data(story, use_50_90=self.parent.backlog.use_50_90))

    def update(self, request, *args, **kwargs):
        story = self.get_object()
        stories.story_update(story=story, fields=self.validated(StoryInputSerializer, partial=True))
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        stories.story_delete(story=self.get_object())
        return self.deleted_response()


@extend_schema(responses=StoryInputSerializer)
class StoryShortcutViewSet(PlanningViewSet):
    """`GET /api/stories/{STORY_ID}`: a story without knowing its theme."""

    queryset = Story.objects.all()
    serializer_class = StoryInputSerializer
    tenant_lookup = "theme__backlog__account_id"
    xml_root = "story"

    def get_queryset(self):
        self.queryset = _stories_queryset(self)
        return super().get_queryset()

    def retrieve(self, request, *args, **kwargs):
        story = self.get_object()
        return Response(story_data(story, use_50_90=story.theme.backlog.use_50_90, nested=self.include_associated()))


@extend_schema(request=CriterionInputSerializer, responses=CriterionInputSerializer)
class CriterionViewSet(PlanningViewSet):
    """`/api/stories/{STORY_ID}/acceptance-criteria`."""

    queryset = AcceptanceCriterion.objects.all()
    serializer_class = CriterionInputSerializer
    tenant_lookup = "story__theme__backlog__account_id"
    parent_model = Story
    parent_kwarg = "story_id"
    parent_tenant_lookup = "theme__backlog__account_id"
    parent_select_related = ("theme__backlog",)
    xml_root = "acceptance_criterion"
    xml_root_plural = "acceptance_criteria"

    def get_queryset(self):
        return super().get_queryset().filter(story=self.parent)

    def list(self, request, *args, **kwargs):
        return Response([criterion_data(c) for c in self.get_queryset()])

    def retrieve(self, request, *args, **kwargs):
        return Response(criterion_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        criterion = stories.criterion_create(story=self.parent, fields=self.validated(CriterionInputSerializer))
        return self.created_response(criterion_data(criterion))

    def update(self, request, *args, **kwargs):
        criterion = self.get_object()
        criterion.story = self.parent
        stories.criterion_update(criterion=criterion, fields=self.validated(CriterionInputSerializer, partial=True))
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        criterion = self.get_object()
        criterion.story = self.parent
        stories.criterion_delete(criterion=criterion)
        return self.deleted_response()
