"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()

# What is loaded at start-up (Django, the apps, their configuration) lives as long as the
# worker: move it out of the cyclic garbage collector's generations, so the collector's full
# passes, which otherwise walk all of it, stay short (they made the slowest requests slower;
# measured with bench/pathway.py).
gc.freeze()
