"""BOSSDesk CIs: `/cis` list (paged, Ransack, archived hidden unless `archived=true|all`), create,
retrieve, update (204), delete, `/cis/by_barcode/{barcode}`, archive and restore, and `/notes`."""

import django_filters
from django import forms
from django.db.models import F
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Location, Tag
from backlog_site.api.dialects.bossdesk.fields import AccountRelatedField, MemberField, RailsSerializer
from backlog_site.api.dialects.bossdesk.filters import ransack_filterset
from backlog_site.api.dialects.bossdesk.ransack import RansackError
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet, Renders
from backlog_site.api.viewsets import ParentLink, Services
from helpdesk.models import Ticket

from .. import selectors, services
from ..models import CI, CINote, CIStatus, CIType, Manufacturer
from ..search_fields import CI_SEARCH_FIELDS
from . import bossdesk_outputs as outputs
from . import bossdesk_render as render

ARCHIVED_CHOICES = {"false": "active", "true": "archived", "all": "all"}


@extend_schema_field(
    {
        "type": "string",
        "enum": list(ARCHIVED_CHOICES),
        "default": "false",
        "description": "archived CIs: hidden (`false`), only them (`true`) or with the others (`all`)",
    }
)
class ArchivedFilter(django_filters.Filter):
    """`archived=false|true|all` (any case; absent: false); anything else is a 422 under `q`."""

    field_class = forms.Field

    def filter(self, queryset, value):
        archived = ARCHIVED_CHOICES.get(str("false" if value is None else value).lower())
        if archived is None:
            raise RansackError("archived must be true, false or all")
        if archived == "all":
            return queryset
        return queryset.filter(archived_at__isnull=archived == "active")


class CISearch(ransack_filterset(CI, CI_SEARCH_FIELDS)):
    archived = ArchivedFilter()


class CIInputSerializer(RailsSerializer):
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(allow_blank=True, allow_null=True, required=False, max_length=100_000)
    model = serializers.CharField(allow_blank=True, required=False, max_length=255)
    serial_number = serializers.CharField(allow_blank=True, required=False, max_length=255)
    control_number = serializers.CharField(allow_blank=True, required=False, max_length=255)
    type_id = AccountRelatedField(CIType, source="type", allow_null=True, required=False)
    status_id = AccountRelatedField(CIStatus, source="status", allow_null=True, required=False)
    location_id = AccountRelatedField(Location, source="location", allow_null=True, required=False)
    manufacturer_id = AccountRelatedField(Manufacturer, source="manufacturer", allow_null=True, required=False)
    tag_ids = serializers.ListField(
        child=AccountRelatedField(Tag, filters={"owner_class": "ci"}), required=False, max_length=100
    )
    user_ids = serializers.ListField(child=MemberField(), required=False, max_length=500)
    ticket_ids = serializers.ListField(child=AccountRelatedField(Ticket), required=False, max_length=500)
    custom_fields = serializers.DictField(required=False)
    inventory = serializers.JSONField(required=False, allow_null=True)
    online = serializers.BooleanField(required=False)
    dns_host_name = serializers.CharField(allow_blank=True, required=False, max_length=255)
    distinguished_name = serializers.CharField(allow_blank=True, required=False, max_length=1000)

    def validate_description(self, value):
        return value or ""

    def validate_inventory(self, value):
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("must be an object")
        return refuse_nul(value)

    def validate_custom_fields(self, value):
        return refuse_nul(value)


def refuse_nul(document):
    """A JSON document without NUL characters anywhere (PostgreSQL's jsonb cannot store them)."""

    def walk(node):
        if isinstance(node, str):
            return "\x00" in node
        if isinstance(node, dict):
            return any(walk(key) or walk(value) for key, value in node.items())
        if isinstance(node, list):
            return any(walk(item) for item in node)
        return False

    if walk(document):
        raise serializers.ValidationError("Null characters are not allowed.")
    return document


class CIViewSet(BossDeskViewSet):
    queryset = CI.objects.all()
    input_serializer_class = CIInputSerializer
    output_serializer_class = outputs.BossDeskCI
    list_output_serializer_class = outputs.BossDeskCIListItem
    filterset_class = CISearch
    renders = Renders(item=render.ci_list_item, detail=render.ci_detail)
    extended_shape = "bossdesk.ci"  # the full shape's `links` (the links app)
    services = Services(
        create=services.ci_create,
        update=services.ci_update,
        delete=services.ci_delete,
        target="ci",
        actor=("create",),
        keywords={
            "tag_ids": "tags",
            "user_ids": "users",
            "ticket_ids": "tickets",
            "custom_fields": "custom_fields",
            "inventory": "inventory",
        },
    )
    permission_resource = "cis"
    scope_resource = "cis"
    envelope = "ci"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.ci_list(account_id=self.request.account.pk)
        return selectors.ci_detail(account_id=self.request.account.pk)

    @extend_schema(parameters=[OpenApiParameter("barcode", OpenApiTypes.STR, OpenApiParameter.PATH)])
    @action(detail=False, methods=["get"], url_path="by_barcode")
    def by_barcode(self, request, barcode: str, *args, **kwargs):
        """The CI whose name or control number (the account's `ci_barcode_method`) is the barcode;
        an active CI wins over an archived one."""
        if "\x00" in barcode:  # no CI has one, and PostgreSQL refuses it in a query
            raise Http404
        field = "control_number" if request.account.ci_barcode_method == "control_number" else "name"
        ci = (
            self.get_queryset()
            .filter(**{field: barcode})
            .order_by(F("archived_at").asc(nulls_first=True), "friendly_id")
            .first()
        )
        if ci is None:
            raise Http404
        return Response(self.output(ci))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def archive(self, request, *args, **kwargs):
        return Response(self.output(self.reread(services.ci_archive(ci=self.get_object()))))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def restore(self, request, *args, **kwargs):
        return Response(self.output(self.reread(services.ci_restore(ci=self.get_object()))))


class NoteInputSerializer(RailsSerializer):
    text = serializers.CharField(max_length=100_000)


class CINoteViewSet(BossDeskViewSet):
    """`/cis/{friendly_id}/notes`: add (201), update (200 with the note), delete (200 with the note)."""

    queryset = CINote.objects.select_related("created_by__user")  # created_by: each note names its author
    tenant_lookup = "ci__account_id"
    parent_link = ParentLink(CI, kwarg="ci_friendly_id", lookup="friendly_id")
    input_serializer_class = NoteInputSerializer
    output_serializer_class = outputs.BossDeskNote
    services = Services(
        create=services.note_create,
        update=services.note_update,
        delete=services.note_delete,
        target="note",
        spread=True,
        actor=("create",),
    )
    renders = Renders(detail=render.note)
    update_partial = False  # an update sends the whole note
    update_answers_object = True
    delete_answers_object = True
    reread_skipped = ("update",)  # the updated note is the row just read, with its author
    permission_resource = "cis"
    scope_resource = "cis"
    envelope = "note"
