"""easyBacklog: sprints and sprint stories (seed 002)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from backlogs.models import Backlog, Sprint, SprintStory, Story
from backlogs.planning import selectors, sprints

from .easybacklog_base import PlanningViewSet
from .easybacklog_serializers import (
    SprintInputSerializer,
    SprintStoryInputSerializer,
    sprint_data,
    sprint_story_data,
)


@extend_schema(request=SprintInputSerializer, responses=SprintInputSerializer)
class SprintViewSet(PlanningViewSet):
    """`/api/backlogs/{BACKLOG_ID}/sprints`."""

    queryset = Sprint.objects.all()
    serializer_class = SprintInputSerializer
    tenant_lookup = "backlog__account_id"
    parent_model = Backlog
    parent_kwarg = "backlog_id"
    xml_root = "sprint"

    def get_queryset(self):
        self.queryset = selectors.sprints_queryset()
        return super().get_queryset().filter(backlog=self.parent)

    def _data(self, sprint, nested=False):
        return self.out(sprint_data(sprint, backlog_velocity=self.parent.velocity, nested=nested))

    def list(self, request, *args, **kwargs):
        nested = self.include_associated()
        return Response([self._data(s, nested) for s in self.get_queryset()])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object(), self.include_associated()))

    def create(self, request, *args, **kwargs):
        fields = self.validated(SprintInputSerializer)
        sprint = sprints.sprint_create(backlog=self.parent, fields=fields)
        return self.created_response(self._data(self.get_queryset().get(pk=sprint.pk)))

    def update(self, request, *args, **kwargs):
        """`completed` (or the example's `complete`) alone decides: true completes, false reopens,
        and every other argument is ignored."""
        sprint = self.get_object()
        sprint.backlog = self.parent
        fields = self.validated(SprintInputSerializer, partial=True)
        completed = fields.pop("completed", fields.pop("complete", None))
        if completed is True:
            sprints.sprint_complete(sprint=sprint)
        elif completed is False:
            sprints.sprint_reopen(sprint=sprint)
        else:
            sprints.sprint_update(sprint=sprint, fields=fields)
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        sprint = self.get_object()
        sprint.backlog = self.parent
        sprints.sprint_delete(sprint=sprint)
        return self.deleted_response()


@extend_schema(request=SprintStoryInputSerializer, responses=SprintStoryInputSerializer)
class SprintStoryViewSet(PlanningViewSet):
    """`/api/sprints/{SPRINT_ID}/sprint-stories`."""

    queryset = SprintStory.objects.all()
    serializer_class = SprintStoryInputSerializer
    tenant_lookup = "sprint__backlog__account_id"
    parent_model = Sprint
    parent_kwarg = "sprint_id"
    parent_tenant_lookup = "backlog__account_id"
    parent_select_related = ("backlog",)
    xml_root = "sprint_story"
    xml_root_plural = "sprint_stories"

    def get_queryset(self):
        return super().get_queryset().filter(sprint=self.parent)

    def list(self, request, *args, **kwargs):
        return Response([sprint_story_data(ss) for ss in self.get_queryset()])

    def retrieve(self, request, *args, **kwargs):
        return Response(sprint_story_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        fields = self.validated(SprintStoryInputSerializer)
        story = (
            Story.objects.select_related("theme")
            .filter(pk=fields["story_id"], theme__backlog__account=request.account)
            .first()
        )
        if story is None:
            self.not_found("Story")
        sprint_story = sprints.sprint_story_create(
            sprint=self.parent, story=story, status_=fields.get("status"), position=fields.get("position")
        )
        return self.created_response(sprint_story_data(sprint_story))

    def update(self, request, *args, **kwargs):
        sprint_story = self.get_object()
        sprint_story.sprint = self.parent
        fields = self.validated(SprintStoryInputSerializer, partial=True)
        move_to = None
        if fields.get("move_to_sprint_id") is not None:
            move_to = (
                Sprint.objects.select_related("backlog")
                .filter(pk=fields["move_to_sprint_id"], backlog__account=request.account)
                .first()
            )
            if move_to is None:
                self.not_found("Sprint")
        sprints.sprint_story_update(
            sprint_story=sprint_story, move_to=move_to, status_=fields.get("status"), position=fields.get("position")
        )
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        sprint_story = self.get_object()
        sprint_story.sprint = self.parent
        sprints.sprint_story_delete(sprint_story=sprint_story)
        return self.deleted_response()
