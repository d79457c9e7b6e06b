# The two commands: `make demo` and `make test`. Both create .venv with what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz corpus clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,voices]'
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

# Not part of `make test`: the speed and memory targets as ratios (bench/README.md), ~10 minutes, and
# each speech engine installed (eSpeak NG, RHVoice, Piper) on a tenth of the play, ~3 minutes more.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# The fuzz suites of `make test` with STAGECAST_FUZZ cases per test (7 tests × 1,500 ≥ 10,000).
FUZZ_CASES ?= 1500
fuzz: $(STAMP)
	STAGECAST_FUZZ=$(FUZZ_CASES) $(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-show-statistics \
		tests/test_reader_fuzz.py tests/test_fuzz_sample.py tests/test_fuzz_import.py

# Not part of `make test`: every TEI play in CORPUS through import, check, pdf and cues --all, with a
# table of the plays that fail a step. The default folder (DraCor's Greek and Swedish corpora, CC BY-SA)
# is read where it lies and never committed; where it is absent the target says so and exits 0.
CORPUS ?= ../shared/corpus/whole
corpus: $(STAMP)
	$(BIN)/python bench/corpus.py $(CORPUS)

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
