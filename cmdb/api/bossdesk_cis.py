"""BOSSDesk CIs: `/cis` list (paged, Ransack, archived hidden unless `archived=true|all`), create,
retrieve, update (204), delete, `/cis/by_barcode/{barcode}`, archive and restore, and `/notes`."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Location, Tag
from helpdesk.api.bossdesk_common import AccountRelatedField, BossDeskViewSet, MemberField, RailsSerializer
from helpdesk.models import Ticket
from helpdesk.ransack import RansackError, query_params, ransack

from .. import selectors, services
from ..models import CI, CINote, CIStatus, CIType, Manufacturer
from ..search_fields import CI_SEARCH_FIELDS
from . import bossdesk_render as render

ARCHIVED_CHOICES = {"false": "active", "true": "archived", "all": "all"}


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


def split_ci_input(data: dict) -> tuple[dict, dict]:
    """(row fields, extras: tags, users, tickets, custom_fields, inventory) of validated CI input."""
    names = {"tag_ids": "tags", "user_ids": "users", "ticket_ids": "tickets", "custom_fields": "custom_fields"}
    extras = {target: data.pop(source) for source, target in names.items() if source in data}
    if "inventory" in data:
        extras["inventory"] = data.pop("inventory")
    return data, extras


class CIViewSet(BossDeskViewSet):
    queryset = CI.objects.all()
    serializer_class = CIInputSerializer
    permission_resource = "cis"
    scope_resource = "cis"
    envelope = "ci"
    lookup_field = "friendly_id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.ci_list(account_id=self.request.account.pk)
        return selectors.ci_detail(account_id=self.request.account.pk)

    def reread(self, ci: CI) -> dict:
        return render.ci_detail(selectors.ci_detail(account_id=self.request.account.pk).get(pk=ci.pk))

    @extend_schema(
        parameters=[
            OpenApiParameter("archived", OpenApiTypes.STR, enum=list(ARCHIVED_CHOICES), description="default false")
        ]
    )
    def list(self, request, *args, **kwargs):
        archived = ARCHIVED_CHOICES.get(str(request.query_params.get("archived", "false")).lower())
        if archived is None:
            raise RansackError("archived must be true, false or all")
        queryset = self.get_queryset()
        if archived == "active":
            queryset = queryset.filter(archived_at__isnull=True)
        elif archived == "archived":
            queryset = queryset.filter(archived_at__isnull=False)
        queryset = ransack(queryset, query_params(request.query_params), CI_SEARCH_FIELDS)
        return self.paginated(queryset, render.ci_list_item)

    def retrieve(self, request, *args, **kwargs):
        return Response(render.ci_detail(self.get_object()))

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
        return Response(render.ci_detail(ci))

    def create(self, request, *args, **kwargs):
        fields, extras = split_ci_input(self.validated())
        ci = services.ci_create(account=request.account, actor=self.membership, fields=fields, **extras)
        return self.created_response(self.reread(ci))

    def partial_update(self, request, *args, **kwargs):
        ci = self.get_object()
        fields, extras = split_ci_input(self.validated(partial=True))
        services.ci_update(ci=ci, fields=fields, **extras)
        return self.updated_response(None)

    def destroy(self, request, *args, **kwargs):
        services.ci_delete(ci=self.get_object())
        return self.deleted_response()

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def archive(self, request, *args, **kwargs):
        return Response(self.reread(services.ci_archive(ci=self.get_object())))

    @extend_schema(request=None)
    @action(detail=True, methods=["patch"])
    def restore(self, request, *args, **kwargs):
        return Response(self.reread(services.ci_restore(ci=self.get_object())))


class NoteInputSerializer(RailsSerializer):
    text = serializers.CharField(max_length=100_000)


class CINoteViewSet(BossDeskViewSet):
    """`/cis/{friendly_id}/notes`: add (201), update (200 with the note), delete (200 with the note)."""

    queryset = CI.objects.all()
    serializer_class = NoteInputSerializer
    permission_resource = "cis"
    scope_resource = "cis"
    envelope = "note"

    def ci(self) -> CI:
        return get_object_or_404(self.get_queryset(), friendly_id=self.kwargs["ci_friendly_id"])

    def note(self) -> CINote:
        return get_object_or_404(selectors.ci_notes(ci=self.ci()), pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        ci = self.ci()
        note = services.note_create(ci=ci, actor=self.membership, text=self.validated()["text"])
        return self.created_response(render.note(selectors.ci_notes(ci=ci).get(pk=note.pk)))

    def partial_update(self, request, *args, **kwargs):
        note = self.note()
        services.note_update(note=note, text=self.validated()["text"])
        return Response(render.note(note))

    def destroy(self, request, *args, **kwargs):
        return Response(render.note(services.note_delete(note=self.note())))
