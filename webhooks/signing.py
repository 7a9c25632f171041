"""Standard Webhooks signing (https://www.standardwebhooks.com): `whsec_` secrets, the three headers and
the `{"type", "timestamp", "data"}` body. Signatures come from the `standardwebhooks` package."""

import base64
import json
import secrets
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from standardwebhooks.webhooks import Webhook as StandardWebhook

from .models import Event, Webhook


def secret_generate() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def event_body(event: Event) -> str:
    """The body, the same bytes for every attempt of the event."""
    timestamp = event.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return json.dumps(
        {"type": event.event_type, "timestamp": timestamp, "data": event.data},
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def signing_secrets(webhook: Webhook, now: datetime) -> list[str]:
    found = [webhook.secret]
    if webhook.previous_secret and webhook.previous_secret_expires_at and webhook.previous_secret_expires_at > now:
        found.append(webhook.previous_secret)
    return found


def signed_headers(*, webhook: Webhook, message_id: str, body: str, now: datetime) -> dict[str, str]:
    signatures = [StandardWebhook(s).sign(message_id, now, body) for s in signing_secrets(webhook, now)]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
        "user-agent": "Worktrack-Webhooks/1.0",
    }
