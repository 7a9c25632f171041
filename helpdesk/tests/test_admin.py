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


def test_staff_edits_are_sanitised_like_api_writes(make_ticket):
    from django.test import RequestFactory

    from helpdesk.admin import TicketAdmin, TicketCommentAdmin
    from helpdesk.models import Ticket, TicketComment

    ticket = make_ticket()
    request = RequestFactory().post("/admin/")
    request.user = User.objects.create_superuser("staff", "staff@example.com", "pw")
    ticket.description = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    TicketAdmin(Ticket, admin.site).save_model(request, ticket, None, True)
    ticket.refresh_from_db()
    assert ticket.description == "<p>Hi</p>"
    comment = TicketComment.objects.create(ticket=ticket, body="ok", is_public=True)
    comment.body = '<img src=x onerror="alert(1)"><b>bold</b>'
    TicketCommentAdmin(TicketComment, admin.site).save_model(request, comment, None, True)
    comment.refresh_from_db()
    assert "onerror" not in comment.body and "<b>bold</b>" in comment.body
