"""The OpenAPI of the CMDB's JSON (`bossdesk_render` writes it): each serializer documents only, with the
keys its render function (named in a comment) writes and which may be null; docstrings are for API users."""

from rest_framework import serializers

from backlog_site.api.dialects.bossdesk.outputs import BossDeskNamed, BossDeskPerson, named, person


class BossDeskCIType(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    icon = serializers.CharField()


class BossDeskCIStatus(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()


class BossDeskCIListItem(serializers.Serializer):
    """A CI as the CI list shows it."""  # ci_list_item

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    online = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    archived = serializers.BooleanField()
    inventory = serializers.DictField(allow_null=True, help_text="only the inventory's `os`, when it has one")
    type = BossDeskCIType(allow_null=True)
    status = BossDeskCIStatus(allow_null=True)


class BossDeskCIUser(BossDeskPerson):
    """A user of the CI, with their domain name, group and roles."""  # ci_user

    email = serializers.CharField()
    domain_name = serializers.CharField()
    group = named()
    roles = BossDeskNamed(many=True)


class BossDeskCI(serializers.Serializer):
    """A CI in full, as its reads, writes, archive, restore and barcode lookup answer it."""  # ci_detail

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    model = serializers.CharField()
    serial_number = serializers.CharField()
    control_number = serializers.CharField()
    type = BossDeskCIType(allow_null=True)
    status = BossDeskCIStatus(allow_null=True)
    location = named()
    manufacturer = named()
    tags = BossDeskNamed(many=True)
    users = BossDeskCIUser(many=True)
    purchase_order = serializers.DictField(allow_null=True, help_text="always null: purchase orders are not kept")
    custom_fields = serializers.DictField()
    inventory = serializers.DictField(allow_null=True)
    inventory_updated_at = serializers.DateTimeField(allow_null=True)
    online = serializers.BooleanField()
    dns_host_name = serializers.CharField()
    distinguished_name = serializers.CharField()
    archived_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class BossDeskTicketCI(serializers.Serializer):
    """A CI as a ticket lists it in its `cis`."""  # ticket_ci

    id = serializers.IntegerField()
    friendly_id = serializers.IntegerField()
    name = serializers.CharField()
    online = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    inventory_updated_at = serializers.DateTimeField(allow_null=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    os = serializers.CharField(allow_null=True, help_text="the name of the inventory's operating system")
    type = BossDeskCIType(allow_null=True)
    status = BossDeskCIStatus(allow_null=True)


class BossDeskNote(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    created_by = person()


class BossDeskAttachment(serializers.Serializer):
    """One attachment, with a link to its file that expires."""  # attachment

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    size = serializers.IntegerField()
    secure_url = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    created_by = person()
    secure_url_expire_time_in_mins = serializers.IntegerField()


class BossDeskAttachmentSummary(serializers.Serializer):
    """An attachment as a ticket or a comment lists it."""  # attachment_summary

    id = serializers.IntegerField()
    description = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    size = serializers.IntegerField()
