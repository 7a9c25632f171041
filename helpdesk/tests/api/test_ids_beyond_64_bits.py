"""An id past a signed 64-bit integer names no row. A body naming one is refused in BOSSDesk's words; a Ransack
condition on one matches as on any integer column (none, or all for `lt`). SQLite could not even bind such an
id: both answered 500 (found by tools/fuzz_openapi.sh)."""

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


@pytest.mark.parametrize(
    ("condition", "value", "found"),
    [
        ("q[users_id_gteq]", HUGE, False),  # past every id: no CI
        ("q[status_id_lteq]", HUGE, True),  # every id is below it: every CI
        ("q[status_id_eq]", -HUGE, False),
        ("q[type_id_in]", HUGE, False),
    ],
)
def test_a_search_for_an_id_past_64_bits_matches_as_any_integer_column_does(client, condition, value, found):
    # As `q[friendly_id_gt]=99999999999999999999` on a column of the row itself (helpdesk/tests/test_ransack.py).
    from cmdb.models import CI, CIStatus

    ci = client.post("/api/v1/cis", {"ci": {"name": "Laptop"}}, format="json").json()
    CI.objects.filter(pk=ci["id"]).update(
        status=CIStatus.objects.filter(account=CI.objects.get(pk=ci["id"]).account).first()
    )
    response = client.get("/api/v1/cis", {condition: str(value)})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == ([ci["id"]] if found else [])
