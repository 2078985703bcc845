# Two commands for a fresh machine: `make chat` (the demo) and `make test` (every test).
SWIFT ?= swift
APT_PACKAGES := libpcre2-dev libsqlite3-dev pkg-config

.PHONY: deps build chat check graph test bench

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

chat: build
	.build/debug/switchboard chat --db switchboard.sqlite

check: build
	.build/debug/switchboard check Flows

graph: build
	.build/debug/switchboard graph --format dot | dot -Tpng -o docs/flows.png

test: deps
	scripts/check-core-purity.sh
	$(SWIFT) test

bench: deps
	cd Benchmarks && $(SWIFT) run -c release InterpreterBenchmark
