"""Every verb of every parent-scoped route (`/api/accounts/{account_id}/…`, enumerated from the URL resolver)
refuses an account id other than the key's own with 404 and changes nothing, even when the rest of the URL
names the key's own rows (the snapshot create that answered 201 for any account id)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backlogs.models import Backlog
from backlogs.planning import snapshots

from .families import BY_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.security]

PARENT = "account_id"


def walk(patterns, groups=()):
    for entry in patterns:
        found = groups + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, found)
        elif isinstance(entry, URLPattern) and PARENT in found:
            yield entry, found


def parent_scoped_routes():
    routes = []
    for entry, groups in walk(get_resolver().url_patterns):
        actions = getattr(entry.callback, "actions", None)
        cls = getattr(entry.callback, "cls", None)
        verbs = (
            sorted(actions) if actions else [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]
        )
        for verb in verbs:
            routes.append(
                pytest.param(
                    entry, groups, verb, id=f"{verb.upper()} {entry.name}{'.fmt' if 'format' in groups else ''}"
                )
            )
    return routes


ROUTES = parent_scoped_routes()


def test_the_resolver_has_parent_scoped_routes():
    names = {param.values[0].name for param in ROUTES}
    assert {"eb-company-list", "eb-account-backlog-snapshot-list", "eb-account-backlog-detail"} <= names, names


@pytest.fixture
def own_rows(tenant):
    backlog = Backlog.objects.create(account=tenant.account, name="Mine", velocity=3)
    snapshots.snapshot_create(backlog=backlog, name="Before")
    tenant.account.companies.create(name="Own company")
    return backlog


def url_for(entry, groups, tenant, account_id, backlog):
    cls = entry.callback.cls
    kwargs = {}
    for name in groups:
        if name == PARENT:
            kwargs[name] = account_id
        elif name == "format":
            kwargs[name] = "json"
        elif name == "backlog_id":
            kwargs[name] = backlog.pk
        elif name == "pk":
            # A real row of the key's own account, so only the account id can make the request fail.
            own = cls.queryset.filter(**{cls.tenant_lookup: tenant.account_id})
            if "backlog_id" in groups:
                own = own.filter(snapshot_master=backlog)
            kwargs[name] = own.order_by("pk").first().pk
        else:
            raise AssertionError(f"no value for {name} in {entry.name}")
    return reverse(entry.name, kwargs=kwargs)


def state(tenant):
    return (
        list(Backlog.objects.filter(account=tenant.account).order_by("pk").values_list("pk", "name", "archived")),
        list(tenant.account.companies.order_by("pk").values_list("pk", "name")),
    )


@pytest.mark.parametrize("entry, groups, verb", ROUTES)
@pytest.mark.parametrize("whose", ["other-tenant", "missing"])
def test_another_account_id_answers_404_on_every_verb(tenant, other_tenant, own_rows, entry, groups, verb, whose):
    family = BY_NAME["easybacklog"]
    client = family.client(tenant)
    account_id = other_tenant.account_id if whose == "other-tenant" else 999_999
    before = state(tenant)
    response = getattr(client, verb)(url_for(entry, groups, tenant, account_id, own_rows), {"name": "Z"}, format="json")
    assert response.status_code == 404, (verb, entry.name, response.status_code, response.content[:300])
    family.error_shape(response.json())
    assert state(tenant) == before


@pytest.mark.parametrize("entry, groups, verb", [r for r in ROUTES if r.values[2] == "get"])
def test_the_own_account_id_is_served(tenant, own_rows, entry, groups, verb):
    # The same URLs with the right account id work, so the 404s above are the account check's doing.
    client = BY_NAME["easybacklog"].client(tenant)
    response = client.get(url_for(entry, groups, tenant, tenant.account_id, own_rows))
    assert response.status_code == 200, (entry.name, response.status_code, response.content[:300])
