# The two commands a newcomer needs: `make run` and `make test`.
# Both install missing Debian packages first (scripts/install-deps).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= patchloom.db
LISTEN ?= 127.0.0.1:8000

.PHONY: all deps configure build run test bench fuzz test-sanitize clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	scripts/run-demo $(BUILD_DIR)/patchloom $(DB) $(LISTEN)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	scripts/bench $(BUILD_DIR)

# libFuzzer targets (Clang 14, ASan+UBSan) in build-fuzz/; each target runs
# FUZZ_SECONDS (CI passes a short value). Corpora and reproducers stay under
# build-fuzz/ (see scripts/fuzz).
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?=
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_BUILD=$(CURDIR)/build-fuzz JOBS=$(JOBS) scripts/fuzz

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# in its own build directory (no instrumented objects mix with build/).
SANITIZE_DIR ?= build-sanitize
$(SANITIZE_DIR)/build.ninja: | deps
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPATCHLOOM_SANITIZE=ON -DPATCHLOOM_BENCH=OFF

# SANITIZE_SUITES: a subset of the CTest suites (e.g. "util mail parse"), for
# a CI that cannot afford the whole instrumented build; empty means all.
SANITIZE_SUITES ?=
# Suites that run the patchloom binary itself need it instrumented as well.
SANITIZE_NEEDS_BIN = $(filter cli api web archive browser,$(SANITIZE_SUITES))
SANITIZE_TARGETS = $(if $(SANITIZE_SUITES),$(addsuffix _tests,$(SANITIZE_SUITES)) $(if $(SANITIZE_NEEDS_BIN),patchloom),all)
SANITIZE_FILTER = $(if $(SANITIZE_SUITES),-R '^($(subst $(eval) ,|,$(strip $(SANITIZE_SUITES))))$$')
test-sanitize: deps $(SANITIZE_DIR)/build.ninja
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target $(SANITIZE_TARGETS)
	cd $(SANITIZE_DIR) && \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) $(SANITIZE_FILTER)

clean:
	rm -rf $(BUILD_DIR)
