#!/bin/sh
# Mutation testing of the core formulas: applies each mutant of tests/mutants/mutants.txt, one at a time, to a
# scratch copy of the tree (the working tree is never touched), rebuilds, runs the ctest tests the mutant names and
# counts it killed when they fail. Prints one line per mutant and the score; exits 1 when a mutant survives or a
# record is wrong (its `from` not found exactly once, or the mutant does not compile).
#
# usage: sh tests/mutants/run.sh [NAME...]      (default: every mutant; `make test-mutants`)
# environment: TSC_SHARED_DIR  the shared data (default: ../shared beside the top folder); without it the tests
#                              that need it skip, and mutants only they would catch survive
#              MUTANTS_FILE    another list (default tests/mutants/mutants.txt)
#              JOBS            build and test jobs (default 2)
#              KEEP=1          keep the scratch copy (its path is printed)
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
LIST=${MUTANTS_FILE:-$TOP/tests/mutants/mutants.txt}
JOBS=${JOBS:-2}
SHARED=${TSC_SHARED_DIR:-$TOP/../shared}
[ -d "$SHARED" ] && SHARED=$(cd "$SHARED" && pwd)
[ -f "$LIST" ] || { echo "mutants: no list $LIST" >&2; exit 2; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/tsc-mutants.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "mutants: scratch copy kept in $SCRATCH"; else rm -rf "$SCRATCH"; fi; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

# The records as one line each, fields separated by a unit separator (0x1f): name, file, from, to, tests, breaks.
US=$(printf '\037')
awk -v us="$US" '
    function flush() {
        if (name != "") print name us file us from us to us tests us breaks
        name = file = from = to = tests = breaks = ""
    }
    /^#/ { next }
    /^[ \t]*$/ { flush(); next }
    {
        key = $1; val = $0; sub(/^[^ \t]+[ \t]+/, "", val)
        if (key == "mutant") name = val; else if (key == "file") file = val; else if (key == "from") from = val
        else if (key == "to") to = val; else if (key == "tests") tests = val; else if (key == "breaks") breaks = val
        else { print "mutants: unknown key " key " at line " NR > "/dev/stderr"; exit 2 }
    }
    END { flush() }' "$LIST" >"$SCRATCH/records"

# the selection: names given on the command line, else every record
if [ $# -gt 0 ]; then
    : >"$SCRATCH/selected"
    for want in "$@"; do
        awk -F "$US" -v w="$want" '$1 == w' "$SCRATCH/records" >>"$SCRATCH/selected"
        grep -q "^$want$US" "$SCRATCH/selected" || { echo "mutants: no mutant named $want" >&2; exit 2; }
    done
else
    cp "$SCRATCH/records" "$SCRATCH/selected"
fi
total=$(wc -l <"$SCRATCH/selected" | tr -d ' ')
[ "$total" -gt 0 ] || { echo "mutants: the list is empty" >&2; exit 2; }

# The scratch copy: the tracked and untracked (not ignored) files of the tree, as they are now.
mkdir "$SCRATCH/tree"
(cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh |
    tar -cf - -T -) | (cd "$SCRATCH/tree" && tar -xf -)
B=$SCRATCH/tree/build
echo "mutants: $total of $(wc -l <"$SCRATCH/records" | tr -d ' ') mutants from $LIST; scratch copy $SCRATCH/tree; shared data $SHARED"
cmake -S "$SCRATCH/tree" -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTSC_SHARED_DIR="$SHARED" >/dev/null
cmake --build "$B" -j "$JOBS" >"$SCRATCH/build.log" 2>&1 || { tail -20 "$SCRATCH/build.log"; echo "mutants: the unmutated tree does not build" >&2; exit 2; }

# The unmutated tree must pass the tests the mutants name, or a failure would prove nothing.
ALL=$(awk -F "$US" '{ print $5 }' "$SCRATCH/selected" | tr '\n' '|' | sed 's/|$//')
if ! (cd "$B" && ctest -R "$ALL" -j "$JOBS" --no-tests=error >"$SCRATCH/baseline.log" 2>&1); then
    tail -20 "$SCRATCH/baseline.log"
    echo "mutants: the unmutated tree fails its tests: fix that first" >&2
    exit 2
fi
echo "mutants: the unmutated tree passes the $(grep -c 'Test *#' "$SCRATCH/baseline.log") tests named"

# apply FILE FROM TO: replaces the one occurrence of the fixed string FROM in FILE by TO; fails unless FROM occurs
# exactly once.
apply() {
    FROM=$2 TO=$3 awk 'BEGIN { from = ENVIRON["FROM"]; to = ENVIRON["TO"] }
        { line = $0; out = ""
          while ((i = index(line, from)) > 0) { hits++; out = out substr(line, 1, i - 1) to; line = substr(line, i + length(from)) }
          print out line }
        END { if (hits != 1) { print hits + 0 > "/dev/stderr"; exit 1 } }' "$1" >"$1.mut" 2>"$SCRATCH/hits" || {
        rm -f "$1.mut"
        return 1
    }
    mv "$1.mut" "$1"
}

killed=0
survived=0
broken=0
SURVIVORS=""
while IFS="$US" read -r name file from to tests breaks; do
    f=$SCRATCH/tree/$file
    start=$(date +%s)
    if [ ! -f "$f" ]; then
        echo "BROKEN   $name: no file $file"
        broken=$((broken + 1))
        continue
    fi
    cp "$f" "$SCRATCH/pristine"
    if ! apply "$f" "$from" "$to"; then
        echo "BROKEN   $name: '$from' occurs $(cat "$SCRATCH/hits") times in $file, not once: update mutants.txt"
        broken=$((broken + 1))
        continue
    fi
    if ! cmake --build "$B" -j "$JOBS" </dev/null >"$SCRATCH/build.log" 2>&1; then
        echo "BROKEN   $name: the mutant does not compile ($file)"
        broken=$((broken + 1))
    elif (cd "$B" && ctest -R "$tests" -j "$JOBS" --no-tests=error </dev/null >"$SCRATCH/test.log" 2>&1); then
        echo "SURVIVED $name ($file: $breaks) - tests $tests still pass [$(($(date +%s) - start)) s]"
        survived=$((survived + 1))
        SURVIVORS="$SURVIVORS $name"
    else
        by=$(sed -n 's/^[ \t]*[0-9]* - \([^ ]*\) (\(Failed\|Timeout\|SEGFAULT\|Subprocess aborted\|Exception\).*/\1/p' "$SCRATCH/test.log" |
            tr '\n' ' ' | sed 's/ $//')
        echo "killed   $name by ${by:-?} [$(($(date +%s) - start)) s]"
        killed=$((killed + 1))
    fi
    cp "$SCRATCH/pristine" "$f"
done <"$SCRATCH/selected"

score=$(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.0f", (t > 0 ? 100 * k / t : 0) }')
echo "mutants: $killed killed, $survived survived, $broken broken of $total (score $score%)${SURVIVORS:+; survivors:$SURVIVORS}"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
