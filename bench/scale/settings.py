"""The project's settings plus what the bench server needs: the floor views and a per-request count of
SQL queries. Only for `make bench`: the module refuses to load unless DJANGO_SETTINGS_MODULE names it,
so nothing in production can pick it up by importing it."""

import os

from django.core.exceptions import ImproperlyConfigured

if os.environ.get("DJANGO_SETTINGS_MODULE") != __name__:
    raise ImproperlyConfigured(f"{__name__} is for `make bench` only (DJANGO_SETTINGS_MODULE={__name__})")

from backlog_site.settings import *  # noqa: E402,F403
from backlog_site.settings import MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "bench.scale.urls"
# Outermost, so that the count covers every query of the request, middleware included.
MIDDLEWARE = ["bench.scale.middleware.QueryCountMiddleware", *MIDDLEWARE]
