"""The CMDB builds on the service desk's tables and nothing else of it: whatever both BOSSDesk families share
(fields, rendering, Ransack, the base viewset) lives in `backlog_site.api.dialects.bossdesk`, custom field
values in `accounts.custom_values`. Tests may use the service desk's fixtures and services; the app may not."""

import ast
from pathlib import Path

import cmdb

ALLOWED = "helpdesk.models"
SOURCES = Path(cmdb.__file__).resolve().parent


def helpdesk_imports(source: str) -> list[str]:
    """The helpdesk modules (or `helpdesk` names) that `source` imports, other than its models."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "helpdesk":
                names = [f"helpdesk.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if (name == "helpdesk" or name.startswith("helpdesk.")) and not (
                name == ALLOWED or name.startswith(ALLOWED + ".")
            ):
                found.append(name)
    return found


def test_the_check_catches_every_form_of_import():
    source = (
        "import helpdesk.ransack\n"
        "from helpdesk.api.bossdesk_render import person\n"
        "from helpdesk import selectors, models\n"
        "from helpdesk.models import Ticket\n"
        "import helpdesk.models.tickets\n"
        "from .models import CI\n"
    )
    assert helpdesk_imports(source) == ["helpdesk.ransack", "helpdesk.api.bossdesk_render", "helpdesk.selectors"]


def test_cmdb_imports_only_the_models_of_the_helpdesk():
    files = [path for path in SOURCES.rglob("*.py") if "tests" not in path.relative_to(SOURCES).parts]
    assert len(files) > 10  # the app's sources were found
    offending = {
        str(path.relative_to(SOURCES)): names
        for path in files
        if (names := helpdesk_imports(path.read_text(encoding="utf-8")))
    }
    assert offending == {}
