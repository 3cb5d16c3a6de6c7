# Standard output is checked before every exit (cli/main.c): a command whose output cannot be written (here
# /dev/full) exits 1 with a message on stderr, never 0 with its output lost. Runs on the embedded example table.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

T=$SRC/data/example/table
export TARIFFSCOPE_SHARED="$TMP/no-shared" # no customs lines: the same run with or without ../shared

# full CMD...: CMD with stdout on /dev/full exits 1 and says so on stderr
full() {
    : >"$ERR"
    _rc=0
    "$TSC" "$@" >/dev/full 2>"$ERR" || _rc=$?
    [ "$_rc" = 1 ] || why "exit status $_rc with stdout on /dev/full, expected 1: $*" || return 1
    grep -q "cannot write the standard output" "$ERR" || why "no message about the standard output" || return 1
}

mkdir -p "$TMP/hts" "$TMP/imp"
printf 'cty_code,iso3\n5880,JPN\n5700,CHN\n' > "$TMP/hts/census_to_iso3.csv"
printf 'CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,CTY_CODE\nJAPAN,1000.5,25.0125,8703230190,5880\nCHINA,700,17.5,8517130000,5700\n' \
    > "$TMP/imp/2024-hs10-imports.csv"
printf 'name: s\nmeasures:\n  - {importer: USA, exporter: all, sectors: goods, add: 10}\n' > "$TMP/s.yaml"

info_full() { full info "$T"; }
info_ok() { expect_ok "$TSC" info "$T" && grep -q "^dimensions" "$OUT" || why "info's output missing"; }
report_full() { full report "$T" --scenario "$SRC/scenarios/cjk-fta.yaml" --no-draws --no-imports --quiet --out "$TMP/r"; }
tariffs_full() { full tariffs effective "$TMP/s.yaml" --imports "$TMP/imp"; }
tariffs_ok() { expect_ok "$TSC" tariffs effective "$TMP/s.yaml" --imports "$TMP/imp" && grep -q JPN "$OUT" || why "no JPN row"; }
help_full() { full --help && full info --help && full --version; }

run_case "info with stdout on /dev/full exits 1" info_full
run_case "info on a writable stdout exits 0" info_ok
run_case "report's summary on /dev/full exits 1" report_full
run_case "tariffs effective without --out on /dev/full exits 1" tariffs_full
run_case "tariffs effective without --out on a writable stdout exits 0" tariffs_ok
run_case "--help and --version on /dev/full exit 1" help_full
finish
