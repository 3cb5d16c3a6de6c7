# Shared helpers for the CLI tests (POSIX sh), sourced by every tests/cli/test_*.sh.
#
# Environment (set by ctest, see tests/CMakeLists.txt): TSC = the tariffscope binary, CSVDIFF = the csvdiff tool,
# SRC = the source folder, SHARED = ../shared (reference vectors; may be absent in a user's own clone).
#
# A script defines each case as a shell function that returns non-zero on failure (explicitly: `set -e` does not
# act inside a function called from `if`, so every check ends in `|| return 1`), then runs it with
#     run_case "name" function [args...]
# and ends with `finish`, which prints "N passed, M failed, K skipped" and exits 1 when M > 0, 77 (ctest's
# SKIP_RETURN_CODE: "Skipped", not "Passed") when nothing ran and something was skipped, 0 otherwise.
# A case or a whole script that cannot run (no ../shared, no chromium) calls skip_part or skip_if_absent, which say
# SKIP and count it; with TSC_NO_SKIP=1 in the environment (CI) they count a failure instead: there, every test must
# run.
# A case that shows a known library/CLI bug runs with known_bug instead of run_case: it is reported but not
# counted, so the suite stays green; TSC_KNOWN_BUGS=1 in the environment counts such cases like any other.

: "${TSC:?TSC must name the tariffscope binary}"
: "${CSVDIFF:?CSVDIFF must name the csvdiff binary}"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
# shellcheck disable=SC2034  # used by the scripts that source this file
HERE=$(cd "$(dirname "$0")" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsc-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT TERM HUP

NPASS=0
NFAIL=0
NKNOWN=0
NSKIP=0
WHY=""          # set by a failing helper: why it failed
OUT=$TMP/.stdout  # stdout and stderr of the last command run by run_tsc / expect_fail / expect_ok
ERR=$TMP/.stderr

# why MESSAGE: records why a check failed and returns 1 (use as `... || why "reason"` or `why "..."; return 1`).
why() { WHY=$*; return 1; }

# show_output: the last command's stderr and stdout, indented, for a failure report.
show_output() {
    if [ -s "$ERR" ]; then sed 's/^/      stderr: /' "$ERR" | head -20; fi
    if [ -s "$OUT" ]; then sed 's/^/      stdout: /' "$OUT" | head -10; fi
}

# run_case NAME CMD...: runs CMD (typically a function of the script) and prints one line for the case.
run_case() {
    _name=$1; shift
    WHY=""
    : >"$OUT"; : >"$ERR"
    if "$@"; then
        NPASS=$((NPASS + 1))
        echo "ok      $_name"
    else
        NFAIL=$((NFAIL + 1))
        echo "FAIL    $_name${WHY:+: $WHY}"
        show_output
    fi
}

# known_bug NAME DESCRIPTION CMD...: a case that fails because of a known bug in the library or the CLI.
# It is printed but does not count unless TSC_KNOWN_BUGS=1; when it starts passing, the line says so, so the
# lead can turn it into a run_case.
known_bug() {
    _name=$1; _desc=$2; shift 2
    if [ "${TSC_KNOWN_BUGS:-0}" = 1 ]; then run_case "$_name" "$@"; return 0; fi
    WHY=""
    : >"$OUT"; : >"$ERR"
    NKNOWN=$((NKNOWN + 1))
    if "$@"; then
        echo "FIXED?  $_name: passes now; known bug '$_desc' may be fixed: make it a run_case"
    else
        echo "BUG     $_name: known bug, not counted ($_desc)${WHY:+: $WHY}"
    fi
}

# finish: the summary line; exits 1 if any case failed, 77 if none ran and some were skipped.
finish() {
    if [ "$NKNOWN" -gt 0 ]; then
        echo "($NKNOWN known-bug case(s) not counted; TSC_KNOWN_BUGS=1 counts them)"
    fi
    echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"
    [ "$NFAIL" -eq 0 ] || exit 1
    if [ "$NPASS" -eq 0 ] && [ "$NSKIP" -gt 0 ]; then exit 77; fi
    exit 0
}

# skip_part REASON: the cases that follow (or a part of the script) cannot run for REASON: prints SKIP and counts one
# skip; under TSC_NO_SKIP=1 prints FAIL and counts one failure instead.
skip_part() {
    if [ "${TSC_NO_SKIP:-0}" = 1 ]; then
        NFAIL=$((NFAIL + 1))
        echo "FAIL    not run: $* (TSC_NO_SKIP=1: every test must run here)"
    else
        NSKIP=$((NSKIP + 1))
        echo "SKIP: $*"
    fi
}

# skip_if_absent PATH: ends the whole script as skipped (exit 77) when PATH does not exist (no ../shared in this
# clone); under TSC_NO_SKIP=1, as failed.
skip_if_absent() {
    if [ ! -e "$1" ]; then
        skip_part "$1 absent"
        finish
    fi
}

# run_tsc ARGS...: runs tariffscope with stdout/stderr captured in $OUT/$ERR; returns its exit status.
run_tsc() {
    : >"$OUT"; : >"$ERR"
    _rc=0
    "$TSC" "$@" >"$OUT" 2>"$ERR" || _rc=$?
    return $_rc
}

# expect_ok CMD...: CMD must exit 0 (output captured in $OUT/$ERR).
expect_ok() {
    : >"$OUT"; : >"$ERR"
    _rc=0
    "$@" >"$OUT" 2>"$ERR" || _rc=$?
    [ "$_rc" -eq 0 ] || why "exit status $_rc, expected 0: $*"
}

# expect_fail CODE_PATTERN MESSAGE_REGEX CMD...: CMD must exit non-zero with a status matching the case pattern
# CODE_PATTERN ("1", "[12]", "*"), and its stderr must match the extended regular expression MESSAGE_REGEX.
expect_fail() {
    _pat=$1; _re=$2; shift 2
    : >"$OUT"; : >"$ERR"
    _rc=0
    "$@" >"$OUT" 2>"$ERR" || _rc=$?
    [ "$_rc" -ne 0 ] || { why "exit status 0, expected failure: $*"; return 1; }
    # shellcheck disable=SC2254
    case $_rc in
        $_pat) ;;
        *) why "exit status $_rc does not match '$_pat': $*"; return 1 ;;
    esac
    grep -Eq -- "$_re" "$ERR" || { why "stderr does not match /$_re/"; return 1; }
}

# expect_stderr REGEX: the last command's stderr matches REGEX.
expect_stderr() { grep -Eq -- "$1" "$ERR" || why "stderr does not match /$1/"; }

# expect_no_stderr REGEX: the last command's stderr does not match REGEX.
expect_no_stderr() { ! grep -Eq -- "$1" "$ERR" || why "stderr unexpectedly matches /$1/"; }

# expect_no_output PATH: a command that failed left nothing behind at PATH: PATH does not exist, or is a folder
# without any file (hidden temporaries included) when it existed before.
expect_no_output() {
    [ -e "$1" ] || return 0
    [ -d "$1" ] || { why "failed command left $1 behind"; return 1; }
    _left=$(find "$1" -mindepth 1 | head -5)
    [ -z "$_left" ] || why "failed command left files in $1: $(echo "$_left" | tr '\n' ' ')"
}

# same_csv A B [csvdiff options...]: csvdiff A B with the options; the difference goes into WHY.
same_csv() {
    _a=$1; _b=$2; shift 2
    _d=$("$CSVDIFF" "$@" "$_a" "$_b" 2>&1) || { why "csvdiff: $_d"; return 1; }
}

# file_has FILE REGEX: FILE has a line matching REGEX.
file_has() { grep -Eq -- "$2" "$1" || why "$1 has no line matching /$2/"; }

# re_escape STRING: STRING with the ERE metacharacters escaped, to embed a path in a regex.
re_escape() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'; }

# edit FILE SED_SCRIPT: edits FILE in place with sed (portable: no sed -i).
edit() { sed "$2" "$1" >"$1.edit" && mv "$1.edit" "$1"; }

# make_tiny DIR [bycountry]: a hand-made, balanced 2-region x 2-sector table in the labelled layout (input_Z.csv,
# input_Yfd.csv with categories HH and GOV, or input_Y_by_country.csv with bycountry; input_x_va.csv), so the
# tests run without ../shared. x = Z1 + Y1 and va = x - 1'Z hold exactly in decimal; awkward values on purpose.
make_tiny() {
    mkdir -p "$1"
    cat >"$1/input_Z.csv" <<'EOT'
"",AA.s1,AA.s2,BB.s1,BB.s2
AA.s1,12.5,3.25,4.1,0.8
AA.s2,5.2,20.35,1.9,6.4
BB.s1,2.7,0.6,15.85,7.3
BB.s2,1.15,8.4,3.6,11.2
EOT
    if [ "${2:-}" = bycountry ]; then
        cat >"$1/input_Y_by_country.csv" <<'EOT'
"",AA,BB
AA.s1,30.2,9.1
AA.s2,25.45,12.3
BB.s1,8.8,40.15
BB.s2,6.35,22.9
EOT
    else
        cat >"$1/input_Yfd.csv" <<'EOT'
"",AA.HH,AA.GOV,BB.HH,BB.GOV
AA.s1,21.4,8.8,6.1,3
AA.s2,17.05,8.4,10.2,2.1
BB.s1,5.5,3.3,31.15,9
BB.s2,4.35,2,15.6,7.3
EOT
    fi
    cat >"$1/input_x_va.csv" <<'EOT'
row,x,va
AA.s1,59.95,38.4
AA.s2,71.6,39
BB.s1,75.4,49.95
BB.s2,53.6,27.9
EOT
}

# same_outputs DIR_A DIR_B [csvdiff options]: the leontief output files of two runs agree.
same_outputs() {
    _da=$1; _db=$2; shift 2
    for _f in multipliers.csv va_origin_destination.csv L.csv; do
        [ -e "$_da/$_f" ] || [ -e "$_db/$_f" ] || continue
        same_csv "$_da/$_f" "$_db/$_f" "$@" || return 1
    done
}

# hidden_files DIR: the names of DIR's hidden entries (temporaries an aborted write might leave), one a line.
hidden_files() { find "$1" -mindepth 1 -maxdepth 1 -name '.*' -print; }
