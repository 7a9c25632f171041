"""An issue created from a form or a multipart body, as a PHP client or a generated OpenAPI client sends one: a list
is its field repeated (`category_ids=1&category_ids=2`), named with brackets (`category_ids[]=1`), or sent once."""

from urllib.parse import urlencode

import pytest

from issues.models import Issue
from issues.tests.conftest import laravel_error, make_category

pytestmark = pytest.mark.django_db

FIELDS = [("name", "Login down"), ("description", "Since noon"), ("severity", "critical")]


def multipart(pairs) -> bytes:
    parts = [f'--B\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in pairs]
    return ("".join(parts) + "--B--\r\n").encode()


def send(client, pairs, media_type):
    if media_type == "form":
        return client.generic("POST", "/api/issues", urlencode(pairs), "application/x-www-form-urlencoded")
    return client.generic("POST", "/api/issues", multipart(pairs), "multipart/form-data; boundary=B")


@pytest.fixture
def categories(company):
    return [make_category(company, "Network"), make_category(company, "Mail")]


@pytest.mark.parametrize("media_type", ["form", "multipart"])
@pytest.mark.parametrize("name", ["category_ids", "category_ids[]"])
@pytest.mark.parametrize("how_many", [1, 2])
def test_a_list_arrives_whole_however_the_form_names_it(it_client, categories, media_type, name, how_many):
    chosen = categories[:how_many]
    response = send(it_client, [*((name, c.pk) for c in chosen), *FIELDS], media_type)
    assert response.status_code == 201, response.content
    issue = Issue.objects.get(pk=response.json()["id"])
    assert sorted(issue.categories.values_list("pk", flat=True)) == sorted(c.pk for c in chosen)
    assert (issue.name, issue.description) == ("Login down", "Since noon")


@pytest.mark.parametrize("media_type", ["form", "multipart"])
def test_a_form_without_the_list_is_refused_in_laravels_shape(it_client, media_type):
    response = send(it_client, FIELDS, media_type)
    assert response.status_code == 422
    laravel_error(response)
    assert "category_ids" in response.json()["errors"]
    assert not Issue.objects.exists()
