"""The five kinds of object a link can join, and what the link app needs to know of each family:
its model, the path to its account, the id its own API shows, and its title.

An end is named on the wire as its family shows it: a BOSSDesk ticket by its friendly id, a dev ticket
by its id (or its slug, `AM-42`), a story and an Issue Tracker issue by their ids, a CI by its friendly id.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, F, OuterRef

from backlogs.models import Story
from backlogs.models import Ticket as DevTicket
from cmdb.models import CI
from helpdesk.models import Ticket as DeskTicket
from issues.models import Issue


class EndType(models.TextChoices):
    DESK_TICKET = "desk_ticket", "desk ticket"
    DEV_TICKET = "dev_ticket", "dev ticket"
    STORY = "story", "story"
    CI = "ci", "CI"
    ISSUE = "issue", "Issue Tracker issue"


@dataclass(frozen=True)
class Family:
    type: str
    model: type[models.Model]
    tenant_lookup: str  # from the model to its account's id
    shown_id: str  # the field the family's API shows as the object's id
    title_field: str
    # What a link's read needs of the object, and nothing else (descriptions can be megabytes).
    columns: tuple[str, ...]

    @property
    def id_max(self) -> int:
        return 2**31 - 1 if self.shown_id == "friendly_id" else 2**63 - 1

    def title(self, obj) -> str:
        return getattr(obj, self.title_field) or ""


FAMILIES: dict[str, Family] = {
    family.type: family
    for family in (
        Family(EndType.DESK_TICKET.value, DeskTicket, "account_id", "friendly_id", "title", ("friendly_id", "title")),
        Family(EndType.DEV_TICKET.value, DevTicket, "account_id", "pk", "title", ("number", "title")),
        Family(EndType.STORY.value, Story, "theme__backlog__account_id", "pk", "i_want_to", ("unique_id", "i_want_to")),
        Family(EndType.CI.value, CI, "account_id", "friendly_id", "name", ("friendly_id", "name")),
        Family(EndType.ISSUE.value, Issue, "account_id", "pk", "name", ("name", "closed_at")),
    )
}
FAMILY_OF_MODEL = {family.model: family for family in FAMILIES.values()}


@dataclass(frozen=True)
class End:
    """One end of a link: an object of one of the five families, with its account's id."""

    type: str
    obj: models.Model
    account_id: int

    @classmethod
    def of(cls, obj: models.Model) -> "End":
        family = FAMILY_OF_MODEL[type(obj)]
        account_id = getattr(obj, "account_id", None)
        if account_id is None:  # a story: its account is its backlog's
            account_id = family.model.objects.filter(pk=obj.pk).values_list(family.tenant_lookup, flat=True).get()
        return cls(family.type, obj, account_id)

    @property
    def family(self) -> Family:
        return FAMILIES[self.type]

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def key(self) -> tuple[str, int]:
        return (self.type, self.obj.pk)


def end_queryset(end_type: str, *, account_id: int | None) -> models.QuerySet:
    """The objects of one family in one account, with the columns a link shows of them. `account_id`
    None is for the public reads of issues, whose links were found from issues already proved public."""
    family = FAMILIES[end_type]
    queryset = family.model._default_manager.all()
    if account_id is not None:
        queryset = queryset.filter(**{family.tenant_lookup: account_id})
    return queryset.annotate(link_account_id=F(family.tenant_lookup)).only(*family.columns)


def public_issues(queryset: models.QuerySet) -> models.QuerySet:
    """The issues an anonymous read may see: in a category of a public company (issues.selectors' rule)."""
    public_link = Issue.categories.through.objects.filter(issue_id=OuterRef("pk"), category__company__is_public=True)
    return queryset.filter(Exists(public_link))


def end_find(end_type: str, *, account_id: int, shown_id: int | None = None, **lookup) -> End | None:
    """The end of `account_id` its family shows as `shown_id` (or matching `lookup`), or None: another
    account's object is as missing as one that never existed."""
    family = FAMILIES[end_type]
    if shown_id is not None:
        if not 0 < shown_id <= family.id_max:
            return None  # names nothing, and must not reach SQL as an out-of-range integer
        lookup[family.shown_id] = shown_id
    obj = end_queryset(end_type, account_id=account_id).filter(**lookup).first()
    return None if obj is None else End(end_type, obj, obj.link_account_id)


def end_shown_id(end_type: str, obj) -> int:
    return getattr(obj, FAMILIES[end_type].shown_id)


def end_data(end_type: str, obj, *, ticket_prefix: str) -> dict:
    """An end as every surface shows it: its type, id (as its family shows it), title, a dev ticket's slug,
    and `ref`, the target a client writes to name it. `ticket_prefix` is the account's (both ends share it)."""
    shown = end_shown_id(end_type, obj)
    data = {"type": end_type, "id": shown, "title": FAMILIES[end_type].title(obj)}
    if end_type == EndType.DEV_TICKET:
        data["slug"] = f"{ticket_prefix}-{obj.number}"
    data["ref"] = data.get("slug") or f"{end_type}:{shown}"
    return data
