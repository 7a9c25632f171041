"""The refusals of the link services, in no API's words: each names the field it is about and a code;
each dialect's views word them (links.api.words)."""

from django.core.exceptions import ObjectDoesNotExist


class LinkRefused(Exception):
    """A link that cannot be made (bad input): `field` is "kind" or "target", `code` says why."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


class EndNotFound(ObjectDoesNotExist):
    """An end that is not in the account: missing, or another account's (the two look alike)."""
