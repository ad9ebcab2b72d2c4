# Thin wrapper around CMake. The two commands that matter:
#   make run    install what is missing, build, load demo data, start
#   make check  build and run every test (unit, integration; SQLite and
#               PostgreSQL)
BUILD ?= build
DB ?= data/demo.db
JOBS ?= $(shell nproc)

.PHONY: all build run check check-asan check-tsan fuzz bench fmt clean deps

all: build

deps:
	@scripts/deps.sh

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/demo.sh $(BUILD)/xinyong $(DB)

check:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build
	@scripts/check.sh $(BUILD)

check-asan:
	@scripts/deps.sh test
	cmake -S . -B build-asan -DXY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-asan -j $(JOBS)
	XY_SQLITE_ONLY=1 scripts/check.sh build-asan

check-tsan:
	@scripts/deps.sh test
	cmake -S . -B build-tsan -DXY_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build-tsan -j $(JOBS)
	XY_SQLITE_ONLY=1 scripts/check.sh build-tsan

fuzz:
	@scripts/deps.sh test
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	bench/run.sh

fmt:
	clang-format -i src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
