#!/usr/bin/env bash
# Fuzz every operation of the OpenAPI schema with schemathesis against a running server and fail on any
# 5xx. Usage: tools/fuzz_openapi.sh [BASE_URL] [API_KEY]   (defaults: the make-run server and a new demo key)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://127.0.0.1:8000}
key=${2:-$(.venv/bin/python manage.py create_api_key --account demo --user demo --name fuzz | tail -n 1)}
.venv/bin/pip install --disable-pip-version-check -q schemathesis==4.32.5
# Fuzzing and coverage phases; only the "no server error" check: the point is that bad input is a 4xx.
.venv/bin/schemathesis run "$base/api/schema/" -H "Authorization: token $key" \
  --checks not_a_server_error --workers 2 --max-examples "${MAX_EXAMPLES:-20}" --phases examples,coverage,fuzzing
