"""The floor: bare DRF over the same tables as the APIs, so `make bench` can say what a read costs
when it does nothing but read. Per table a `ListAPIView` paged by DRF's `PageNumberPagination` (which
pays a COUNT(*) of the account and an OFFSET) and by its `CursorPagination` (neither: the least a page
can cost), and a `RetrieveAPIView`; a page is 30 rows of a few columns, scoped to one account by the
URL. No authentication, no dialect: that is the point of a floor. Mounted by bench/scale/urls.py only.
"""

from django.urls import path
from rest_framework import generics, pagination, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from backlogs.models import Ticket as DevTicket
from helpdesk.models import Ticket as DeskTicket
from issues.models import Issue

PAGE = 30


class NumberedPage(pagination.PageNumberPagination):
    page_size = PAGE


class CursorPage(pagination.CursorPagination):
    page_size = PAGE
    ordering = "-id"


class DeskTicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeskTicket
        fields = ["id", "friendly_id", "title", "status", "priority_id", "agent_id", "created_at", "updated_at"]


class DevTicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevTicket
        fields = ["id", "number", "title", "status_id", "priority", "assignee_id", "created_at", "updated_at"]


class IssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Issue
        fields = ["id", "name", "severity", "closed_at", "created_at", "updated_at"]


class FloorMixin:
    model = None
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get_queryset(self):
        return self.model.objects.filter(account_id=self.kwargs["account_id"]).order_by("-id")


TABLES = {
    "desk-tickets": (DeskTicket, DeskTicketSerializer),
    "dev-tickets": (DevTicket, DevTicketSerializer),
    "issues": (Issue, IssueSerializer),
}


def _views(model, serializer):
    attrs = {"model": model, "serializer_class": serializer}
    numbered = type("NumberedList", (FloorMixin, generics.ListAPIView), {**attrs, "pagination_class": NumberedPage})
    cursor = type("CursorList", (FloorMixin, generics.ListAPIView), {**attrs, "pagination_class": CursorPage})
    detail = type("Detail", (FloorMixin, generics.RetrieveAPIView), attrs)
    return numbered, cursor, detail


urlpatterns = []
for _name, (_model, _serializer) in TABLES.items():
    _numbered, _cursor, _detail = _views(_model, _serializer)
    urlpatterns += [
        path(f"<int:account_id>/{_name}", _numbered.as_view(), name=f"floor-{_name}-numbered"),
        path(f"<int:account_id>/{_name}/cursor", _cursor.as_view(), name=f"floor-{_name}-cursor"),
        path(f"<int:account_id>/{_name}/<int:pk>", _detail.as_view(), name=f"floor-{_name}-detail"),
    ]
