# zhengban (政办). `make run` sets up, builds, creates the demo office and serves it;
# `make test` sets up, builds and runs every test.
BUILD ?= build
DB ?= var/zhengban.db
LISTEN ?= 127.0.0.1:8080
ZB := $(BUILD)/src/app/zhengban
JOBS ?= $(shell nproc)

.PHONY: setup configure build run demo test bench format clean

setup:
	@scripts/setup

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/build.ninja

build: setup configure
	ninja -C $(BUILD) -j$(JOBS)
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

demo: build
	@if [ ! -f $(DB) ]; then $(ZB) --db $(DB) demo; else echo "demo office already in $(DB) (delete it to start again)"; $(ZB) --db $(DB) demo --logins || true; fi

run: demo
	@if $(ZB) serve --help >/dev/null 2>&1; then \
	  echo "serving http://$(LISTEN)  (Ctrl+C stops)"; \
	  $(ZB) --db $(DB) serve --listen $(LISTEN); \
	else \
	  echo "the demo office is in $(DB); try: $(ZB) --db $(DB) case list"; \
	fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600
	@if [ -f web/package.json ]; then cd web && npm test --silent; fi
	@if [ -x tests/run-all ]; then tests/run-all $(BUILD); fi

bench: build
	@scripts/bench $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'bench/*.cpp')

clean:
	rm -rf $(BUILD)
