# Batori's everyday commands. `make demo` serves the demo site; `make test` runs every test.
GO ?= go
TESTFLAGS ?=

.PHONY: demo demo-pictures test fuzz bench bench-go assets check build

## demo: serve the site on embedded SQLite with demo content at http://127.0.0.1:8080
demo:
	$(GO) run ./cmd/batori serve --demo

## demo-pictures: redraw the demo's story pictures and author portraits with their variants
## into internal/demo/pictures (committed; a few minutes), after changing the pictures named in
## internal/demo/content.json or the drawing code in scripts/demo-pictures
demo-pictures:
	$(GO) run ./scripts/demo-pictures

## test: every test, race detector on, SQLite and PostgreSQL suites and browser tests
test:
	$(GO) test -race -count=1 -timeout 30m $(TESTFLAGS) ./...

## fuzz: every native fuzz target in turn, FUZZTIME each (CI runs them for a few seconds with
## scripts/fuzz-short.sh); a failing input lands in the package's testdata/fuzz
FUZZTIME ?= 60s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) scripts/fuzz-short.sh

## bench: build, seed 100,000 stories (ARTICLES), load Batori, nginx and bare net/http over
## loopback with wrk and print requests/s, p50, p99 and peak RSS (scripts/bench.sh; needs
## Debian's wrk and nginx-light)
bench:
	GO=$(GO) scripts/bench.sh

## bench-go: the Go benchmarks of rendering, the page cache and the request path
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./internal/site/ ./internal/pagecache/ ./internal/app/ | tee bench.txt

## assets: rebuild the committed front-end assets (Assamese fonts, story editor) from the
## npm packages pinned in package-lock.json
assets:
	npm ci
	npm run build:fonts
	npm run build:editor

## check: formatting and vet
check:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	$(GO) vet ./...

## build: the batori binary, its version stamped from git (`batori version` prints it)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
build:
	$(GO) build -ldflags "-X github.com/batori-news/batori/internal/app.stamped=$(VERSION)" -o batori ./cmd/batori
