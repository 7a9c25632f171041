#!/usr/bin/env bash
# A deployment's install: a fresh venv from requirements.txt alone (no dev tools, which pull in packages the
# runtime silently relies on). It must import the project, pass the deploy check with production settings,
# and run a worker that answers one task through Redis.
# Usage: tools/check_clean_install.sh [REDIS_BROKER_URL]   (default redis://127.0.0.1:6379/3)
set -euo pipefail
cd "$(dirname "$0")/.."
broker=${1:-redis://127.0.0.1:6379/3}
venv=var/clean-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --disable-pip-version-check -q -r requirements.txt
py="$venv/bin/python"

echo "== the project imports (manage.py check)"
CELERY_BROKER_URL="$broker" "$py" manage.py check

echo "== check --deploy with production settings"
DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=worktrack.example.com \
DJANGO_SECRET_KEY="$("$py" -c 'import secrets; print(secrets.token_urlsafe(60))')" \
CELERY_BROKER_URL="$broker" CACHE_URL="$broker" \
  "$py" manage.py check --deploy --fail-level WARNING

echo "== a worker on Redis answers one task"
CELERY_BROKER_URL="$broker" "$venv/bin/celery" -A backlog_site worker --pool=solo --loglevel=WARNING \
  > var/clean-install-worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
CELERY_BROKER_URL="$broker" "$py" - <<'PY'
from backlog_site.celery import app, ping

result = ping.delay().get(timeout=45)
assert result == "pong", result
print("worker answered:", result)
PY
