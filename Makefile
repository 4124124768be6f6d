# jixiao — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
SAMPLES := examples/shiweitang-2024.json examples/mof-project-2024.json examples/mistakes.json

.PHONY: demo test tools fmt lint unit schema bench golden

## demo: build the CLI and check the sample forms (score, grade, findings)
demo:
	$(CARGO) build --release --quiet
	@for f in $(SAMPLES); do ./target/release/jixiao check "$$f"; echo "  → exit $$?"; echo; done

## test: formatting, lints, and every test (installs what it needs)
test: tools fmt lint unit

tools:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup"; exit 1; }
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy

fmt:
	$(CARGO) fmt --check

lint:
	$(CARGO) clippy --all-targets -- -D warnings

unit:
	$(CARGO) test

## schema: rewrite schema/form-v1.schema.json from the Rust types
schema:
	$(CARGO) run --quiet -- schema > schema/form-v1.schema.json

## golden: rewrite the golden reports after a deliberate change (review the diff!)
golden:
	UPDATE_GOLDEN=1 $(CARGO) test --test golden

## bench: medians for forms of 10 to 10,000 leaves
bench:
	$(CARGO) bench --bench evaluate
