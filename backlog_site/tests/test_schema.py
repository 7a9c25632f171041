import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_builds_without_warnings_and_declares_every_key_form(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for scheme in [
        "easyBacklogToken",
        "easyBacklogBasic",
        "easyBacklogQuery",
        "bossDeskToken",
        "issueTrackerBearer",
        "publicBacklogApiKey",
        "ticketsApiKey",
        "basicAuth",
    ]:
        assert f"{scheme}:" in text, scheme
    assert "/api/accounts/{account_id}/companies:" in text
    assert "{format}" not in text


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    from django.test import Client

    browser = Client()
    assert browser.get("/api/schema/").status_code == 200
    docs = browser.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert browser.get("/admin/login/").status_code == 200
