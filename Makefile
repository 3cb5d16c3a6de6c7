# Wraps the CMake + Ninja build. The two set-up commands: `make run` and `make test`.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= 2
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test test-sanitize test-mutants test-faults fuzz bench example clean bindings bindings-python bindings-r

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

build: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@sh scripts/run-main.sh $(BUILD)/tariffscope

# the test dependencies first, then configure again: the Python package is built once python3-dev and numpy are there
test: deps
	@sh scripts/install-deps.sh --test
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# the R package (docs/R.md) into R's site library (as root /usr/local/lib/R/site-library), linked against $(BUILD)
bindings-r: build
	@sh scripts/install-deps.sh --bindings
	@sh bindings/r/install.sh $(BUILD)

# Tests that cannot run sanitized: Python and R load the instrumented library into an uninstrumented interpreter,
# and the allocation-failure sweeps preload an allocator ahead of ASan's runtime.
SAN_EXCLUDE := ^(python|r_install|r_package|r_package_shared|faults_.*)$$

test-sanitize: deps
	@cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTSC_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -E '$(SAN_EXCLUDE)'

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

# the Python and R packages, installed so that Debian's /usr/bin/python3 and Rscript import them from any folder
bindings: bindings-python bindings-r

# the Python package (docs/PYTHON.md): built with the rest (TSC_PYTHON), installed into /usr/local/lib/python3.11/
# dist-packages, Debian's folder for locally installed modules
bindings-python: deps
	@sh scripts/install-deps.sh --bindings
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTSC_PYTHON=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cmake --install $(BUILD) --component python
	@cd / && /usr/bin/python3 -c "import tariffscope; print('tariffscope for Python:', tariffscope.__file__)"

bench: build
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz
