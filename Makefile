# jixiao — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
SAMPLES := examples/shiweitang-2024.json examples/mof-project-2024.json examples/mistakes.json
# npm's binaryen provides wasm-opt for wasm-pack; cargo-installed tools live in ~/.cargo/bin
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo samples test tools tools-wasm tools-browser tools-python fmt lint lint-wasm unit wasm-test pkg js size browser-test weight schema types golden bench bench-wasm fuzz
PORT ?= 8080
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock)

## demo: build the wasm package and serve the repository on http://127.0.0.1:$(PORT)/ — the self-scoring
## form (www/index.html) and a portal form in attach mode (www/embed.html); Ctrl-C stops it
demo: pkg
	node scripts/serve.mjs $(PORT)

## samples: build the CLI and check the sample forms (score, grade, findings), as a reviewer would
samples:
	$(CARGO) build --release --quiet
	@for f in $(SAMPLES); do ./target/release/jixiao check "$$f"; echo "  → exit $$?"; echo; done

## test: formatting, lints (host and wasm32), Rust tests, the wasm package and its JS tests, the
## widget in headless Chromium, the download size of engine and widget, and 45 s of fuzzing
test: tools fmt lint lint-wasm unit wasm-test pkg js size browser-test weight
	FUZZ_SECONDS=45 FUZZ_CLI=target/debug/jixiao node tests/fuzz/fuzz.mjs

tools:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup"; exit 1; }
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy

tools-wasm: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@command -v wasm-pack >/dev/null || $(CARGO) install wasm-pack
	@# the test runner must match the wasm-bindgen crate exactly (Cargo.lock); not --locked: one
	@# locked dependency of the CLI is not served by the registry
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

# Debian's Chromium and ChromeDriver, for the wasm tests in a real browser, and a Chinese font, without
# which every 汉字 in a screenshot or a printout is a box
tools-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update && apt-get install -y chromium chromium-driver; }
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { apt-get update && apt-get install -y fonts-wqy-microhei; }
	@# pdftotext reads the printed form back (tests/browser/layout.test.mjs)
	@command -v pdftotext >/dev/null || { apt-get update && apt-get install -y poppler-utils; }

# openpyxl, the second reader of the exported workbooks (tests/workbook/openpyxl_check.py)
tools-python:
	@python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install --user --break-system-packages openpyxl

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

fmt:
	$(CARGO) fmt --check

## lint: clippy over everything, the serde feature included, and the API docs with their links
lint:
	$(CARGO) clippy --all-targets --features serde -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --features serde --quiet

lint-wasm: tools-wasm
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
	$(CARGO) clippy --target wasm32-unknown-unknown --lib --features office -- -D warnings

## unit: the Rust tests, with the serde feature (tests/serde.rs holds its output to the engine's),
## and the 说明 corpus's expectations derived again with Python's decimal (tests/narrative/verify.py)
unit: tools-python
	$(CARGO) test --features serde
	python3 tests/narrative/verify.py

## wasm-test: the wasm boundary (tests/web.rs) in Node and in headless Chromium (webdriver.json)
wasm-test: tools-wasm tools-browser
	wasm-pack test --node -- --test web
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome -- --test web

## pkg: the npm package in pkg/ (git-ignored): the WebAssembly module and its generated glue
## (jixiao_wasm*), built by the stable toolchain with the `wasm` profile (tuned for size) and
## wasm-opt from the npm package binaryen, behind the entry point js/jixiao.js
pkg: tools-wasm
	wasm-pack build --target web --profile wasm --out-name jixiao_wasm -- --no-default-features
	wasm-pack build --target web --profile wasm --out-dir pkg/office --out-name jixiao_office --no-pack -- --features office
	node scripts/package.mjs

js: pkg
	$(CARGO) build --release --quiet
	node --test tests/js/
	tsc -p tests/js/tsconfig.json --noEmit

## fuzz: the differential fuzzer (tests/fuzz/README.md): the native CLI against the wasm package, and
## the wasm Evaluator's edits against fresh evaluation, for FUZZ_SECONDS (FUZZ_SEED picks the cases);
## saved regressions (tests/fuzz/regressions/) are replayed first
FUZZ_SECONDS ?= 600
fuzz: pkg
	$(CARGO) build --release --quiet
	FUZZ_SECONDS=$(FUZZ_SECONDS) node tests/fuzz/fuzz.mjs

## size: raw and gzip -9 sizes of the engine (wasm + glue) against its budget (scripts/weight.mjs)
size: pkg
	node scripts/weight.mjs --engine

## browser-test: the widget and attach mode in headless Chromium (tests/browser/); screenshots and
## other artifacts in tests/artifacts/
browser-test: tools-browser node_modules/.installed pkg
	node --test tests/browser/

## weight: gzip -9 of everything each page downloads for the widget, against its budget
weight: tools-browser node_modules/.installed pkg
	node scripts/weight.mjs

## schema / types: rewrite the generated JSON Schema and TypeScript declarations
schema:
	$(CARGO) run --quiet -- schema > schema/form-v1.schema.json

types:
	$(CARGO) run --quiet -- types > types/jixiao.d.ts

## golden: rewrite the golden reports after a deliberate change (review the diff!)
golden:
	UPDATE_GOLDEN=1 $(CARGO) test --test golden

## bench: native medians for forms of 10 to 10,000 leaves and the floor under them (parsing and
## writing alone), and the bulk review against its Python peer and the floor under it
bench:
	$(CARGO) bench --bench evaluate
	$(CARGO) build --release --quiet
	node bench/bulk.mjs

## bench-wasm: the wasm module in Node and headless Chromium against a decimal.js baseline, and
## its memory under a million keystrokes (bench/README.md); prints numbers, never fails on time
bench-wasm: pkg tools-browser
	node bench/run.mjs
	node bench/browser.mjs
	node bench/memory.mjs
