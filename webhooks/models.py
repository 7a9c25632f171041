"""Tables of the webhooks app."""
