"""What every paginated list does so that a page costs O(page), whatever the dialect's parameters.

- **Totals** come from the account's row counter (`accounts.counters`) when the list is unfiltered
  (the view says so with `list_counter`); otherwise from a count bounded at `COUNT_BOUND` rows,
  exact below it. Dialects whose document promises an exact total ask for `exact=True`.
- **A page is read in two steps inside one statement** (a deferred join): the page's ids from the
  list's ordering index alone, then those rows with their joined lookups
  (`WHERE id IN (SELECT id … ORDER BY … LIMIT n OFFSET k)`), so skipped rows never pay the joins.
- **Deep pages from the other end**: past half of an exact total the ids are read in the reverse
  order from the end, so the last page costs what the first does.
- **Keyset cursors**: a cursor names the last row of a page (its ordering values); the next page is
  then the rows after it, at the cost of page 1 however deep it is.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.db.models.sql.where import WhereNode

from accounts import counters

COUNT_BOUND = 10_000  # a filtered list counts at most this many rows (then the total is a floor)


@dataclass(frozen=True)
class Total:
    value: int
    exact: bool  # False: at least `value` rows (a bounded count reached its bound)


@dataclass(frozen=True)
class ListCounter:
    """What a view hands the pagination when its list is unfiltered: the counted model and account."""

    model: type
    account_id: int


def list_total(
    queryset: QuerySet, *, counter: ListCounter | None = None, exact: bool = False, bound: int | None = None
) -> Total:
    """The list's total: the counter's, an exact count, or a count bounded at `bound` rows."""
    if counter is not None and counters.counted(counter.model):
        return Total(counters.count_of(counter.model, account_id=counter.account_id), True)
    if exact:
        return Total(queryset.order_by().count(), True)
    bound = COUNT_BOUND if bound is None else bound
    value = queryset.order_by().values("pk")[: bound + 1].count()
    return Total(min(value, bound), value <= bound)


def count_bound(view) -> int | None:
    """The view's own `count_bound` (a list whose filter costs more per row counts fewer)."""
    return getattr(view, "count_bound", None)


def list_counter(view) -> ListCounter | None:
    """The view's `list_counter` (set by a list action that applied no filter), if any."""
    return getattr(view, "list_counter", None)


# --- ordering ----------------------------------------------------------------------------------


def ordering_keys(queryset: QuerySet) -> list[str]:
    """The list's ordering made total (ties broken by the primary key) as `["-friendly_id", …]`."""
    keys = [key for key in (queryset.query.order_by or queryset.model._meta.ordering) if isinstance(key, str)]
    if not _is_total(queryset.model, [key.lstrip("-") for key in keys]):
        keys.append("-pk" if keys and keys[-1].startswith("-") else "pk")
    return keys


def _is_total(model, names: list[str]) -> bool:
    """The ordering fields identify a row (within an account, which every list is narrowed to)."""
    names = {model._meta.pk.name if name == "pk" else name for name in names}
    if model._meta.pk.name in names:
        return True
    for constraint in model._meta.constraints:
        fields = set(getattr(constraint, "fields", ()) or ())
        if fields and getattr(constraint, "condition", None) is None and fields <= names | {"account"}:
            return True
    return False


def _reversed(keys: list[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in keys]


class _PkInPage(Func):
    """`pk = ANY(ARRAY(ids))` on PostgreSQL, `pk IN (ids)` elsewhere.

    With `IN (subquery)` PostgreSQL plans a semi-join, and behind the list's ten joins it puts that
    semi-join last: every row of the account is joined before the page is picked (a second per
    page at 100,000 rows). `ARRAY(subquery)` is computed once, first, and the page's rows are then
    fetched by primary key."""

    output_field = BooleanField()

    def __init__(self, ids: QuerySet):
        super().__init__(F("pk"), Subquery(ids))

    def as_sql(self, compiler, connection, **extra):
        pk, ids = self.get_source_expressions()
        pk_sql, pk_params = compiler.compile(pk)
        ids_sql, ids_params = compiler.compile(ids)
        if connection.vendor == "postgresql":
            return f"{pk_sql} = ANY(ARRAY{ids_sql})", (*pk_params, *ids_params)
        return f"{pk_sql} IN {ids_sql}", (*pk_params, *ids_params)


MANY_JOINS = 4  # beyond this many joined tables, PostgreSQL's join search costs more than the page


def _tables(select_related) -> int:
    """How many tables `select_related` joins (`{"agent": {"user": {}}, …}`; True: unknown, many)."""
    if select_related is True:
        return MANY_JOINS + 1
    if not select_related:
        return 1
    return 1 + sum(_tables(inner) for inner in select_related.values())


def _page(queryset: QuerySet, ids: QuerySet | list, keys: list[str]) -> list:
    """The rows of `ids` (a sliced values("pk") subquery, or the ids), with the queryset's joins, in
    list order."""
    if isinstance(ids, list):
        # The ids are already the filtered list's own: match them again and the planner may scan
        # the search index once more instead of fetching 30 rows by primary key.
        page = queryset.all()
        page.query.where = WhereNode()
        page = page.filter(pk__in=ids).order_by(*keys)
    else:
        page = queryset.filter(_PkInPage(ids)).order_by(*keys)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or _tables(page.query.select_related) <= MANY_JOINS:
        return list(page)
    # Choosing an order for the BOSSDesk list's ten tables takes the planner 13 ms, where running
    # the page takes 1: the order Django writes (the page's rows by primary key first, then each
    # lookup by its key) is the best one, so tell the planner to keep it, for this transaction only.
    with transaction.atomic(using=queryset.db, savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL join_collapse_limit = 1")
        return list(page)


def offset_window(queryset: QuerySet, *, offset: int, limit: int, total: Total) -> QuerySet | None:
    """The ids of the `limit` rows from `offset` in the list's order, as a sliced `values("pk")`
    queryset (in any order: put them in the list's), or None when the page is past the end."""
    keys = ordering_keys(queryset)
    ids = queryset.order_by()  # the subquery keeps filters, not joins for select_related
    if total.exact and offset >= total.value:
        return None
    if total.exact and offset > total.value // 2:
        # Nearer the end: count back from it in the reverse order.
        end = total.value - offset  # rows from the page's first row to the end
        start = max(end - limit, 0)
        return ids.order_by(*_reversed(keys)).values("pk")[start:end]
    return ids.order_by(*keys).values("pk")[offset : offset + limit]


def offset_page(queryset: QuerySet, *, offset: int, limit: int, total: Total) -> list:
    """`limit` rows from `offset` in the list's order."""
    window = offset_window(queryset, offset=offset, limit=limit, total=total)
    if window is None:
        return []
    return _page(queryset, window, ordering_keys(queryset))  # the page right side up


def bounded_page(
    queryset: QuerySet,
    *,
    offset: int,
    limit: int,
    counter: ListCounter | None = None,
    exact: bool = False,
    bound: int | None = None,
    rows_of: Callable[[list], list] | None = None,
) -> tuple[Total, list]:
    """The list's total and the page at `offset`, as `list_total` and `offset_page` give them.

    A filtered list (no counter, no exact total) is matched once: one statement takes the first
    `bound + 1` matching rows in list order (a search's trigram scan runs once, not once for the count
    and again for the page) and answers both their count and the page's ids; the page's rows then
    follow by primary key, through the queryset or, given `rows_of(ids)`, as its rows (in list order)."""
    if (counter is not None and counters.counted(counter.model)) or exact or not _plain_keys(queryset):
        total = list_total(queryset, counter=counter, exact=exact, bound=bound)
        if rows_of is None:
            return total, offset_page(queryset, offset=offset, limit=limit, total=total)
        window = offset_window(queryset, offset=offset, limit=limit, total=total)
        return total, [] if window is None else rows_of([row["pk"] for row in window])
    bound = COUNT_BOUND if bound is None else bound
    keys = ordering_keys(queryset)
    matched, ids = _matches_once(queryset, keys, taken=max(bound + 1, offset + limit), offset=offset, limit=limit)
    total = Total(min(matched, bound), matched <= bound)
    if not ids:
        return total, []
    return total, _page(queryset, ids, keys) if rows_of is None else rows_of(ids)


def _plain_keys(queryset: QuerySet) -> bool:
    """The ordering is field names only (no expressions), so it can be read back from the matches."""
    keys = queryset.query.order_by or queryset.model._meta.ordering
    return all(isinstance(key, str) and key.lstrip("-") != "?" for key in keys)


def _matches_once(queryset: QuerySet, keys: list[str], *, taken: int, offset: int, limit: int) -> tuple[int, list]:
    """(how many of the first `taken` matches there are, the ids of the page among them), in one
    statement: the matches are a CTE read twice, so PostgreSQL materialises them once."""
    names = [key.lstrip("-") for key in keys]
    matches = queryset.order_by(*keys).values_list("pk", *names)[:taken]
    try:
        sql, params = matches.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter no row can pass (e.g. a number beyond the column's range)
        return 0, []
    columns = ["match_pk", *(f"match_key{index}" for index in range(len(keys)))]
    order = ", ".join(
        f"{column} {'DESC' if key.startswith('-') else 'ASC'}" for column, key in zip(columns[1:], keys, strict=True)
    )
    statement = (
        f"WITH matches ({', '.join(columns)}) AS ({sql}) "
        "SELECT counted.n, page.match_pk FROM (SELECT COUNT(*) AS n FROM matches) counted "
        f"LEFT JOIN (SELECT * FROM matches ORDER BY {order} LIMIT %s OFFSET %s) page ON 1 = 1"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement, (*params, limit, offset))
        rows = cursor.fetchall()
    return rows[0][0], [pk for _, pk in rows if pk is not None]  # one row (n, NULL) when the page is empty


# --- keyset cursors ----------------------------------------------------------------------------


class CursorError(ValidationError):
    def __init__(self):
        super().__init__({"cursor": ["is invalid"]})


def keyset_supported(queryset: QuerySet) -> bool:
    """Cursors need ordering values that are never NULL."""
    return all(_field(queryset.model, key) is not None for key in ordering_keys(queryset))


def _field(model, key: str):
    name = key.lstrip("-")
    fields = model._meta.concrete_fields
    field = model._meta.pk if name == "pk" else next((f for f in fields if name in (f.name, f.attname)), None)
    return None if field is None or field.null else field


def cursor_after(row, queryset: QuerySet) -> str:
    """The cursor of the page after `row` (the last row of a page)."""
    values = [getattr(row, _field(queryset.model, key).attname) for key in ordering_keys(queryset)]
    raw = json.dumps(values, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, queryset: QuerySet) -> list:
    keys = ordering_keys(queryset)
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CursorError() from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise CursorError()
    decoded = []
    for key, value in zip(keys, values, strict=True):
        field = _field(queryset.model, key)
        if field is None or value is None or isinstance(value, (list, dict, bool)):
            raise CursorError()
        try:
            decoded.append(field.to_python(value))
        except (ValidationError, TypeError, ValueError):
            raise CursorError() from None
    return decoded


def cursor_page(queryset: QuerySet, *, cursor: str, limit: int) -> list:
    """`limit` rows after the row the cursor names (422 for a cursor that names nothing)."""
    keys = ordering_keys(queryset)
    values = _decode(cursor, queryset)
    after = Q()
    for index, key in enumerate(keys):
        step = Q(**{f"{key.lstrip('-')}__{'lt' if key.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        after |= step
    first = keys[0]
    # The redundant bound on the first key gives the index a range to start from.
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    window = queryset.order_by().filter(bound & after).order_by(*keys).values("pk")[:limit]
    return _page(queryset, window, keys)
