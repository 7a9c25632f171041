import pytest

from accounts.models import User
from cmdb.defaults import fill_cmdb_demo
from cmdb.models import CI, Attachment, CINote

pytestmark = pytest.mark.django_db


def test_demo_filler_is_idempotent(tenant):
    fill_cmdb_demo(tenant.account)
    fill_cmdb_demo(tenant.account)
    cis = CI.objects.filter(account=tenant.account)
    assert cis.count() == 3 and cis.filter(inventory__isnull=False).count() == 1
    assert all(ci.users.filter(pk=tenant.pk).exists() for ci in cis)


@pytest.mark.parametrize(
    "model", ["ci", "citype", "cistatus", "manufacturer", "cinote", "attachment", "citypecustomfield"]
)
def test_admin_lists_and_searches(client, tenant, make_ci, model):
    ci = make_ci(name="BOSS-1000")
    CINote.objects.create(ci=ci, text="note")
    Attachment.objects.create(account=tenant.account, ci=ci, name="a.txt", tmp_key="t", storage_key="s")
    staff = User.objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(staff)
    response = client.get(f"/admin/cmdb/{model}/", {"q": "boss"})
    assert response.status_code == 200
    assert client.get(f"/admin/cmdb/ci/{ci.pk}/change/").status_code == 200
