"""easyBacklog: themes, stories and acceptance criteria of a backlog (seed 002)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from backlog_site.api.viewsets import ParentLink, Services
from backlogs.models import AcceptanceCriterion, Backlog, Story, Theme
from backlogs.planning import selectors, stories, themes

from .easybacklog_base import PlanningViewSet
from .easybacklog_outputs import CriterionOutput, StoryOutput, ThemeOutput
from .easybacklog_serializers import (
    CriterionInputSerializer,
    GrabStorySerializer,
    MoveToBacklogSerializer,
    StoryInputSerializer,
    ThemeInputSerializer,
)


class ThemeViewSet(PlanningViewSet):
    """A backlog's themes (a snapshot's id reads the snapshot's themes)."""

    queryset = Theme.objects.select_related("backlog")
    tenant_lookup = "backlog__account_id"
    parent_link = ParentLink(Backlog, kwarg="backlog_id")
    input_serializer_class = ThemeInputSerializer
    output_serializer_class = ThemeOutput
    services = Services(
        create=themes.theme_create, update=themes.theme_update, delete=themes.theme_delete, target="theme"
    )
    xml_root = "theme"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in ("list", "retrieve") and self.include_associated():
            # stories (with acceptance_criteria) are nested under each theme.
            queryset = queryset.prefetch_related(Prefetch("stories", queryset=selectors.stories_with_criteria()))
        return queryset

    @extend_schema(request=GrabStorySerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="grab-story")
    def grab_story(self, request, *args, **kwargs):
        """Move a story of another theme into this one."""
        theme = self.get_object()
        story_id = self.validated(GrabStorySerializer)["story_id"]
        stories_here = Story.objects.select_related("theme").filter(theme__backlog__account=request.account)
        themes.theme_grab_story(theme=theme, story=self.in_account(stories_here, story_id, "Story"))
        return self.updated_response(None)

    @extend_schema(request=MoveToBacklogSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="move-to-backlog")
    def move_to_backlog(self, request, *args, **kwargs):
        """Move the theme, with its stories, to another backlog."""
        theme = self.get_object()
        target_id = self.validated(MoveToBacklogSerializer)["target_backlog_id"]
        target = self.in_account(Backlog.objects.filter(account=request.account), target_id, "Backlog")
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


STORY_SERVICES = Services(
    create=stories.story_create, update=stories.story_update, delete=stories.story_delete, target="story"
)


class StoryViewSet(PlanningViewSet):
    """A theme's user stories."""

    queryset = Story.objects.all()
    tenant_lookup = "theme__backlog__account_id"
    parent_link = ParentLink(Theme, kwarg="theme_id", tenant_lookup="backlog__account_id", select_related=("backlog",))
    input_serializer_class = StoryInputSerializer
    output_serializer_class = StoryOutput
    services = STORY_SERVICES
    xml_root = "story"
    xml_root_plural = "stories"

    def get_queryset(self):
        self.queryset = _stories_queryset(self)
        return super().get_queryset()


class StoryShortcutViewSet(PlanningViewSet):
    """A story without knowing its theme."""

    queryset = Story.objects.all()
    tenant_lookup = "theme__backlog__account_id"
    output_serializer_class = StoryOutput
    xml_root = "story"

    def get_queryset(self):
        self.queryset = _stories_queryset(self)
        return super().get_queryset()


class CriterionViewSet(PlanningViewSet):
    """A story's acceptance criteria."""

    queryset = AcceptanceCriterion.objects.all()
    tenant_lookup = "story__theme__backlog__account_id"
    parent_link = ParentLink(
        Story, kwarg="story_id", tenant_lookup="theme__backlog__account_id", select_related=("theme__backlog",)
    )
    input_serializer_class = CriterionInputSerializer
    output_serializer_class = CriterionOutput
    services = Services(
        create=stories.criterion_create,
        update=stories.criterion_update,
        delete=stories.criterion_delete,
        target="criterion",
    )
    xml_root = "acceptance_criterion"
    xml_root_plural = "acceptance_criteria"

    def get_object(self):
        criterion = super().get_object()
        criterion.story = self.parent  # the services read the story's theme and backlog
        return criterion
