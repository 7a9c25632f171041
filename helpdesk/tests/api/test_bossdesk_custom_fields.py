"""Ticket custom fields: values validated by type, dropdowns by option, required ones enforced,
category-scoped fields only where they apply."""

import pytest

from accounts.models import CustomField, CustomFieldOption
from helpdesk.models import CustomFieldCategory, HelpdeskCategory, HelpdeskPriority, Ticket, TicketType

pytestmark = pytest.mark.django_db
Kind = CustomField.Kind


@pytest.fixture
def fields(tenant):
    account = tenant.account

    def field(name, kind, **extra):
        return CustomField.objects.create(account=account, name=name, owner_class="ticket", type_id=kind, **extra)

    made = {
        "string": field("Serial", Kind.STRING),
        "url": field("Link", Kind.URL),
        "integer": field("Seats", Kind.INTEGER),
        "float": field("Cost", Kind.FLOAT),
        "date": field("Bought", Kind.DATE),
        "boolean": field("Restarted", Kind.BOOLEAN),
        "dropdown": field("Incident type", Kind.DROPDOWN),
    }
    made["option"] = CustomFieldOption.objects.create(custom_field=made["dropdown"], name="Broken cable")
    return made


def post(bd, tenant, custom_fields, **extra):
    account = tenant.account
    ticket = {
        "title": "Cable",
        "type_id": TicketType.objects.filter(account=account).first().pk,
        "priority_id": HelpdeskPriority.objects.filter(account=account).first().pk,
        "custom_fields": custom_fields,
        **extra,
    }
    return bd.post("/api/v1/tickets", {"ticket": ticket})


def test_values_are_stored_by_type_and_answered_by_field_id(bd, tenant, fields):
    values = {
        str(fields["string"].pk): "A-3492-YU",
        str(fields["url"].pk): "https://example.com/x",
        str(fields["integer"].pk): "12",
        str(fields["float"].pk): 9.5,
        str(fields["date"].pk): "2016-10-20",
        str(fields["boolean"].pk): True,
        str(fields["dropdown"].pk): "Broken cable",
    }
    response = post(bd, tenant, values)
    assert response.status_code == 201, response.content
    body = response.json()["custom_fields"]
    assert body[str(fields["integer"].pk)] == 12
    assert body[str(fields["dropdown"].pk)] == fields["option"].pk
    assert body[str(fields["date"].pk)] == "2016-10-20" and body[str(fields["boolean"].pk)] is True
    friendly_id = response.json()["friendly_id"]
    url = f"/api/v1/tickets/{friendly_id}"
    update = {str(fields["boolean"].pk): False, str(fields["string"].pk): None}
    assert bd.patch(url, {"ticket": {"custom_fields": update}}).status_code == 204
    body = bd.get(url).json()["custom_fields"]
    assert body[str(fields["boolean"].pk)] is False and str(fields["string"].pk) not in body
    assert body[str(fields["integer"].pk)] == 12


@pytest.mark.parametrize(
    "kind,value",
    [
        ("url", "javascript:alert(1)"),
        ("url", 12),
        ("integer", 1.5),
        ("integer", True),
        ("integer", "twelve"),
        ("float", "NaN"),
        ("float", "abc"),
        ("date", "20-10-2016"),
        ("date", "2016-02-30"),
        ("boolean", "perhaps"),
        ("dropdown", "Not an option"),
        ("dropdown", 999999),
        ("string", {"nested": 1}),
        ("string", "nul\u0000byte"),
    ],
)
def test_a_value_of_the_wrong_type_answers_422(bd, tenant, fields, kind, value):
    response = post(bd, tenant, {str(fields[kind].pk): value})
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [f"custom_fields.{fields[kind].pk}"]
    assert not Ticket.objects.exists()


def test_unknown_and_foreign_fields_answer_422(bd, tenant, other_tenant, fields):
    theirs = CustomField.objects.create(account=other_tenant.account, name="Theirs", owner_class="ticket")
    ci_field = CustomField.objects.create(account=tenant.account, name="CI only", owner_class="ci")
    for key in ("999999", str(theirs.pk), str(ci_field.pk)):
        response = post(bd, tenant, {key: "x"})
        assert response.status_code == 422 and f"custom_fields.{key}" in response.json()["errors"]
    assert post(bd, tenant, ["not", "an", "object"]).status_code == 422


def test_required_fields_and_category_scope(bd, tenant, fields, end_user):
    account = tenant.account
    network = HelpdeskCategory.objects.get(account=account, name="Network")
    required = CustomField.objects.create(account=account, name="Switch", owner_class="ticket", required=True)
    CustomFieldCategory.objects.create(custom_field=required, category=network)
    assert post(bd, tenant, {}).status_code == 201  # the required field only applies to Network tickets
    response = post(bd, tenant, {}, category_id=network.pk)
    assert response.json() == {"errors": {f"custom_fields.{required.pk}": ["can't be blank"]}}
    response = post(bd, tenant, {str(required.pk): "SW-1"}, category_id=network.pk)
    assert response.status_code == 201
    url = f"/api/v1/tickets/{response.json()['friendly_id']}"
    response = bd.patch(url, {"ticket": {"custom_fields": {str(required.pk): ""}}})
    assert response.status_code == 422
    assert bd.get(url).json()["custom_fields"][str(required.pk)] == "SW-1"
    from helpdesk.tests.conftest import bossdesk_client

    ticket_type = TicketType.objects.filter(account=account).first()
    mine = bossdesk_client(end_user).post("/api/v1/my/tickets", {"ticket": {"title": "x", "type_id": ticket_type.pk}})
    assert mine.status_code == 201  # requesters cannot fill custom fields, so none is required of them
