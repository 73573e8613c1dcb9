"""Settings shared by every environment.

Everything that varies between machines comes from the environment; nothing secret lives here.
Configuration that a partnership changes (timescales, office hours, 2FA policy) is a setting with a
documented default, read by the code that needs it rather than copied into it.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAFEHUB_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


SECRET_KEY = os.environ.get("SAFEHUB_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("SAFEHUB_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "safehub.common",
    "safehub.accounts",
    "safehub.audit",
    "safehub.notifications",
    "safehub.people",
    "safehub.frontdoor",
    "safehub.enquiries",
    "safehub.pathway",
    "safehub.actions",
    "safehub.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safehub.common.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safehub.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "safehub.common.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safehub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safehub.common.context_processors.shell",
            ],
        },
    }
]

DEFAULT_SQLITE_PATH = VAR_DIR / "safehub.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        # Persistent connections: opening one per request doubled PostgreSQL latency in
        # bench/home_page.py. Health checks drop a connection the server has closed.
        conn_max_age=env_int("SAFEHUB_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes; IMMEDIATE
    # transactions avoid "database is locked" upgrades from read to write locks.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameter binding: psycopg then prepares the statements a connection runs
    # repeatedly, so PostgreSQL parses and plans them once (decision 0011; bench/frontdoor.py).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "common:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle session expiry: the cookie is renewed on every request, so it lapses after this many
# seconds without one. Default 30 minutes.
SESSION_COOKIE_AGE = env_int("SAFEHUB_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "safehub.common.views.csrf_failure"

# Lockout after repeated failures (django-axes). Locked per user name so that a shared office
# IP address does not lock out a whole team; an administrator unlocks from the users page.
AXES_FAILURE_LIMIT = env_int("SAFEHUB_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = None
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safehub.accounts.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Two-factor authentication is required for administrators and auditors when this is on.
SAFEHUB_REQUIRE_2FA = env_bool("SAFEHUB_REQUIRE_2FA", False)
SAFEHUB_2FA_ROLES = ["administrator", "auditor"]
OTP_TOTP_ISSUER = "safehub"

# Invitations: the one-time link is valid for this many hours.
SAFEHUB_INVITE_VALID_HOURS = env_int("SAFEHUB_INVITE_VALID_HOURS", 72)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Break-glass access lasts this long before a new reason is needed.
SAFEHUB_BREAK_GLASS_MINUTES = env_int("SAFEHUB_BREAK_GLASS_MINUTES", 60)

# Working-day calendar: office hours and the bank-holiday region (England and Wales).
SAFEHUB_OFFICE_HOURS = {
    "start": os.environ.get("SAFEHUB_OFFICE_START", "09:00"),
    "end": os.environ.get("SAFEHUB_OFFICE_END", "17:00"),
    "weekdays": [0, 1, 2, 3, 4],
}
SAFEHUB_HOLIDAY_SUBDIVISION = "ENG"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "SAFEHUB_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("SAFEHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAFEHUB_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("SAFEHUB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAFEHUB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAFEHUB_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SAFEHUB_FROM_EMAIL", "safehub <no-reply@safehub.invalid>")
SAFEHUB_BASE_URL = os.environ.get("SAFEHUB_BASE_URL", "http://127.0.0.1:8000")

SAFEHUB_SERVICE_NAME = "safehub"
SAFEHUB_PHASE = "Alpha"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy sent by SecurityHeadersMiddleware: no inline script at all (the
# GOV.UK body-class snippet is served as a file, static/safehub/js-enabled.js).
SAFEHUB_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "safehub": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# axes.W006 warns that locking by user name alone lets an attacker rotate cookies; we lock by
# user name on purpose (see AXES_LOCKOUT_PARAMETERS above) so a shared office address cannot
# lock out a whole team, and the lock does not depend on cookies or the user agent.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
SAFEHUB_PUBLIC_FORM_LIMIT = int(os.environ.get("SAFEHUB_PUBLIC_FORM_LIMIT", "5"))
