"""Hot reads compiled to SQL once per process, then run with each request's values.

Turning a queryset into SQL (resolving joins, EXISTS subqueries, select_related columns) costs Python
far more than PostgreSQL takes to run a one-row read by an index: profiled with pyinstrument, the
compiler was half of a BOSSDesk ticket read and most of the API key check. Django has no cache of
compiled statements (and no library we know of adds one for model reads), so this keeps one.

    _KEY = Prepared(lambda prefix: ApiKey.objects.select_related("user").filter(prefix=prefix))
    key = _KEY.first(prefix="abc")

`build` is called once per database alias with placeholder values (distinct sentinels of the same
type) and compiled; each call then runs that SQL with the sentinels replaced by the given values, and
makes model instances exactly as a queryset would (select_related objects, annotations, deferred
fields, database converters). The queryset must use each value only as a plain query parameter (a
filter value), never to choose a join or a column, so that one compiled form fits every value.
"""

import itertools
import re
import weakref
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# No real id, yet valid for 32-bit and positive columns (Django drops values out of a column's range).
_INT_SENTINEL = 2_147_480_000
_STR_SENTINEL = "\x01prepared:"
_NAMES = itertools.count(1)
# Per PostgreSQL session (the driver's connection object): the statements already PREPAREd on it.
_PREPARED_ON: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def _numbered(sql: str) -> str:
    """Django's `%s` placeholders as PostgreSQL's `$1, $2, …` (and `%%` as `%`), for PREPARE."""
    numbers = itertools.count(1)
    return re.sub(r"%([s%])", lambda m: f"${next(numbers)}" if m.group(1) == "s" else "%", sql)


def server_prepared(connection) -> bool:
    """Run prepared reads as server-side prepared statements (PostgreSQL, unless settings say no:
    a transaction-pooling proxy such as PgBouncer in transaction mode cannot keep them)."""
    return connection.vendor == "postgresql" and getattr(settings, "DATABASE_PREPARED_STATEMENTS", True)


def _run(connection, name: str, sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (Django's `%s` placeholders) with `params`, as the statement `name`."""
    with connection.cursor() as cursor:
        if server_prepared(connection):
            # PostgreSQL plans the statement once per session, not on every request (planning the
            # ticket read's joins and EXISTS took longer than running it). PREPARE goes straight to
            # the driver, so the EXECUTE is the one query a request counts and logs.
            session = connection.connection
            names = _PREPARED_ON.setdefault(session, set())
            if name not in names:
                session.execute(f"PREPARE {name} AS {_numbered(sql)}")
                names.add(name)
            cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()


class PreparedSQL:
    """A hand-written read, run as a server-side prepared statement on PostgreSQL and as it is
    elsewhere: for a statement an ORM queryset cannot be compiled once for (its LIMIT and OFFSET
    are values, not parameters), or whose rows are read as tuples, not model instances.

    `sql` uses Django's `%s` placeholders; `postgresql`, when given, is the PostgreSQL form (the
    other vendors run `sql`). Values reach the database as parameters only."""

    def __init__(self, sql: str, *, postgresql: str | None = None):
        self.sql, self.postgresql = sql, postgresql or sql
        self.name = f"worktrack_prepared_{next(_NAMES)}"

    def rows(self, params, *, using: str = "default") -> list[tuple]:
        connection = connections[using]
        return _run(connection, self.name, self.postgresql if connection.vendor == "postgresql" else self.sql, params)


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        """`kinds` names each argument of `build` and its type (int or str)."""
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, tuple] = {}
        self.name = f"worktrack_prepared_{next(_NAMES)}"

    def _sentinels(self) -> dict[str, object]:
        values = {}
        for index, (name, kind) in enumerate(self.kinds.items()):
            values[name] = _INT_SENTINEL + index if kind is int else f"{_STR_SENTINEL}{index}:{name}"
        return values

    def _compile(self, using: str) -> tuple:
        sentinels = self._sentinels()
        queryset = self.build(**sentinels).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {name: [i for i, p in enumerate(params) if p == value] for name, value in sentinels.items()}
        missing = [name for name, found in slots.items() if not found]
        if missing or sum(len(found) for found in slots.values()) != sum(p in sentinels.values() for p in params):
            raise ValueError(f"prepared query: {missing or 'a value'} is not a plain parameter")
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        compiled = (compiler, sql, list(params), slots, klass_info["model"], init_list, (start, end))
        self._compiled[using] = compiled
        return compiled

    def all(self, *, using: str = "default", **values) -> list:
        compiled = self._compiled.get(using) or self._compile(using)
        compiler, sql, params, slots, model, init_list, (start, end) = compiled
        params = list(params)
        for name, positions in slots.items():
            for position in positions:
                params[position] = values[name]
        rows = _run(connections[using], self.name, sql, params)
        if not rows:
            return []
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        # Built per call: populators keep no state between rows of one call only.
        populators = get_related_populators(compiler.klass_info, compiler.select, using)
        annotations = compiler.annotation_col_map
        objects = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def first(self, *, using: str = "default", **values):
        found = self.all(using=using, **values)
        return found[0] if found else None
