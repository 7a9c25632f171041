"""Every service desk and directory model has a working admin (list, search, add form)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

APPS = {"helpdesk"}
DIRECTORY = {"customfield", "group", "jobrole", "location", "tag", "memberprofile"}


def registered():
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label in APPS or (meta.app_label == "accounts" and meta.model_name in DIRECTORY):
            yield meta


@pytest.mark.parametrize("meta", list(registered()), ids=lambda meta: meta.model_name)
def test_admin_pages_render(meta, make_ticket):
    make_ticket()
    staff = User.objects.create_superuser("staff", "staff@example.com", "pw")
    client = Client()
    client.force_login(staff)
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "x"}).status_code == 200
    add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code in (200, 403)
