"""Every planning model has a working admin changelist (list columns, search and filters)."""

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import User
from backlogs.planning.snapshots import snapshot_create
from backlogs.planning.sprints import sprint_story_create
from backlogs.planning.stories import criterion_create

from .conftest import make_sprint, make_story, make_theme

pytestmark = pytest.mark.django_db
MODELS = ["backlog", "theme", "story", "acceptancecriterion", "sprint", "sprintstory", "sprintstorystatus"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_search_and_change_page(backlog, model):
    story = make_story(make_theme(backlog))
    criterion_create(story=story, fields={"criterion": "c"})
    sprint_story_create(sprint=make_sprint(backlog), story=story, status_=None, position=None)
    snapshot_create(backlog=backlog, name="snap")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    assert admin.get(f"/admin/backlogs/{model}/").status_code == 200
    assert admin.get(f"/admin/backlogs/{model}/?q=a").status_code == 200
    first = apps.get_model("backlogs", model).objects.first()
    assert admin.get(f"/admin/backlogs/{model}/{first.pk}/change/").status_code == 200
