"""Fill the bench database: one account with N rows in each big table, plus a small second account.

    DJANGO_SETTINGS_MODULE=bench.scale.settings DATABASE_URL=postgres://… \\
        python -m bench.scale.seed --n 100000 --manifest var/bench/manifest.json

The bench account gets N BOSSDesk tickets, N dev tickets and N Issue Tracker issues (one or two
categories each, most of them in public companies, with their history), and a 2,000-story easyBacklog
backlog (themes, two acceptance criteria per story, sprints with sprint stories). Rows are what the
services would have written: per-account numbers 1…N with the account's sequences moved past them,
lookups of the account's own reference data, statuses consistent with agents and closing dates.
Titles are words from a small vocabulary; RARE_WORD appears in about one title in RARE_EVERY, for the
search probe. The manifest (JSON) tells the driver what to ask for: keys, ids, slugs, counts.
"""

import argparse
import json
import math
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

VOCABULARY = (
    "printer email laptop password reset screen network vpn access account login error slow crash update "
    "install license monitor keyboard mouse phone calendar meeting invoice report export import backup server "
    "database timeout page button form upload download sync mobile app browser cache memory disk storage "
    "permission role team user customer order payment refund shipping address search filter sort dashboard "
    "chart widget theme layout font colour icon menu settings profile avatar notification alert message chat "
    "queue worker job schedule cron deploy release build test review merge branch commit api token webhook "
    "request response header cookie session redirect link image video audio file folder archive zip pdf "
    "spreadsheet document template signature approval workflow status priority label sprint story epic"
).split()
RARE_WORD = "quixotic"
RARE_EVERY = 5_000
SECOND_ACCOUNT_ROWS = 1_000
BACKLOG_STORIES = 2_000
STORIES_PER_THEME = 100
SPRINTS, SPRINT_STORIES = 10, 25
AGENTS, END_USERS = 20, 200
HISTORY = timedelta(days=3 * 365)

assert not any(RARE_WORD in word for word in VOCABULARY), "the probe word must not hide inside a common one"


def rare_every(n: int) -> int:
    """One title in this many carries RARE_WORD (a tiny seed still gets a couple)."""
    return max(min(RARE_EVERY, n // 2), 1)


def title_maker(rng: random.Random, n: int):
    choices, randint, every = rng.choices, rng.randint, rare_every(n)

    def title(i: int) -> str:
        words = choices(VOCABULARY, k=randint(3, 7))
        if i % every == every // 2:
            words.insert(1, RARE_WORD)
        return " ".join(words).capitalize()

    return title


def timeline(n: int):
    """Creation times spread over HISTORY, oldest first, ending now."""
    from django.utils import timezone

    end = timezone.now().replace(microsecond=0)
    step = HISTORY / max(n, 1)
    start = end - HISTORY
    return lambda i: start + step * i


class AccountSeeder:
    def __init__(
        self, *, slug: str, prefix: str, n: int, rng: random.Random, timings: dict, trusted: bool, stories: int = 0
    ):
        self.slug, self.prefix, self.n, self.rng, self.timings = slug, prefix, n, rng, timings
        self.stories = stories  # of the big backlog; 0: no backlog
        self.trusted = trusted  # load with the database's triggers off (see loader.load)
        self.title = title_maker(rng, n)
        self.created = timeline(n)

    def _timed(self, name: str, fn, *args):
        started = time.perf_counter()
        result = fn(*args)
        self.timings[f"{self.slug}:{name}"] = round(time.perf_counter() - started, 2)
        return result

    def run(self) -> dict:
        from accounts.services import account_create, api_key_issue

        self.account = account_create(
            slug=self.slug,
            name=self.slug.replace("-", " ").title(),
            owner_username=f"{self.slug}-owner",
            owner_email=f"owner@{self.slug}.example",
            owner_password=f"{self.slug}-password",
            ticket_prefix=self.prefix,
        )
        self.owner = self.account.memberships.select_related("user").get()
        self._people()
        desk = self._timed("desk_tickets", self._desk_tickets)
        dev = self._timed("dev_tickets", self._dev_tickets)
        issues = self._timed("issues", self._issues)
        backlog = self._timed("backlog", self._backlog) if self.stories else None
        key = api_key_issue(account=self.account, user=self.owner.user, name="make bench")
        return {
            "slug": self.slug,
            "id": self.account.pk,
            "ticket_prefix": self.prefix,
            "key": key.raw_key,
            "owner_user_id": self.owner.user_id,
            "n": self.n,
            "desk_tickets": desk,
            "dev_tickets": dev,
            "issues": issues,
            "backlog": backlog,
        }

    # -- people ------------------------------------------------------------------------------------

    def _people(self) -> None:
        from accounts.models import AccountSequence, Membership, Role, User, default_permissions

        people = [(f"{self.slug}-agent-{i}", Role.AGENT) for i in range(AGENTS)]
        people += [(f"{self.slug}-user-{i}", Role.END_USER) for i in range(END_USERS)]
        users = User.objects.bulk_create(
            User(username=name, email=f"{name}@{self.slug}.example", password="!bench") for name, _ in people
        )
        first = self.owner.friendly_id + 1
        memberships = Membership.objects.bulk_create(
            Membership(
                account=self.account, user=user, role=role, permissions=default_permissions(role), friendly_id=fid
            )
            for fid, (user, (_, role)) in enumerate(zip(users, people, strict=True), start=first)
        )
        AccountSequence.objects.update_or_create(
            account=self.account, name="user", defaults={"last_value": first + len(memberships) - 1}
        )
        self.agents = [m for m in memberships if m.role == Role.AGENT] + [self.owner]
        self.end_users = [m for m in memberships if m.role == Role.END_USER]

    def _sequence_set(self, name: str, value: int) -> None:
        from accounts.models import AccountSequence

        AccountSequence.objects.update_or_create(account=self.account, name=name, defaults={"last_value": value})

    # -- BOSSDesk service desk -------------------------------------------------------------------------

    def _desk_tickets(self) -> dict:
        from helpdesk.models import ExtendedStatus, HelpdeskCategory, HelpdeskPriority, Team, Ticket, TicketType

        from .loader import load, next_id

        account_id, rng = self.account.pk, self.rng
        types = list(TicketType.objects.filter(account_id=account_id).values_list("pk", flat=True))
        priorities = list(HelpdeskPriority.objects.filter(account_id=account_id).values_list("pk", flat=True))
        categories = list(HelpdeskCategory.objects.filter(account_id=account_id).values_list("pk", flat=True))
        statuses = list(ExtendedStatus.objects.filter(account_id=account_id).values_list("pk", flat=True)) or [None]
        teams = list(Team.objects.filter(account_id=account_id).values_list("pk", flat=True)) or [None]
        agents = [m.pk for m in self.agents]
        requesters = [m.pk for m in self.end_users]
        first_id = next_id(Ticket)
        S = Ticket.Status

        def rows():
            choice, random_ = rng.choice, rng.random
            for number in range(1, self.n + 1):
                created = self.created(number)
                roll = random_()
                status = (
                    S.CLOSED if roll < 0.6 else S.ASSIGNED if roll < 0.85 else (S.INCOMING if roll < 0.95 else S.OPEN)
                )
                agent = choice(agents) if status in (S.CLOSED, S.ASSIGNED) else None
                requester = choice(requesters)
                title = self.title(number)
                yield (
                    first_id + number - 1,
                    account_id,
                    number,
                    title,
                    f"<p>{title}.</p>",
                    status,
                    choice(types),
                    choice(priorities),
                    choice(categories),
                    choice(statuses) if agent else None,
                    choice(teams),
                    agent,
                    requester,
                    requester,
                    created + timedelta(hours=4) if status == S.CLOSED else None,
                    created,
                    created + timedelta(hours=4),
                )

        columns = [
            "id", "account_id", "friendly_id", "title", "description", "status", "type_id", "priority_id",
            "category_id", "extended_status_id", "team_id", "agent_id", "requester_id", "created_by_id",
            "closed_at", "created_at", "updated_at",
        ]  # fmt: skip
        load(Ticket, columns, rows(), total=self.n, label=f"{self.slug} desk tickets", trusted=self.trusted)
        self._sequence_set("helpdesk_ticket", self.n)
        return {"count": self.n, "first_id": first_id, "last_id": first_id + self.n - 1}

    # -- dev tickets (Tickets API, Public Backlog) -------------------------------------------------------

    def _dev_tickets(self) -> dict:
        from backlogs.models import Label, Repository, Ticket, TicketStatus, Workflow
        from backlogs.tickets.services import backlog_default

        from .loader import load, next_id

        account_id, rng = self.account.pk, self.rng
        backlog = backlog_default(account=self.account)
        repositories = [
            Repository.objects.create(account=self.account, name=name).pk
            for name in ("web-app", "mobile-app", "api", "infrastructure", "docs")
        ]
        labels = [
            Label.objects.create(account=self.account, name=name).pk
            for name in ("backend", "frontend", "ios", "android", "auth", "docs", "perf", "security", "ux", "infra")
        ]
        # Most of years of tickets are done; the rest spread over the other columns.
        by_type: dict[int, tuple[list, list]] = {}
        for status in TicketStatus.objects.filter(account_id=account_id):
            done, other = by_type.setdefault(status.ticket_type_id, ([], []))
            (done if status.workflow == Workflow.DONE else other).append(status.pk)
        types = list(by_type)
        assignees = [m.user_id for m in self.agents]
        first_id = next_id(Ticket)

        def rows():
            choice, random_ = rng.choice, rng.random
            for number in range(1, self.n + 1):
                created = self.created(number)
                ticket_type = choice(types)
                done, other = by_type[ticket_type]
                status = choice(done) if (random_() < 0.8 or not other) else choice(other)
                yield (
                    first_id + number - 1,
                    account_id,
                    backlog.pk,
                    number,
                    self.title(number),
                    "Steps to reproduce, expected and actual behaviour.",
                    ticket_type,
                    status,
                    rng.randint(1, 4),
                    number,
                    choice(assignees) if random_() < 0.7 else None,
                    self.owner.user_id,
                    choice(repositories) if random_() < 0.8 else None,
                    created,
                    created + timedelta(hours=2),
                )

        columns = [
            "id", "account_id", "backlog_id", "number", "title", "description", "ticket_type_id", "status_id",
            "priority", "position", "assignee_id", "reporter_id", "repository_id", "created_at", "updated_at",
        ]  # fmt: skip
        load(Ticket, columns, rows(), total=self.n, label=f"{self.slug} dev tickets", trusted=self.trusted)
        self._sequence_set("ticket", self.n)

        def label_rows():
            for ticket_id in range(first_id, first_id + self.n):
                for label in rng.sample(labels, rng.choice((0, 1, 1, 2))):
                    yield (ticket_id, label)

        through = Ticket.labels.through
        links = load(
            through, ["ticket_id", "label_id"], label_rows(), total=self.n, label="dev labels", trusted=self.trusted
        )
        return {"count": self.n, "first_id": first_id, "last_id": first_id + self.n - 1, "label_links": links}

    # -- Issue Tracker -------------------------------------------------------------------------------

    def _issues(self) -> dict:
        from accounts.models import Company
        from issues.models import Category, Issue, IssueEvent, Severity

        from .loader import load, next_id

        account_id, rng = self.account.pk, self.rng
        companies = {
            "Cloud": True,
            "Payments": True,
            "Internal": False,  # private: anonymous reads never see its categories or issues
        }
        categories: list[tuple[list[int], bool]] = []
        for name, public in companies.items():
            company = Company.objects.create(account=self.account, name=f"{self.slug} {name}", is_public=public)
            ids = [
                Category.objects.create(company=company, name=f"{name} {area}").pk
                for area in ("API", "Dashboard", "E-mail", "Billing")
            ]
            categories.append((ids, public))
        weights = [0.45, 0.35, 0.2]  # most issues are filed in public companies
        first_id = next_id(Issue)
        filed: list[list[int]] = []  # per issue: its categories (kept for the link table)
        closed: list[bool] = []
        severities = list(Severity.values)

        def rows():
            choice, random_ = rng.choice, rng.random
            for number in range(1, self.n + 1):
                created = self.created(number)
                ids, _ = rng.choices(categories, weights)[0]
                filed.append(rng.sample(ids, 2 if random_() < 0.33 else 1))
                is_closed = random_() < 0.8
                closed.append(is_closed)
                yield (
                    first_id + number - 1,
                    account_id,
                    self.title(number),
                    "We are investigating reports of errors.",
                    choice(severities),
                    created + timedelta(hours=3) if is_closed else None,
                    created,
                    created + timedelta(hours=3),
                )

        columns = ["id", "account_id", "name", "description", "severity", "closed_at", "created_at", "updated_at"]
        load(Issue, columns, rows(), total=self.n, label=f"{self.slug} issues", trusted=self.trusted)

        def link_rows():
            for offset, ids in enumerate(filed):
                for category in ids:
                    yield (first_id + offset, category)

        links = load(
            Issue.categories.through,
            ["issue_id", "category_id"],
            link_rows(),
            total=self.n,
            label="issue categories",
            trusted=self.trusted,
        )

        def event_rows():
            K = IssueEvent.Kind
            for offset, is_closed in enumerate(closed):
                created = self.created(offset + 1)
                yield (first_id + offset, K.CREATED, "We are investigating reports of errors.", created)
                if is_closed:
                    yield (first_id + offset, K.CLOSED, "Resolved.", created + timedelta(hours=3))

        events = load(
            IssueEvent,
            ["issue_id", "kind", "description", "created_at"],
            event_rows(),
            total=self.n,
            label="issue events",
            trusted=self.trusted,
        )
        public_ids = {c for ids, public in categories if public for c in ids}
        middle = self.n // 2
        public_middle = next(first_id + i for i in range(middle, self.n) if any(c in public_ids for c in filed[i]))
        return {
            "count": self.n,
            "first_id": first_id,
            "last_id": first_id + self.n - 1,
            "public_count": sum(1 for ids in filed if any(c in public_ids for c in ids)),
            "public_middle_id": public_middle,
            "category_links": links,
            "events": events,
        }

    # -- easyBacklog ----------------------------------------------------------------------------------

    def _backlog(self) -> dict:
        from backlogs.models import AcceptanceCriterion, Backlog, Sprint, SprintStory, SprintStoryStatus, Story, Theme

        rng = self.rng
        backlog = Backlog.objects.create(
            account=self.account, name="Big backlog", velocity=Decimal(3), rate=800, author=self.owner.user
        )
        themes = Theme.objects.bulk_create(
            Theme(backlog=backlog, name=f"Theme {i + 1}", code=f"T{i + 1:02d}", position=i + 1)
            for i in range(math.ceil(self.stories / STORIES_PER_THEME))
        )
        scores = [Decimal(s) for s in (1, 2, 3, 5, 8, 13)]
        stories = Story.objects.bulk_create(
            Story(
                theme=themes[i // STORIES_PER_THEME],
                unique_id=i % STORIES_PER_THEME + 1,
                position=i % STORIES_PER_THEME + 1,
                as_a="customer",
                i_want_to=self.title(i).lower(),
                so_i_can="get my work done",
                score_50=(score := rng.choice(scores)),
                score_90=score,
            )
            for i in range(self.stories)
        )
        AcceptanceCriterion.objects.bulk_create(
            AcceptanceCriterion(story=story, criterion=f"Criterion {k} of story {story.unique_id}", position=k)
            for story in stories
            for k in (1, 2)
        )
        start = (self.created(self.n) - timedelta(days=14 * SPRINTS)).date()
        sprints = Sprint.objects.bulk_create(
            Sprint(
                backlog=backlog,
                iteration=i + 1,
                start_on=start + timedelta(days=14 * i),
                duration_days=10,
                number_team_members=Decimal(3),
                completed_at=self.created(self.n) - timedelta(days=14 * (SPRINTS - i - 1)) if i < SPRINTS - 2 else None,
            )
            for i in range(SPRINTS)
        )
        accepted = SprintStoryStatus.objects.get(code=SprintStoryStatus.ACCEPTED)
        todo = SprintStoryStatus.objects.get(code=SprintStoryStatus.TODO)
        SprintStory.objects.bulk_create(
            SprintStory(
                sprint=sprint,
                story=stories[i * SPRINT_STORIES + k],
                sprint_story_status=accepted if sprint.completed_at else todo,
                position=k + 1,
            )
            for i, sprint in enumerate(sprints)
            for k in range(SPRINT_STORIES)
            if i * SPRINT_STORIES + k < len(stories)
        )
        return {"id": backlog.pk, "stories": len(stories), "themes": len(themes), "sprints": len(sprints)}


def after_load(timings: dict) -> None:
    """Planner statistics and derived counts, once every row is in."""
    from django.core.management import call_command, get_commands
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        # Rows loaded in bulk have no planner statistics until ANALYZE: without it PostgreSQL picks
        # plans for empty tables (page 1 at 10,000 rows took 122 ms instead of 19 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    timings["analyze"] = round(time.perf_counter() - started, 2)
    if "counters_rebuild" in get_commands():
        # Checkouts that keep per-account row counters (issue 18) keep them with triggers, which a
        # trusted load turns off (and a load may predate): recount them from the rows once.
        started = time.perf_counter()
        call_command("counters_rebuild")
        timings["counters_rebuild"] = round(time.perf_counter() - started, 2)


def seed(
    *,
    n: int,
    second_n: int = SECOND_ACCOUNT_ROWS,
    stories: int = BACKLOG_STORIES,
    seed_value: int = 18,
    trusted: bool = True,
) -> dict:
    rng = random.Random(seed_value)
    timings: dict = {}
    started = time.perf_counter()
    common = {"rng": rng, "timings": timings, "trusted": trusted}
    main = AccountSeeder(slug="bench", prefix="BN", n=n, stories=stories, **common).run()
    other = AccountSeeder(slug="bench-other", prefix="BO", n=second_n, **common).run()
    after_load(timings)
    timings["total"] = round(time.perf_counter() - started, 2)
    return {"n": n, "rare_word": RARE_WORD, "account": main, "other_account": other, "timings": timings}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="rows per big table in the bench account")
    parser.add_argument("--second-n", type=int, default=SECOND_ACCOUNT_ROWS, help="rows per table, second account")
    parser.add_argument("--manifest", type=Path, required=True, help="where to write what the driver needs (JSON)")
    parser.add_argument("--check-foreign-keys", action="store_true", help="keep foreign-key checks on while loading")
    args = parser.parse_args(argv)

    import django

    django.setup()
    manifest = seed(n=args.n, second_n=min(args.second_n, args.n), trusted=not args.check_foreign_keys)
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(manifest, indent=2))
    print(f"seeded in {manifest['timings']['total']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
