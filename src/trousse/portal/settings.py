"""Django settings, derived from trousse.config (never edit values here: declare them there)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from trousse import config

SITE = config.load()
HOME = Path(SITE["home"])
PACKAGE_DIR = Path(__file__).resolve().parent

# An empty key only happens outside a site (tests, `trousse check`); `trousse serve` refuses it.
SECRET_KEY = SITE["secret_key"] or secrets.token_urlsafe(50)
DEBUG = SITE["debug"]
ALLOWED_HOSTS = SITE["allowed_hosts"]
CSRF_TRUSTED_ORIGINS = SITE["csrf_trusted_origins"]
SITE_URL = SITE["site_url"].rstrip("/")

INSTALLED_APPS = [
    "trousse.portal.core",
    "trousse.portal.catalog",
    "trousse.portal.pipeline",
    "trousse.portal.api",
    "trousse.portal.feeds",
    "trousse.portal.previews",
    "trousse.portal.program",
    "trousse.portal.privacy",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trousse.portal.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trousse.portal.core.uploads.UploadLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trousse.portal.core.errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "trousse.portal.urls"
WSGI_APPLICATION = "trousse.portal.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "catalog:workspace"
LOGOUT_REDIRECT_URL = "catalog:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trousse.portal.core.context.site",
            ],
        },
    }
]

_database_url = SITE["database_url"] or f"sqlite:///{HOME / 'trousse.sqlite3'}"
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
except ValueError as exc:  # an unknown scheme or a malformed URL
    raise config.ConfigError("database_url", str(exc)) from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets several web and worker processes share one SQLite file; IMMEDIATE avoids
    # "database is locked" upgrades from read to write locks inside transactions. Connections are
    # kept between requests like PostgreSQL's (conn_max_age above): opening one and running these
    # pragmas cost about 1 ms of every request. Autocommit holds no read snapshot between queries, so
    # a kept connection neither blocks writers nor WAL checkpoints.
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = SITE["default_language"]
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/ folder
TIME_ZONE = SITE["time_zone"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
# Serve from the apps until `collectstatic` has run (tests, a fresh checkout).
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
MEDIA_ROOT = SITE["media_root"]

if SITE["s3_bucket"]:
    _files = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SITE["s3_bucket"],
            "endpoint_url": SITE["s3_endpoint_url"] or None,
            "region_name": SITE["s3_region"] or None,
            "access_key": SITE["s3_access_key_id"] or None,
            "secret_key": SITE["s3_secret_access_key"] or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    # No "location": the storage then reads MEDIA_ROOT itself, and follows it when it changes (tests).
    _files = {"BACKEND": "django.core.files.storage.FileSystemStorage",
              "OPTIONS": {"file_permissions_mode": 0o640}}
STORAGES = {
    "default": _files,
    "staticfiles": {"BACKEND": "trousse.portal.core.staticfiles.StaticFilesStorage"},
}

MAX_UPLOAD_BYTES = SITE["max_upload_bytes"]
# Files above this size stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "trousse.portal.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
REQUIRE_REVIEW = SITE["require_review"]
API_RATE_ANON = SITE["api_rate_anon"]  # api.ratelimit: per client address ("" = no limit)
API_RATE_TOKEN = SITE["api_rate_token"]  # per API token or signed-in user
TRUSTED_PROXIES = SITE["trusted_proxies"]  # their X-Forwarded-For names the client (api.ratelimit)
# The API's rate-limit counters live in the database, so every web process (and every server in front
# of one PostgreSQL) shares them with no other service to run; the table is made by api's migration.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "trousse_rate_limits"},
}
FEED_PAGE_SIZE = SITE["feed_page_size"]
DATASTORE_TIMEOUT_SECONDS = SITE["datastore_timeout_seconds"]  # api.datastore: sandbox limits per query
DATASTORE_MEMORY_LIMIT = SITE["datastore_memory_limit"]
DATASTORE_MAX_ROWS = SITE["datastore_max_rows"]
DATASTORE_CACHE_DIR = HOME / "cache" / "datastore"  # query-ready copies of processed tables (rebuildable)
MAP_BASEMAP_URL = SITE["map_basemap_url"]  # previews app: tiles under maps (blank: none)
MAP_BASEMAP_ATTRIBUTION = SITE["map_basemap_attribution"]
# privacy app: the screen's thresholds and limits (privacy/stage.py)
PRIVACY_SMALL_CELL_THRESHOLD = SITE["privacy_small_cell_threshold"]
PRIVACY_K_THRESHOLD = SITE["privacy_k_threshold"]
PRIVACY_SCREEN_SECONDS = SITE["privacy_screen_seconds"]
PRIVACY_SCREEN_MEMORY_LIMIT = SITE["privacy_screen_memory_limit"]
# E-mail (privacy notices): works without a mail server by default (console backend).
EMAIL_BACKEND = {"smtp": "django.core.mail.backends.smtp.EmailBackend",
                 "console": "django.core.mail.backends.console.EmailBackend",
                 "file": "django.core.mail.backends.filebased.EmailBackend",
                 "locmem": "django.core.mail.backends.locmem.EmailBackend"}[SITE["email_backend"]]
EMAIL_FILE_PATH = HOME / "mail"
EMAIL_HOST = SITE["email_host"]
EMAIL_PORT = SITE["email_port"]
EMAIL_HOST_USER = SITE["email_user"]
EMAIL_HOST_PASSWORD = SITE["email_password"]
EMAIL_USE_TLS = SITE["email_tls"]
DEFAULT_FROM_EMAIL = SITE["email_from"]
SERVER_EMAIL = SITE["email_from"]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "trousse.portal.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": SITE["log_level"].upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
