"""Request-body parsers every dialect uses: the body limit first, then a bound on nesting depth.

Two attacks meet any parser. A body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` must answer 413 before a byte
of it is parsed: Django enforces that in `request.body` (from Content-Length, before reading), which DRF's JSON
and form parsers use but a parser reading the stream itself does not. And a body nested thousands of levels
deep must answer 400 in milliseconds: json's C scanner raises RecursionError past ~1,000 levels (a 500), and a
body a few hundred levels deep parses fine, then overflows the stack of whatever walks it next. No request
any of our APIs documents nests beyond a handful of levels, so 64 leaves ample room. Form bodies are flat,
but Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields with a SuspiciousOperation (a bare 400
page); here that becomes a ParseError, so it answers in the dialect's shape.

Dialects import this module as `parsers` and name `parsers.JSONParser`, `parsers.FormParser`,
`parsers.MultiPartParser`, exactly as they would DRF's.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_NESTING_DEPTH = 64


class NestingTooDeep(ParseError):
    default_detail = f"The request body is nested more than {MAX_NESTING_DEPTH} levels deep"


def read_body(stream, parser_context) -> bytes:
    """The whole body, refused with RequestDataTooBig (413) when over the limit, before anything parses it."""
    request = (parser_context or {}).get("request")
    if request is not None:
        return request.body
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
    return body


def check_depth(value, limit: int = MAX_NESTING_DEPTH) -> None:
    """Walks the parsed value without recursion; raises NestingTooDeep past `limit` levels of lists/objects."""
    pending = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > limit:
            raise NestingTooDeep()
        children = node.values() if isinstance(node, dict) else node
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (which reads `request.body`, so the body limit applies), bounded in depth."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The C scanner gives up at the interpreter's recursion limit: a few microseconds per level.
            raise NestingTooDeep()
        if isinstance(data, (dict, list)):
            check_depth(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFieldsSent as refused:
            raise ParseError(str(refused))


class MultiPartParser(parsers.MultiPartParser):
    """Django's multipart parser: field data counts against DATA_UPLOAD_MAX_MEMORY_SIZE (413), files stream
    to disk and are limited where they are stored (ATTACHMENT_MAX_BYTES)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (TooManyFieldsSent, TooManyFilesSent) as refused:
            raise ParseError(str(refused))
