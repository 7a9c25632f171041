"""A sprint's page: its stories grouped by sprint story status, its points (allocated, expected,
completed, computed as the API's sprint read does) and the backlog's burn-down chart."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from backlogs.models import Sprint, SprintStory, SprintStoryStatus
from backlogs.planning import points
from backlogs.planning.stats import assumed_completed_on, backlog_stats

from .access import PlannerRequiredMixin
from .backlogs import score_text
from .burndown import burn_down_chart, points_text
from .planning_reads import live_backlogs


def sprint_of(*, backlog, pk) -> Sprint:
    # sprint_stories: listed by status; their story (and its theme's code for the "ABC1" id) and
    # status also feed the allocated/completed points.
    sprint_stories = SprintStory.objects.select_related("story__theme", "sprint_story_status")
    queryset = Sprint.objects.filter(backlog=backlog).prefetch_related(
        Prefetch("sprint_stories", queryset=sprint_stories.order_by("position", "id"))
    )
    return get_object_or_404(queryset, pk=pk)


def status_groups(sprint: Sprint) -> list[dict]:
    groups = {status.pk: {"status": status, "rows": []} for status in SprintStoryStatus.objects.all()}
    for sprint_story in sprint.sprint_stories.all():
        story = sprint_story.story
        groups[sprint_story.sprint_story_status_id]["rows"].append(
            {
                "ref": f"{story.theme.code}{story.unique_id}",
                "story": story,
                "score_50": score_text(story.score_50),
                "score_90": score_text(story.score_90),
            }
        )
    for group in groups.values():
        group["points"] = points_text(points.total_points(row["story"] for row in group["rows"]))
    return list(groups.values())


class SprintPage(PlannerRequiredMixin, TemplateView):
    template_name = "backlogs/sprint_detail.html"

    def get_context_data(self, **kwargs):
        backlog = get_object_or_404(live_backlogs(self.membership.account), pk=kwargs["backlog_pk"])
        sprint = sprint_of(backlog=backlog, pk=kwargs["pk"])
        expected = points.expected_points(sprint, backlog.velocity)
        stats = backlog_stats(backlog=backlog)
        return {
            **super().get_context_data(**kwargs),
            "backlog": backlog,
            "sprint": sprint,
            "ends_on": assumed_completed_on(sprint.start_on, sprint.duration_days),
            "groups": status_groups(sprint),
            "use_50_90": bool(backlog.use_50_90),
            "allocated": points_text(points.allocated_points(sprint)),
            "expected": None if expected is None else points_text(float(expected)),
            "completed": points_text(points.completed_points(sprint)),
            "chart": burn_down_chart(stats["burn_down"], iteration=sprint.iteration),
        }
