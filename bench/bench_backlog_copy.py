"""Duplicate and snapshot a 2,000-story backlog on a fresh SQLite database and print the timings.

    /work/main/.venv/bin/python bench/bench_backlog_copy.py [--stories 2000] [--repeat 5]

Runs on a throw-away SQLite file (never the project database) unless DATABASE_URL is given.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backlog_site.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fill(stories: int):
    from decimal import Decimal

    from accounts.services import account_create
    from backlogs.models import AcceptanceCriterion, Backlog, Story, Theme

    account = account_create(
        slug=f"bench-{time.time_ns()}",
        name="Bench",
        owner_username=f"bench-{time.time_ns()}",
        owner_email="b@x.io",
        owner_password="x",
    )
    backlog = Backlog.objects.create(account=account, name="Big", velocity=Decimal(3), rate=800)
    per_theme = 50
    themes = Theme.objects.bulk_create(
        Theme(backlog=backlog, name=f"Theme {i}", code=f"T{i:02d}", position=i + 1) for i in range((stories + 49) // 50)
    )
    story_rows = Story.objects.bulk_create(
        Story(
            theme=themes[i // per_theme],
            unique_id=i % per_theme + 1,
            position=i % per_theme + 1,
            as_a="user",
            i_want_to=f"do thing {i}",
            so_i_can="benefit",
            score_50=Decimal(3),
            score_90=Decimal(3),
        )
        for i in range(stories)
    )
    AcceptanceCriterion.objects.bulk_create(
        AcceptanceCriterion(story=s, criterion=f"Criterion {n}", position=n + 1) for s in story_rows for n in range(2)
    )
    return account, backlog


def timed(action, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from django.db import connection

    from backlogs.models import Story
    from backlogs.planning.backlogs import backlog_duplicate
    from backlogs.planning.snapshots import snapshot_create

    account, backlog = fill(args.stories)
    owner = account.memberships.get().user
    print(f"{connection.vendor}: backlog of {args.stories} stories, {2 * args.stories} acceptance criteria")
    for label, action in [
        ("duplicate", lambda: backlog_duplicate(backlog=backlog, user=owner, fields={"name": "Copy"})),
        ("snapshot ", lambda: snapshot_create(backlog=backlog, name="Snap")),
    ]:
        runs = timed(action, args.repeat)
        median, worst = statistics.median(runs) * 1000, max(runs) * 1000
        print(f"{label}: median {median:7.1f} ms, max {worst:7.1f} ms ({args.repeat} runs)")
    copies = Story.objects.exclude(theme__backlog=backlog).count()
    assert copies == 2 * args.repeat * args.stories, copies


if __name__ == "__main__":
    main()
