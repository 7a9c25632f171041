"""The one API viewset: list, retrieve, create, update and destroy, written once for every family.

A concrete viewset is a declaration (NetBox's `NetBoxModelViewSet` is the model):

- its dialect (the family's mixin, first among its bases), its `queryset` and `tenant_lookup`;
- its parent, when the URL names one: `parent_link = ParentLink(Backlog, kwarg="backlog_id")`;
- `input_serializer_class` (`update_serializer_class` when an update takes other fields) and
  `output_serializer_class` (`list_output_serializer_class` where a list's rows show less than a row's read);
- its services: `services = Services(create=themes.theme_create, update=…, delete=…, target="theme")`;
- where the document answers a write with the row, `update_answers_object`/`delete_answers_object`;
- its `filterset_class` (django-filter), which drf-spectacular documents;
- `conflicts`, the actions that may answer 409 and why (`{"update": "…"}`), for the OpenAPI;
- `extended_shape`, where other apps add fields to its rows' full JSON (`extensions.py`: the links) and
  it renders without a serializer that says so (`ExtendedShape`).

A write takes one road: the dialect's `payload()` → the input serializer → the service → the row read
again through the tenant-scoped queryset → the output serializer → the dialect's success code and
envelope. A read: the tenant-scoped queryset → the FilterSet → the dialect's pagination → the output
serializer (or, for a list the view reads as rows, `row_list()`: statements over the request's account
only, `row_pages`). Tenant scoping happens here and nowhere else: `get_queryset()` narrows by `tenant_lookup`
and by the parent, and the parent itself is found only inside the request's account.
"""

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.response import Response

from .dialects.base import form_lists
from .extensions import ExtendedShape, extended
from .tenancy import TenantScopedMixin


@dataclass(frozen=True)
class ParentLink:
    """The parent a nested URL names: `/api/backlogs/{backlog_id}/themes` has `ParentLink(Backlog,
    kwarg="backlog_id")`. `field` is the viewset model's foreign key to it (default: the model's name),
    `tenant_lookup` the parent's own path to its account, `lookup` the parent's field the URL value names."""

    model: type[models.Model]
    kwarg: str
    field: str | None = None
    lookup: str = "pk"
    tenant_lookup: str = "account_id"
    select_related: tuple[str, ...] = ()

    @property
    def field_name(self) -> str:
        return self.field or self.model._meta.model_name


@dataclass(frozen=True)
class Services:
    """The domain services a viewset's writes call. The base calls them as

    - `create(<parent field>=parent, fields=…)`, or `create(account=…, fields=…)` without a parent;
    - `update(<target>=row, fields=…)` and `delete(<target>=row)`;

    with `spread=True` the fields are passed as keyword arguments instead of `fields=`; `keywords` names input
    fields a service takes as keyword arguments of their own (`{"tag_ids": "tags"}`: `tags=` when sent);
    `actor` the operations whose service is told who acts (`actor=` the request's membership). A service with
    another signature is called from the viewset's own `perform_create`/`perform_update`/`perform_destroy`."""

    create: Callable | None = None
    update: Callable | None = None
    delete: Callable | None = None
    target: str = "instance"
    spread: bool = False
    keywords: Mapping[str, str] = dataclasses.field(default_factory=dict)
    actor: tuple[str, ...] = ()

    def arguments(self, fields: dict) -> dict:
        fields = dict(fields)
        own = {target: fields.pop(source) for source, target in self.keywords.items() if source in fields}
        return {**(fields if self.spread else {"fields": fields}), **own}


class DialectViewSet(TenantScopedMixin, viewsets.GenericViewSet):
    """Subclassed behind a dialect's mixin: `class ThemeViewSet(EasyBacklogMixin, DialectViewSet)`."""

    parent_link: ParentLink | None = None
    input_serializer_class = None
    update_serializer_class = None
    output_serializer_class = None
    list_output_serializer_class = None
    services = Services()
    # A view's `filterset_class` narrows its list (and, as DRF's get_object does, its detail reads).
    filter_backends = [DjangoFilterBackend]
    # easyBacklog updates name only the fields they change; the Issue Tracker validates the whole body.
    update_partial = False
    conflicts: Mapping[str, str] = {}
    # The shape whose registered extensions (backlog_site.api.extensions) a row's full JSON shows, for a
    # view that renders without an `ExtendedShape` serializer; its declared output serializer is extended
    # to say so in the OpenAPI (`__init_subclass__`).
    extended_shape: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        output = cls.output_serializer_class
        if cls.extended_shape and output is not None and not issubclass(output, ExtendedShape):
            # Same name, so the OpenAPI component keeps it; only this view names the serializer.
            attributes = {
                "extended_shape": cls.extended_shape,
                "__module__": output.__module__,
                "__doc__": output.__doc__,
            }
            cls.output_serializer_class = type(output.__name__, (ExtendedShape, output), attributes)

    # --- reads -------------------------------------------------------------------------------

    @cached_property
    def parent(self):
        """The parent the URL names, found inside the request's account (another tenant's is a 404)."""
        link = self.parent_link
        if link is None:
            return None
        queryset = link.model._default_manager.select_related(*link.select_related)
        queryset = queryset.filter(**{link.tenant_lookup: self.request.account.pk})
        return get_object_or_404(queryset, **{link.lookup: self.kwargs[link.kwarg]})

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.parent_link is not None:
            queryset = queryset.filter(**{self.parent_link.field_name: self.parent})
        return queryset

    def get_serializer_class(self):
        if self.output_serializer_class is not None:
            return self.output_serializer_class
        return super().get_serializer_class()

    def output(self, instance):
        return self.get_serializer(instance).data

    def extension_fields(self) -> set[str] | None:
        """The extensions this request's row shows (None: all those registered for the shape); a list's
        rows show none, so a list costs what it did."""
        return set() if self.action == "list" else None

    def extension_reader(self) -> dict:
        """Whose read the extensions answer: the request's account (an anonymous read is `public`)."""
        return {"account": self.request.account, "public": False}

    def with_extensions(self, data: dict, instance, *, shape: str | None = None) -> dict:
        shape = shape or self.extended_shape
        fields = self.extension_fields()
        if shape is None or fields == set():
            return data
        return extended(data, shape, instance.pk, fields=fields, **self.extension_reader())

    def output_many(self, rows):
        return self.get_serializer(rows, many=True).data

    def reread(self, instance):
        """The saved row read again through the view's queryset, so a write answers what a read would."""
        return self.get_queryset().get(pk=instance.pk)

    def row_list(self, queryset):
        """A `row_pages.RowList` when this request's list (`queryset`, filtered) is read as rows (e.g. an
        unfiltered page and its total by one statement), rendered without model instances; None: through
        the queryset."""
        return None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.row_list(queryset)
        if rows is not None and self.paginator is not None:
            page = self.paginator.paginate_rows(rows, queryset, request, view=self)
            if page is not None:
                return self.get_paginated_response([rows.render(row) for row in page])
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.output_many(page))
        return Response(self.output_many(queryset))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.output(self.get_object()))

    # --- writes ------------------------------------------------------------------------------

    def clean_payload(self, serializer_class, data: dict) -> dict:
        """A dialect's rules for a body before it is validated (easyBacklog refuses unknown fields)."""
        return data

    def validated(self, serializer_class, *, instance=None, partial=False) -> dict:
        """The request body, unwrapped by the dialect and validated by `serializer_class`."""
        self.parent  # noqa: B018 - a missing or foreign parent is a 404 before the body is judged
        data = self.clean_payload(serializer_class, self.payload())
        if isinstance(self.request.data, QueryDict):
            data = form_lists(serializer_class, data)
        serializer = serializer_class(instance, data=data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _service(self, name: str) -> Callable:
        service = getattr(self.services, name)
        if service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no {name} service")
        return service

    def perform_create(self, fields: dict):
        owner = (
            {self.parent_link.field_name: self.parent}
            if self.parent_link is not None
            else {"account": self.request.account}
        )
        return self._service("create")(**owner, **self._actor("create"), **self.services.arguments(fields))

    def perform_update(self, instance, fields: dict):
        target = {self.services.target: instance}
        result = self._service("update")(**target, **self._actor("update"), **self.services.arguments(fields))
        return instance if result is None else result

    def _actor(self, operation: str) -> dict:
        return {"actor": self.membership} if operation in self.services.actor else {}

    def perform_destroy(self, instance) -> None:
        if self.services.delete is None:
            instance.delete()  # a row with no rules of its own to keep when it goes
        else:
            self.services.delete(**{self.services.target: instance})

    def create(self, request, *args, **kwargs):
        fields = self.validated(self.input_serializer_class)
        instance = self.perform_create(fields)
        return self.created_response(self.output(self.reread(instance)))

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer_class = self.update_serializer_class or self.input_serializer_class
        fields = self.validated(serializer_class, instance=instance, partial=self.update_partial)
        instance = self.perform_update(instance, fields)
        if not self.update_answers_object:
            return self.updated_response(None)
        return self.updated_response(self.output(self.reread(instance)))

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        body = self.output(instance) if self.delete_answers_object else None  # the row as it was
        self.perform_destroy(instance)
        return self.deleted_response(body)
