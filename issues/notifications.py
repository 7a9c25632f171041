"""What an issue change tells the outside world. Called inside the change's transaction: e-mail tasks
are queued with `transaction.on_commit` and webhook events go to the outbox, so a rolled-back change
tells nobody.

Webhooks receive the documented events: `issue_created|updated|closed` go to webhooks whose owner's
e-mail is a confirmed subscriber of the category (created) or the issue (updated, closed);
`*_subscription_confirmation` to webhooks of the user whose e-mail subscribed.
"""

from functools import partial

from django.db import transaction

from webhooks.services import event_emit

from .links import subscription_link
from .models import Category, IssueEvent, Subscription


def issue_event_announce(*, event: IssueEvent) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.issue_event_notify.delay, event.pk))
    emails = list(event_recipients(event))
    if emails:
        issue = event.issue
        event_emit(
            account=issue.account,
            event_type=f"issue_{event.kind}",
            data={"issue": issue_data(issue), "event": {"type": event.kind, "description": event.description}},
            user_emails=emails,
        )


def subscription_announce(*, subscription: Subscription) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.subscription_confirmation_send.delay, subscription.pk))
    event_emit(
        account=subscription.account,
        event_type=f"{subscription.target_kind}_subscription_confirmation",
        data={
            "subscription": {
                "id": subscription.pk,
                "email": subscription.email,
                "category_id": subscription.category_id,
                "issue_id": subscription.issue_id,
            },
            "confirmation_url": subscription_link(subscription, "confirm"),
        },
        user_emails=[subscription.email],
    )


def issue_data(issue) -> dict:
    return {
        "id": issue.pk,
        "name": issue.name,
        "description": issue.description,
        "severity": issue.severity,
        "closed_at": issue.closed_at,
        "category_ids": sorted(Category.objects.filter(issues=issue).values_list("pk", flat=True)),
        "created_at": issue.created_at,
        "updated_at": issue.updated_at,
    }


def event_recipients(event: IssueEvent) -> dict[str, Subscription]:
    """Confirmed subscriptions to tell about an event, one per e-mail address: a new issue is news for the
    subscribers of its categories; an update or a close for the subscribers of the issue."""
    if event.kind == IssueEvent.Kind.CREATED:
        subscriptions = Subscription.objects.filter(category__issues=event.issue_id)
    else:
        subscriptions = Subscription.objects.filter(issue=event.issue_id)
    recipients: dict[str, Subscription] = {}
    for subscription in subscriptions.filter(confirmed_at__isnull=False).order_by("id"):
        recipients.setdefault(subscription.email.lower(), subscription)
    return recipients
