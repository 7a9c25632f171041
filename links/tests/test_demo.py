"""The demo account has links of several families, and seeding it again adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Account
from links.models import Link

pytestmark = pytest.mark.django_db


def test_the_demo_has_links_and_a_second_seed_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    account = Account.objects.get(slug="demo")
    kinds = sorted(Link.objects.filter(account=account).values_list("source_type", "kind", "target_type"))
    assert ("dev_ticket", "caused_by", "desk_ticket") in kinds and len(kinds) >= 3, kinds
    call_command("seed_demo", stdout=StringIO())
    assert Link.objects.filter(account=account).count() == len(kinds)
