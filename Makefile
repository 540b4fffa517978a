# The two commands a reader needs: `make book` and `make test`.
# Both create .venv from the pinned requirements.txt on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# pytest workers: one more than the cores, since many tests wait on a kernel, a browser or a
# subprocess, time in which another worker's test can compute.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) + 1 )))
# Where builds go: Jupyter Book's execution cache ($(BUILD)/.jupyter_cache), the build log and the
# HTML ($(BUILD)/html). A folder named _build: Jupyter Book puts _build/html into the folder it is given.
BUILD  ?= _build
export CASEBOOK_BUILD := $(abspath $(BUILD))
# Let Python keep compiled modules (and pytest its rewritten tests) in __pycache__ folders, which
# git ignores: with PYTHONDONTWRITEBYTECODE set, every process of a test run compiles the library
# and the tests again.
unexport PYTHONDONTWRITEBYTECODE
# Recipes run in bash, so that a build piped into its log still fails when the build fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# Jupyter Book on this folder, strict: a warning fails it. It reads again only the pages that
# changed; when any input of the book changes, the execution cache's folder (a setting) changes
# with it, every notebook is executed into the new folder by jupyter-cache's parallel executor (one
# kernel per core) before Sphinx reads, and Sphinx reads every page again (casebook/render/execution.py).
JUPYTER_BOOK := $(VENV)/bin/jupyter-book build . --path-output $(patsubst %/_build,%,$(abspath $(BUILD))) \
                --warningiserror --nitpick --keep-going

.PHONY: book test validate execute clean help browser rscript pdf lab

help:
	@echo "make book      build the HTML book into _build/html (executes only the notebooks whose inputs changed)"
	@echo "make test      unit tests, data validation, nbval on every notebook, strict build"
	@echo "make validate  check data/ against its schema, the contract and the archive"
	@echo "make execute   re-run every notebook in place and store its outputs (then commit them)"
	@echo "make pdf       print the built book to _build/html/pdf: book.pdf and one PDF per chapter"
	@echo "make browser   install Debian's Chromium (for the browser tests and make pdf) if it is missing"
	@echo "make lab       open the book's notebooks in JupyterLab (installs it on first use, in .venv-lab)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv || true
	if [ -x $(VENV)/bin/uv ]; then \
	  $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . ; \
	else \
	  $(PY) -m pip install --quiet -r requirements.txt && \
	  $(PY) -m pip install --quiet --no-deps -e . ; \
	fi
	touch $@

validate: $(STAMP)
	$(PY) -m casebook validate

# The book, built by Jupyter Book from this folder. It executes a notebook only when the notebook's
# code or any input of the book changed (its execution cache is named by the digest of all of them:
# casebook/render/execution.py), all of them in parallel when the inputs changed. Before that, and
# again only when the inputs changed, the build checks the data as `make validate` does (quotes
# included; invalid data stop it) and writes the downloads and the bibliography into book/
# (casebook/render/site.py): with nothing changed, the data are those the last build checked.
book: $(STAMP)
	mkdir -p $(BUILD)
	$(JUPYTER_BOOK) 2>&1 | tee $(BUILD)/build.log
	@echo "The book is in $(BUILD)/html: open $(BUILD)/html/index.html in a browser."
	@echo "The whole dataset:" $(BUILD)/html/_downloads/*/casebook-data-*

# Every test, in four plain steps:
#  1. lint;
#  2. the unit tests, and nbval on every notebook: each is executed afresh and its outputs compared
#     with the committed ones (strict);
#  3. the book built strictly (any warning fails it) from those outputs, which nbval has just
#     proved: execution is off (CASEBOOK_EXECUTION=off), so the build executes nothing;
#  4. the tests that read the built book (marked `book`: browser, accessibility, build log).
PYTEST := $(PY) -m pytest -n $(TEST_JOBS) --dist loadscope
test: validate browser rscript
	$(VENV)/bin/ruff check .
	$(PYTEST) -m "not book" tests --nbval book --nbval-sanitize-with tests/nbval-sanitize.cfg
	$(MAKE) --no-print-directory test-build
	CASEBOOK_BUILT_HTML=$(abspath $(BUILD))/html $(PYTEST) -m book tests

# make test's strict build, with execution off: the pages show the notebooks' stored outputs.
.PHONY: test-build
test-build:
	mkdir -p $(BUILD)
	CASEBOOK_EXECUTION=off $(JUPYTER_BOOK) > $(BUILD)/build.log 2>&1 || { tail -n 60 $(BUILD)/build.log; exit 1; }
	@echo "built strictly into $(BUILD)/html (log: $(BUILD)/build.log)"

# $(call apt_once,MARK,PACKAGE,OPTIONS): install a Debian package with apt-get (and any options), as
# root, trying once per environment (MARK records the try); true when it was installed.
apt_once = [ ! -e $(1) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	&& mkdir -p $(VENV) && touch $(1) && echo "installing Debian's $(2) with apt-get" \
	&& (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(3) $(2) >/dev/null 2>&1 \
	    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(3) $(2) >/dev/null))

# Debian's headless Chromium (package chromium-headless-shell), which the browser tests drive through
# Playwright and `make pdf` prints with; the full browser (package chromium) serves where only it is
# installed. Installed with apt when missing and possible (tried once per environment); otherwise
# say so and go on (the browser tests skip).
SHELL_CHROMIUM := /usr/bin/chromium-headless-shell
CHROMIUM       := /usr/bin/chromium
BROWSER_TRIED := $(VENV)/.browser-install-tried
browser:
	@if [ -x $(SHELL_CHROMIUM) ]; then \
	  echo "browser: $(SHELL_CHROMIUM) is installed"; \
	elif $(call apt_once,$(BROWSER_TRIED),chromium-headless-shell); then \
	  echo "browser: $(SHELL_CHROMIUM) installed"; \
	elif [ -x $(CHROMIUM) ]; then \
	  echo "browser: $(SHELL_CHROMIUM) is missing (not tried again: delete $(BROWSER_TRIED)); using $(CHROMIUM)"; \
	else \
	  echo "browser: no Chromium here and none could be installed (needs root and apt-get);"; \
	  echo "browser: install Debian's chromium-headless-shell package to run the browser tests, which will be skipped"; \
	fi

# R, for the test that loads the downloads with the data README's R lines: Debian's r-base-core,
# installed with apt when missing and possible (tried once per environment), else that test skips.
R_TRIED := $(VENV)/.r-install-tried
rscript:
	@if command -v Rscript >/dev/null 2>&1; then \
	  echo "rscript: $$(command -v Rscript) is installed"; \
	elif $(call apt_once,$(R_TRIED),r-base-core,--no-install-recommends); then \
	  echo "rscript: installed"; \
	else \
	  echo "rscript: R is not installed and could not be (needs root and apt-get); the R test will be skipped"; \
	fi

# The book as PDF, printed from the HTML by headless Chromium: one per chapter and book.pdf, into
# _build/html/pdf where every page's download menu links to them (publish _build/html after this).
pdf: book browser
	$(PY) -m tools.pdf --html $(BUILD)/html --out $(BUILD)/html/pdf

clean:
	rm -rf $(BUILD) .pytest_cache

# Re-execute every notebook in place (nbclient's `jupyter execute`, one per core at a time, each in
# its own folder) and store the fresh outputs: commit them, since nbval compares against them.
execute: $(STAMP)
	find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -print0 | \
	  xargs -0 -n 1 -P $(JOBS) $(VENV)/bin/jupyter execute --inplace --timeout=300
	@echo "executed every notebook; commit their outputs"

# Time the book builds, `make test`, each notebook, and load/validate/derive on 1x-100x synthetic
# data (tools/bench.py), and judge the targets; takes about a quarter of an hour on two cores. BENCH_FLAGS=--skip-test
# leaves out make test; BENCH_FLAGS="--report run.json" prints the report of a run saved with --json.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m tools.bench $(BENCH_FLAGS)

# JupyterLab on the book. It has its own environment, .venv-lab, from requirements-lab.txt (its
# server needs newer packages than the book's pinned toolchain allows), so `make book` and
# `make test` never install it; the notebooks run in the project's .venv, registered as its
# "python3" kernel. LAB_FLAGS passes options on, e.g. LAB_FLAGS="--no-browser --port 8899".
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
LAB_FLAGS ?=
$(LAB_STAMP): requirements-lab.txt $(STAMP)
	$(PYTHON) -m venv $(LAB_VENV)
	if [ -x $(VENV)/bin/uv ]; then \
	  $(VENV)/bin/uv pip install --quiet --python $(LAB_VENV)/bin/python -r requirements-lab.txt ; \
	else \
	  $(LAB_VENV)/bin/python -m pip install --quiet -r requirements-lab.txt ; \
	fi
	$(PY) -m ipykernel install --prefix $(CURDIR)/$(LAB_VENV) --name python3 --display-name "Python 3 (casebook)"
	touch $@

lab: $(LAB_STAMP)
	$(LAB_VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) $$([ "$$(id -u)" = 0 ] && echo --allow-root) \
	  $(LAB_FLAGS) book/index.ipynb

# Library line coverage from the unit tests alone (tests marked neither `book` nor `kernel`); fails under 85%.
.PHONY: coverage
coverage: $(STAMP)
	$(PY) -m coverage run --source=casebook -m pytest -q -p no:cacheprovider -m "not book and not kernel" tests
	$(PY) -m coverage report
