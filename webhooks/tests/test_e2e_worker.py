"""End to end through a real Celery worker process on Redis: signed delivery, e-mail once, and a
delivery that survives its worker being killed mid-post (the outbox sweep queues it again)."""

import json
import os
import threading
import time

import pytest

from webhooks.tests.receiver import Receiver
from webhooks.tests.stack import DEFAULT_BROKER, Stack, redis_reachable, wait_until
from webhooks.tests.verifier import verify

BROKER = os.environ.get("E2E_CELERY_BROKER_URL", DEFAULT_BROKER)
LEASE = 2


@pytest.mark.e2e
def test_real_worker_delivers_and_redelivers_after_dying(tmp_path):
    unreachable = redis_reachable(BROKER)
    if unreachable:
        pytest.skip(f"end-to-end test needs Redis at {BROKER} (set E2E_CELERY_BROKER_URL): {unreachable}")
    entered, release, hold = threading.Event(), threading.Event(), {"type": None}

    def slow_for_held_type(record):
        if hold["type"] and json.loads(record["body"])["data"] == hold["type"]:
            hold["type"] = None
            entered.set()
            release.wait(30)

    env = {
        "WEBHOOKS_LEASE_SECONDS": str(LEASE),
        "WEBHOOKS_SWEEP_GRACE_SECONDS": "0",
        "WEBHOOKS_RETRY_SCHEDULE": "[1, 1]",
    }
    with Receiver(on_request=slow_for_held_type) as receiver, Stack(tmp_path, broker_url=BROKER, env=env) as stack:
        stack.purge_broker()
        stack.manage("migrate", "--noinput")
        stack.start_worker()
        setup = stack.driver("setup", receiver.url)

        # The webhook_created event, signed with the secret shown at creation.
        (created,) = receiver.wait_for(1, timeout=30)
        assert verify(setup["secret"], created["headers"], created["body"])
        assert json.loads(created["body"])["type"] == "webhook_created"

        # An issue created through the API: the webhook hears of it and the subscriber is e-mailed once.
        issue = stack.driver("issue", setup["key"], str(setup["category_id"]))
        assert issue["status"] == 201
        requests = receiver.wait_for(2, timeout=30)
        assert len(requests) == 2 and verify(setup["secret"], requests[1]["headers"], requests[1]["body"])
        assert json.loads(requests[1]["body"])["data"]["issue"]["id"] == issue["issue_id"]
        assert wait_until(lambda: "New issue: Outage" in stack.mail_subjects(), timeout=30)
        time.sleep(1)
        assert stack.mail_subjects().count("New issue: Outage") == 1

        # The worker dies mid-delivery: it has posted, the receiver is still answering, and then SIGKILL.
        hold["type"] = {"n": 0}
        (message_id,) = stack.driver("emit", "1")["message_ids"]
        assert entered.wait(30), "the delivery never reached the receiver"
        stack.kill_worker()
        release.set()
        assert stack.driver("status")["deliveries"][-1] == {
            "message_id": message_id,
            "type": "issue_updated",
            "status": "pending",
            "attempts": 0,
        }
        stack.start_worker()
        time.sleep(LEASE + 0.5)
        assert stack.driver("sweep")["queued"] == 1
        copies = wait_until(
            lambda: [r for r in receiver.requests if r["headers"]["webhook-id"] == message_id][1:], timeout=30
        )
        assert copies, "the delivery was not made again after the worker died"
        assert verify(setup["secret"], copies[0]["headers"], copies[0]["body"])
        final = wait_until(lambda: stack.driver("status")["deliveries"][-1]["status"] == "succeeded", timeout=20)
        assert final
        assert stack.driver("status")["deliveries"][-1]["attempts"] == 1
        assert stack.driver("sweep")["queued"] == 0
