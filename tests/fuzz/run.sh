#!/bin/sh
# Builds the fuzz harnesses (clang, libFuzzer, ASan + UBSan; CMake option TSC_FUZZ in BUILD) and runs each for
# SECONDS, JOBS at a time, from the seeds of tests/fuzz/seeds.sh and the corpus the earlier runs kept. A crash, leak,
# hang (an input over 10 s) or undefined behaviour fails the run; the input is kept in BUILD/artifacts.
# Exit status 77 (ctest's skip code) with a message when clang cannot link -fsanitize=fuzzer.
# usage: sh tests/fuzz/run.sh SECONDS    (environment: SRC source tree, FUZZ_BUILD, FUZZ_JOBS, FUZZ_ONLY=name ...,
#        FUZZ_SEED: libFuzzer's -seed, for a reproducible run; unset, a new one each run)
set -eu
SECONDS_EACH=${1:-60}
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${FUZZ_BUILD:-$SRC/build-fuzz}
JOBS=${FUZZ_JOBS:-2}
CC=${FUZZ_CC:-clang}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    > "$probe/p.c"
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "SKIPPED: no $CC (sh scripts/install-deps.sh --test installs clang and its libFuzzer)"
    exit 77
fi
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "SKIPPED: $CC cannot link -fsanitize=fuzzer (libFuzzer: package libclang-rt-14-dev):"
    sed 's/^/  /' "$probe/log" | head -5
    exit 77
fi

if [ ! -f "$BUILD/build.ninja" ]; then
    CC=$CC cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTSC_FUZZ=ON >/dev/null
fi
cmake --build "$BUILD" -j "$JOBS" >"$probe/build.log" 2>&1 || { cat "$probe/build.log"; exit 1; }
sh "$SRC/tests/fuzz/seeds.sh" "$SRC" "$BUILD" "$BUILD/seeds"
mkdir -p "$BUILD/corpus" "$BUILD/artifacts" "$BUILD/logs"

harnesses=""
for f in "$SRC"/tests/fuzz/fuzz_*.c; do
    h=$(basename "$f" .c)
    [ "$h" = fuzz_common ] && continue
    if [ -n "${FUZZ_ONLY:-}" ]; then case " $FUZZ_ONLY " in *" $h "*|*" ${h#fuzz_} "*) ;; *) continue ;; esac; fi
    harnesses="$harnesses $h"
done

# one harness: its own corpus folder (kept between runs; new inputs go there), then its seeds
cat > "$probe/one.sh" <<'ONE'
h=$1; B=$2; S=$3
c=${h#fuzz_}
seed=""
[ -n "${FUZZ_SEED:-}" ] && seed="-seed=$FUZZ_SEED"
mkdir -p "$B/corpus/$c" "$B/seeds/$c"
if "$B/tests/fuzz/$h" $seed -max_total_time="$S" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$B/artifacts/$h-" "$B/corpus/$c" "$B/seeds/$c" >"$B/logs/$h.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/logs/$h.log")
    echo "  $h: $runs runs in ${S} s, corpus $(ls "$B/corpus/$c" | wc -l) inputs"
else
    echo "  $h: FAILED (log: $B/logs/$h.log; input kept in $B/artifacts/)"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$B/logs/$h.log" | head -8 | sed 's/^/    /'
    exit 1
fi
ONE
echo "fuzzing$harnesses for $SECONDS_EACH s each, $JOBS at a time"
status=0
# shellcheck disable=SC2086
printf '%s\n' $harnesses | xargs -P "$JOBS" -I{} sh "$probe/one.sh" {} "$BUILD" "$SECONDS_EACH" || status=1
[ $status = 0 ] && echo "fuzzing: no crash, leak, hang or undefined behaviour" || echo "fuzzing: FAILED"
exit $status
