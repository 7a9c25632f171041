"""The demo account (filled by `seed_demo`) with one of each of its rows, by the URL segment naming it: the
tenant matrix and the schema conformance test stand on it."""

import io
import re

from django.core.management import call_command

from accounts.models import Account, Membership, Role

from .openapi import MISSING_ID

# Reference data every account shares: any key reads the same rows.
GLOBAL = ("/api/locales", "/api/scoring-rules", "/api/sprint-story-statuses")
# What of the demo account shows in a body that leaks it: its people, its name, its slugs.
LEAK = re.compile(rb"agnes|eddie|demo@example\.com|Demo Company|\bDM-\d+", re.I)


class Demo:
    """The demo account (filled by `seed_demo`) and one of each of its rows, by the URL segment naming it."""

    def __init__(self):
        call_command("seed_demo", stdout=io.StringIO())
        self.account = Account.objects.get(slug="demo")
        members = Membership.objects.select_related("user", "account").filter(account=self.account)
        self.owner = members.get(role=Role.ADMIN)
        self.end_user = members.get(role=Role.END_USER)
        self.rows = self._rows()

    def _rows(self) -> dict:
        from accounts.models import Company
        from backlogs.models import AcceptanceCriterion, Backlog, SprintStory
        from backlogs.models import Ticket as DevTicket
        from backlogs.planning.snapshots import snapshot_create
        from cmdb.models import CI, Attachment, CINote
        from helpdesk.models import SavedSearch, Ticket, TicketComment, TicketTask, TimeEntry
        from issues.models import Category, Issue
        from webhooks.models import Delivery, Webhook

        account = self.account
        backlog = Backlog.objects.live().filter(account=account, sprints__isnull=False).first()
        sprint_story = SprintStory.objects.filter(sprint__backlog=backlog).select_related("sprint", "story").first()
        if sprint_story is None:
            sprint_story = self._sprint_story(backlog)
        snapshot = Backlog.objects.filter(snapshot_master=backlog).first() or snapshot_create(
            backlog=backlog, name="Matrix snapshot"
        )
        story = sprint_story.story
        desk = Ticket.objects.filter(account=account, comments__isnull=False).order_by("-friendly_id").first()
        comment = TicketComment.objects.filter(ticket=desk).first()
        ci = CI.objects.filter(account=account).order_by("-friendly_id").first()
        owner = self.owner.user

        def attach(**where) -> int:
            return Attachment.objects.create(
                account=account, size=3, content_type="text/plain", storage_key=f"matrix/{where['name']}",
                tmp_key=f"matrix-{where['name']}", created_by=self.owner, **where,
            ).pk  # fmt: skip

        dev = DevTicket.objects.filter(account=account).select_related("account").first()
        webhook = Webhook.objects.filter(account=account).first() or Webhook.objects.create(
            account=account, user=owner, url="https://example.com/hook"
        )
        pk = lambda row: row.pk if row is not None else MISSING_ID  # noqa: E731
        # What the account's own rows are called: no other tenant's answer may carry them.
        issue = Issue.objects.filter(account=account).first()
        self.leak = re.compile(
            b"|".join(
                [LEAK.pattern, *(re.escape(text.encode()) for text in (backlog.name, desk.title, issue.name, ci.name))]
                + ([re.escape(dev.title.encode())] if dev else [])
            ),
            re.I,
        )
        return {
            "accounts": account.pk,
            "backlogs": pk(backlog),
            "snapshots": snapshot.pk,
            "sprints": sprint_story.sprint_id,
            "sprint-stories": sprint_story.pk,
            "themes": story.theme_id,
            "stories": story.pk,
            "acceptance-criteria": pk(AcceptanceCriterion.objects.filter(story=story).first()),
            "companies": pk(Company.objects.filter(account=account).first()),
            "categories": pk(Category.objects.filter(company__account=account).first()),
            "issues": pk(issue),
            "webhooks": webhook.pk,
            "delivery_id": pk(Delivery.objects.filter(webhook=webhook).first()),
            "searches": pk(SavedSearch.objects.filter(account=account).first()),
            "users": self.end_user.friendly_id,
            "tickets": desk.friendly_id,
            "comments": comment.pk,
            "tasks": pk(TicketTask.objects.filter(ticket=desk).first()),
            "time_entries": pk(TimeEntry.objects.filter(ticket=desk).first()),
            "cis": ci.friendly_id,
            "notes": pk(CINote.objects.filter(ci=ci).first()),
            "ticket attachments": attach(ticket=desk, name="t.txt"),
            "comment attachments": attach(ticket=desk, comment=comment, name="c.txt"),
            "ci attachments": attach(ci=ci, name="ci.txt"),
            "slug": dev.slug if dev else "XX-1",
            "dev ticket": pk(dev),
            "barcode": ci.name,
            "global": 1,
        }

    @staticmethod
    def _sprint_story(backlog):
        """The demo's first story planned into its sprint: the seed plans none, and the sprint story's routes
        (and a sprint's nested `sprint_stories`) need one."""
        from backlogs.models import Story
        from backlogs.planning.sprints import sprint_story_create

        story = Story.objects.filter(theme__backlog=backlog).select_related("theme").order_by("id").first()
        sprint = backlog.sprints.order_by("iteration").first()
        return sprint_story_create(sprint=sprint, story=story, status_=None, position=None)

    def url(self, path: str) -> str:
        """The path with the demo account's ids: each parameter is the row its preceding segment names."""
        rows = self.rows

        def value(match):
            segment, name = match.group(1), match.group(2)
            if name == "org_slug":
                return self.account.slug
            if name in ("slug", "barcode", "delivery_id"):
                return str(rows[name])
            if segment == "attachments":
                kind = "comment" if "{comment_id}" in path else "ci" if path.startswith("/api/v1/cis/") else "ticket"
                return str(rows[f"{kind} attachments"])
            if path.startswith(GLOBAL):
                return str(rows["global"])
            if segment == "tickets" and path.startswith("/api/v1/my/"):
                return str(rows["tickets"])
            return str(rows.get(segment, MISSING_ID))

        url = re.sub(r"([\w-]+)/\{(\w+)\}", lambda m: f"{m.group(1)}/{value(m)}", path)
        if path in BY_QUERY:
            url += "?" + BY_QUERY[path].format(**{k.replace(" ", "_"): v for k, v in rows.items()})
        return url

    def body(self, op) -> dict:
        return {"id": self.rows["dev ticket"]} if op.path == "/v1/tickets/update-ticket" else {}


# The Public Backlog names its rows in the query (and update-ticket in the body).
BY_QUERY = {
    "/v1/tickets/get-ticket": "id={dev_ticket}",
    "/v1/tickets/delete-ticket": "id={dev_ticket}",
    "/v1/backlogs/get-backlog": "backlogId={backlogs}",
}
