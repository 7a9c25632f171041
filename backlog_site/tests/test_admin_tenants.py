"""The admin serves staff across many tenants: every changelist, filled with two tenants' demo data, has
an account filter first, filter titles that are unique and read as words, choices that can be told
apart, and the choices follow the chosen account. Rows the system writes are read-only."""

import io
import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import demo_data
from accounts.models import Account, Company, Role, User
from accounts.services import membership_create
from backlog_site.admin_filters import ACCOUNT_PARAMETER

pytestmark = pytest.mark.django_db

# Titles that say nothing on their own when two of a changelist's filters could carry them.
VAGUE_TITLES = {"name", "id", "key", "code", "value", "type id"}

# Written by the system, read by staff.
SYSTEM_RECORDS = [
    "webhooks.event",
    "webhooks.delivery",
    "webhooks.deliveryattempt",
    "helpdesk.ticketevent",
    "backlogs.ticketevent",
    "issues.sentnotification",
    "accounts.accountsequence",
]


@pytest.fixture
def two_tenants(tenant):
    """The demo account and a second one ("Acme"), both filled by every app's demo filler."""
    call_command("seed_demo", stdout=io.StringIO())
    demo = Account.objects.get(slug="demo")
    acme = tenant.account
    for username, role in (("agnes", Role.AGENT), ("eddie", Role.END_USER)):
        membership_create(account=acme, user=User.objects.get(username=username), role=role)
    for name, public in (("Acme Corporation", True), ("Globex Internal", False)):
        Company.objects.get_or_create(account=acme, name=name, defaults={"is_public": public})
    demo_data.fill(acme)
    system_records_write(acme)
    return demo, acme


def system_records_write(account):
    """What the demo data does not produce by itself: an event delivered once, and an e-mail sent."""
    from django.utils import timezone

    from issues.models import SentNotification
    from webhooks.models import Delivery, DeliveryAttempt, Event, Webhook

    webhook = Webhook.objects.create(
        account=account, user=account.memberships.first().user, url="https://example.com/h"
    )
    event = Event.objects.create(account=account, event_type="issue_created", data={})
    delivery = Delivery.objects.create(event=event, webhook=webhook, next_attempt_at=timezone.now())
    DeliveryAttempt.objects.create(delivery=delivery, number=1, outcome="success", response_status=200)
    SentNotification.objects.create(email="someone@example.com", key="confirmation:1", sent_at=timezone.now())


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(User.objects.create_superuser("platform-staff", "staff@example.com", "pw"))
    return client


def changelists():
    for model in admin.site._registry:
        yield model._meta


def sidebar(client, meta, **params):
    response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"), params)
    assert response.status_code == 200, response.content[:500]
    changelist = response.context["cl"]
    return [
        (str(spec.title), [str(choice["display"]) for choice in spec.choices(changelist)])
        for spec in changelist.filter_specs
    ]


def tenant_owned(meta) -> bool:
    model_admin = admin.site._registry[meta.model]
    return any(getattr(f, "parameter_name", None) == ACCOUNT_PARAMETER for f in model_admin.list_filter)


def sidebar_problems(client, meta) -> list[str]:
    filters = sidebar(client, meta)
    titles = [title for title, _ in filters]
    problems = []
    if len(titles) != len(set(titles)):
        problems.append(f"two filters share a title: {titles}")
    for title, choices in filters:
        if title in VAGUE_TITLES:
            problems.append(f"filter title {title!r} does not say what it filters")
        # "use 50 90" is a column name (use_50_90) with its underscores turned into spaces.
        if re.search(r"\d+ \d+", title):
            problems.append(f"filter title {title!r} reads like a column name")
        if len(choices) != len(set(choices)):
            problems.append(f"{title!r} lists a choice twice: {choices}")
    if tenant_owned(meta) and (not titles or titles[0] != "account"):
        problems.append(f"the account filter comes first, not {titles[0]!r}")
    return problems


def test_every_changelist_sidebar_tells_tenants_and_filters_apart(two_tenants, staff_client):
    # One test over every changelist: the two tenants' demo data is filled once, not once per model.
    metas = list(changelists())
    assert len(metas) > 40
    problems = {f"{m.app_label}.{m.model_name}": sidebar_problems(staff_client, m) for m in metas}
    assert not {name: found for name, found in problems.items() if found}


def test_choices_carry_their_account_and_follow_the_chosen_one(two_tenants, staff_client):
    demo, acme = two_tenants
    from helpdesk.models import HelpdeskCategory, Ticket

    everyone = dict(sidebar(staff_client, Ticket._meta))["category"]
    shared = set(HelpdeskCategory.objects.filter(account=demo).values_list("name", flat=True)) & set(
        HelpdeskCategory.objects.filter(account=acme).values_list("name", flat=True)
    )
    assert shared, "both tenants have lookups of the same name (the case this is about)"
    name = sorted(shared)[0]
    assert f"{name} · {demo.name}" in everyone and f"{name} · {acme.name}" in everyone

    narrowed = dict(sidebar(staff_client, Ticket._meta, **{ACCOUNT_PARAMETER: acme.pk}))["category"]
    acme_names = HelpdeskCategory.objects.filter(account=acme).values_list("name", flat=True)
    empty = admin.site.empty_value_display  # the "no category" choice of a nullable relation
    assert narrowed[0] == "All" and sorted(c for c in narrowed[1:] if c != empty) == sorted(acme_names)


def test_a_malformed_account_choice_is_ignored_not_an_error(two_tenants, staff_client):
    from helpdesk.models import Ticket

    url = reverse("admin:helpdesk_ticket_changelist")
    page = staff_client.get(url, {ACCOUNT_PARAMETER: "x'; drop"})
    assert page.status_code == 200 and len(page.context["cl"].result_list) == Ticket.objects.count()


@pytest.mark.parametrize("label", SYSTEM_RECORDS)
def test_system_written_rows_are_read_only(label, two_tenants, staff_client):
    app_label, model_name = label.split(".")
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    row = model._default_manager.first()
    assert row is not None, f"the demo data has no {label} to look at"
    assert staff_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 403
    change = reverse(f"admin:{app_label}_{model_name}_change", args=[row.pk])
    page = staff_client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content, "a read-only row offers a Save button"
    changelist = staff_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert reverse(f"admin:{app_label}_{model_name}_add").encode() not in changelist.content


def test_api_key_scopes_are_words_in_the_list_and_the_form(tenant, staff_client):
    from accounts.models import ApiKey
    from backlog_site.api.testing import issue_key

    issue_key(tenant)
    api_key = ApiKey.objects.get(account=tenant.account)
    api_key.scopes = ["tickets:read", "tickets:write"]
    api_key.save(update_fields=["scopes"])
    listing = staff_client.get(reverse("admin:accounts_apikey_changelist")).content.decode()
    assert "tickets:read, tickets:write" in listing and '["tickets:read"' not in listing
    change = reverse("admin:accounts_apikey_change", args=[api_key.pk])
    assert 'value="tickets:read, tickets:write"' in staff_client.get(change).content.decode()
    form = {"account": tenant.account.pk, "user": tenant.user.pk, "name": "ci", "scopes": "tickets:read,  issues:write"}
    assert staff_client.post(change, form).status_code == 302
    api_key.refresh_from_db()
    assert api_key.scopes == ["tickets:read", "issues:write"]
    refused = staff_client.post(change, {**form, "scopes": '["tickets:read"]'})
    assert refused.status_code == 200 and b"resource:read" in refused.content
    api_key.refresh_from_db()
    assert api_key.scopes == ["tickets:read", "issues:write"]


def test_every_page_has_a_favicon(staff_client):
    from django.contrib.staticfiles import finders

    icon = Client().get("/favicon.ico")
    assert icon.status_code == 301 and icon["Location"] == "/static/favicon.ico"
    assert open(finders.find("favicon.ico"), "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO header
    assert b'rel="icon"' in staff_client.get(reverse("admin:index")).content
    assert b'rel="icon"' in Client().get("/accounts/login/").content
