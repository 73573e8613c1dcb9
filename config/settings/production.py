"""Production settings: every secret from the environment, HTTPS, 2FA required for admins."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("SAFEHUB_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SAFEHUB_SECRET_KEY must be set in production")
DEBUG = False
SAFEHUB_REQUIRE_2FA = env_bool("SAFEHUB_REQUIRE_2FA", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SAFEHUB_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SAFEHUB_PHASE = os.environ.get("SAFEHUB_PHASE", "Beta")
