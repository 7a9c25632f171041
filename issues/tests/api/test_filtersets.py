"""The Issue Tracker's filters are FilterSets: Laravel's forms and words, documented in the OpenAPI."""

import json

import pytest
from django.core.management import call_command

from issues.api.filters import IssueFilterSet

from ..conftest import make_issue

pytestmark = pytest.mark.django_db


def test_filter_errors_keep_laravel_words(it_client, other_category):
    cases = {
        "category_ids[]=x": ("category_ids", "The category ids must be an array of integers."),
        f"company_ids={other_category.company_id}": (
            "company_ids",
            f"The selected company ids is invalid: {other_category.company_id}.",
        ),
        "after=26-04-2021": ("after", "The after does not match the format Y-m-d."),
        "status=pending": ("status", "The selected status is invalid. Must be one of: open, closed."),
    }
    for query, (field, message) in cases.items():
        response = it_client.get(f"/api/issues?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"] == {field: [message]}, query


def test_comma_lists_and_indexed_keys_are_one_list(it_client, category):
    issue = make_issue(category)
    for query in (f"category_ids={category.pk},{category.pk}", f"category_ids[0]={category.pk}"):
        assert [row["id"] for row in it_client.get(f"/api/issues?{query}").json()["data"]] == [issue.pk]


def test_only_set_filters_count_as_filtering():
    from django.http import QueryDict

    assert not IssueFilterSet.applies_to(QueryDict("page=2&with[]=events&severity="))
    assert IssueFilterSet.applies_to(QueryDict("company_ids[0]=3"))
    assert IssueFilterSet.applies_to(QueryDict("status=open"))


def test_the_schema_documents_every_filter(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    paths = json.loads(out.read_text())["paths"]
    issues = {p["name"]: p["schema"] for p in paths["/api/issues"]["get"]["parameters"]}
    assert issues["company_ids[]"]["type"] == "array" and issues["category_ids[]"]["items"] == {"type": "integer"}
    assert issues["after"]["format"] == "date" and issues["before"]["format"] == "date"
    assert issues["severity"]["enum"] == ["critical", "important", "info"]
    assert set(issues["status"]["enum"]) == {"open", "closed"}
    categories = {p["name"] for p in paths["/api/categories"]["get"]["parameters"]}
    assert "company_ids[]" in categories
