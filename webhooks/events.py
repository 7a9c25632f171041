"""The event types a webhook can receive.

The Issue Tracker documents seven; other apps emit theirs through `webhooks.services.event_emit`. A
webhook with no `events` list receives the documented Issue Tracker events; one with a list receives
exactly the listed types.
"""

ISSUE_TRACKER_EVENTS = [
    "webhook_created",
    "webhook_deleted",
    "category_subscription_confirmation",
    "issue_subscription_confirmation",
    "issue_created",
    "issue_updated",
    "issue_closed",
]

OTHER_APP_EVENTS = [
    # Service desk (BOSSDesk) tickets.
    "ticket_created",
    "ticket_updated",
    "ticket_closed",
    "ticket_commented",
    # Dev tickets (easyBacklog / Tickets API).
    "dev_ticket_created",
    "dev_ticket_updated",
    "dev_ticket_status_changed",
    "dev_ticket_deleted",
    # Sprints.
    "sprint_started",
    "sprint_completed",
    # Links between objects of any two families (links app).
    "link_created",
    "link_deleted",
]

EVENT_TYPES = ISSUE_TRACKER_EVENTS + OTHER_APP_EVENTS
