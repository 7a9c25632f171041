"""End to end through a real Celery worker process on Redis: a desk ticket is escalated through the
BOSSDesk API, its dev ticket is moved to done through the Tickets API, and the desk ticket has its
internal note and its agent the e-mail (once); an incident fixed by two dev tickets gets its
"Fix deployed." update when the second is done, and its confirmed subscriber is e-mailed once."""

import email
import email.policy
import os
import time
from pathlib import Path

import pytest

from webhooks.tests.stack import DEFAULT_BROKER, Stack, redis_reachable, wait_until

BROKER = os.environ.get("E2E_CELERY_BROKER_URL", DEFAULT_BROKER)
DRIVER = "links.tests.e2e_driver"


def mails(stack) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the file backend wrote."""
    folder = Path(stack.env["EMAIL_FILE_PATH"])
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip(), policy=email.policy.default)
                found.append((str(message["To"]), " ".join(str(message["Subject"]).split())))
    return found


@pytest.mark.e2e
def test_escalation_and_both_flows_through_a_real_worker(tmp_path):
    unreachable = redis_reachable(BROKER)
    if unreachable:
        pytest.skip(f"end-to-end test needs Redis at {BROKER} (set E2E_CELERY_BROKER_URL): {unreachable}")
    with Stack(tmp_path, broker_url=BROKER) as stack:
        stack.purge_broker()
        stack.manage("migrate", "--noinput")
        stack.start_worker()

        def drive(*args):
            return stack.driver(*args, module=DRIVER)

        setup = drive("setup")
        key, desk_id, issue_id = setup["key"], str(setup["desk_id"]), setup["issue_id"]

        escalated = drive("escalate", key, desk_id)
        assert escalated["status"] == 201
        slug = escalated["slug"]
        assert [(r["kind"], r["target"]["type"]) for r in escalated["dev_links"]] == [("caused_by", "desk_ticket")]
        other = drive("ticket", key, "Patch the spooler")
        assert other["status"] == 201
        for fixer in (slug, other["slug"]):
            assert drive("link", key, fixer, "fixes", f"issue:{issue_id}")["status"] == 201

        # The escalated ticket is done: its desk ticket is noted and its agent told; the incident waits.
        assert drive("done", key, slug)["status"] == 200
        status = drive("status", desk_id, str(issue_id))
        assert len(status["notes"]) == 1 and slug in status["notes"][0]
        agent_mail = wait_until(lambda: [m for m in mails(stack) if m[0] == "agent@e2e.example"], timeout=30)
        assert agent_mail and f"Ticket #{desk_id}" in agent_mail[0][1] and slug in agent_mail[0][1]
        assert status["issue_events"] == ["created"]

        # The second fixer is done: the incident is updated, its subscriber e-mailed.
        assert drive("done", key, other["slug"])["status"] == 200
        status = drive("status", desk_id, str(issue_id))
        assert status["issue_events"] == ["created", "updated"]
        assert status["issue_description"].startswith("Fix deployed.")
        assert len(status["notes"]) == 1  # the second dev ticket is linked to no desk ticket
        assert wait_until(lambda: [m for m in mails(stack) if m[0] == "fan@e2e.example"], timeout=30)
        time.sleep(2)  # anything sent twice would have arrived by now
        sent = mails(stack)
        assert [m for m in sent if m[0] == "fan@e2e.example"] == [
            ("fan@e2e.example", "Issue updated: Printing is down")
        ]
        assert len([m for m in sent if m[0] == "agent@e2e.example"]) == 1
