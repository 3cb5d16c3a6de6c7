#!/bin/sh
# Runs the benchmarks and writes bench/RESULTS.md (also printed): sh bench/run.sh BUILD_DIR (what `make bench` does).
set -eu

BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$BUILD/bench_leontief
OUT=$HERE/RESULTS.md
KERNEL_N=2000

if [ ! -x "$BIN" ]; then
    echo "bench/run.sh: $BIN not found; build first (make build, or cmake --build $BUILD)" >&2
    exit 1
fi

REPORT=$(mktemp "${TMPDIR:-/tmp}/tsc-bench-report.XXXXXX")
trap 'rm -f "$REPORT" "$REPORT.new"' EXIT INT TERM

# The seconds= field of a `--dgetrf-only` line.
seconds() { printf '%s\n' "$1" | sed -n 's/.* seconds=\([0-9.eE+-]*\).*/\1/p'; }

# OpenBLAS reads OPENBLAS_CORETYPE once, when it loads: each kernel needs its own process.
echo "bench/run.sh: dgetrf n=$KERNEL_N with the kernel tariffscope selects..." >&2
selected_line=$("$BIN" --dgetrf-only "$KERNEL_N")
echo "bench/run.sh: dgetrf n=$KERNEL_N under OPENBLAS_CORETYPE=Prescott..." >&2
prescott_line=$(OPENBLAS_CORETYPE=Prescott "$BIN" --dgetrf-only "$KERNEL_N")
case $prescott_line in
    *kernel=Prescott*) ;;
    *) echo "bench/run.sh: OPENBLAS_CORETYPE=Prescott was not honoured: $prescott_line" >&2; exit 1 ;;
esac
selected=$(seconds "$selected_line")
prescott=$(seconds "$prescott_line")
if [ -z "$selected" ] || [ -z "$prescott" ]; then
    echo "bench/run.sh: could not read the --dgetrf-only timings" >&2
    exit 1
fi

"$BIN" --selected-dgetrf "$selected" --prescott-dgetrf "$prescott" >"$REPORT"

commit=$(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git -C "$HERE/.." status --porcelain 2>/dev/null)" ]; then
    commit="$commit (with uncommitted changes)"
fi
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
btype=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null | head -n 1)

{
    echo "# tariffscope benchmark results"
    echo
    echo "Produced by \`sh bench/run.sh $BUILD\` (\`make bench\`): bench/bench_leontief.c, built in $BUILD"
    echo "(CMAKE_BUILD_TYPE=${btype:-unknown}), commit $commit; machine \`$(uname -srm)\`, ${cpu:-unknown CPU},"
    echo "$cores cores; $(date -u '+%Y-%m-%d %H:%M UTC'). Numbers are wall-clock (CLOCK_MONOTONIC) on this machine"
    echo "only; on a shared virtual machine, repeated runs differ by several per cent."
    echo
    echo "Raw lines of the two kernel runs: \`$selected_line\`; \`OPENBLAS_CORETYPE=Prescott\`: \`$prescott_line\`."
    echo
    cat "$REPORT"
} >"$REPORT.new"
mv "$REPORT.new" "$OUT"
cat "$OUT"
echo "bench/run.sh: wrote $OUT" >&2
