# Wraps the CMake + Ninja build. The two set-up commands: `make run` and `make test`.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= 2
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test test-sanitize test-mutants test-faults fuzz bench example clean bindings bindings-r

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@sh scripts/run-main.sh $(BUILD)/tariffscope

test: build
	@sh scripts/install-deps.sh --test
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# the bindings, installed so that Debian's python3 and Rscript load them from any folder (docs/R.md)
bindings: bindings-python bindings-r

# the R package into R's site library (as root /usr/local/lib/R/site-library), linked against $(BUILD)
bindings-r: build
	@sh bindings/r/install.sh $(BUILD)

test-sanitize: deps
	@cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTSC_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# mutants of the core formulas (tests/mutants/mutants.txt) applied one at a time to a scratch copy: the suite must
# fail for each; not part of `make test` (it rebuilds and reruns tests once per mutant: about 20 minutes)
test-mutants: deps
	@sh scripts/install-deps.sh --test
	@sh tests/mutants/run.sh

# the allocation-failure sweep over every allocation (make test runs a sample); docs/FUZZING.md
test-faults: build
	@cd $(BUILD) && FAULTS_STEP=1 ctest -R '^faults_' --output-on-failure -j $(JOBS)

# every fuzz harness for FUZZ_SECONDS, in build-fuzz (clang); docs/FUZZING.md
fuzz: deps
	@sh scripts/install-deps.sh --test
	@FUZZ_JOBS=$(JOBS) sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: build
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz
