"""The admin shows a link on the change page of each of its ends, and changes nothing."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from links import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["desk", "dev", "story", "ci", "issue"])
def test_each_end_shows_its_links(admin_client, world, name):
    others = {"desk": "dev", "dev": "story", "story": "ci", "ci": "issue", "issue": "desk"}
    services.link_create(
        account=world.account, source=world.end(name), kind="blocks", target=world.end(others[name]), creator=None
    )
    source, target = getattr(world, name), getattr(world, others[name])
    for obj, other in ((source, target), (target, source)):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        response = admin_client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert escape(str(other)) in page  # the other end, in the inline of this end's links


def test_the_link_list_is_read_only(admin_client, world):
    services.link_create(
        account=world.account, source=world.end("dev"), kind="fixes", target=world.end("issue"), creator=None
    )
    assert admin_client.get(reverse("admin:links_link_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:links_link_add")).status_code == 403
