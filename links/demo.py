"""The demo account's links: a dev ticket caused by a desk ticket and fixing an open incident, a story
related to it and a CI affecting the desk ticket (links only: the other apps' demo counts stay theirs).
Registered from LinksConfig.ready(); runs after the other apps' fillers (this app is installed after
them) and does nothing once the account has links."""

from accounts.models import Account, Membership, Role
from backlogs.models import Story
from backlogs.models import Ticket as DevTicket
from cmdb.models import CI
from helpdesk.models import Ticket as DeskTicket
from issues.models import Issue

from .ends import End
from .kinds import Kind
from .models import Link
from .services import link_create


def fill_links_demo(account: Account) -> None:
    if Link.objects.filter(account=account).exists():
        return
    owner = Membership.objects.filter(account=account, role=Role.ADMIN).select_related("user").first()
    desk = DeskTicket.objects.filter(account=account).select_related("priority").order_by("friendly_id").first()
    if owner is None or desk is None:
        return
    dev = DevTicket.objects.filter(account=account).order_by("number").first()
    if dev is None:
        return
    link_create(account=account, source=End.of(dev), kind=Kind.CAUSED_BY, target=End.of(desk), creator=owner)
    ends = [
        (Issue.objects.filter(account=account, closed_at__isnull=True).order_by("id").first(), Kind.FIXES),
        (Story.objects.filter(theme__backlog__account=account).order_by("id").first(), Kind.RELATES_TO),
        (CI.objects.filter(account=account).order_by("friendly_id").first(), Kind.AFFECTS),
    ]
    for obj, kind in ends:
        if obj is None:
            continue
        source, target = (End.of(obj), End.of(desk)) if kind == Kind.AFFECTS else (End.of(dev), End.of(obj))
        link_create(account=account, source=source, kind=kind, target=target, creator=owner)
