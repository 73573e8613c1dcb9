"""Settings for `make run`: the demo on one machine, no environment variables needed."""

from __future__ import annotations

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("SAFEHUB_DEBUG", False)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


def _demo_secret_key() -> str:
    """A random key kept under var/ so sessions survive restarts; never committed."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _demo_secret_key()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SAFEHUB_PHASE = "Demo"
