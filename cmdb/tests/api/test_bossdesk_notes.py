import pytest

from backlog_site.api.testing import assert_rejects_malformed, assert_requires_key
from cmdb.models import CINote

from ..conftest import bossdesk_error

pytestmark = pytest.mark.django_db


def test_add_update_and_delete_a_note(bd, make_ci, tenant):
    ci = make_ci()
    created = bd.post(f"/api/v1/cis/{ci.friendly_id}/notes", {"note": {"text": "Note this!"}}, format="json")
    assert created.status_code == 201, created.content
    note = created.json()
    assert note["text"] == "Note this!" and set(note) == {"id", "text", "created_at", "updated_at", "created_by"}
    assert note["created_by"] == {
        "id": tenant.user_id,
        "friendly_id": tenant.friendly_id,
        "first_name": tenant.user.first_name,
        "last_name": tenant.user.last_name,
        "username": tenant.user.username,
    }
    url = f"/api/v1/cis/{ci.friendly_id}/notes/{note['id']}"
    updated = bd.patch(url, {"note": {"text": "Updated note"}}, format="json")
    assert updated.status_code == 200 and updated.json()["text"] == "Updated note"
    assert CINote.objects.get(pk=note["id"]).text == "Updated note"
    deleted = bd.delete(url)
    assert deleted.status_code == 200 and deleted.json()["id"] == note["id"]
    assert deleted.json()["text"] == "Updated note"
    assert not CINote.objects.filter(pk=note["id"]).exists()
    assert bd.delete(url).status_code == 404


def test_blank_text_is_refused(bd, make_ci):
    ci = make_ci()
    response = bd.post(f"/api/v1/cis/{ci.friendly_id}/notes", {"note": {"text": ""}}, format="json")
    assert response.status_code == 422 and response.json() == {"errors": {"text": ["can't be blank"]}}
    note = CINote.objects.create(ci=ci, text="keep")
    response = bd.patch(f"/api/v1/cis/{ci.friendly_id}/notes/{note.pk}", {"note": {"text": " "}}, format="json")
    assert response.status_code == 422 and CINote.objects.get(pk=note.pk).text == "keep"


def test_a_note_is_reached_only_through_its_own_ci(bd, make_ci):
    first, second = make_ci(name="A"), make_ci(name="B")
    note = CINote.objects.create(ci=first, text="on A")
    url = f"/api/v1/cis/{second.friendly_id}/notes/{note.pk}"
    assert bd.patch(url, {"note": {"text": "moved"}}, format="json").status_code == 404
    assert bd.delete(url).status_code == 404


def test_another_tenant_cannot_reach_notes(other_bd, make_ci):
    ci = make_ci()
    note = CINote.objects.create(ci=ci, text="mine")
    base = f"/api/v1/cis/{ci.friendly_id}/notes"
    assert other_bd.post(base, {"note": {"text": "x"}}, format="json").status_code == 404
    assert other_bd.patch(f"{base}/{note.pk}", {"note": {"text": "x"}}, format="json").status_code == 404
    assert other_bd.delete(f"{base}/{note.pk}").status_code == 404
    assert CINote.objects.get(pk=note.pk).text == "mine"


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", "/api/v1/cis/1/notes"), ("patch", "/api/v1/cis/1/notes/1"), ("delete", "/api/v1/cis/1/notes/1")],
)
def test_notes_require_a_key(method, url):
    assert_requires_key(method, url, bossdesk_error)


def test_malformed_note_bodies_answer_4xx(bd, make_ci):
    ci = make_ci()
    note = CINote.objects.create(ci=ci, text="x")
    assert_rejects_malformed(bd, "post", f"/api/v1/cis/{ci.friendly_id}/notes", bossdesk_error)
    assert_rejects_malformed(bd, "patch", f"/api/v1/cis/{ci.friendly_id}/notes/{note.pk}", bossdesk_error)
