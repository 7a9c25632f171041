"""Every setting the code reads from the environment is documented in the README's configuration table."""

import re
from pathlib import Path

from webhooks.conf import DEFAULTS as WEBHOOK_TUNABLES

ROOT = Path(__file__).resolve().parents[2]
# env("NAME", …), env.bool("NAME", …), env.db("NAME", …) … in settings.py.
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def settings_read_from_environment() -> set[str]:
    names = set(ENV_READ.findall((ROOT / "backlog_site" / "settings.py").read_text()))
    # The webhook engine's tunables are read from settings, then the environment (webhooks/conf.py).
    return names | set(WEBHOOK_TUNABLES)


def documented() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    table_rows = [line for line in readme.splitlines() if line.startswith("| `")]
    return {name for row in table_rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])}


def test_the_scanner_finds_the_settings_it_should():
    names = settings_read_from_environment()
    assert {"DATABASE_URL", "DJANGO_SECURE_COOKIES", "WEBHOOKS_ROTATION_GRACE_SECONDS"} <= names


def test_every_setting_read_from_the_environment_is_in_the_readme():
    missing = sorted(settings_read_from_environment() - documented())
    assert not missing, f"README's configuration table lacks: {', '.join(missing)}"
