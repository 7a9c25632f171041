"""The link: one row joining two objects of one account, whatever their families.

Each end is a family name (`source_type`) and one foreign key per family (`source_desk_ticket`, …), of
which exactly the named one is set (a check constraint). Real foreign keys, rather than (type, id)
pairs, let the database keep the ends honest: an end must exist, and deleting it deletes its links,
each announced `link_deleted` (`cascade_announced`).
A link is unique per (ends, kind): a unique index over the kind, the types and the one set key of
each end (COALESCE of an end's keys is that key). `relates_to` is stored with its ends in a fixed
order (links.services), so the index also refuses it the other way round.
"""

from django.contrib.admin.utils import NestedObjects
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from accounts.models import Account, Membership
from backlogs.models import Story
from backlogs.models import Ticket as DevTicket
from cmdb.models import CI
from helpdesk.models import Ticket as DeskTicket
from issues.models import Issue

from .ends import FAMILIES, EndType
from .kinds import Kind

SIDES = ("source", "target")


def end_column(side: str, end_type: str) -> str:
    return f"{side}_{end_type}"


def _one_end_set(side: str) -> Q:
    """Exactly the key of the side's type is set."""
    condition = Q()
    for end_type in FAMILIES:
        branch = Q(**{f"{side}_type": end_type})
        for other in FAMILIES:
            branch &= Q(**{f"{end_column(side, other)}__isnull": other != end_type})
        condition |= branch
    return condition


def _end_key(side: str) -> Coalesce:
    return Coalesce(*(end_column(side, end_type) for end_type in FAMILIES))


def cascade_announced(collector, field, sub_objs, using):
    """CASCADE for a link's end, announcing each link it takes `link_deleted` (links.services, in bulk:
    a fixed number of queries for the batch). It runs where Django collects what a delete takes, so in
    the caller's transaction: the services' and the admin's deletes have one. A link reached through
    both its ends is announced once. The admin's "Are you sure?" page collects without deleting (its
    NestedObjects): nothing is announced then."""
    from .services import links_deleted_announce

    if isinstance(collector, NestedObjects):
        models.CASCADE(collector, field, sub_objs, using)
        return
    announced = collector.__dict__.setdefault("links_announced", set())
    links = [link for link in Link.objects.filter(pk__in=[row.pk for row in sub_objs]) if link.pk not in announced]
    announced.update(link.pk for link in links)
    links_deleted_announce(links)
    models.CASCADE(collector, field, sub_objs, using)


def _end(model) -> models.ForeignKey:
    return models.ForeignKey(model, on_delete=cascade_announced, null=True, blank=True, related_name="+")


class Link(models.Model):
    """source <kind> target, two objects of one account (links.services checks the account)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_type = models.CharField(max_length=20, choices=EndType.choices)
    source_desk_ticket = _end(DeskTicket)
    source_dev_ticket = _end(DevTicket)
    source_story = _end(Story)
    source_ci = _end(CI)
    source_issue = _end(Issue)
    target_type = models.CharField(max_length=20, choices=EndType.choices)
    target_desk_ticket = _end(DeskTicket)
    target_dev_ticket = _end(DevTicket)
    target_story = _end(Story)
    target_ci = _end(CI)
    target_issue = _end(Issue)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="link_kind_known"),
            models.CheckConstraint(condition=_one_end_set("source"), name="link_source_one_end"),
            models.CheckConstraint(condition=_one_end_set("target"), name="link_target_one_end"),
            models.UniqueConstraint(
                "kind",
                "source_type",
                _end_key("source"),
                "target_type",
                _end_key("target"),
                name="link_unique_ends_kind",
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"link {self.pk}: {self.source_type} {self.kind} {self.target_type}"


def link_end_id(link, side: str) -> int:
    """The key of one end of a link (whatever its family)."""
    return getattr(link, f"{end_column(side, getattr(link, f'{side}_type'))}_id")
