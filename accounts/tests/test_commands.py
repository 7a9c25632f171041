from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Account, ApiKey, Company, Membership, User
from backlog_site.api.testing import api_client

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_account_prints_the_id_last_and_makes_an_owner_with_every_permission():
    lines = run(
        "create_account",
        "acme",
        "--name",
        "Acme Ltd",
        "--owner",
        "ann",
        "--email",
        "ann@acme.example",
        "--password",
        "s3cret-pass",
    )
    account = Account.objects.get(slug="acme")
    assert lines[-1] == str(account.pk)
    assert account.ticket_prefix == "AC" and account.locale_id == 1
    owner = Membership.objects.get(account=account)
    assert owner.user.username == "ann" and owner.role == "admin" and owner.friendly_id == 1
    assert owner.user.check_password("s3cret-pass")
    assert all(actions == ["index", "show", "create", "update", "destroy"] for actions in owner.permissions.values())


def test_create_account_refuses_a_taken_slug():
    run("create_account", "acme", "--name", "A", "--owner", "ann", "--email", "a@a.example", "--password", "pw")
    with pytest.raises(CommandError):
        run("create_account", "acme", "--name", "B", "--owner", "bob", "--email", "b@b.example", "--password", "pw")
    assert Account.objects.count() == 1


def test_create_api_key_prints_a_working_key_last():
    run("create_account", "acme", "--name", "A", "--owner", "ann", "--email", "a@a.example", "--password", "pw")
    raw = run("create_api_key", "--account", "acme", "--user", "ann", "--scopes", "tickets:read", "--name", "ci")[-1]
    key = ApiKey.objects.get()
    assert key.scopes == ["tickets:read"] and key.name == "ci" and raw.startswith(key.prefix)
    assert api_client(raw).get("/api/locales").status_code == 403  # scoped to dev tickets only
    assert api_client(raw).get("/api/accounts").status_code == 403
    unscoped = run("create_api_key", "--account", "acme", "--user", "ann")[-1]
    assert api_client(unscoped).get("/api/accounts").json()[0]["name"] == "A"
    with pytest.raises(CommandError):
        run("create_api_key", "--account", "acme", "--user", "nobody")
    with pytest.raises(CommandError):
        run("create_api_key", "--account", "nope", "--user", "ann")


def test_seed_demo_is_idempotent():
    run("seed_demo")
    counts = (Account.objects.count(), Membership.objects.count(), Company.objects.count())
    run("seed_demo")
    assert (Account.objects.count(), Membership.objects.count(), Company.objects.count()) == counts
    demo = Account.objects.get(slug="demo")
    assert {m.role for m in demo.memberships.all()} == {"admin", "agent", "end_user"}
    assert Company.objects.filter(account=demo, is_public=True).exists()


def test_seed_demo_owner_is_a_tenant_owner_and_staff_is_apart():
    run("seed_demo")
    owner = User.objects.get(username="demo")
    assert not owner.is_staff and not owner.is_superuser
    assert {m.role for m in owner.memberships.all()} == {"admin"}
    staff = User.objects.get(username="staff")
    assert staff.is_superuser and staff.is_staff and not staff.memberships.exists()

    demo_login = Client()
    assert demo_login.login(username="demo", password="demo-password")
    assert demo_login.get("/admin/").status_code == 302  # to the admin's sign-in: not for tenants
    staff_login = Client()
    assert staff_login.login(username="staff", password="staff-password")
    assert staff_login.get("/admin/").status_code == 200


def test_seed_demo_takes_staff_rights_from_an_older_demo_owner():
    run("seed_demo")
    User.objects.filter(username="demo").update(is_staff=True, is_superuser=True)  # as older seeds left it
    run("seed_demo")
    owner = User.objects.get(username="demo")
    assert not owner.is_staff and not owner.is_superuser
    assert User.objects.filter(username="staff").count() == 1
