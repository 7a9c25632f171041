from . import planning, tickets  # noqa: F401
