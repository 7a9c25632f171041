"""Settings, all read from the environment (see the README's configuration table).

Defaults are for a fresh machine: SQLite under var/, an embedded filesystem broker for Celery,
console e-mail and local media files. Production sets DATABASE_URL, CELERY_BROKER_URL and friends.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-secret-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
# API keys are hashed with HMAC-SHA-256 keyed by this value; it defaults to the secret key but can be
# pinned separately so that rotating DJANGO_SECRET_KEY does not invalidate every issued key.
API_KEY_HASH_SECRET = env("API_KEY_HASH_SECRET", default=SECRET_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "backlog_site",
    "accounts",
    "backlogs",
    "helpdesk",
    "cmdb",
    "issues",
    "webhooks",
    # After the domain apps: it imports them (and adds its inlines to their admin pages).
    "links",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "backlog_site.api.unrouted.UnroutedApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backlog_site.urls"
WSGI_APPLICATION = "backlog_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.current_account",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a web server and a worker at once: write-ahead logging lets readers
    # run beside a writer, IMMEDIATE transactions take the write lock up front (no lock upgrades that
    # fail as "database is locked"), and writers wait up to 20 s for each other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL"}
    )
else:
    # Keep connections open between requests and Celery tasks (reconnecting per task halves worker
    # throughput); a URL's own `?conn_max_age=` wins.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# backlog_site.prepared: hot reads as server-side prepared statements (they live in a session, which a
# transaction-pooling proxy does not keep).
DATABASE_PREPARED_STATEMENTS = env.bool("DJANGO_DB_PREPARED_STATEMENTS", default=True)
if DATABASE_PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Plan each prepared read once, for every value (only those reads are prepared: Django binds its
    # queries client-side). By default PostgreSQL keeps re-planning a statement whose LIMIT and OFFSET are
    # parameters (it costs the generic plan at 10% of the table), and planning a list page's joins takes
    # several times as long as running them.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Public Backlog accepts descriptions of up to 3,000,000 characters; Django's 2.5 MB default is too small.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=16 * 1024 * 1024)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/accounts/login/"

# Password guessing (accounts/throttling.py): django-axes counts failed sign-ins per name and per address in
# the shared cache and refuses both for LOGIN_LOCKOUT_SECONDS once either reaches LOGIN_FAILURE_LIMIT. Its
# backend goes first so that a locked-out name is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(seconds=env.int("LOGIN_LOCKOUT_SECONDS", default=900))
# Each parameter is a counter of its own: one name from anywhere, one address for any name.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_USERNAME_CALLABLE = "accounts.throttling.counted_name"
# Attempts during a lockout are refused without being counted, so a lockout ends LOGIN_LOCKOUT_SECONDS after
# the failure that started it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False  # the cache handler keeps no rows to show
# Behind LOGIN_PROXY_COUNT proxies that append to X-Forwarded-For, the client is that many hops from its right
# (django-ipware); with none, the address is REMOTE_ADDR.
AXES_IPWARE_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0) or None
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
if not AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Uploads go to S3-compatible storage when a bucket is configured, else to MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="us-east-1")
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
# Largest attachment accepted by the BOSSDesk upload steps and the portal.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="worktrack@localhost")

# Celery: with no broker configured, kombu's filesystem transport under var/ gives a real worker
# without any server, so development behaves like production.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in ("out", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
_default_result_backend = (
    f"file://{VAR_DIR / 'celery-results'}"
    if CELERY_BROKER_URL.startswith("filesystem")
    else CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else "rpc://"
)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_default_result_backend)
if CELERY_RESULT_BACKEND.startswith("file://"):
    (VAR_DIR / "celery-results").mkdir(exist_ok=True)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Periodic work, run by `celery beat` (or `worker --beat`, as `make run` does).
CELERY_BEAT_SCHEDULE = {
    # Take the snapshot of each sprint that starts today.
    "backlogs-snapshot-started-sprints": {
        "task": "backlogs.snapshot_started_sprints",
        "schedule": crontab(hour=0, minute=5),
    },
    # Re-queue webhook deliveries whose worker died mid-delivery.
    "webhooks-outbox-sweep": {
        "task": "webhooks.outbox_sweep",
        "schedule": env.float("WEBHOOKS_SWEEP_INTERVAL_SECONDS", default=60.0),
    },
    # Delete uploads that were never attached (older than a day).
    "cmdb-purge-stale-uploads": {"task": "cmdb.purge_stale_uploads", "schedule": crontab(minute=17)},
}

# Per-process memory by default; production sets CACHE_URL (e.g. redis://127.0.0.1:6379/2) so that limits
# such as the status page's subscribe allowance hold across web workers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
STATUS_SUBSCRIBE_RATE_PER_HOUR = env.int("STATUS_SUBSCRIBE_RATE_PER_HOUR", default=20)

# The address people reach the site at; links in e-mails (confirmations, unsubscribes) start with it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["backlog_site.api.authentication.ApiKeyAuthentication"],
    # backlog_site.api.permissions.API_PERMISSIONS: a key, its scopes, the membership's permission map.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "backlog_site.api.permissions.HasKeyScope",
        "backlog_site.api.permissions.MembershipAllows",
    ],
    "DEFAULT_SCHEMA_CLASS": "backlog_site.api.schema.ScopedAutoSchema",
    # Views outside a dialect get the same body limit and nesting bound as the dialects' parsers.
    "DEFAULT_PARSER_CLASSES": [
        "backlog_site.api.parsers.JSONParser",
        "backlog_site.api.parsers.FormParser",
        "backlog_site.api.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Worktrack API",
    "DESCRIPTION": (
        "One work-tracking platform speaking five API families: easyBacklog (/api/…), Public Backlog "
        "(/v1/…), the org-scoped Tickets API (/api/v1/ext/orgs/{slug}/tickets), BOSSDesk (/api/v1/…) "
        "and the ConnectNow Issue Tracker (/api/issues, /api/categories, /api/companies, /api/webhooks). "
        "Every easyBacklog path also answers with a `.json` or `.xml` suffix."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets are served from this host (no CDN), so /api/docs/ works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several families have a "status" choice; name the Tickets API's workflow explicitly.
    "ENUM_NAME_OVERRIDES": {"TicketWorkflowEnum": ["backlog", "todo", "in_progress", "in_review", "done"]},
    "PREPROCESSING_HOOKS": ["backlog_site.api.schema.drop_format_suffix_variants"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backlog_site.api.schema.form_bodies_named_apart",
    ],
    # The BOSSDesk login (POST /api/v1/sessions) takes username:password, not a key.
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "basicAuth": {"type": "http", "scheme": "basic", "description": "BOSSDesk login: username:password"}
        }
    },
}

if not DEBUG:
    # Behind a TLS proxy that sets X-Forwarded-Proto (strip it from clients at the proxy), so that Django
    # knows a request was https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)

# HSTS: on by default in production (a year, subdomains, preload-eligible); 0 turns it off.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
# Off by default: the TLS proxy in front redirects http to https (and health checks may speak plain http to
# gunicorn). Turn it on when Django itself must redirect.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# axes.W002 asks for AxesMiddleware, which swaps the answer of any request that hit a lockout for one plain
# page; the sign-in page and the BOSSDesk API answer lockouts themselves, each in its own shape
# (accounts/throttling.py), and the admin's sign-in is refused all the same.
# axes.W001 says the per-process memory cache does not share failure counts between web workers: true, and
# harmless for one development server; in production it stands, so CACHE_URL must name a shared cache.
SILENCED_SYSTEM_CHECKS = [
    "axes.W002",
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    *(["axes.W001"] if DEBUG else []),
]

# Content-Security-Policy on every response (django-csp; Django 5.2 has none of its own). Pages load only
# this host's scripts and styles; Swagger UI's one inline <style> is allowed on /api/docs/ alone (urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
