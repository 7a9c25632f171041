import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cmdb.api.bossdesk_render import ci_search_item
from cmdb.models import CIType
from cmdb.searches import ci_search_results, ci_search_validate

pytestmark = pytest.mark.django_db


def test_a_ci_search_applies_its_query_to_the_accounts_active_cis(tenant, other_tenant, make_ci):
    server = CIType.objects.get(account=tenant.account, name="Server")
    wanted = make_ci(name="SRV-1", type=server)
    make_ci(name="PC-1")
    archived = make_ci(name="SRV-OLD", type=server)
    archived.archived_at = timezone.now()
    archived.save()
    make_ci(account=other_tenant.account, actor=other_tenant, name="SRV-X", type=None)
    found = list(ci_search_results(account_id=tenant.account_id, query={"type_name_eq": "Server"}))
    assert found == [wanted]
    item = ci_search_item(found[0])
    assert item["alias"] == wanted.description and item["status"]["color"] == "#34B632"
    assert item["type"]["name"] == "Server"


def test_a_ci_search_query_is_validated_against_the_ci_allow_list():
    ci_search_validate(query={"name_cont": "boss", "status_id_in": [1, 2]})
    for query in [{"custom_fields_eq": "x"}, {"name_frobnicate": "x"}, ["not", "an", "object"]]:
        with pytest.raises(ValidationError) as raised:
            ci_search_validate(query=query)
        assert "query" in raised.value.message_dict
