"""The service desk lookups every new account starts with, and the demo account's tickets.

Registered from `HelpdeskConfig.ready()`; both are idempotent (`seed_demo` runs them again)."""

from accounts.models import Account, Membership, Role
from helpdesk.models import (
    ExtendedStatus,
    HelpdeskCategory,
    HelpdeskPriority,
    HelpdeskSettings,
    TaskType,
    Team,
    Ticket,
    TicketType,
)

TICKET_TYPES = [("Incident", "IN"), ("Service Request", "SR"), ("Question", "QU")]
PRIORITIES = [
    ("Low", "rgb(133, 211, 132)", 1),
    ("Medium", "rgb(246, 211, 0)", 2),
    ("High", "rgb(246, 135, 0)", 3),
    ("Urgent", "rgb(231, 76, 60)", 4),
]
CATEGORIES = [
    ("Hardware", "rgb(37, 160, 218)", "fa fa-fw fa-desktop"),
    ("Software", "rgb(155, 89, 182)", "fa fa-fw fa-code"),
    ("Email", "rgb(88, 214, 141)", "fa fa-fw fa-envelope"),
    ("Network", "rgb(52, 73, 94)", "fa fa-fw fa-sitemap"),
]
EXTENDED_STATUSES = ["On hold", "Waiting on Customer", "Waiting on Third Party"]
TEAMS = ["Service Desk"]
TASK_TYPES = ["Communication", "Investigation", "Development"]


def install_helpdesk_defaults(account: Account) -> None:
    for position, (name, shortcut) in enumerate(TICKET_TYPES):
        TicketType.objects.get_or_create(
            account=account, name=name, defaults={"shortcut": shortcut, "position": position}
        )
    for name, color, level in PRIORITIES:
        HelpdeskPriority.objects.get_or_create(account=account, name=name, defaults={"color": color, "level": level})
    teams = [Team.objects.get_or_create(account=account, name=name)[0] for name in TEAMS]
    for position, (name, color, icon) in enumerate(CATEGORIES):
        category, created = HelpdeskCategory.objects.get_or_create(
            account=account, name=name, defaults={"color": color, "icon": icon, "position": position}
        )
        if created:
            category.teams.set(teams)
    for position, name in enumerate(EXTENDED_STATUSES):
        ExtendedStatus.objects.get_or_create(account=account, name=name, defaults={"position": position})
    for position, name in enumerate(TASK_TYPES):
        TaskType.objects.get_or_create(account=account, name=name, defaults={"position": position})
    HelpdeskSettings.objects.get_or_create(
        account=account,
        defaults={
            "default_priority": HelpdeskPriority.objects.filter(account=account, name="Medium").first(),
            "default_team": teams[0],
        },
    )


DEMO_TICKETS = [
    ("My black and white printer started printing colours", "<p>Since Monday, <em>everything</em> is pink.</p>"),
    ("How do I turn on my computer mouse?", "<p>Like the title says...</p>"),
    ("VPN drops every ten minutes", "<p>Working from home is hard.</p>"),
]


def fill_helpdesk_demo(account: Account) -> None:
    from .tickets import comment_create, ticket_create

    if Ticket.objects.filter(account=account).exists():
        return
    members = Membership.objects.filter(account=account).select_related("user")
    agent = members.filter(role__in=[Role.AGENT, Role.ADMIN]).order_by("-role").first()
    requester = members.filter(role=Role.END_USER).first() or agent
    if agent is None:
        return
    ticket_type = TicketType.objects.filter(account=account).first()
    for index, (title, description) in enumerate(DEMO_TICKETS):
        ticket = ticket_create(
            account=account,
            actor=requester,
            fields={
                "title": title,
                "description": description,
                "type": ticket_type,
                "requester": requester,
                "agent": agent if index else None,
            },
        )
        comment_create(ticket=ticket, actor=agent, body="<p>Looking into it.</p>", is_public=True)
