# milgraph: `make demo` builds the demo graph, `make test` runs the whole suite.
# Both create .venv and install the project into it on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test bench neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml constraints.txt requirements-nlp.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-nlp.txt
	PIP_CONSTRAINT=constraints.txt $(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/milgraph demo --out out

test: install
	scripts/run-tests

bench: install
	scripts/run-benchmarks

neo4j-start:
	scripts/neo4j-local start

neo4j-stop:
	scripts/neo4j-local stop

clean:
	rm -rf out test-artifacts .pytest_cache build *.egg-info
