"""End users' pages: my requests, raise a request (custom fields, validation), a request's page
(public conversation only), comment and reopen; scoping and CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import CustomField, CustomFieldOption
from backlog_site.page_testing import assert_page_queries_constant, signed_in
from cmdb.attachments.services import attachment_upload
from helpdesk.models import Ticket, TicketComment, TicketType
from helpdesk.services.tickets import comment_create, ticket_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(make_ticket, end_user):
    def make(**fields):
        return make_ticket(actor=end_user, requester=end_user, **fields)

    return make


def request_data(tenant, **extra):
    return {"type": TicketType.objects.filter(account=tenant.account).first().pk, "title": "Screen flickers", **extra}


def test_portal_home_sends_each_role_to_its_page(tenant, agent, end_user):
    assert signed_in(end_user).get("/portal/")["Location"] == "/portal/requests/"
    assert signed_in(agent).get("/portal/")["Location"] == "/portal/queue/"
    assert signed_in(tenant).get("/portal/")["Location"] == "/portal/queue/"
    assert Client().get("/portal/")["Location"].startswith("/accounts/login/")


def test_my_requests_lists_only_mine_and_filters_by_state_and_subject(end_user_page, mine, make_ticket, tenant):
    printer = mine(title="Printer jams")
    mouse = mine(title="Mouse is stuck")
    ticket_close(ticket=mouse, actor=tenant)
    make_ticket(title="Someone else's laptop")
    html = end_user_page.get("/portal/requests/").content.decode()
    assert "Printer jams" in html and "Mouse is stuck" in html and "Someone else" not in html
    open_only = end_user_page.get("/portal/requests/?state=open").content.decode()
    assert "Printer jams" in open_only and "Mouse is stuck" not in open_only
    closed_only = end_user_page.get("/portal/requests/?state=closed").content.decode()
    assert "Mouse is stuck" in closed_only and "Printer jams" not in closed_only
    searched = end_user_page.get("/portal/requests/?search=printer").content.decode()
    assert f"/portal/requests/{printer.friendly_id}/" in searched and "Mouse" not in searched


def test_my_requests_are_paginated_keeping_the_filters(end_user_page, mine):
    for i in range(22):
        mine(title=f"Request number {i:02d}")
    first = end_user_page.get("/portal/requests/?search=number").content.decode()
    assert "Request number 21" in first and "Request number 01" not in first
    assert "?search=number&amp;page=2" in first
    second = end_user_page.get("/portal/requests/?search=number&page=2").content.decode()
    assert "Request number 01" in second and "Request number 21" not in second


def test_my_requests_query_count_is_fixed(end_user_page, mine, end_user):
    def make_rows(n):
        while Ticket.objects.filter(requester=end_user).count() < n:
            mine()

    assert_page_queries_constant(end_user_page, "/portal/requests/", make_rows)


def test_a_required_custom_field_left_empty_shows_its_error_and_keeps_what_was_typed(
    end_user_page, tenant, end_user, hardware, serial_field
):
    data = request_data(tenant, category=hardware.pk, description="It flickers <b>a lot</b>")
    response = end_user_page.post("/portal/requests/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"cf_{serial_field.pk}"]
    html = response.content.decode()
    assert 'value="Screen flickers"' in html and "It flickers &lt;b&gt;a lot&lt;/b&gt;</textarea>" in html
    assert not Ticket.objects.filter(account=tenant.account).exists()

    response = end_user_page.post("/portal/requests/new/", {**data, f"cf_{serial_field.pk}": "SN-42"})
    ticket = Ticket.objects.get(account=tenant.account)
    assert response["Location"] == f"/portal/requests/{ticket.friendly_id}/"
    assert ticket.requester == end_user and ticket.source == "user_portal" and ticket.category == hardware
    assert ticket.custom_fields == {str(serial_field.pk): "SN-42"}
    # Typed text is stored as text: the markup shows literally, it is never interpreted.
    assert ticket.description == "<p>It flickers &lt;b&gt;a lot&lt;/b&gt;</p>"


def test_a_field_of_another_category_is_neither_required_nor_saved(end_user_page, tenant, serial_field):
    software = serial_field.helpdesk_scope.category.__class__.objects.get(account=tenant.account, name="Software")
    data = request_data(tenant, category=software.pk, **{f"cf_{serial_field.pk}": "ignored"})
    end_user_page.post("/portal/requests/new/", data)
    assert Ticket.objects.get(account=tenant.account).custom_fields == {}


def test_custom_field_values_are_checked_by_the_service_and_shown_next_to_the_field(end_user_page, tenant):
    account = tenant.account
    link = CustomField.objects.create(account=account, name="Link", owner_class="ticket", type_id=CustomField.Kind.URL)
    kind = CustomField.objects.create(
        account=account, name="Kind", owner_class="ticket", type_id=CustomField.Kind.DROPDOWN
    )
    cable = CustomFieldOption.objects.create(custom_field=kind, name="Broken cable")
    bad = end_user_page.post(
        "/portal/requests/new/",
        request_data(tenant, **{f"cf_{link.pk}": "javascript:alert(1)", f"cf_{kind.pk}": cable.pk}),
    )
    assert bad.status_code == 200 and bad.context["form"].errors == {f"cf_{link.pk}": ["is not a valid URL"]}
    assert not Ticket.objects.exists()
    end_user_page.post(
        "/portal/requests/new/",
        request_data(tenant, **{f"cf_{link.pk}": "https://x.example", f"cf_{kind.pk}": cable.pk}),
    )
    assert Ticket.objects.get().custom_fields == {str(link.pk): "https://x.example", str(kind.pk): cable.pk}


def test_raise_request_refuses_another_accounts_type_and_a_blank_subject(end_user_page, tenant, other_tenant):
    foreign = TicketType.objects.filter(account=other_tenant.account).first()
    response = end_user_page.post("/portal/requests/new/", {"type": foreign.pk, "title": ""})
    assert set(response.context["form"].errors) == {"type", "title"}
    assert not Ticket.objects.exists()


def test_a_request_page_shows_the_public_conversation_only(end_user_page, mine, agent):
    ticket = mine(description="<p>Desc</p><script>alert(1)</script>")
    comment_create(ticket=ticket, actor=agent, body="Try turning it off", is_public=True)
    comment_create(ticket=ticket, actor=agent, body="User is clueless", is_public=False)
    response = end_user_page.get(f"/portal/requests/{ticket.friendly_id}/")
    html = response.content.decode()
    assert "Try turning it off" in html and "User is clueless" not in html and "Internal note" not in html
    assert "<p>Desc</p>" in html and "<script>alert" not in html


def test_stored_html_is_sanitised_again_when_shown(end_user_page, mine):
    ticket = mine()
    # Written around the services (as the admin could): the page still never lets a script through.
    Ticket.objects.filter(pk=ticket.pk).update(description='<img src=x onerror="alert(1)"><script>alert(2)</script>')
    html = end_user_page.get(f"/portal/requests/{ticket.friendly_id}/").content.decode()
    assert "onerror" not in html and "<script>alert" not in html and '<img src="x">' in html


def test_someone_elses_request_and_another_accounts_answer_404(end_user_page, make_ticket, tenant, other_tenant):
    theirs = make_ticket(requester=tenant)
    assert end_user_page.get(f"/portal/requests/{theirs.friendly_id}/").status_code == 404
    assert end_user_page.post(f"/portal/requests/{theirs.friendly_id}/", {"body": "hi"}).status_code == 404
    ticket_close(ticket=theirs, actor=tenant)
    assert end_user_page.post(f"/portal/requests/{theirs.friendly_id}/reopen/").status_code == 404
    assert Ticket.objects.get(pk=theirs.pk).is_closed and not theirs.comments.exists()
    make_ticket(account=other_tenant.account, actor=other_tenant)
    foreign = make_ticket(account=other_tenant.account, actor=other_tenant, requester=other_tenant)
    assert foreign.friendly_id == 2 and not Ticket.objects.filter(account=tenant.account, friendly_id=2).exists()
    assert signed_in(other_tenant).get(f"/portal/requests/{foreign.friendly_id}/").status_code == 200
    assert signed_in(tenant).get(f"/portal/requests/{foreign.friendly_id}/").status_code == 404


def test_the_requester_comments_and_a_blank_comment_is_refused(end_user_page, mine):
    ticket = mine()
    url = f"/portal/requests/{ticket.friendly_id}/"
    blank = end_user_page.post(url, {"body": "   "})
    assert blank.status_code == 200 and "body" in blank.context["form"].errors
    response = end_user_page.post(url, {"body": "Still broken\nsince Monday"})
    assert response["Location"] == f"{url}#conversation"
    comment = TicketComment.objects.get(ticket=ticket)
    assert (
        comment.is_public and comment.source == "user_portal" and comment.body == "<p>Still broken<br>since Monday</p>"
    )


def test_the_requester_reopens_a_closed_request(end_user_page, mine, tenant):
    ticket = mine()
    url = f"/portal/requests/{ticket.friendly_id}/reopen/"
    end_user_page.post(url)
    assert not Ticket.objects.get(pk=ticket.pk).is_closed  # not closed: told so, nothing changes
    ticket_close(ticket=ticket, actor=tenant)
    assert "Reopen request" in end_user_page.get(f"/portal/requests/{ticket.friendly_id}/").content.decode()
    end_user_page.post(url)
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_posts_need_the_csrf_token(end_user, mine):
    ticket = mine()
    client = Client(enforce_csrf_checks=True)
    client.force_login(end_user.user)
    session = client.session
    session["account_id"] = end_user.account_id
    session.save()
    assert client.post(f"/portal/requests/{ticket.friendly_id}/", {"body": "x"}).status_code == 403
    assert client.post("/portal/requests/new/", {"title": "x"}).status_code == 403
    assert not TicketComment.objects.exists() and Ticket.objects.count() == 1


def test_a_request_page_with_many_comments_runs_a_fixed_number_of_queries(end_user_page, mine, agent, end_user):
    ticket = mine()

    def make_rows(n):
        while ticket.comments.count() < n:
            i = ticket.comments.count()
            comment = comment_create(ticket=ticket, actor=end_user if i % 2 else agent, body="Reply", is_public=True)
            for owner in ({"ticket": ticket, "comment": comment}, {"ticket": ticket}):  # each comment's and own
                attachment_upload(
                    account=ticket.account, actor=agent, owner=owner, file=SimpleUploadedFile(f"f{i}.txt", b"x")
                )

    assert_page_queries_constant(end_user_page, f"/portal/requests/{ticket.friendly_id}/", make_rows)


def test_the_raise_request_form_runs_a_fixed_number_of_queries_whatever_the_custom_fields(end_user_page, tenant):
    def make_rows(n):
        while CustomField.objects.filter(account=tenant.account).count() < n:
            field = CustomField.objects.create(
                account=tenant.account, name=f"F{CustomField.objects.count()}", owner_class="ticket", type_id=8
            )
            CustomFieldOption.objects.create(custom_field=field, name="A")
            CustomFieldOption.objects.create(custom_field=field, name="B")

    assert_page_queries_constant(end_user_page, "/portal/requests/new/", make_rows)
