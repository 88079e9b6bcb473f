# 师训数据看板 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
WAREHOUSE_PATH ?= warehouse/teacher_training.duckdb
export WAREHOUSE_PATH
PORT   ?= 8501

.PHONY: install run demo test browser-deps spark-deps bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Build the demo warehouse if it is missing, then serve the dashboard. DASHBOARD_DEMO=1: with
# no accounts file every visitor has full rights (the demo); without it the app is read-only.
DASHBOARD_DEMO ?= 1
run: install
	@test -f "$(WAREHOUSE_PATH)" || $(PY) -m etl demo --warehouse "$(WAREHOUSE_PATH)"
	DASHBOARD_DEMO=$(DASHBOARD_DEMO) $(VENV)/bin/streamlit run app.py --server.port $(PORT)

demo: install
	$(PY) -m etl demo --warehouse "$(WAREHOUSE_PATH)"

# Chromium and a CJK font for the browser tests (Debian packages; needs root or sudo).
browser-deps:
	@command -v chromium >/dev/null && fc-list | grep -qi "noto.*cjk" || bash .ci/install-browser

# Java 17 (Debian's openjdk-17-jre-headless) and pyspark, for the Spark build and its parity
# tests (marked spark). pyspark goes into the same venv: see requirements-spark.txt for why.
$(VENV)/.spark-installed: requirements-spark.txt $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -r requirements-spark.txt
	touch $@

spark-deps: $(VENV)/.spark-installed
	@java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || bash .ci/install-java

# The whole suite, on TEST_WORKERS processes (pytest-xdist; a test file stays on one worker, so
# its module fixtures are built once). pytest's exit code 5 (no tests collected) is a failure.
TEST_WORKERS ?= 2
test: install browser-deps spark-deps
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

bench: install
	$(PY) -m benchmarks.province

clean:
	rm -rf $(VENV) .pytest_cache data/demo
