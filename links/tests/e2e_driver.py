"""Commands the links' end-to-end test runs in a separate process against the shared database (the test
process runs on pytest's private database, which the Celery worker cannot see). Every change goes
through the APIs, as a client's would.

    python -m links.tests.e2e_driver setup                       -> {"key", "desk_id", "issue_id"}
    python -m links.tests.e2e_driver escalate <key> <desk id>    -> {"status", "slug", "dev_links"}
    python -m links.tests.e2e_driver ticket <key> <title>        -> {"status", "slug"}
    python -m links.tests.e2e_driver link <key> <slug> <kind> <target> -> {"status"}
    python -m links.tests.e2e_driver done <key> <slug>           -> {"status"}
    python -m links.tests.e2e_driver status <desk id> <issue id> -> {"notes", "issue_events", "issue_description"}
"""

import json
import sys

import django

ORG = "e2e"


def main(argv):
    django.setup()
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Company, Role, User
    from accounts.services import account_create, api_key_issue, membership_create
    from helpdesk.models import HelpdeskPriority, TicketComment, TicketType
    from helpdesk.services.tickets import ticket_create
    from issues.models import Category, Issue, IssueEvent, Subscription
    from issues.services import issue_create

    def desk(key):
        return Client(HTTP_AUTHORIZATION=f'Token token="{key}"')

    def tickets(key):
        return Client(HTTP_X_API_KEY=key)

    command = argv[0]
    if command == "setup":
        account = account_create(
            slug=ORG, name="E2E", owner_username="e2e-owner", owner_email="owner@e2e.example", owner_password="pw"
        )
        owner = account.memberships.get()
        agent_user = User.objects.create_user("e2e-agent", email="agent@e2e.example", password="pw")
        agent = membership_create(account=account, user=agent_user, role=Role.AGENT)
        key = api_key_issue(account=account, user=owner.user).raw_key
        desk_ticket = ticket_create(
            account=account,
            actor=owner,
            fields={
                "title": "Printer on fire",
                "type": TicketType.objects.filter(account=account).first(),
                "priority": HelpdeskPriority.objects.filter(account=account).first(),
                "agent": agent,
            },
        )
        category = Category.objects.create(company=Company.objects.create(account=account, name="Status"), name="IT")
        issue = issue_create(
            account=account,
            category_ids=[category.pk],
            name="Printing is down",
            description="All down",
            severity="critical",
        )
        Subscription.objects.create(account=account, email="fan@e2e.example", issue=issue, confirmed_at=timezone.now())
        return {"key": key, "desk_id": desk_ticket.friendly_id, "issue_id": issue.pk}
    if command == "escalate":
        response = desk(argv[1]).post(f"/api/v1/tickets/{int(argv[2])}/escalate", "", content_type="application/json")
        body = response.json()
        return {
            "status": response.status_code,
            "slug": body["dev_ticket"]["slug"],
            "dev_links": body["dev_ticket"]["links"],
        }
    if command == "ticket":
        response = tickets(argv[1]).post(
            f"/api/v1/ext/orgs/{ORG}/tickets", {"title": argv[2], "type": "bug"}, content_type="application/json"
        )
        return {"status": response.status_code, "slug": response.json()["ticket"]["slug"]}
    if command == "link":
        response = tickets(argv[1]).post(
            f"/api/v1/ext/orgs/{ORG}/tickets/{argv[2]}/links",
            {"kind": argv[3], "target": argv[4]},
            content_type="application/json",
        )
        return {"status": response.status_code}
    if command == "done":
        response = tickets(argv[1]).patch(
            f"/api/v1/ext/orgs/{ORG}/tickets/{argv[2]}/status", {"status": "done"}, content_type="application/json"
        )
        return {"status": response.status_code}
    if command == "status":
        notes = TicketComment.objects.filter(
            ticket__friendly_id=int(argv[1]), ticket__account__slug=ORG, is_public=False
        )
        issue = Issue.objects.get(pk=int(argv[2]))
        events = IssueEvent.objects.filter(issue=issue).order_by("id")
        return {
            "notes": [note.body for note in notes.order_by("id")],
            "issue_events": [event.kind for event in events],
            "issue_description": issue.description,
        }
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), default=str))
