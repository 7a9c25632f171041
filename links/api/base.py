"""What the links endpoints of every family share: the URL names one end (found inside the request's
account, else 404), the list is the links touching it, each read from its side, and writes call the
link services. A family's viewset declares its dialect, its end, its words and its JSON of a time."""

from functools import cached_property

from rest_framework import serializers

from backlog_site.api.viewsets import DialectViewSet
from links import selectors, services
from links.ends import End, EndType, end_data
from links.errors import EndNotFound
from links.models import Link
from links.targets import target_resolve

from .words import refusals_worded


class LinkInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=30, help_text="relates_to, blocks, blocked_by, duplicates, …")
    target = serializers.CharField(max_length=100, help_text="a dev ticket's slug (AM-42) or <type>:<id>")


class LinkEndOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=EndType.choices)
    id = serializers.IntegerField(help_text="as the end's family shows it (a BOSSDesk friendly id, a dev ticket's id…)")
    title = serializers.CharField()
    slug = serializers.CharField(required=False, help_text="dev tickets only")
    ref = serializers.CharField(help_text="the target that names this end when making a link")


class LinkOutput(serializers.Serializer):
    """A link as one of its ends reads it: its kind, read from this end, and the object at the other."""  # link_json

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="from the reader's side: blocks here is blocked_by at the other end")
    target = LinkEndOutput(help_text="the other end")
    created_at = serializers.CharField()


def link_json(read: selectors.LinkRead, *, ticket_prefix: str, timestamp) -> dict:
    """A link as one of its ends reads it: id, kind from that side, the other end, when it was made."""
    return {
        "id": read.link.pk,
        "kind": read.kind,
        "target": end_data(read.other.type, read.other.obj, ticket_prefix=ticket_prefix),
        "created_at": timestamp(read.link.created_at),
    }


class LinkViewSet(DialectViewSet):
    queryset = Link.objects.all()
    input_serializer_class = LinkInputSerializer
    output_serializer_class = LinkOutput
    lookup_value_regex = "[0-9]+"
    end_type: str
    words: dict

    def end_find(self) -> End | None:
        """The end the URL names in the request's account, or None."""
        raise NotImplementedError

    def timestamp(self, value):
        raise NotImplementedError

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.end  # noqa: B018 - every verb answers 404 for a missing or foreign end, after the key checks

    @cached_property
    def end(self) -> End:
        end = self.end_find()
        if end is None:
            raise EndNotFound()
        return end

    def get_queryset(self):
        return super().get_queryset().filter(selectors.touching(self.end_type, [self.end.pk]))

    def output_many(self, rows):
        reads = selectors.links_read(rows, account_id=self.request.account.pk, readers=[self.end.key])
        prefix = self.request.account.ticket_prefix
        return [link_json(read, ticket_prefix=prefix, timestamp=self.timestamp) for read in reads]

    def output(self, instance):
        return self.output_many([instance])[0]

    def perform_create(self, fields: dict) -> Link:
        account = self.request.account
        with refusals_worded(self.words):
            target = target_resolve(account=account, target=fields["target"])
            return services.link_create(
                account=account, source=self.end, kind=fields["kind"], target=target, creator=self.membership
            )

    def perform_destroy(self, instance: Link) -> None:
        services.link_delete(link=instance, actor=self.membership)
