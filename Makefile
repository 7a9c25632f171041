# The two commands of the README: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint venv migrate demo worker clean bench check-security check-clean-install

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Web server and Celery worker (with beat) on http://$(HOST):$(PORT); Ctrl-C stops both.
run: demo
	@key=$$($(BIN)/python manage.py create_api_key --account demo --user demo --name "make run" | tail -n 1); \
	echo ""; \
	echo "  Worktrack is starting on http://$(HOST):$(PORT)/"; \
	echo "  Sign in:  http://$(HOST):$(PORT)/accounts/login/   (tenant owner: demo / demo-password)"; \
	echo "  Admin:    http://$(HOST):$(PORT)/admin/   (platform staff, every tenant: staff / staff-password)"; \
	echo "  API docs: http://$(HOST):$(PORT)/api/docs/"; \
	echo "  API key:  $$key"; \
	echo "  Try:      curl -H 'Authorization: token $$key' http://$(HOST):$(PORT)/api/accounts"; \
	echo ""; \
	$(BIN)/celery -A backlog_site worker --beat --schedule var/celerybeat-schedule --pool=solo --loglevel=INFO \
		> var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: venv
	$(BIN)/celery -A backlog_site worker --beat --schedule var/celerybeat-schedule --loglevel=INFO

test: venv
	$(BIN)/pytest -q

# The attack campaign's regression tests (pytest marker `security`): SSRF corpus, nesting and body-limit
# probes, malformed credentials, parent-scoped routes, the scope and tenant matrices over every OpenAPI
# operation, login throttling, schemathesis over /api/schema/, the deploy check.
check-security: venv
	$(BIN)/pytest -q -m security

# A venv from requirements.txt alone imports the project, passes check --deploy and runs a worker on Redis.
check-clean-install:
	tools/check_clean_install.sh $(BROKER)

lint: venv
	$(BIN)/ruff check .

# Issue 18's reads at N rows per table beside a bare DRF floor, on PostgreSQL (README, "Performance").
# The database named by BENCH_DATABASE_URL is dropped and recreated: its name must contain "bench".
N ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/worktrack_bench
BENCH_PORT ?= 8670
bench: venv
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.scale.run --n $(N) --port $(BENCH_PORT) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
