#!/bin/sh
# Throughput of tariffscope sweep: the 17 WIOD 2013 years x three country-level decompositions (kww, bm, tiva), on 1
# and 2 threads and on 1 and 2 MPI ranks (Open MPI, loopback); whole process, best of 2; checks that every run wrote
# the same bytes. Prints a Markdown section (bench/run.sh appends it to RESULTS.md).
# usage: sh bench/sweep.sh BUILD_DIR
set -eu
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
TSC=$BUILD/tariffscope
WIOD=$(cd "$HERE/../.." && pwd)/shared/data/wiod2013
if [ ! -x "$TSC" ] || [ ! -d "$WIOD/wiot_1995" ]; then
    echo "(tariffscope sweep: skipped, no CLI or no WIOD data at $WIOD)"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsc-sweep.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
YEARS="1995 1996 1997 1998 1999 2000 2001 2002 2003 2004 2005 2006 2007 2008 2009 2010 2011"
{
    printf 'tables:\n'
    for y in $YEARS; do printf '  - %s/wiot_%s\n' "$WIOD" "$y"; done
    printf 'rebalance: true\njobs:\n'
    for m in kww bm tiva; do printf '  - {name: %s, decompose: {method: %s}}\n' "$m" "$m"; done
} >"$TMP/plan.yaml"
JOBS="kww bm tiva"
CELLS=$(($(echo "$YEARS" | wc -w) * 3))
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIOPTS="--oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo"

# best NAME CMD...: runs CMD twice (output in $TMP/NAME); prints the best wall-clock seconds and, beside them, the
# CPU seconds (user + system, of the process and its children: mpirun's ranks) of that run, when /usr/bin/time is
# there ("-" otherwise)
best() {
    name=$1
    shift
    b=""
    cpu=-
    for _ in 1 2; do
        rm -rf "$TMP/$name"
        t0=$(date +%s%N)
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%U %S' -o "$TMP/$name.cpu" "$@" --out "$TMP/$name" >/dev/null 2>"$TMP/$name.err" ||
                { echo "failed -"; return; }
        else
            "$@" --out "$TMP/$name" >/dev/null 2>"$TMP/$name.err" || { echo "failed -"; return; }
        fi
        t1=$(date +%s%N)
        d=$(((t1 - t0) / 1000000))
        if [ -z "$b" ] || [ "$d" -lt "$b" ]; then
            b=$d
            [ -x /usr/bin/time ] && cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$TMP/$name.cpu")
        fi
    done
    awk -v ms="$b" -v cpu="$cpu" 'BEGIN { printf "%.2f %s", ms / 1000, cpu }'
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
set -- $(best t1 "$TSC" sweep "$TMP/plan.yaml" --threads 1)
s1=$1 c1=$2
set -- $(best t2 "$TSC" sweep "$TMP/plan.yaml" --threads 2)
s2=$1 c2=$2
m1=failed m2=failed d1=- d2=-
if command -v mpirun >/dev/null 2>&1; then
    # shellcheck disable=SC2086  # MPIOPTS is a list of words
    set -- $(best r1 mpirun -np 1 $MPIOPTS "$TSC" sweep "$TMP/plan.yaml")
    m1=$1 d1=$2
    # shellcheck disable=SC2086
    set -- $(best r2 mpirun -np 2 $MPIOPTS "$TSC" sweep "$TMP/plan.yaml")
    m2=$1 d2=$2
fi
load_after=$(cut -d' ' -f1 /proc/loadavg)
same=yes
for d in t2 r1 r2; do
    for j in $JOBS; do cmp -s "$TMP/t1/$j.csv" "$TMP/$d/$j.csv" || same=no; done
done
rate() { awk -v s="$1" -v c="$CELLS" 'BEGIN { if (s + 0 > 0) printf "%.1f", c / s; else print "-" }'; }
speed() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2fx", a / b; else print "-" }'; }

echo "### \`tariffscope sweep\`: WIOD years x 3 decompositions (whole process, best of 2)"
echo
echo "Plan: the 17 WIOD 2013 years $(echo "$YEARS" | sed 's/ /, /g') (rebalanced), jobs kww, bm"
echo "(exporter, source, country) and tiva: $CELLS cells. A worker loads each table once and shares its Leontief"
echo "engine and decomposition objects across the jobs; OpenBLAS runs one thread in each worker. MPI: Open MPI"
echo "$(mpirun --version 2>/dev/null | sed -n '1s/.* //p'), loopback TCP; rank 0 hands out cells and writes, and computes"
echo "on one thread beside. Machine: $(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1),"
echo "$(getconf _NPROCESSORS_ONLN) cores, load average $load_before before the runs and $load_after after;"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'). Wall-clock speed-ups need an otherwise idle machine: with a load average above"
echo "the number of cores, other processes take the second core and the speed-up says little; the CPU seconds"
echo "(user + system, mpirun's ranks included) show what the work itself costs."
echo
echo "| run | seconds | cells/s | speed-up over 1 thread | CPU seconds |"
echo "|---|---:|---:|---:|---:|"
echo "| 1 thread | $s1 | $(rate "$s1") | 1.00x | $c1 |"
echo "| 2 threads | $s2 | $(rate "$s2") | $(speed "$s1" "$s2") | $c2 |"
echo "| mpirun -np 1 | $m1 | $(rate "$m1") | $(speed "$s1" "$m1") | $d1 |"
echo "| mpirun -np 2 | $m2 | $(rate "$m2") | $(speed "$s1" "$m2") | $d2 |"
echo
echo "Every run wrote the same bytes as the 1-thread run: **$same** (kww.csv, bm.csv, tiva.csv compared with cmp)."
