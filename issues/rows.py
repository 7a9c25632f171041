"""Issue Tracker list pages read as rows, not model instances (`backlog_site.api.row_pages`).

At 1,000,000 issues pyinstrument showed the unfiltered list spending most of its time outside
PostgreSQL: building the page's queryset SQL, a query of its own for the total, model instances and the
serializer. Here a key's list (the account's counter and its page) and the anonymous list (every
tenant's public issues, counted up to a bound, and the page) are one prepared statement each, and so
is an issue's detail read.
"""

from datetime import datetime
from typing import NamedTuple

from accounts.models import Company
from backlog_site.api.paging import Total
from backlog_site.api.row_pages import CountedPage, in_ids, timestamp_columns
from backlog_site.prepared import PreparedSQL
from issues.models import Category, Issue


class IssueRow(NamedTuple):
    id: int
    name: str
    description: str
    severity: str
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


_TIMES = tuple(IssueRow._fields.index(name) for name in ("closed_at", "created_at", "updated_at"))
_COLUMNS = "t.id, t.name, t.description, t.severity, t.closed_at, t.created_at, t.updated_at"
_TABLE = Issue._meta.db_table
_ACCOUNT_PAGE = CountedPage(
    table=_TABLE, columns=_COLUMNS, order="id", descending=False, counter=Issue._meta.label_lower
)  # Issue.Meta.ordering, the index issue_page


def _public_statement(vendor: str) -> str:
    """The first `%s` public issues by id (an issue is public through a category of a public company),
    their number, and the page of them at LIMIT %s OFFSET %s. An issue's links are read from the link
    table alone, in issue order: its (issue, category) index gives each issue's categories together."""
    public_categories = (
        f"SELECT c.id FROM {Category._meta.db_table} c JOIN {Company._meta.db_table} co ON co.id = c.company_id"
        " WHERE co.is_public"
    )
    page_ids = "SELECT issue_id FROM matches ORDER BY issue_id LIMIT %s OFFSET %s"
    return (
        f"WITH matches (issue_id) AS (SELECT l.issue_id FROM {Issue.categories.through._meta.db_table} l"
        f" WHERE {in_ids(vendor, 'l.category_id', public_categories)}"
        " GROUP BY l.issue_id ORDER BY l.issue_id LIMIT %s)"
        " SELECT counted.n, page.* FROM (SELECT COUNT(*) AS n FROM matches) counted LEFT JOIN ("
        f"SELECT {_COLUMNS}, t.id AS page_key FROM {_TABLE} t WHERE {in_ids(vendor, 't.id', page_ids)}"
        ") page ON 1 = 1 ORDER BY page.page_key"
    )


_PUBLIC_PAGE = PreparedSQL(_public_statement("sqlite"), postgresql=_public_statement("postgresql"))
_PUBLIC = (
    f"EXISTS (SELECT 1 FROM {Issue.categories.through._meta.db_table} l"
    f" JOIN {Category._meta.db_table} c ON c.id = l.category_id"
    f" JOIN {Company._meta.db_table} co ON co.id = c.company_id"
    " WHERE l.issue_id = t.id AND co.is_public)"
)
_ONE = {
    "account": PreparedSQL(f"SELECT {_COLUMNS} FROM {_TABLE} t WHERE t.id = %s AND t.account_id = %s"),
    "public": PreparedSQL(f"SELECT {_COLUMNS} FROM {_TABLE} t WHERE t.id = %s AND {_PUBLIC}"),
}
MAX_ID = 2**63 - 1  # the id column's range: beyond it, no issue


def _rows(found: list[tuple]) -> list[IssueRow]:
    return [IssueRow(*timestamp_columns(row, _TIMES)) for row in found]


def account_page(*, account_id: int, offset: int, limit: int) -> tuple[Total, list[IssueRow]]:
    """The account's issue count (its counter) and `limit` issues from `offset` by id."""
    total, found = _ACCOUNT_PAGE.read(account_id=account_id, offset=offset, limit=limit)
    return total, _rows(found)


def issue_of(issue_id: int, *, account_id: int | None) -> IssueRow | None:
    """The account's issue (a key's read), or, with `account_id=None`, any account's public issue."""
    if not 0 < issue_id <= MAX_ID:
        return None
    if account_id is None:
        found = _ONE["public"].rows([issue_id])
    else:
        found = _ONE["account"].rows([issue_id, account_id])
    return _rows(found)[0] if found else None


def public_page(*, offset: int, limit: int, bound: int) -> tuple[Total, list[IssueRow]]:
    """Every account's public issues counted up to `bound` (beyond it the total is a floor, as
    `paging.bounded_page` counts), and `limit` of them from `offset` by id."""
    taken = max(bound + 1, offset + limit)
    found = _PUBLIC_PAGE.rows([taken, limit, offset])
    matched = found[0][0]
    return Total(min(matched, bound), matched <= bound), _rows([row[1:-1] for row in found if row[-1] is not None])
