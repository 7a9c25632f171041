"""BOSSDesk CMDB lookups: `/ci_types`, `/ci_statuses` (bare arrays) and `/manufacturers` (paged,
Ransack-searchable). Read-only here; staff manage them in the admin."""

from rest_framework import serializers

from backlog_site.api.dialects.bossdesk import PagePerPagePagination
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.formats import timestamp as ts
from backlog_site.api.dialects.bossdesk.viewsets import LookupViewSet

from ..models import CIStatus, CIType, Manufacturer
from ..search_fields import MANUFACTURER_SEARCH_FIELDS


class CITypeSerializer(serializers.Serializer):
    """A CI type (types nest under a parent)."""  # schema only: the view renders it

    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    icon = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CIStatusSerializer(serializers.Serializer):
    """A CI status."""  # schema only: the view renders it

    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ManufacturerSerializer(serializers.Serializer):
    """A manufacturer of configuration items."""  # schema only: the view renders it

    id = serializers.IntegerField()
    name = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CMDBLookupViewSet(LookupViewSet):
    scope_resource = "cis"


class CITypeViewSet(CMDBLookupViewSet):
    queryset = CIType.objects.all()
    serializer_class = CITypeSerializer

    def render_item(self, obj):
        return {
            "id": obj.pk,
            "parent_id": obj.parent_id,
            "name": obj.name,
            "icon": obj.icon,
            "created_at": ts(obj.created_at),
            "updated_at": ts(obj.updated_at),
        }


class CIStatusViewSet(CMDBLookupViewSet):
    queryset = CIStatus.objects.all()
    serializer_class = CIStatusSerializer
    fields = ("color",)


class ManufacturerViewSet(CMDBLookupViewSet):
    """Paged and searchable (`q[name_cont]=boss`)."""

    queryset = Manufacturer.objects.all()
    serializer_class = ManufacturerSerializer
    pagination_class = PagePerPagePagination
    filterset_class = ransack_filterset(Manufacturer, MANUFACTURER_SEARCH_FIELDS)

    def render_item(self, obj):
        return {"id": obj.pk, "name": obj.name, "updated_at": ts(obj.updated_at)}
