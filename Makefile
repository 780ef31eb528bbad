# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates .venv and installs what it needs itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean browser cjk-font screenshot bench-render

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg extract examples/corpus --out output/extract
	$(BIN)/kg evaluate --gold examples/gold --pred output/extract
	$(BIN)/kg build examples/corpus --out output/graph --quiet
	@echo "graph: output/graph/graph.ttl, page: output/graph/graph.html"

test: $(STAMP) browser cjk-font
	$(BIN)/ruff check kg tests bench
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

clean:
	rm -rf $(VENV) output/extract output/graph

# Debian's chromium for the browser tests (tests/test_browser.py drives it with Playwright,
# which never downloads a browser). Installed with apt-get only where it is missing.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    $(APT) update -qq && $(APT) install -y -qq chromium; \
	  else \
	    echo "$(CHROMIUM) is missing and there is no apt-get: browser tests will be skipped"; \
	  fi; \
	fi

# A Chinese font, so that the screenshot shows names rather than boxes.
cjk-font:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  $(APT) update -qq && $(APT) install -y -qq fonts-wqy-microhei; \
	fi

# docs/graph.png: the sample corpus's page in headless chromium.
screenshot: $(STAMP) browser cjk-font
	KG_SCREENSHOT=docs/graph.png $(BIN)/python -m pytest -q tests/test_browser.py -k screenshot

bench-render: $(STAMP) browser
	$(BIN)/python bench/render_speed.py
