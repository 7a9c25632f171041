"""Domain services speak no API dialect: they raise neutral refusals (`errors.Refused`, `errors.refusal`: a
field and a kind) and each dialect words them. A test reads every service module for Rails' or Laravel's
words, so a message written in one family's words cannot creep back into a service."""

import re
from pathlib import Path

from django.conf import settings

DIALECT_WORDS = re.compile(
    r"can't be|can't delete|has already been taken|is invalid|doesn't exist|is too long|must be an array"
    r"|The selected|field is required|The \w+ has",
)
APPS = ("accounts", "backlogs", "helpdesk", "cmdb", "issues", "webhooks")


def service_sources() -> list[Path]:
    root = Path(settings.BASE_DIR)
    files = []
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts:
                continue
            if path.name.startswith("services") or "services" in parts[:-1] or path.name == "custom_values.py":
                files.append(path)
    return files


def test_the_pattern_finds_both_families_words():
    assert DIALECT_WORDS.search('raise ApplicationError("can\'t be blank", field="body")')
    assert DIALECT_WORDS.search('{"company_id": ["The selected company id is invalid."]}')
    assert not DIALECT_WORDS.search('raise Refused("blank", field="body")')


def test_no_service_words_its_errors_in_a_dialect():
    files = service_sources()
    assert len(files) >= 8, files  # the services were found
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DIALECT_WORDS.search(line)
    ]
    assert found == []
