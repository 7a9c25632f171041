"""Commands the end-to-end test runs in a separate process against the shared database (the test
process itself runs on pytest's private test database, which a Celery worker cannot see).

    python -m webhooks.tests.e2e_driver setup <webhook url>     -> {"key", "secret", "webhook_id", ...}
    python -m webhooks.tests.e2e_driver issue <key> <category>  -> {"issue_id"}
    python -m webhooks.tests.e2e_driver emit <n>                -> {"message_ids": [...]}
    python -m webhooks.tests.e2e_driver sweep                   -> {"queued": n}
    python -m webhooks.tests.e2e_driver status                  -> {"deliveries": [...], "subscriptions": [...]}
    python -m webhooks.tests.e2e_driver rotate <key> <webhook>  -> {"status"}
    python -m webhooks.tests.e2e_driver delete <key> <webhook>  -> {"status"}
"""

import json
import sys

import django


def main(argv):
    django.setup()
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Account, Company
    from accounts.services import account_create, api_key_issue
    from issues.models import Category, Subscription
    from webhooks import services, tasks
    from webhooks.models import Delivery

    command = argv[0]
    if command == "setup":
        account = account_create(
            slug="e2e", name="E2E", owner_username="e2e-owner", owner_email="owner@e2e.example", owner_password="pw"
        )
        user = account.memberships.get().user
        key = api_key_issue(account=account, user=user).raw_key
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        webhook = client.post("/api/webhooks", {"url": argv[1]}, content_type="application/json").json()
        company = Company.objects.create(account=account, name="ConnectNow")
        category = Category.objects.create(company=company, name="IT")
        # The owner follows the category (confirmed), so issue_created reaches their webhook and inbox.
        Subscription.objects.create(account=account, email=user.email, category=category, confirmed_at=timezone.now())
        return {"key": key, "secret": webhook["secret"], "webhook_id": webhook["id"], "category_id": category.pk}
    if command == "issue":
        client = Client(HTTP_AUTHORIZATION=f"Bearer {argv[1]}")
        body = {"category_ids": [int(argv[2])], "name": "Outage", "description": "All down", "severity": "critical"}
        response = client.post("/api/issues", body, content_type="application/json")
        return {"status": response.status_code, "issue_id": response.json().get("id")}
    if command == "emit":
        account = Account.objects.get(slug="e2e")
        ids = []
        for n in range(int(argv[1])):
            with transaction.atomic():
                ids.append(services.event_emit(account=account, event_type="issue_updated", data={"n": n}).message_id)
        return {"message_ids": ids}
    if command in ("rotate", "delete"):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {argv[1]}")
        path = f"/api/webhooks/{int(argv[2])}"
        response = client.post(f"{path}/rotate-secret") if command == "rotate" else client.delete(path)
        return {"status": response.status_code}
    if command == "sweep":
        return {"queued": tasks.outbox_sweep()}
    if command == "status":
        deliveries = [
            {"message_id": d.event.message_id, "type": d.event.event_type, "status": d.status, "attempts": d.attempts}
            for d in Delivery.objects.select_related("event").order_by("id")
        ]
        subscriptions = list(Subscription.objects.values("email", "confirmed_at"))
        return {"deliveries": deliveries, "subscriptions": len(subscriptions)}
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), default=str))
