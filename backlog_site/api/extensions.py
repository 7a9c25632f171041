"""Fields another app adds to a family's read shapes (the links app's `links` on a BOSSDesk ticket and
CI, a Tickets API ticket, an easyBacklog story and an Issue Tracker issue). A family names its shape and
shows whatever is registered for it, so it imports none of the apps that add to it: they register from
their AppConfig.ready(), as with the accounts' registries.

- `shape_extend("bossdesk.ticket", field="links", read=…, schema=…)`: `read(ids, *, account, public)`
  answers {id: value} for a page of objects, in a fixed number of queries whatever the page holds;
  `schema()` builds the serializer field that documents the value; `optional=True` where the family shows
  the field only when asked (the Issue Tracker's `with[]=links`), so the OpenAPI does not require it.
- A read calls `shape_extras(shape, ids, account=…, public=…)` once for the objects it shows and adds
  each object's extras after the document's own fields: clients written from the document ignore them.
- A serializer of the shape mixes in `ExtendedShape` (`extended_shape = "…"`): it declares the registered
  fields in the OpenAPI and adds their values to the object's JSON, as its view says (the view's
  `with_extensions`: which fields this request shows, whose read it is); outside a view, only a serializer
  that says `extends_alone` adds them, as the object's account reads them. A view that renders without a
  serializer (BOSSDesk's) calls `with_extensions` itself.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField


@dataclass(frozen=True)
class Extension:
    field: str
    read: Callable[..., dict]
    schema: Callable[[], serializers.Field]
    optional: bool = False


_extensions: dict[str, list[Extension]] = {}


def shape_extend(
    shape: str,
    *,
    field: str,
    read: Callable[..., dict],
    schema: Callable[[], serializers.Field],
    optional: bool = False,
):
    extensions = _extensions.setdefault(shape, [])
    if all(extension.field != field for extension in extensions):
        extensions.append(Extension(field, read, schema, optional))


def shape_fields(shape: str) -> tuple[str, ...]:
    return tuple(extension.field for extension in _extensions.get(shape, ()))


def optional_fields(shape: str | None) -> tuple[str, ...]:
    """The shape's fields its reads show only when asked: the OpenAPI does not require them."""
    return tuple(extension.field for extension in _extensions.get(shape, ()) if extension.optional)


def shape_extras(
    shape: str, ids: Iterable[int], *, account, public: bool = False, fields: Iterable[str] | None = None
) -> dict[int, dict]:
    """{id: {field: value}} for every id, from each extension of the shape (those named in `fields`,
    when given). `account` None with `public` for an anonymous read (the Issue Tracker's)."""
    ids = list(ids)
    wanted = None if fields is None else set(fields)
    extras: dict[int, dict] = {pk: {} for pk in ids}
    for extension in _extensions.get(shape, ()):
        if wanted is not None and extension.field not in wanted:
            continue
        values = extension.read(ids, account=account, public=public)
        for pk in ids:
            extras[pk][extension.field] = values[pk]
    return extras


def extended(data: dict, shape: str, pk: int, *, account, public: bool = False, fields=None) -> dict:
    """One object's JSON with its shape's extras added."""
    return {**data, **shape_extras(shape, [pk], account=account, public=public, fields=fields)[pk]}


class _Declared(serializers.Field):
    """Documents an extension in the OpenAPI. Its value is not an attribute of the object: the
    serializer's `extend` adds it (from `shape_extras`), so the field itself is skipped."""

    def __init__(self, extension: Extension):
        super().__init__(read_only=True)
        extend_schema_field(extension.schema())(self)

    def get_attribute(self, instance):
        raise SkipField()

    def to_representation(self, value):
        return value


class ExtendedShape:
    """Mixed into a shape's output serializer: declares the fields registered for `extended_shape` and
    adds them to each object's JSON (`extend`, which a serializer that writes its own JSON calls)."""

    extended_shape: str
    # Outside a view, the fields are added (as the object's account reads them) only when this says so: a
    # shape nested in another (an issue in a public company's JSON) must not show what its reader may not.
    extends_alone = False

    def get_fields(self):
        fields = super().get_fields()
        for extension in _extensions.get(self.extended_shape, ()):
            fields.setdefault(extension.field, _Declared(extension))
        return fields

    def to_representation(self, instance):
        return self.extend(super().to_representation(instance), instance)

    def extend(self, data: dict, instance) -> dict:
        view = self.context.get("view")
        if hasattr(view, "with_extensions"):
            return view.with_extensions(data, instance, shape=self.extended_shape)
        if not self.extends_alone:
            return data
        return extended(data, self.extended_shape, instance.pk, account=instance.account)
