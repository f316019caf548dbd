"""Settings for Thi đua – Khen thưởng. Everything that differs between machines is read
from the environment; defaults give a working development site on SQLite."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=false needs DJANGO_SECRET_KEY: set it to a long random value kept "
        'secret (for example the output of `python -c "import secrets; '
        'print(secrets.token_urlsafe(50))"`), the same on every app server.'
    )
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# HTTPS (README, "Chạy thật"). TLS ends at the load balancer or reverse proxy, which
# must set X-Forwarded-Proto (replacing whatever the client sent); Django reads it to
# know a request came over HTTPS. Every switch defaults to on in production and off in
# DEBUG; the load test turns cookies and the redirect off to run over plain HTTP.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", not DEBUG) else None
)
# Proxies in front of the app that append to X-Forwarded-For (config/security.client_ip).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    # Django's admin with every ModelAdmin guarded against crafted lists and actions.
    "schools.admin_site.ProductAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "adminsortable2",
    "config.apps.AxesConfig",
    "csp",
    "common.generations",
    "schools",
    "emulation",
    "registrations",
    "awards",
    "django_tasks",
    "config.apps.TasksConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # What a request asks many times (this school year), asked once.
    "common.request_cache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.security.NulFreeQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: an e-mail that could not leave is told on the next page.
    "common.mail.MailFailureMiddleware",
    "schools.accounts.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.HtmlCSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "schools.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (`make run`): a transaction takes the write lock when it begins (IMMEDIATE),
    # so two simultaneous approvals wait their turn (up to SQLITE_BUSY_TIMEOUT seconds)
    # instead of one failing with "database is locked" when it upgrades a read lock.
    # WAL lets pages be read while one writes. secure_delete overwrites deleted rows in
    # the file (the secret ballots are rewritten as they come, see awards/services).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON"
            ),
        }
    )
    # Tests marked shared_database (threads or processes writing at once, as under
    # `make run`) need a file several connections share: `make test` runs them in a
    # process of their own with THIDUA_TEST_SQLITE_FILE=1, one file per run. The rest
    # run in memory, a fifth faster.
    if env_bool("THIDUA_TEST_SQLITE_FILE"):
        DATABASES["default"].setdefault("TEST", {}).setdefault(
            "NAME", os.path.join(tempfile.gettempdir(), f"thidua-test-{os.getpid()}.sqlite3")
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL plans a statement it is sent as text every time: for a page's joins of
    # six or seven tables the planning took longer than the execution (the person's
    # roles: 0.85 ms planned, 0.15 ms run). With the parameters sent apart (server-side
    # binding), psycopg prepares a statement once it has been run DATABASE_PREPARE_
    # THRESHOLD times on a connection (README, "Chạy thật": "off" behind a pooler in
    # transaction mode, which cannot keep a session's prepared statements).
    # (common/postgresql: Django's backend, but a statement with more values than the
    # protocol binds, 65,535, goes as text.)
    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2").strip().lower()
    if _prepare not in {"", "off", "none"}:
        DATABASES["default"]["ENGINE"] = "common.postgresql"
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": int(_prepare)}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What is kept across requests (common/generations: under the generations of what it
# shows, so a stale copy is never served), each kind bounded: "parts" of pages (2-100
# KB each, under addresses the visitors choose), "access" (each user's roles, some 3
# KB, and what pages read of people, roles and plans: schools.visibility),
# "documents" (PDF and Word files made from the same HTML, at most 2 MB each) and
# "files" (a round's Excel, at most 512 KB). In each process's memory; with
# DJANGO_CACHE_URL (redis://host:port/db) in one Redis that every process of every
# machine shares (README, "Chạy thật"), each kind under its own prefix for an hour,
# with the values a process has read or built also in its own memory, as many of each
# kind as above (common/generations/memory_before_redis.py).
KEPT_CACHES = {"parts": 3000, "access": 5000, "documents": 48, "files": 64}
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "")


def kept_cache(name, entries, url=CACHE_URL):
    if url:
        return {
            "BACKEND": "common.generations.memory_before_redis.MemoryBeforeRedis",
            "LOCATION": url,
            "KEY_PREFIX": name,
            "TIMEOUT": 3600,
            "LOCAL_ENTRIES": entries,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": name,
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    **{name: kept_cache(name, entries) for name, entries in KEPT_CACHES.items()},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's MinimumLengthValidator with the Vietnamese message its catalogue lacks.
    {"NAME": "config.security.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# django-axes checks every login first: after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one address, that pair is locked out for AXES_COOLOFF_MINUTES (the
# database handler, so every app server sees the same count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "schools.accounts.AddressThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins from one address, whatever the user names, before that address is
# locked out too (for AXES_COOLOFF_MINUTES): higher than the per-user limit, since a
# school's staff room or an office shares one address.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
# Sessions (README, "Security"): on a shared staff-room computer a session ends when the
# browser closes, and lasts at most DJANGO_SESSION_HOURS even if it stays open.
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# Database sessions; each session's row comes with the generation of what a request
# keeps of its user's roles (common/generations/sessions.py).
SESSION_ENGINE = "common.generations.sessions"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_COOLOFF_MESSAGE = _("Tài khoản tạm bị khoá vì đăng nhập sai quá nhiều lần. Hãy thử lại sau.")

# Content-Security-Policy (django-csp, HTML responses only: config/security.py). No
# inline scripts anywhere: pages load static/js files, confirmations are data-confirm
# attributes (static/js/confirm.js). Styles keep 'unsafe-inline': the official-document
# previews (templates/documents/, shared with WeasyPrint) carry <style> blocks and style
# attributes, Django's admin changelist writes a <style> block, and progress bars set
# their width inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMTP, used when DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "20"))

# Staff list import: the largest sheet accepted in one upload. A school has at most a
# few hundred staff; anything far above that is a wrong file, refused with a message.
STAFF_IMPORT_MAX_ROWS = int(os.environ.get("STAFF_IMPORT_MAX_ROWS", "1000"))
STAFF_IMPORT_MAX_BYTES = int(os.environ.get("STAFF_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Background tasks (Django's task framework through the django-tasks backport): tasks are
# rows in the database, run by `python manage.py db_worker` (README, "Giấy khen và tác vụ
# nền").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Certificates (awards/tasks.py): pages laid out between two progress writes, and the
# lease of a run: a batch with no progress for that long has lost its worker (killed,
# machine gone) and is started again by a live one.
# Share of a council's members who must sit for it to decide (biên bản: đủ điều kiện).
# Not set nationally: a provincial rule (Bắc Ninh QĐ 86/2025: 2/3), hence a setting.
COUNCIL_QUORUM = os.environ.get("COUNCIL_QUORUM", "2/3")
CERTIFICATE_CHUNK_SIZE = int(os.environ.get("CERTIFICATE_CHUNK_SIZE", "50"))
CERTIFICATE_LEASE_SECONDS = int(os.environ.get("CERTIFICATE_LEASE_SECONDS", "120"))

# Absolute address of the site, printed in the QR code of certificates (/verify/<token>/).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The load benchmark's floor view (/bench/floor/): development and `make bench-load` only.
BENCH_FLOOR = env_bool("DJANGO_BENCH_FLOOR", DEBUG)

# --- Audit log (audit/, django-auditlog) -------------------------------------------------
# Appended by the audit work; keep this block last. auditlog writes an entry for every
# change of the models listed in audit/scopes.py; the entry model is audit.LogEntry
# (auditlog's, plus the organisation path used to scope the /audit/ page). The middleware
# records the signed-in user as the actor. Loading fixtures (restore) writes no entries.
INSTALLED_APPS += ["auditlog", "audit"]
# auditlog's middleware, without its per-request signal connect/disconnect (audit/middleware.py)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "audit.middleware.AuditActorMiddleware",
)
AUDITLOG_LOGENTRY_MODEL = "audit.LogEntry"
# auditlog's migrations only create the table of its own entry model, swapped out above:
# without them no unused table holds keys to users (which would also stop `flush`).
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_DISABLE_ON_RAW_SAVE = True
