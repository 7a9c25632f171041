"""Nesting and body-limit probes over every family and every parser it offers: a deep body answers 400/422
in the family's error shape within milliseconds (never a 500 from RecursionError), and a body over
DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 before any parser reads it."""

import io
import time

import pytest

from backlog_site.api import parsers, rails_xml

from .families import FAMILIES, FORM, MULTIPART, XML_TYPES

pytestmark = [pytest.mark.django_db, pytest.mark.security]


def cases(wanted=lambda content_type: True):
    """(family, content type) for every parser each family offers, as pytest params."""
    return [
        pytest.param(family, content_type, id=f"{family.name}-{content_type.split(';')[0]}")
        for family in FAMILIES
        for content_type in family.content_types
        if wanted(content_type)
    ]


def deep_json(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def deep_xml(depth: int) -> str:
    return "<company>" + "<a>" * depth + "x" + "</a>" * depth + "</company>"


def body_of(content_type: str, size: int) -> bytes:
    """A well-formed body of about `size` bytes in the content type."""
    filler = "x" * size
    if "json" in content_type:
        return f'{{"name": "{filler}"}}'.encode()
    if content_type in XML_TYPES:
        return f"<company><name>{filler}</name></company>".encode()
    if content_type == FORM:
        return f"name={filler}".encode()
    assert content_type == MULTIPART
    return (f'--BoUnDaRy\r\nContent-Disposition: form-data; name="name"\r\n\r\n{filler}\r\n--BoUnDaRy--\r\n').encode()


def post(family, tenant, body, content_type):
    client = family.client(tenant)
    client.get(family.url(tenant))  # warm up (first-request imports, the key's last_used_at) before timing
    started = time.monotonic()
    response = client.generic("POST", family.url(tenant), body, content_type=content_type)
    return response, time.monotonic() - started


@pytest.mark.parametrize("family, content_type", cases(lambda c: "json" in c))
@pytest.mark.parametrize("depth", [parsers.MAX_NESTING_DEPTH + 1, 900, 100_000])
@pytest.mark.parametrize("kind", ["array", "object"])
def test_deep_json_answers_400_in_the_family_shape(tenant, family, content_type, depth, kind):
    response, elapsed = post(family, tenant, deep_json(depth, kind), content_type)
    assert response.status_code in (400, 422), (response.status_code, response.content[:300])
    family.error_shape(response.json())
    assert elapsed < 5.0, f"{elapsed:.3f} s for a {depth}-level body"  # whole request, loaded CI machine


@pytest.mark.parametrize("family, content_type", cases(lambda c: c in XML_TYPES))
@pytest.mark.parametrize("depth", [parsers.MAX_NESTING_DEPTH, 10_000, 200_000])
def test_deep_xml_answers_400_in_the_family_shape(tenant, family, content_type, depth):
    response, elapsed = post(family, tenant, deep_xml(depth), content_type)
    assert response.status_code in (400, 422), (response.status_code, response.content[:300])
    family.error_shape(response.json())
    assert elapsed < 5.0, f"{elapsed:.3f} s for a {depth}-level body"  # whole request, loaded CI machine


@pytest.mark.parametrize("family, content_type", cases())
def test_a_body_over_the_limit_answers_413_before_parsing(tenant, family, content_type, settings, monkeypatch):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an over-limit body reached the parser")

    monkeypatch.setattr(rails_xml.RailsXMLParser, "parse_bytes", staticmethod(must_not_parse))
    monkeypatch.setattr(parsers, "check_depth", must_not_parse)
    response, _ = post(family, tenant, body_of(content_type, 5000), content_type)
    assert response.status_code == 413, (response.status_code, response.content[:300])
    family.error_shape(response.json())


@pytest.mark.parametrize("family, content_type", cases())
def test_a_body_within_the_limit_is_parsed(tenant, family, content_type, settings):
    # The limit is not a blanket refusal: the same body under it reaches validation (anything but 413/5xx).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response, _ = post(family, tenant, body_of(content_type, 100), content_type)
    assert response.status_code < 500 and response.status_code != 413, (response.status_code, response.content[:300])


@pytest.mark.parametrize("family, content_type", cases(lambda c: c in (FORM, MULTIPART)))
def test_too_many_form_fields_answer_400_in_the_family_shape(tenant, family, content_type, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    if content_type == FORM:
        body = "&".join(f"f{i}=1" for i in range(60)).encode()
    else:
        parts = "".join(f'--BoUnDaRy\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\n1\r\n' for i in range(60))
        body = (parts + "--BoUnDaRy--\r\n").encode()
    response, _ = post(family, tenant, body, content_type)
    assert response.status_code == 400, (response.status_code, response.content[:300])
    family.error_shape(response.json())


def best_of_three(refuse) -> float:
    """The fastest of three runs (a loaded CI machine adds noise, never speed)."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        with pytest.raises(parsers.NestingTooDeep):
            refuse()
        times.append(time.monotonic() - started)
    return min(times)


@pytest.mark.parametrize("depth", [10_000, 1_000_000])
def test_a_deep_body_is_refused_in_milliseconds(depth):
    # The parsers alone: the XML stops at level 65 while expat streams, the JSON at the C scanner's limit.
    xml_body, json_body = deep_xml(depth).encode(), deep_json(depth, "array").encode()
    xml = best_of_three(lambda: rails_xml.RailsXMLParser.parse_bytes(xml_body))
    json = best_of_three(lambda: parsers.JSONParser().parse(io.BytesIO(json_body)))
    assert xml < 0.2 and json < 0.2, f"XML {xml * 1000:.0f} ms, JSON {json * 1000:.0f} ms"


def test_the_depth_bound_allows_what_the_apis_need():
    parsers.check_depth({"backlog": {"themes": [{"stories": [{"criteria": [{"criterion": "x"}]}]}]}})
    parsers.check_depth(eval(deep_json(parsers.MAX_NESTING_DEPTH, "array")))
    with pytest.raises(parsers.NestingTooDeep):
        parsers.check_depth(eval(deep_json(parsers.MAX_NESTING_DEPTH + 1, "array")))


def test_xml_within_the_bound_still_parses():
    assert rails_xml.RailsXMLParser.parse_bytes(
        b"<company><name>Acme</name><tags type='array'><tag>a</tag></tags></company>"
    ) == {
        "name": "Acme",
        "tags": ["a"],
    }
