# rnnlab: build, serve and test.
#
#   make serve     build the browser app into dist/ and serve it on http://127.0.0.1:$(PORT)/
#   make test      every test: vet, pure packages (native and wasm), Ebiten packages and e2e under Xvfb
#   make desktop   native app in bin/rnnlab (needs cgo and the X11/GL headers: make deps)
#   make cli       headless trainer in bin/rnntrain
#   make bench     benchmarks of the pure packages
#   make classifiers  the shipped topic classifiers (assets/classify)
#   make deps      install the Debian packages the above need (no-op when present)

GO      ?= go
PORT    ?= 8080
DIST    ?= dist
BIN     ?= bin
GOROOT  := $(shell $(GO) env GOROOT)
WASMDIR := $(GOROOT)/lib/wasm
TESTFLAGS ?=
BENCH     ?= .
# The wasm program the site is built from (another main can be tried with
# make serve WASM_MAIN=./e2e/emptyscene).
WASM_MAIN ?= ./wasm

# Package lists come from go list, so new packages land in the right group
# by themselves. A package (or its tests) that links Ebiten needs cgo, the X11
# headers and a display when built natively, so it runs under xvfb-run; e2e
# drives Chromium and a desktop window and goes there too. Everything else is
# "pure" and is tested without cgo.
EBITEN       := github.com/hajimehoshi/ebiten/v2
PKG_DEPS      = $(GO) list -e -test -f '{{if .ForTest}}{{.ForTest}}{{else}}{{.ImportPath}}{{end}} {{join .Deps " "}}' ./...
DISPLAY_PKGS  = $(shell $(PKG_DEPS) | awk '{ p = $$1; sub(/\.test$$/, "", p); all[p] = 1; \
	for (i = 2; i <= NF; i++) if ($$i == "$(EBITEN)") shown[p] = 1 } \
	END { for (p in all) if (shown[p] || p ~ /^rnnlab\/e2e(\/|$$)/) print p }' | sort)
E2E_PKG      := rnnlab/e2e
PURE_PKGS     = $(filter-out $(DISPLAY_PKGS),$(shell $(GO) list -e ./...))
# Programs built for the browser; vet checks them and our packages they use as js/wasm.
WASM_MAINS    = $(if $(wildcard wasm/*.go),./wasm) ./e2e/emptyscene
WASM_PKGS     = $(shell GOOS=js GOARCH=wasm $(GO) list -deps $(WASM_MAINS) | grep '^rnnlab')

.PHONY: all serve site test test-vet test-pure test-wasm test-display deps desktop cli bench classifiers vet clean

all: site desktop cli

site:
	mkdir -p $(DIST)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(DIST)/rnnlab.wasm $(WASM_MAIN)
	cp index.html $(DIST)/index.html
	cp "$(WASMDIR)/wasm_exec.js" $(DIST)/wasm_exec.js
	mkdir -p $(DIST)/classify
	cp assets/classify/topics-??-train.tsv assets/classify/topics-??-test.tsv $(DIST)/classify/
	gzip -9 -n -k -f $(DIST)/rnnlab.wasm $(DIST)/wasm_exec.js $(DIST)/index.html $(DIST)/classify/*.tsv
	@ls -l $(DIST)

serve: site
	$(GO) build -o $(BIN)/rnnserve ./cmd/rnnserve
	$(BIN)/rnnserve -addr 127.0.0.1:$(PORT) -dir $(DIST)

deps:
	@bash scripts/deps.sh

# Each group runs even when an earlier one fails (make -k), so one run shows
# every failure; make still exits non-zero if any group failed.
test: deps
	$(MAKE) -k test-vet test-pure test-wasm test-display

test-vet vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet $(WASM_PKGS)

# Pure packages, built without cgo to prove they need none.
test-pure:
	CGO_ENABLED=0 $(GO) test $(TESTFLAGS) $(PURE_PKGS)

# The numerics as WebAssembly, under node.
test-wasm:
	PATH="$$PATH:$(WASMDIR)" GOOS=js GOARCH=wasm $(GO) test $(TESTFLAGS) ./core/... ./classify/...

# Ebiten packages and the end-to-end tests, on a virtual display. The e2e
# tests build the apps with go build, whose inputs the test cache cannot see,
# so this group never reuses cached results.
# The e2e tests run verbosely: their logs carry the measured figures.
test-display:
	xvfb-run -a -s "-screen 0 1280x1024x24" $(GO) test -count=1 -timeout 30m $(TESTFLAGS) $(filter-out $(E2E_PKG),$(DISPLAY_PKGS))
	xvfb-run -a -s "-screen 0 1280x1024x24" $(GO) test -count=1 -timeout 60m -v $(TESTFLAGS) $(E2E_PKG)

desktop:
	$(GO) build -o $(BIN)/rnnlab ./cmd/rnnlab

cli:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/rnntrain ./cmd/rnntrain

bench:
	CGO_ENABLED=0 $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem $(PURE_PKGS)

# The shipped topic classifiers in assets/classify, from their generated
# data (deterministic; a few minutes of one core per language).
classifiers:
	sh assets/classify/build.sh

clean:
	rm -rf $(DIST) $(BIN)
