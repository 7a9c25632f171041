"""easyBacklog planning routes (seed 002). Backlogs answer both under `/api/accounts/{ACCOUNT_ID}/`
(the document's paths) and directly under `/api/` (the issue's)."""

from django.urls import re_path
from rest_framework.urlpatterns import format_suffix_patterns

from .easybacklog_backlogs import BacklogViewSet, ScoringRuleViewSet, SnapshotViewSet, SprintStoryStatusViewSet
from .easybacklog_sprints import SprintStoryViewSet, SprintViewSet
from .easybacklog_work import CriterionViewSet, StoryShortcutViewSet, StoryViewSet, ThemeViewSet

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "patch": "update", "delete": "destroy"}
ID = r"(?P<pk>[0-9]+)"


def _backlog_routes(prefix: str, name: str) -> list:
    base = rf"^{prefix}backlogs"
    return [
        re_path(rf"{base}$", BacklogViewSet.as_view(LIST), name=f"{name}-list"),
        re_path(rf"{base}/{ID}$", BacklogViewSet.as_view(DETAIL), name=f"{name}-detail"),
        re_path(rf"{base}/{ID}/duplicate$", BacklogViewSet.as_view({"post": "duplicate"}), name=f"{name}-duplicate"),
        re_path(rf"{base}/{ID}/stats$", BacklogViewSet.as_view({"get": "stats"}), name=f"{name}-stats"),
        re_path(
            rf"{base}/(?P<backlog_id>[0-9]+)/snapshots$",
            SnapshotViewSet.as_view({"get": "list", "post": "create"}),
            name=f"{name}-snapshot-list",
        ),
        re_path(
            rf"{base}/(?P<backlog_id>[0-9]+)/snapshots/{ID}$",
            SnapshotViewSet.as_view({"get": "retrieve", "delete": "destroy"}),
            name=f"{name}-snapshot-detail",
        ),
    ]


urlpatterns = format_suffix_patterns(
    [
        *_backlog_routes(r"accounts/(?P<account_id>[0-9]+)/", "eb-account-backlog"),
        *_backlog_routes("", "eb-backlog"),
        re_path(r"^backlogs/(?P<backlog_id>[0-9]+)/themes$", ThemeViewSet.as_view(LIST), name="eb-theme-list"),
        re_path(
            rf"^backlogs/(?P<backlog_id>[0-9]+)/themes/{ID}$", ThemeViewSet.as_view(DETAIL), name="eb-theme-detail"
        ),
        re_path(
            rf"^backlogs/(?P<backlog_id>[0-9]+)/themes/{ID}/grab-story$",
            ThemeViewSet.as_view({"post": "grab_story"}),
            name="eb-theme-grab-story",
        ),
        re_path(
            rf"^backlogs/(?P<backlog_id>[0-9]+)/themes/{ID}/move-to-backlog$",
            ThemeViewSet.as_view({"post": "move_to_backlog"}),
            name="eb-theme-move-to-backlog",
        ),
        re_path(r"^backlogs/(?P<backlog_id>[0-9]+)/sprints$", SprintViewSet.as_view(LIST), name="eb-sprint-list"),
        re_path(
            rf"^backlogs/(?P<backlog_id>[0-9]+)/sprints/{ID}$", SprintViewSet.as_view(DETAIL), name="eb-sprint-detail"
        ),
        re_path(r"^themes/(?P<theme_id>[0-9]+)/stories$", StoryViewSet.as_view(LIST), name="eb-story-list"),
        re_path(rf"^themes/(?P<theme_id>[0-9]+)/stories/{ID}$", StoryViewSet.as_view(DETAIL), name="eb-story-detail"),
        re_path(rf"^stories/{ID}$", StoryShortcutViewSet.as_view({"get": "retrieve"}), name="eb-story-shortcut"),
        re_path(
            r"^stories/(?P<story_id>[0-9]+)/acceptance-criteria$",
            CriterionViewSet.as_view(LIST),
            name="eb-criterion-list",
        ),
        re_path(
            rf"^stories/(?P<story_id>[0-9]+)/acceptance-criteria/{ID}$",
            CriterionViewSet.as_view(DETAIL),
            name="eb-criterion-detail",
        ),
        re_path(
            r"^sprints/(?P<sprint_id>[0-9]+)/sprint-stories$",
            SprintStoryViewSet.as_view(LIST),
            name="eb-sprint-story-list",
        ),
        re_path(
            rf"^sprints/(?P<sprint_id>[0-9]+)/sprint-stories/{ID}$",
            SprintStoryViewSet.as_view(DETAIL),
            name="eb-sprint-story-detail",
        ),
        re_path(r"^scoring-rules$", ScoringRuleViewSet.as_view({"get": "list"}), name="eb-scoring-rule-list"),
        re_path(
            rf"^scoring-rules/{ID}$", ScoringRuleViewSet.as_view({"get": "retrieve"}), name="eb-scoring-rule-detail"
        ),
        re_path(
            r"^sprint-story-statuses$",
            SprintStoryStatusViewSet.as_view({"get": "list"}),
            name="eb-sprint-story-status-list",
        ),
        re_path(
            rf"^sprint-story-statuses/{ID}$",
            SprintStoryStatusViewSet.as_view({"get": "retrieve"}),
            name="eb-sprint-story-status-detail",
        ),
    ],
    allowed=["json", "xml", "xls", "pdf"],
)
