"""What the OpenAPI says about each operation in words: its family's tag, a one-line summary, and a
description written for API users.

- **Tags**: one per family (`FAMILY_TAGS`), from the view's dialect (`Dialect.tag`); an app serving
  its own part of a family names it in `APP_TAGS` (the CMDB within BOSSDesk, webhooks within the
  Issue Tracker).
- **Summaries**: an action's docstring's first line, else the standard verb and the model's name
  ("List themes", "Create a theme").
- **Descriptions**: only docstrings a view or action writes itself. drf-spectacular would otherwise
  fall back to a base class's docstring, which describes the code, not the API.
"""

import inspect

FAMILY_TAGS = (
    "easyBacklog",
    "Public Backlog",
    "Tickets API",
    "BOSSDesk service desk",
    "BOSSDesk CMDB",
    "Issue Tracker",
    "Webhooks",
)
# Apps that are one part of a family, tagged apart from the rest of it.
APP_TAGS = {"cmdb": "BOSSDesk CMDB", "webhooks": "Webhooks"}

VERBS = {
    "list": "List {plural}",
    "retrieve": "Read {a} {singular}",
    "create": "Create {a} {singular}",
    "update": "Update {a} {singular}",
    "partial_update": "Update {a} {singular}",
    "destroy": "Delete {a} {singular}",
}
METHOD_ACTIONS = {"get": "retrieve", "post": "create", "put": "update", "patch": "update", "delete": "destroy"}


def family_tag(view) -> str | None:
    app = type(view).__module__.split(".", 1)[0]
    if app in APP_TAGS:
        return APP_TAGS[app]
    dialect = getattr(view, "dialect", None)
    return getattr(dialect, "tag", None) or None


def _handler(view, method: str):
    return getattr(view, getattr(view, "action", None) or method.lower(), None)


def _own_doc(obj) -> str:
    """The docstring `obj` writes itself (a class's own, not one it inherits)."""
    if obj is None:
        return ""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        return inspect.cleandoc(doc) if doc else ""
    return inspect.getdoc(obj) or ""


def _handler_doc(view, method: str) -> str:
    """An action's or method handler's own docstring, if the view (not DRF) wrote it."""
    handler = _handler(view, method)
    function = getattr(handler, "__func__", handler)
    module = getattr(function, "__module__", "") or ""
    if module.startswith("rest_framework") or module.startswith("backlog_site.api"):
        return ""  # the shared CRUD of DialectViewSet or DRF's mixins: nothing specific to say
    return _own_doc(handler)


def _model(view):
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        serializer_class = getattr(view, "output_serializer_class", None) or getattr(view, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    return model


def _nouns(view) -> dict:
    """What the operation's rows are called: the view's `schema_nouns` (singular, plural), else its model's."""
    nouns = getattr(view, "schema_nouns", None)
    if nouns is None:
        model = _model(view)
        if model is None:
            return {}
        nouns = (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
    singular, plural = nouns
    return {"singular": singular, "plural": plural, "a": "an" if singular[:1].lower() in "aeiou" else "a"}


def summary(view, method: str, is_list: bool) -> str | None:
    doc = _handler_doc(view, method)
    if doc:
        return doc.splitlines()[0].rstrip(".")
    action = getattr(view, "action", None)
    if action is None:
        action = "list" if is_list else METHOD_ACTIONS.get(method.lower())
    nouns = _nouns(view)
    if action in VERBS and nouns:
        return VERBS[action].format(**nouns)
    if action:
        return action.replace("_", " ").capitalize()
    return None


def description(view, method: str) -> str:
    """The handler's docstring past its first line (the summary), else the view's own docstring."""
    doc = _handler_doc(view, method)
    if doc:
        return "\n".join(doc.splitlines()[1:]).strip()
    return _own_doc(type(view))
