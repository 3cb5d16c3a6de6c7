#!/bin/sh
# The allocation-failure sweep: runs a command once per allocation it makes, failing that one allocation
# (tests/faults/failalloc.c, preloaded), and checks every run ends cleanly: no signal, and either exit 0 with the
# outputs of an undisturbed run (the failure was absorbed, e.g. by stdio falling back to no buffer) or exit 1 with
# a message naming memory on stderr and no output file left behind.
# usage: sh tests/faults/sweep.sh CASE    CASE: leontief, decompose-wwz, shock, solve, report, tariffs-effective,
#        leontief-xlsx (a small ADB MRIO workbook: libzip, expat and the sheet reader)
# environment: TSC (the command), FAILALLOC (the preloaded library), SRC; FAULTS_STEP=k tries every k-th allocation
# (default: about 150 points per case; 1 = every allocation, make test-faults)
set -eu
CASE=$1
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
TSC=${TSC:-$SRC/build/tariffscope}
FAILALLOC=${FAILALLOC:-$SRC/build/tests/libtsc_failalloc.so}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# the same allocations every run: one OpenBLAS thread, and the kernel chosen up front (no re-execution)
OPENBLAS_CORETYPE=$("$TSC" info --system | sed -n 's/^BLAS kernel *\([^ ]*\).*/\1/p')
export OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 TARIFFSCOPE_SHARED="$W/no-shared"

T=$SRC/data/example/table
SC=$SRC/scenarios/cjk-fta.yaml
out=$W/out
case $CASE in
leontief) set -- leontief "$T" --out "$out" ;;
leontief-xlsx)
    python3 "$SRC/tests/cli/iosheet_write.py" --grid "$SRC/tests/fuzz/seeds/table_iosheet/adb.csv" "$W/ADB-MRIO-2017.xlsx"
    set -- leontief "$W/ADB-MRIO-2017.xlsx" --out "$out" ;;
decompose-wwz) set -- decompose "$T" --method wwz --out "$out/wwz.csv"; premade=1 ;;
shock) set -- shock "$T" "$SC" --no-imports --out "$out" ;;
solve) set -- solve "$T" "$SC" --no-imports --out "$out" ;;
report) set -- report "$T" --scenario "$SC" --no-draws --no-imports --quiet --out "$out" ;;
tariffs-effective)
    # a few customs lines of three partners, as the Census files have them
    mkdir -p "$W/hts" "$W/imp"
    printf 'cty_code,iso3\n5880,JPN\n5800,KOR\n5700,CHN\n' > "$W/hts/census_to_iso3.csv"
    h=CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,CTY_CODE
    printf '%s\nJAPAN,1000.5,25.0125,8703230190,5880\nJAPAN,250,0,8471300100,5880\n' "$h" > "$W/imp/2024-hs10-imports5880.csv"
    printf '%s\n"KOREA, SOUTH",600,15,8703230190,5800\n"KOREA, SOUTH",120,3.6,7208100000,5800\n' "$h" \
        > "$W/imp/2024-hs10-imports5800.csv"
    printf '%s\nCHINA,700,17.5,8517130000,5700\nCHINA,300,75,9503000073,5700\n' "$h" > "$W/imp/2024-hs10-imports5700.csv"
    # and a scenario of a few measures (the shipped ones extend files of 100 kB: 270,000 allocations)
    printf 'name: sweep\ndate: 2025-09-17\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, add: 10}\n  - {importer: USA, exporter: CHN, sectors: {hs: [85, 9503]}, add: 20, from: 2025-04-10}\n  - {importer: USA, exporter: JPN, sectors: all, except: {hs: [8703]}, set: 15}\n' > "$W/s.yaml"
    set -- tariffs effective "$W/s.yaml" --imports "$W/imp" ;;
*) echo "sweep: unknown case $CASE" >&2; exit 2 ;;
esac
premade=${premade:-0}

fresh() { rm -rf "$out"; [ "$premade" = 0 ] || mkdir -p "$out"; }
files() { [ -d "$out" ] && (cd "$out" && find . -type f | sort) || true; }

# the undisturbed run: its outputs, and the number of allocations to sweep
fresh
if ! LD_PRELOAD=$FAILALLOC TSC_FAILALLOC=0 TSC_FAILALLOC_COUNT=$W/count "$TSC" "$@" >"$W/ref.out" 2>"$W/ref.err"; then
    echo "sweep $CASE: the undisturbed run fails:"; cat "$W/ref.err"; exit 1
fi
total=$(cat "$W/count")
files > "$W/ref.files"
mkdir -p "$W/ref"
[ -d "$out" ] && cp -r "$out/." "$W/ref/"
step=${FAULTS_STEP:-$(( total / 150 > 1 ? total / 150 : 1 ))}

tried=0 failed=0 absorbed=0 bad=0
t0=$(date +%s)
n=1
while [ "$n" -le "$total" ]; do
    fresh
    set +e
    LD_PRELOAD=$FAILALLOC TSC_FAILALLOC=$n "$TSC" "$@" >"$W/run.out" 2>"$W/run.err"
    rc=$?
    set -e
    tried=$((tried + 1))
    why=""
    if [ "$rc" -ge 128 ]; then why="killed by signal $((rc - 128))"
    elif [ "$rc" = 0 ]; then
        absorbed=$((absorbed + 1))
        files > "$W/run.files"
        if ! cmp -s "$W/ref.files" "$W/run.files"; then why="exit 0 but the outputs differ from an undisturbed run"
        else
            for f in $(cat "$W/ref.files"); do
                case $f in *.csv) cmp -s "$W/ref/$f" "$out/$f" || why="exit 0 but $f differs from an undisturbed run" ;; esac
            done
        fi
    else
        failed=$((failed + 1))
        if [ "$rc" != 1 ]; then why="exit status $rc (expected 1)"
        elif ! grep -qi "memory" "$W/run.err"; then why="no message naming memory"
        elif [ -n "$(files)" ]; then why="output left behind: $(files | tr '\n' ' ')"
        fi
    fi
    if [ -n "$why" ]; then
        bad=$((bad + 1))
        echo "sweep $CASE: allocation $n of $total: $why; stderr:"
        sed 's/^/    /' "$W/run.err" | head -5
    fi
    n=$((n + step))
done
echo "sweep $CASE: $total allocations, $tried failed one at a time (every $step): $failed runs refused cleanly," \
    "$absorbed absorbed, $bad wrong; $(( $(date +%s) - t0 )) s"
[ "$bad" = 0 ]
