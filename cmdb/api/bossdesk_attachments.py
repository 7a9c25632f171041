"""BOSSDesk attachments of CIs, tickets and ticket comments (agent and `/my/` forms):

1. `GET …/attachments/new` answers `post_url` and `post_fields` (an S3 presigned POST, or this app's
   signed `/uploads` endpoint when no bucket is configured);
2. the client POSTs the fields and the file to `post_url` and reads the XML `PostResponse`'s `Key`;
3. `POST …/attachments` with `{"attachment": {"tmp_key": Key}}` attaches it.

Then `GET`/`PATCH` (description)/`DELETE` `…/attachments/{id}`; deletes answer the attachment."""

from functools import cached_property
from xml.sax.saxutils import escape

from django.core import signing
from django.http import FileResponse, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from backlog_site.api.dialects.bossdesk.fields import RailsSerializer
from backlog_site.api.dialects.bossdesk.viewsets import BossDeskViewSet
from backlog_site.api.viewsets import Services
from helpdesk.models import Ticket, TicketComment

from .. import selectors
from ..attachments import services, storage
from ..models import CI, Attachment
from . import bossdesk_outputs as outputs
from . import bossdesk_render as render


class AttachmentInputSerializer(RailsSerializer):
    tmp_key = serializers.CharField(max_length=1024)
    description = serializers.CharField(allow_blank=True, allow_null=True, required=False, max_length=10_000)


class AttachmentUpdateSerializer(RailsSerializer):
    description = serializers.CharField(allow_blank=True, allow_null=True, max_length=10_000)


UploadFormSerializer = inline_serializer(
    "BossDeskUploadForm", {"post_url": serializers.URLField(), "post_fields": serializers.DictField()}
)


class AttachmentViewSet(BossDeskViewSet):
    """Attachments of one owner (the parent); subclasses say how the owner is found in the request's account."""

    queryset = Attachment.objects.all()
    input_serializer_class = AttachmentInputSerializer
    update_serializer_class = AttachmentUpdateSerializer
    output_serializer_class = outputs.BossDeskAttachment
    services = Services(
        update=services.attachment_update, delete=services.attachment_delete, target="attachment", spread=True
    )
    update_partial = False  # an update sends the description, null to clear it
    update_answers_object = True
    delete_answers_object = True
    reread_skipped = ("update",)  # the service's attachment is the row just read, with its author
    envelope = "attachment"

    def find_owner(self) -> dict:
        """The owner named by the URL, e.g. {"ci": ci}; 404 when it is out of the caller's reach."""
        raise NotImplementedError

    @cached_property
    def parent(self) -> dict:
        return self.find_owner()

    def get_queryset(self):
        return selectors.attachments_of(account_id=self.request.account.pk, **self.parent)

    @cached_property
    def storage_backend(self):
        return storage.backend()

    def render(self, attachment: Attachment) -> dict:
        return render.attachment(attachment, request=self.request, backend=self.storage_backend)

    def render_item(self, attachment: Attachment) -> dict:
        return self.render(attachment)

    @extend_schema(request=None, responses=UploadFormSerializer)
    @action(detail=False, methods=["get"])
    def new(self, request, *args, **kwargs):
        self.parent  # noqa: B018  (404 for an owner out of reach)
        return Response(services.upload_form(request=request, account=request.account))

    def perform_create(self, fields: dict) -> Attachment:
        return services.attachment_create(
            account=self.request.account,
            actor=self.membership,
            owner=self.parent,
            tmp_key=fields["tmp_key"],
            description=fields.get("description"),
        )


class CIAttachmentViewSet(AttachmentViewSet):
    permission_resource = "cis"
    scope_resource = "cis"

    def find_owner(self) -> dict:
        cis = CI.objects.filter(account=self.request.account)
        return {"ci": get_object_or_404(cis, friendly_id=self.kwargs["ci_friendly_id"])}


class TicketAttachmentViewSet(AttachmentViewSet):
    """Agents: `/tickets/{friendly_id}/attachments` (the ticket's own, not its comments')."""

    permission_resource = "tickets"
    scope_resource = "helpdesk"

    def tickets(self):
        return Ticket.objects.filter(account=self.request.account)

    def comments(self, ticket: Ticket):
        return ticket.comments.all()

    def find_owner(self) -> dict:
        ticket = get_object_or_404(self.tickets(), friendly_id=self.kwargs["ticket_friendly_id"])
        if "comment_id" not in self.kwargs:
            return {"ticket": ticket, "comment": None}
        return {"ticket": ticket, "comment": get_object_or_404(self.comments(ticket), pk=self.kwargs["comment_id"])}


class MyTicketAttachmentViewSet(TicketAttachmentViewSet):
    """Requesters: `/my/tickets/{friendly_id}/attachments` — only their own tickets; comment
    attachments only of public comments, and new ones only on their own comments."""

    permission_resource = None

    def tickets(self):
        return super().tickets().filter(requester=self.membership)

    def comments(self, ticket: Ticket):
        comments = TicketComment.objects.filter(ticket=ticket, is_public=True)
        if self.action in ("new", "create"):
            comments = comments.filter(created_by=self.membership)  # attach only to one's own comments
        return comments


def _s3_error(code: str, message: str, status: int) -> HttpResponse:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
    )
    return HttpResponse(body, status=status, content_type="application/xml")


@csrf_exempt
@require_POST
def upload(request):
    """Step 2 when no bucket is configured: what S3 does with a presigned POST, authorised by the
    signed `policy` of step 1 (no API key, like S3), answered with S3's XML `PostResponse`."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > storage.max_upload_bytes() + 64 * 1024:
        return _s3_error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)
    try:
        fields, files = request.POST, request.FILES
    except (MultiPartParserError, ValueError):
        return _s3_error("MalformedPOSTRequest", "The body of your POST request is not well-formed", 400)
    try:
        received = services.upload_receive(policy=fields.get("policy"), key=fields.get("key"), file=files.get("file"))
    except services.UploadRefused as refused:
        return _s3_error(refused.code, refused.message, refused.status)
    status = fields.get("success_action_status")
    if status not in ("200", "201"):
        return HttpResponse(status=204)
    location = request.build_absolute_uri(reverse("bd-uploads")) + "/" + received.key
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>'
        f"<Location>{escape(location)}</Location><Bucket>local</Bucket>"
        f"<Key>{escape(received.key)}</Key><ETag>&quot;{received.etag}&quot;</ETag></PostResponse>"
    )
    return HttpResponse(body, status=int(status), content_type="application/xml")


@require_GET
def download(request, token: str):
    """A `secure_url` without S3: the signed token names the file and expires like a presigned GET."""
    try:
        data = signing.loads(token, salt=storage.DOWNLOAD_SALT, max_age=storage.SECURE_URL_EXPIRE_MINUTES * 60)
    except signing.SignatureExpired:
        return JsonResponse({"errors": {"base": ["This link has expired"]}}, status=403)
    except signing.BadSignature:
        return JsonResponse({"errors": {"base": ["Requested resource was not found"]}}, status=404)
    backend = storage.LocalBackend()
    if not backend.exists(data["k"]):
        return JsonResponse({"errors": {"base": ["Requested resource was not found"]}}, status=404)
    return FileResponse(backend.open(data["k"]), as_attachment=True, filename=data["n"])
