# Shared helpers for the CLI tests (POSIX sh), sourced by every tests/cli/test_*.sh.
#
# Environment (set by ctest, see tests/CMakeLists.txt): TSC = the tariffscope binary, CSVDIFF = the csvdiff tool,
# SRC = the source folder, SHARED = ../shared (reference vectors; may be absent in a user's own clone).
#
# A script defines each case as a shell function that returns non-zero on failure (explicitly: `set -e` does not
# act inside a function called from `if`, so every check ends in `|| return 1`), then runs it with
#     run_case "name" function [args...]
# and ends with `finish`, which prints "N passed, M failed" and exits non-zero when M > 0.
# A case that shows a known library/CLI bug runs with known_bug instead of run_case: it is reported but not
# counted, so the suite stays green; TSC_KNOWN_BUGS=1 in the environment counts such cases like any other.

: "${TSC:?TSC must name the tariffscope binary}"
: "${CSVDIFF:?CSVDIFF must name the csvdiff binary}"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
HERE=$(cd "$(dirname "$0")" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsc-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'rm -rf "$TMP"; exit 130' INT TERM HUP

NPASS=0
NFAIL=0
NKNOWN=0
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

# finish: the summary line; exits 1 if any case failed.
finish() {
    if [ "$NKNOWN" -gt 0 ]; then
        echo "($NKNOWN known-bug case(s) not counted; TSC_KNOWN_BUGS=1 counts them)"
    fi
    echo "$NPASS passed, $NFAIL failed"
    [ "$NFAIL" -eq 0 ] || exit 1
    exit 0
}

# skip_if_absent PATH: ends the whole script successfully when PATH does not exist (no ../shared in this clone).
skip_if_absent() {
    if [ ! -e "$1" ]; then
        echo "SKIP: $1 absent"
        exit 0
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
