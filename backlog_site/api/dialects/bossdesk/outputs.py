"""The OpenAPI of the JSON pieces every BOSSDesk family embeds (`render.py` writes them): people and named
lookups. BOSSDesk renders with functions, not serializers, so these serializers only document; each says
exactly the keys its function writes, and which may be null. Their docstrings are the OpenAPI's
descriptions (for API users); a comment names the function each documents."""

from rest_framework import serializers


class BossDeskPortalPerson(serializers.Serializer):
    """A user as a requester's own tickets show them."""  # render.person(username=False)

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class BossDeskPerson(BossDeskPortalPerson):
    """A user as tickets, comments and tasks show them."""  # render.person

    username = serializers.CharField()


class BossDeskNamed(serializers.Serializer):
    """A lookup (team, group, tag, location…) by its id and name."""  # render.named

    id = serializers.IntegerField()
    name = serializers.CharField()


def person(**kwargs) -> BossDeskPerson:
    return BossDeskPerson(allow_null=True, **kwargs)


def named(**kwargs) -> BossDeskNamed:
    return BossDeskNamed(allow_null=True, **kwargs)
