"""A Standard Webhooks verifier written from the specification (standard-webhooks.md, "Verifying
webhooks"), independent of the `standardwebhooks` package the sender uses:

- the secret is `whsec_` followed by base64 of the key bytes;
- the signed content is `{webhook-id}.{webhook-timestamp}.{body}`;
- `webhook-signature` is a space-delimited list of `v1,<base64 HMAC-SHA256>`; any one matching is enough;
- the timestamp must be within the tolerance (5 minutes) of now, against replays.
"""

import base64
import hashlib
import hmac
import time


class VerificationFailed(Exception):
    pass


def verify(secret: str, headers: dict[str, str], body: bytes, *, tolerance: int = 300, now: float | None = None):
    headers = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id, timestamp, signatures = (
            headers["webhook-id"],
            headers["webhook-timestamp"],
            headers["webhook-signature"],
        )
    except KeyError as missing:
        raise VerificationFailed(f"missing header {missing}")
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > tolerance:
        raise VerificationFailed("timestamp outside the tolerance")
    assert secret.startswith("whsec_"), secret
    key = base64.b64decode(secret[len("whsec_") :])
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for versioned in signatures.split(" "):
        version, _, signature = versioned.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    raise VerificationFailed("no matching signature")
