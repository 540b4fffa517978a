# The two commands a reader needs: `make book` and `make test`.
# Both create .venv from the pinned requirements.txt on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= 2
BOOK_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book test validate execute clean help

help:
	@echo "make book      build the HTML book into _build/html (executes every notebook)"
	@echo "make test      unit tests, data validation, nbval on every notebook, strict build"
	@echo "make validate  check data/ against its schema, the contract and the archive"
	@echo "make execute   re-run every notebook in place and store its outputs (then commit them)"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv || true
	if [ -x $(VENV)/bin/uv ]; then \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt && \
	  $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e . ; \
	else \
	  $(PY) -m pip install --quiet -r requirements.txt && \
	  $(PY) -m pip install --quiet --no-deps -e . ; \
	fi
	touch $@

validate: $(STAMP)
	$(PY) -m casebook validate

book: validate
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book is in _build/html: open _build/html/index.html in a browser."

test: validate
	$(PY) -m pytest -n $(JOBS) --dist loadscope tests --nbval book \
	  --nbval-sanitize-with tests/nbval-sanitize.cfg

clean:
	rm -rf _build .pytest_cache

# Re-execute every notebook in place, storing fresh outputs (commit them: nbval compares).
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -path '*/_build/*')
execute: $(STAMP)
	cd book && for nb in $(patsubst book/%,%,$(NOTEBOOKS)); do \
	  (cd $$(dirname $$nb) && $(CURDIR)/$(VENV)/bin/jupyter-execute --inplace --timeout=300 $$(basename $$nb)) || exit 1; \
	done
