"""easyBacklog: sprints and sprint stories (seed 002)."""

from backlog_site.api.viewsets import ParentLink, Services
from backlogs.models import Backlog, Sprint, SprintStory, Story
from backlogs.planning import selectors, sprints

from .easybacklog_base import PlanningViewSet
from .easybacklog_outputs import SprintOutput, SprintStoryOutput
from .easybacklog_serializers import SprintInputSerializer, SprintStoryInputSerializer


class SprintViewSet(PlanningViewSet):
    """A backlog's sprints."""

    queryset = Sprint.objects.all()
    tenant_lookup = "backlog__account_id"
    parent_link = ParentLink(Backlog, kwarg="backlog_id")
    input_serializer_class = SprintInputSerializer
    output_serializer_class = SprintOutput
    services = Services(
        create=sprints.sprint_create, update=sprints.sprint_update, delete=sprints.sprint_delete, target="sprint"
    )
    xml_root = "sprint"

    def get_queryset(self):
        self.queryset = selectors.sprints_queryset()
        return super().get_queryset()

    def get_object(self):
        sprint = super().get_object()
        sprint.backlog = self.parent
        return sprint

    def perform_update(self, instance, fields):
        """`completed` (or the example's `complete`) alone decides: true completes, false reopens,
        and every other argument is ignored."""
        completed = fields.pop("completed", fields.pop("complete", None))
        if completed is True:
            return sprints.sprint_complete(sprint=instance)
        if completed is False:
            return sprints.sprint_reopen(sprint=instance)
        return super().perform_update(instance, fields)


class SprintStoryViewSet(PlanningViewSet):
    """A sprint's stories."""

    queryset = SprintStory.objects.all()
    tenant_lookup = "sprint__backlog__account_id"
    parent_link = ParentLink(
        Sprint, kwarg="sprint_id", tenant_lookup="backlog__account_id", select_related=("backlog",)
    )
    input_serializer_class = SprintStoryInputSerializer
    output_serializer_class = SprintStoryOutput
    services = Services(delete=sprints.sprint_story_delete, target="sprint_story")
    xml_root = "sprint_story"
    xml_root_plural = "sprint_stories"

    def get_object(self):
        sprint_story = super().get_object()
        sprint_story.sprint = self.parent
        return sprint_story

    def perform_create(self, fields):
        stories_here = Story.objects.select_related("theme").filter(theme__backlog__account=self.request.account)
        story = self.in_account(stories_here, fields["story_id"], "Story")
        return sprints.sprint_story_create(
            sprint=self.parent, story=story, status_=fields.get("status"), position=fields.get("position")
        )

    def perform_update(self, instance, fields):
        move_to = None
        if fields.get("move_to_sprint_id") is not None:
            sprints_here = Sprint.objects.select_related("backlog").filter(backlog__account=self.request.account)
            move_to = self.in_account(sprints_here, fields["move_to_sprint_id"], "Sprint")
        return sprints.sprint_story_update(
            sprint_story=instance, move_to=move_to, status_=fields.get("status"), position=fields.get("position")
        )
