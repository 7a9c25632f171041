"""Reference data every account starts with (ticket types and their statuses) and the demo tickets."""

from django.db import transaction

from backlogs.models import Priority, Repository, Ticket, TicketStatus, TicketType, Workflow

W = Workflow
_STANDARD = [("Backlog", W.BACKLOG), ("To do", W.TODO), ("In progress", W.IN_PROGRESS), ("In review", W.IN_REVIEW)]
# (Public Backlog ticketTypeId, org API type key, name, statuses in order). Request and Bug are the
# Public Backlog's documented 1 and 2; feature and task are the org API's vocabulary.
DEFAULT_TICKET_TYPES = [
    (
        1,
        "request",
        "Request",
        [
            ("New", W.BACKLOG),
            ("Accepted", W.TODO),
            ("In progress", W.IN_PROGRESS),
            ("In review", W.IN_REVIEW),
            ("Done", W.DONE),
            ("Declined", W.DONE),
        ],
    ),
    (
        2,
        "bug",
        "Bug",
        [
            ("Reported", W.BACKLOG),
            ("Confirmed", W.TODO),
            ("In progress", W.IN_PROGRESS),
            ("In review", W.IN_REVIEW),
            ("Fixed", W.DONE),
            ("Won't fix", W.DONE),
        ],
    ),
    (3, "feature", "Feature", [*_STANDARD, ("Done", W.DONE)]),
    (4, "task", "Task", [*_STANDARD, ("Done", W.DONE)]),
]


@transaction.atomic
def ticket_types_install(account) -> None:
    """Idempotent: creates only the default types and statuses the account lacks."""
    existing = {t.number: t for t in TicketType.objects.filter(account=account)}
    TicketType.objects.bulk_create(
        [
            TicketType(account=account, number=number, key=key, name=name)
            for number, key, name, _ in DEFAULT_TICKET_TYPES
            if number not in existing and not any(t.key == key for t in existing.values())
        ]
    )
    types = {t.number: t for t in TicketType.objects.filter(account=account)}
    have = set(TicketStatus.objects.filter(account=account).values_list("ticket_type_id", "name"))
    TicketStatus.objects.bulk_create(
        [
            TicketStatus(account=account, ticket_type=types[number], name=name, workflow=workflow, position=position)
            for number, key, _, statuses in DEFAULT_TICKET_TYPES
            if number in types and types[number].key == key
            for position, (name, workflow) in enumerate(statuses, start=1)
            if (types[number].pk, name) not in have
        ]
    )


DEMO_REPOSITORIES = ["web-app", "mobile-app"]
DEMO_TICKETS = [
    # (title, type key, workflow, priority, repository, labels)
    ("Implement user authentication", "feature", W.IN_PROGRESS, Priority.HIGH, "web-app", ["backend", "auth"]),
    ("Fix CSS layout issue on the pricing page", "bug", W.TODO, Priority.MEDIUM, "web-app", ["frontend"]),
    ("Export the backlog to CSV", "request", W.BACKLOG, Priority.LOW, None, []),
    ("Crash when opening a push notification", "bug", W.IN_REVIEW, Priority.URGENT, "mobile-app", ["ios"]),
    ("Write the release notes for 2.0", "task", W.DONE, Priority.MEDIUM, None, ["docs"]),
]


def demo_tickets_fill(account) -> None:
    """A handful of tickets across the board, once (safe to run again)."""
    from accounts.models import Membership

    from .services import ticket_create

    if Ticket.objects.filter(account=account).exists():
        return
    ticket_types_install(account)
    repositories = {name: Repository.objects.get_or_create(account=account, name=name)[0] for name in DEMO_REPOSITORIES}
    owner = Membership.objects.filter(account=account).select_related("user").order_by("friendly_id").first()
    types = {t.key: t for t in TicketType.objects.filter(account=account)}
    for title, type_key, workflow, priority, repository, labels in DEMO_TICKETS:
        ticket_type = types[type_key]
        ticket_create(
            account=account,
            user=owner.user if owner else None,
            fields={
                "title": title,
                "ticket_type": ticket_type,
                "workflow": workflow,
                "priority": priority,
                "repository": repositories.get(repository),
                "labels": labels,
                "description": f"<p>{title}.</p>",
            },
        )
