# Two commands for a fresh machine: `make serve` (the product) and `make test` (every test).
SWIFT ?= swift
APT_PACKAGES := libpcre2-dev libsqlite3-dev pkg-config
# The console's browser test: headless Chromium, its driver, node (segment-counter vectors), Selenium.
TEST_APT_PACKAGES := chromium chromium-driver nodejs

.PHONY: deps test-deps build serve chat check graph test bench

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 && missing=$$(echo "$$missing" | sed 's/ nodejs//'); \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

build: deps
	$(SWIFT) build

serve: build
	.build/debug/switchboard serve --db switchboard.sqlite --config $(or $(wildcard switchboard.yaml),switchboard.example.yaml)

chat: build
	.build/debug/switchboard chat --db switchboard.sqlite

check: build
	.build/debug/switchboard check Flows

graph: build
	.build/debug/switchboard graph --format dot | dot -Tpng -o docs/flows.png

test: test-deps
	scripts/check-core-purity.sh
	$(SWIFT) test

bench: deps
	cd Benchmarks && $(SWIFT) run -c release InterpreterBenchmark
