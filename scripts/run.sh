#!/usr/bin/env bash
# Start the web server (gunicorn, 127.0.0.1:8000) and the background worker together; Ctrl-C
# stops both. Prints the demo logins first.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}

.venv/bin/safehub worker &
worker=$!
trap 'kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT INT TERM

.venv/bin/python - <<'PY'
import json
logins = json.load(open("var/demo-logins.json"))
print("\nDemo logins (all synthetic; also in var/demo-logins.json):")
width = max(len(l["email"]) for l in logins)
for l in logins:
    print(f"  {l['email']:<{width}}  {l['password']:<28}  {', '.join(l['roles'])}")
print("\nsafehub is starting at http://127.0.0.1:8000  (Ctrl-C stops the server and the worker)\n")
PY
.venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 2 --threads 4 \
  --access-logfile - --log-level warning
