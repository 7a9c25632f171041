"""An id past a signed 64-bit integer names no row: a body or a Ransack condition carrying one is refused
in BOSSDesk's words (SQLite could not even bind it: it answered 500, found by tools/fuzz_openapi.sh)."""

import pytest

from helpdesk.models import HelpdeskPriority, TicketType

pytestmark = pytest.mark.django_db

HUGE = 2**64 + 1


def lookups(account) -> dict:
    return {
        "type_id": TicketType.objects.filter(account=account).first().pk,
        "priority_id": HelpdeskPriority.objects.filter(account=account).first().pk,
    }


@pytest.mark.parametrize("field", ["agent_id", "team_id", "priority_id"])
def test_a_ticket_naming_an_id_past_64_bits_is_refused(client, tenant, field):
    body = {"ticket": {"title": "Mouse", **lookups(tenant.account), field: HUGE}}
    response = client.post("/api/v1/tickets", body, format="json")
    assert response.status_code == 422
    assert response.json() == {"errors": {field: ["doesn't exist"]}}


def test_a_ci_naming_users_past_64_bits_is_refused(client):
    response = client.post("/api/v1/cis", {"ci": {"name": "Laptop", "user_ids": [-HUGE]}}, format="json")
    assert response.status_code == 422
    assert response.json() == {"errors": {"user_ids.0": ["doesn't exist"]}}


@pytest.mark.parametrize("condition", ["q[users_id_gteq]", "q[status_id_lteq]"])
def test_a_search_for_an_id_past_64_bits_is_refused(client, condition):
    response = client.get("/api/v1/cis", {condition: str(HUGE)})
    assert response.status_code == 422
    assert response.json() == {"errors": {"q": [f"{condition[2:-1]} has an invalid value"]}}
