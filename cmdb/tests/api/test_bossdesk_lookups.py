import pytest

from backlog_site.api.testing import assert_requires_key
from cmdb.models import CIStatus, CIType, Manufacturer

pytestmark = pytest.mark.django_db


def test_ci_types_list_the_accounts_types_with_parent_and_icon(bd, tenant, other_tenant):
    response = bd.get("/api/v1/ci_types")
    assert response.status_code == 200
    body = response.json()
    assert {t["name"] for t in body} == set(
        CIType.objects.filter(account=tenant.account).values_list("name", flat=True)
    )
    computer = next(t for t in body if t["name"] == "Computer")
    hardware = next(t for t in body if t["name"] == "Hardware")
    assert computer["parent_id"] == hardware["id"] and computer["icon"]
    assert set(computer) == {"id", "parent_id", "name", "icon", "created_at", "updated_at"}
    other_ids = set(CIType.objects.filter(account=other_tenant.account).values_list("id", flat=True))
    assert not other_ids & {t["id"] for t in body}


def test_ci_statuses_have_a_colour(bd, tenant, other_tenant):
    body = bd.get("/api/v1/ci_statuses").json()
    active = next(s for s in body if s["name"] == "Active")
    assert active["color"] == "#34B632"
    assert {s["id"] for s in body} == set(CIStatus.objects.filter(account=tenant.account).values_list("id", flat=True))


def test_manufacturers_are_paged_and_searchable(bd, tenant, other_tenant):
    for index in range(17):
        Manufacturer.objects.create(account=tenant.account, name=f"Maker {index:02d}")
    Manufacturer.objects.create(account=tenant.account, name="BOSS Inc.")
    Manufacturer.objects.create(account=other_tenant.account, name="BOSS Other")
    first = bd.get("/api/v1/manufacturers")
    assert first.status_code == 200 and len(first.json()) == 15 and first["X-Total-Count"] == "18"
    assert set(first.json()[0]) == {"id", "name", "updated_at"}
    found = bd.get("/api/v1/manufacturers", {"q[name_cont]": "boss"}).json()
    assert [m["name"] for m in found] == ["BOSS Inc."]
    assert bd.get("/api/v1/manufacturers", {"q[nope_eq]": "1"}).status_code == 422


@pytest.mark.parametrize("url", ["/api/v1/ci_types", "/api/v1/ci_statuses", "/api/v1/manufacturers"])
def test_lookups_require_a_key(url):
    assert_requires_key("get", url)


def test_new_account_gets_default_lookups_idempotently(tenant):
    from cmdb.defaults import install_cmdb_defaults

    before = CIType.objects.filter(account=tenant.account).count()
    install_cmdb_defaults(tenant.account)
    assert before > 0 and CIType.objects.filter(account=tenant.account).count() == before
