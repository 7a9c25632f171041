"""The Tickets API list's filters are a django-filter FilterSet: documented from it (and `limit`/`offset`
by the pagination, once), applied through DjangoFilterBackend, answering bad values with the API's 422."""

import pytest
from django.http import QueryDict
from drf_spectacular.generators import SchemaGenerator

from backlogs.api import orgtickets
from backlogs.api.orgtickets_filters import OrgTicketFilterSet

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ext/orgs/{org_slug}/tickets"


def test_the_list_documents_its_filters_from_the_filterset_and_its_page_from_the_pagination():
    parameters = SchemaGenerator().get_schema(request=None, public=True)["paths"][LIST]["get"]["parameters"]
    names = [p["name"] for p in parameters]
    assert sorted(names) == ["assignee_id", "labels", "limit", "offset", "org_slug", "repository_id", "status", "type"]
    by_name = {p["name"]: p for p in parameters}
    assert orgtickets.TicketViewSet.filterset_class is OrgTicketFilterSet
    for name in OrgTicketFilterSet.base_filters:
        assert by_name[name]["in"] == "query" and by_name[name]["description"], name
    assert by_name["status"]["schema"]["enum"] == ["backlog", "done", "in_progress", "in_review", "todo"]
    assert by_name["repository_id"]["schema"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert by_name["type"]["schema"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert by_name["labels"]["schema"] == {"type": "string", "maxLength": 2000}
    assert by_name["limit"]["schema"]["minimum"] == 1 and by_name["offset"]["schema"]["minimum"] == 0
    assert "20 by default" in by_name["limit"]["description"]


def error(fields: dict, message: str) -> dict:
    return {"error": {"code": "validation_error", "message": message, "fields": fields}}


GE_1 = "Ensure this value is greater than or equal to 1."
SLUG = 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"repository_id": "abc"}, "repository_id", "A valid integer is required."),
        ({"repository_id": "0"}, "repository_id", GE_1),
        ({"status": "nope"}, "status", '"nope" is not a valid choice.'),
        ({"type": "unknown"}, "type", "Unknown ticket type 'unknown'."),
        ({"type": "a b"}, "type", SLUG),
        ({"assignee_id": "-1"}, "assignee_id", GE_1),
        ({"labels": "a" * 2001}, "labels", "Ensure this field has no more than 2000 characters."),
        ({"offset": "-1"}, "offset", "Ensure this value is greater than or equal to 0."),
        ({"limit": "0"}, "limit", GE_1),
    ],
)
def test_a_bad_filter_answers_the_apis_exact_422(org, base, query, field, message):
    response = org.get(base, query)
    assert response.status_code == 422
    assert response.json() == error({field: [message]}, message)


def test_one_422_names_every_bad_parameter_the_paginations_among_them(org, base):
    response = org.get(base, {"limit": "0", "type": "zz", "repository_id": "abc"})
    assert response.status_code == 422
    fields = {
        "repository_id": ["A valid integer is required."],
        "type": ["Unknown ticket type 'zz'."],
        "limit": [GE_1],
    }
    assert response.json() == error(fields, "A valid integer is required.")
    assert list(response.json()["error"]["fields"]) == list(fields)


def test_blank_filters_read_the_prepared_page_and_a_filter_the_counted_one(org, base, make_ticket, monkeypatch):
    make_ticket("Labelled", labels=["x"], type_key="bug")
    make_ticket("Plain")
    counted = []
    real = orgtickets.filtered_page
    monkeypatch.setattr(orgtickets, "filtered_page", lambda *a, **k: counted.append(1) or real(*a, **k))
    blank = {"labels": " , ", "status": "", "type": "", "repository_id": "", "assignee_id": ""}
    assert org.get(base, blank).json()["total"] == 2 and counted == []
    assert org.get(base, {"labels": "x", "type": "BUG"}).json()["total"] == 1 and counted == [1]


def test_applies_to_is_what_the_validated_filters_say():
    assert not OrgTicketFilterSet.applies_to(QueryDict("labels=%20,%20&status=&limit=5&offset=3"))
    assert not OrgTicketFilterSet.applies_to(QueryDict("status=open&status="))  # the last value counts
    for query in ["repository_id=1", "status=done", "type=bug", "assignee_id=2", "labels=,x"]:
        assert OrgTicketFilterSet.applies_to(QueryDict(query)), query
