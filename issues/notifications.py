"""What an issue change tells the outside world. Called inside the change's transaction: e-mail tasks
are queued with `transaction.on_commit`, so a rolled-back change e-mails nobody."""

from functools import partial

from django.db import transaction

from .models import IssueEvent, Subscription


def issue_event_announce(*, event: IssueEvent) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.issue_event_notify.delay, event.pk))


def subscription_announce(*, subscription: Subscription) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.subscription_confirmation_send.delay, subscription.pk))


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
