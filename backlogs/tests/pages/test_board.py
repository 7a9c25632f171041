import pytest
from playwright.sync_api import expect

from backlog_site.api.testing import api_client, issue_key
from backlog_site.page_testing import assert_page_queries_constant, sign_in_through_the_form, signed_in
from backlogs.models import Label, Ticket
from backlogs.tickets.services import ticket_create


def make_tickets(membership, n):
    have = Ticket.objects.filter(account=membership.account).count()
    for i in range(have, n):
        ticket = ticket_create(
            account=membership.account,
            user=membership.user,
            fields={"title": f"Ticket {i}", "assignee": membership.user},
        )
        label, _ = Label.objects.get_or_create(account=membership.account, name=f"l{i % 3}")
        ticket.labels.add(label)


@pytest.mark.django_db
def test_board_shows_columns_in_workflow_order_and_cards(tenant):
    make_tickets(tenant, 2)
    page = signed_in(tenant).get("/backlogs/board/")
    assert page.status_code == 200
    html = page.content.decode()
    headings = [html.index(label) for label in ["Backlog", "To do", "In progress", "In review", "Done"]]
    assert headings == sorted(headings)
    assert "AM-1" in html and "Ticket 0" in html and "l0" in html and tenant.user.username in html


@pytest.mark.django_db
def test_board_query_count_is_fixed(tenant):
    assert_page_queries_constant(signed_in(tenant), "/backlogs/board/", lambda n: make_tickets(tenant, n))


@pytest.mark.django_db
def test_a_long_column_shows_its_first_cards_its_total_and_a_link_to_the_next(tenant):
    make_tickets(tenant, 52)
    client = signed_in(tenant)
    html = client.get("/backlogs/board/").content.decode()
    assert html.count('class="card ') == 50
    assert "(52)" in html and "1–50 of 52" in html and "?status=backlog&amp;offset=50" in html
    rest = client.get("/backlogs/board/", {"status": "backlog", "offset": 50}).content.decode()
    assert rest.count('class="card ') == 2 and "51–52 of 52" in rest and "?status=backlog&amp;offset=0" in rest
    assert "Whole board" in rest and 'data-status="todo"' not in rest
    # Nonsense in the query string shows the whole board, not an error.
    assert client.get("/backlogs/board/", {"status": "x", "offset": "-3"}).status_code == 200
    assert client.get("/backlogs/board/", {"status": "backlog", "offset": "9" * 30}).status_code == 200


@pytest.mark.django_db
def test_moving_a_card_changes_the_status_seen_by_the_tickets_api(tenant):
    make_tickets(tenant, 1)
    client = signed_in(tenant)
    response = client.post("/backlogs/board/AM-1/move", {"status": "in_review"})
    assert response.status_code == 302
    api = api_client(issue_key(tenant), header="HTTP_X_API_KEY", value=issue_key(tenant))
    assert api.get("/api/v1/ext/orgs/acme/tickets/AM-1").json()["ticket"]["status"] == "in_review"
    client.post("/backlogs/board/AM-1/move", {"status": "nonsense"})
    assert api.get("/api/v1/ext/orgs/acme/tickets/AM-1").json()["ticket"]["status"] == "in_review"


@pytest.mark.django_db
def test_board_is_for_signed_in_members_of_the_account(tenant, other_tenant):
    make_tickets(tenant, 1)
    from django.test import Client

    assert Client().get("/backlogs/board/").status_code == 302
    outsider = signed_in(other_tenant)
    assert "AM-1" not in outsider.get("/backlogs/board/").content.decode()
    assert outsider.post("/backlogs/board/AM-1/move", {"status": "done"}).status_code == 404
    assert outsider.post("/backlogs/board/GX-999/move", {"status": "done"}).status_code == 404
    assert Ticket.objects.get(account=tenant.account).status.workflow == "backlog"


@pytest.mark.django_db
def test_end_users_are_sent_to_the_portal(tenant):
    from accounts.models import Role, User
    from accounts.services import membership_create

    make_tickets(tenant, 1)
    end_user = membership_create(account=tenant.account, user=User.objects.create_user("eu"), role=Role.END_USER)
    client = signed_in(end_user)
    assert client.get("/backlogs/board/")["Location"] == "/portal/"
    assert client.post("/backlogs/board/AM-1/move", {"status": "done"})["Location"] == "/portal/"
    assert Ticket.objects.get(account=tenant.account).status.workflow == "backlog"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_drags_a_card_and_the_api_answers_the_new_status(page, live_server, tenant):
    make_tickets(tenant, 1)
    sign_in_through_the_form(page, live_server.url, "acme-owner", "pw-acme")
    page.goto(f"{live_server.url}/backlogs/board/")
    expect(page).to_have_title("Board · Worktrack")
    card = page.locator(".card[data-slug='AM-1']")
    card.drag_to(page.locator(".board-column[data-status='in_progress']"))
    expect(page.locator(".board-column[data-status='in_progress'] .card[data-slug='AM-1']")).to_be_visible()
    api = api_client(issue_key(tenant), header="HTTP_X_API_KEY", value=issue_key(tenant))
    assert api.get("/api/v1/ext/orgs/acme/tickets/AM-1").json()["ticket"]["status"] == "in_progress"
    # Without a mouse: the card's own status menu and Move button.
    page.get_by_label("Status of AM-1").select_option("done")
    page.get_by_label("Status of AM-1").press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".board-column[data-status='done'] .card[data-slug='AM-1']")).to_be_visible()
