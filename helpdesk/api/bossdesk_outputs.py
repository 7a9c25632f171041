"""The OpenAPI of the service desk's JSON (`bossdesk_render` and the users' render functions write it):
each serializer documents only, with the keys its function (named in a comment) writes and which may be
null; docstrings are for API users."""

from rest_framework import serializers

from backlog_site.api.dialects.bossdesk.outputs import (
    BossDeskNamed,
    BossDeskPerson,
    BossDeskPortalPerson,
    named,
    person,
)
from cmdb.api.bossdesk_outputs import BossDeskAttachmentSummary, BossDeskTicketCI


class BossDeskTicketType(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shortcut = serializers.CharField()


class BossDeskPriority(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()


class BossDeskCategory(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()
    icon = serializers.CharField()


class BossDeskTicketListItem(serializers.Serializer):
    """A ticket as the agents' ticket list shows it."""  # ticket_list_item

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    type = BossDeskTicketType()
    priority = BossDeskPriority()
    category = BossDeskCategory(allow_null=True)
    extended_status = named()
    requester = person()
    agent = person()


class BossDeskRequester(BossDeskPerson):
    """The requester on a ticket in full, with contact details and group."""  # requester_detail

    is_agent = serializers.BooleanField()
    email = serializers.CharField()
    phone = serializers.CharField()
    mobile = serializers.CharField()
    group = named()


class BossDeskPortalComment(serializers.Serializer):
    """A public comment as the ticket's requester reads it."""  # comment(for_agent=False)

    id = serializers.IntegerField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by = BossDeskPortalPerson(allow_null=True)
    attachments = BossDeskAttachmentSummary(many=True)


class BossDeskComment(BossDeskPortalComment):
    """A comment as agents read it (`is_public` false: an internal note)."""  # comment

    is_public = serializers.BooleanField()
    from_agent = serializers.BooleanField()
    source = serializers.CharField()
    created_by = person()


class BossDeskTaskRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class BossDeskTask(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    type = named()
    team = named()
    agent = person()
    created_by = person()


class BossDeskTimeEntry(serializers.Serializer):
    id = serializers.IntegerField()
    task_id = serializers.IntegerField(allow_null=True)
    date = serializers.DateField()
    duration = serializers.IntegerField(help_text="minutes")
    billable = serializers.BooleanField()
    note = serializers.CharField()
    agent = person()
    task = BossDeskTaskRef(allow_null=True)


class BossDeskTicket(BossDeskTicketListItem):
    """A ticket in full, as its reads, writes, close and reopen answer it."""  # ticket_detail

    description = serializers.CharField()
    source = serializers.CharField()
    custom_fields = serializers.DictField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    lock_version = serializers.IntegerField()
    team = named()
    requester = BossDeskRequester(allow_null=True)
    comments = BossDeskComment(many=True)
    tags = BossDeskNamed(many=True)
    attachments = BossDeskAttachmentSummary(many=True)
    cis = BossDeskTicketCI(many=True)
    time_entries = BossDeskTimeEntry(many=True)
    tasks = BossDeskTask(many=True)


class BossDeskMyTicketListItem(serializers.Serializer):
    """A ticket as its requester's list shows it."""  # my_ticket_list_item

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    type = BossDeskTicketType()
    agent = BossDeskPortalPerson(allow_null=True)


class BossDeskMyTicket(serializers.Serializer):
    """A ticket as its requester reads it (public comments only)."""  # my_ticket_detail

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    type = BossDeskTicketType()
    agent = BossDeskPortalPerson(allow_null=True)
    comments = BossDeskPortalComment(many=True)
    attachments = BossDeskAttachmentSummary(many=True)


class BossDeskUserListItem(serializers.Serializer):
    """A user as the users' list shows it."""  # user_summary

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    is_agent = serializers.BooleanField()
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BossDeskUser(BossDeskUserListItem):
    """A user in full, with their profile."""  # user_detail

    domain_name = serializers.CharField()
    designation = serializers.CharField()
    phone = serializers.CharField()
    mobile = serializers.CharField()
    other_email = serializers.CharField()
    time_zone = serializers.CharField()
    location = named()
    tags = BossDeskNamed(many=True)
    group = named()
    roles = BossDeskNamed(many=True)
