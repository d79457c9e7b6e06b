# The two commands: `make demo` and `make test`. Both create .venv with what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/stagecast check script/
	$(BIN)/stagecast build script/ -o build/
	@echo "Open build/index.html in a browser to rehearse, or run: $(BIN)/stagecast serve build/"

test: $(STAMP)
	$(BIN)/ruff check src tests bench script
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench script
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
