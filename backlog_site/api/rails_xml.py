"""Rails' `to_xml` conventions, which easyBacklog clients parse: names dasherised, a `type`
attribute on typed values, `nil="true"` for nulls and `type="array"` on lists.

djangorestframework-xml renders `<root><list-item>` with no types, so it cannot serve these
clients; this module is the small renderer and parser they need.
"""

import datetime
import io
from decimal import Decimal
from xml.etree import ElementTree as ET

from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer

from .formats import RailsTimestamp, format_datetime, format_decimal
from .parsers import MAX_NESTING_DEPTH, NestingTooDeep, read_body


def dasherize(name: str) -> str:
    return str(name).replace("_", "-")


def singular(name: str) -> str:
    if name.endswith("criteria"):  # easyBacklog's inflection: criterion/criteria
        return name[:-1] + "on"
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("ses"):
        return name[:-2]
    if name.endswith("s"):
        return name[:-1]
    return name + "-item"


def _append(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, dasherize(name))
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value) -> None:
    if value is None:
        element.set("nil", "true")
    elif isinstance(value, bool):
        element.set("type", "boolean")
        element.text = "true" if value else "false"
    elif isinstance(value, int):
        element.set("type", "integer")
        element.text = str(value)
    elif isinstance(value, Decimal):
        element.set("type", "decimal")
        element.text = format_decimal(value)
    elif isinstance(value, float):
        element.set("type", "float")
        element.text = repr(value)
    elif isinstance(value, datetime.datetime):
        element.set("type", "datetime")
        element.text = format_datetime(value)
    elif isinstance(value, RailsTimestamp):
        element.set("type", "datetime")
        element.text = str(value)
    elif isinstance(value, datetime.date):
        element.set("type", "date")
        element.text = value.isoformat()
    elif isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, (list, tuple)):
        element.set("type", "array")
        for item in value:
            _append(element, singular(dasherize(name)), item)
    else:
        element.text = str(value)


def to_xml(data, root: str) -> bytes:
    element = ET.Element(dasherize(root))
    _fill(element, root, data)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


class RailsXMLRenderer(BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        response = renderer_context.get("response")
        if response is not None and response.exception:
            root = "response"
        elif isinstance(data, list):
            root = getattr(view, "xml_root_plural", None) or getattr(view, "xml_root", "record") + "s"
        else:
            root = getattr(view, "xml_root", "hash")
        return to_xml(data, root)


def _parse_element(element: ET.Element):
    kind = element.get("type")
    if element.get("nil") == "true":
        return None
    children = list(element)
    if kind == "array":
        return [_parse_element(child) for child in children]
    if children:
        return {child.tag.replace("-", "_"): _parse_element(child) for child in children}
    text = (element.text or "").strip()
    if kind == "boolean":
        return text.lower() in ("true", "1")
    return text


class RailsXMLParser(BaseParser):
    """Reads `<company><name>Acme</name></company>` as {"name": "Acme"} (the root names the record)."""

    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)  # 413 over DATA_UPLOAD_MAX_MEMORY_SIZE, before parsing
        return self.parse_bytes(body)

    @staticmethod
    def parse_bytes(body: bytes) -> dict:
        depth = 0
        try:
            # The standard library parser does not resolve external entities, and expat (2.4+) refuses
            # billion-laughs amplification. Counting depth while expat streams stops a deep body at once,
            # before the tree walk below could overflow the stack.
            for event, element in ET.iterparse(io.BytesIO(body), events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth > MAX_NESTING_DEPTH:
                        raise NestingTooDeep()
                else:
                    depth -= 1
                    root = element
        except ET.ParseError as exc:
            raise ParseError(f"XML parse error - {exc}")
        value = _parse_element(root)
        return value if isinstance(value, dict) else {}
