"""The OpenAPI of the JSON pieces every BOSSDesk family embeds (`render.py` writes them): people and named
lookups. BOSSDesk renders with functions, not serializers, so these serializers only document; each says
exactly the keys its function writes, and which may be null."""

from rest_framework import serializers


class BossDeskPerson(serializers.Serializer):
    """`person()`: a user as tickets, comments and tasks embed them."""

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    username = serializers.CharField()


class BossDeskPortalPerson(serializers.Serializer):
    """`person(username=False)`: a user as an end user's own tickets show them."""

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class BossDeskNamed(serializers.Serializer):
    """`named()`: a lookup (team, group, tag, location…) by its id and name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


def person(**kwargs) -> BossDeskPerson:
    return BossDeskPerson(allow_null=True, **kwargs)


def named(**kwargs) -> BossDeskNamed:
    return BossDeskNamed(allow_null=True, **kwargs)
