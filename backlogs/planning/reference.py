"""easyBacklog reference data (sprint story statuses, global) and the demo backlog."""

import datetime
from decimal import Decimal

from django.db import transaction

from backlogs.models import Backlog, SprintStoryStatus

# (id, code, status, position): the ids clients see, as easyBacklog numbered them.
SPRINT_STORY_STATUSES = [
    (1, SprintStoryStatus.TODO, "To do", 1),
    (2, SprintStoryStatus.IN_PROGRESS, "In progress", 2),
    (3, SprintStoryStatus.COMPLETED, "Completed", 3),
    (4, SprintStoryStatus.ACCEPTED, "Accepted", 4),
]


def install_sprint_story_statuses(account=None) -> None:
    """Idempotent: the statuses are global, so each account's installer only makes sure they exist."""
    if SprintStoryStatus.objects.count() >= len(SPRINT_STORY_STATUSES):
        return
    for pk, code, label, position in SPRINT_STORY_STATUSES:
        defaults = {"code": code, "status": label, "position": position}
        SprintStoryStatus.objects.update_or_create(pk=pk, defaults=defaults)


DEMO_NAME = "Example corporate website backlog"
DEMO_THEMES = {
    "Home page": [
        ("user", "view a set of simple screen shots", "understand how the products work", 3),
        ("visitor", "see the latest news", "keep up to date", 2),
    ],
    "Finance section": [
        ("investor", "download the annual report", "review the company's results", 5),
        ("investor", "see the share price", "decide whether to invest", 8),
    ],
}


@transaction.atomic
def fill_demo_backlog(account) -> None:
    """A demo backlog with two themes, four stories and one sprint (once per account)."""
    from .sprints import sprint_create
    from .stories import criterion_create, story_create
    from .themes import theme_create

    install_sprint_story_statuses()
    if Backlog.objects.live().filter(account=account, name=DEMO_NAME).exists():
        return
    backlog = Backlog.objects.create(account=account, name=DEMO_NAME, velocity=Decimal(3), rate=800, use_50_90=False)
    for theme_name, stories in DEMO_THEMES.items():
        theme = theme_create(backlog=backlog, fields={"name": theme_name})
        for as_a, i_want_to, so_i_can, score in stories:
            story = story_create(
                theme=theme,
                fields={"as_a": as_a, "i_want_to": i_want_to, "so_i_can": so_i_can, "score": Decimal(score)},
            )
            criterion_create(story=story, fields={"criterion": f"The {as_a} can {i_want_to}"})
    start = datetime.date.today() + datetime.timedelta(days=7)
    sprint_create(backlog=backlog, fields={"start_on": start, "duration_days": 5, "number_team_members": Decimal(1)})
