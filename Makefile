# The two commands of the README: `make report` (the main job) and `make test`.
# Each bootstraps .venv on first use and is safe to run again.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export GX_ANALYTICS_ENABLED := false

.PHONY: report check test browser java lint bench mutate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## The main job: check the bundled claims and write reports/conflicts.html.
report: $(STAMP)
	$(BIN)/ffcheck report --claims claims --expectations expectations -o reports/conflicts.html

## The CI gate: exit 1 on an unreviewed error finding, 2 on invalid input.
check: $(STAMP)
	$(BIN)/ffcheck check --claims claims --expectations expectations

## Headless Chromium for the browser tests, from Debian's packages (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## Java for PySpark (the Spark test, `--engine spark`), from Debian's packages when missing.
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "installing Java (Debian package) for PySpark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

## The whole test suite (installs what it needs first), then a bounded, reproducible fuzz
## run (explore with new seeds: python tests/fuzz.py --seconds 600).
test: $(STAMP) browser java
	$(BIN)/python -m pytest
	$(BIN)/python tests/fuzz.py --seed 20261127 --rounds 1000 --seconds 300

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

## Mutation testing (mutmut; what and against which tests: [tool.mutmut] in pyproject.toml).
## Slow, so not part of `make test`; at most 2 workers, at low priority on a shared machine.
mutate: $(STAMP)
	rm -rf mutants
	FFCHECK_MUTATION_WARMUP=1 nice -n 10 $(BIN)/mutmut run --max-children 2
	$(BIN)/python tests/mutation_score.py --min 85

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info
