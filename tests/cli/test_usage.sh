# The command line of every command, from the one option table: --help (exit 0, usage on stdout), and usage errors
# (exit 2, a message naming the option and what it takes, nothing written): unknown option, missing value, bad enum,
# out-of-range number, missing and extra arguments; deprecated spellings; --name=value and --. No ../shared needed:
# a usage error is found before any file is read.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

O=$TMP/never   # no command may create it
T=$TMP/tiny
make_tiny "$T"

# Each command: its name, the arguments that make it complete but for what a case breaks, an enum option with a
# value it does not take, and a number option with a value out of its range ("-" where the command has none).
COMMANDS='info|T|--format xml|--tolerance 1
leontief|T --out O|--format xml|--tolerance 0
convert|T --out O|--to zip|--tolerance 1.5
aggregate|T --concordance T/c.csv --out O|--to zip|--tolerance -1e-6
decompose|T --method kww --out O/d.csv|--level bogus|--tolerance 2
shock|T s.yaml --out O|--format xml|--tolerance 0
solve|T s.yaml --out O|--method bogus|--max-iter 0
tariffs effective|s.yaml --imports O|--base mfn|--date 2025-13-01
tariffs aggregate|--imports O --out O/w.csv|-|--digits 11
split-region|T --region AA --into P,AA --shares s.csv --out O|--fd-rule gdp|--tolerance 1
update|T --targets t.csv --out O|--to zip|--max-iter 1000000001
report|T --out O --no-imports|--baseline sometimes|--tolerance 0
serve|T|--baseline sometimes|--port 65536'

# tsc_words ARGS...: runs tariffscope on ARGS, where T and O (alone or before /) stand for the table and the
# output path; output in $OUT and $ERR.
tsc_words() {
    _n=$#
    for _a in "$@"; do
        case $_a in
            T) _a=$T ;;
            O) _a=$O ;;
            T/*) _a=$T/${_a#T/} ;;
            O/*) _a=$O/${_a#O/} ;;
        esac
        set -- "$@" "$_a"
    done
    shift "$_n"
    run_tsc "$@"
}

# usage_error REGEX ARGS...: exit status 2, stderr matching "tariffscope: ...REGEX", nothing on stdout, nothing
# written.
usage_error() {
    _re=$1; shift
    rm -rf "$O"
    _rc=0
    tsc_words "$@" || _rc=$?
    [ "$_rc" -eq 2 ] || { why "exit status $_rc, expected 2: $*"; return 1; }
    grep -Eq -- "^tariffscope: .*$_re" "$ERR" || { why "stderr does not match /$_re/: $*"; return 1; }
    [ ! -s "$OUT" ] || { why "a usage error printed on stdout: $*"; return 1; }
    expect_no_output "$O"
}

case_help() {  # $1 = command (its words)
    for _h in --help -h; do
        rm -rf "$O"
        # shellcheck disable=SC2086  # the command's words
        tsc_words $1 "$_h" || { why "$1 $_h: exit status $?, expected 0"; return 1; }
        file_has "$OUT" "^usage: tariffscope $1 " || return 1
        file_has "$OUT" '^  -h, --help ' || return 1
        [ ! -s "$ERR" ] || { why "$1 $_h wrote on stderr"; return 1; }
    done
    # --help wins over the arguments after it, even a bad one
    # shellcheck disable=SC2086
    tsc_words $1 --help --bogus || { why "$1 --help --bogus: exit status $?"; return 1; }
    expect_no_output "$O"
}

# shellcheck disable=SC2086  # $1 (the command) and $2 (its arguments) split into words on purpose
case_errors() {  # $1 = command, $2 = arguments, $3 = bad enum, $4 = bad number
    usage_error "unknown option '--bogus' for $1" $1 $2 --bogus || return 1
    usage_error "unknown option '-q' for $1" $1 $2 -q || return 1
    if [ "$3" != - ]; then
        _opt=${3%% *}
        usage_error "unknown $_opt '${3#* }': $_opt takes " $1 $2 $3 || return 1
        usage_error "$_opt needs a value" $1 $2 "$_opt" || return 1
    fi
    _opt=${4%% *}
    usage_error "$_opt takes .*, not '${4#* }'" $1 $2 $4 || return 1
    usage_error "$_opt needs a value" $1 $2 "$_opt" || return 1
    usage_error "--verbose takes no value" $1 $2 --verbose=1
}

case_every_command() {
    while IFS='|' read -r _c _args _enum _num; do
        run_case "$_c --help: usage on stdout, exit 0" case_help "$_c"
        run_case "$_c: unknown option, bad enum, out-of-range number, missing value -> exit 2" \
            case_errors "$_c" "$_args" "$_enum" "$_num"
    done <<EOT
$COMMANDS
EOT
}

case_ranges() {  # both ends of each range, and the values just inside are not usage errors
    for _v in 0 1 -1e-6 abc nan inf 1e-6x "" 0x1p-3; do
        usage_error "--tolerance takes a number in \\(0, 1\\)" leontief T --out O --tolerance "$_v" || return 1
    done
    for _v in 0 -1 1.5 abc 1000000001 " 5" +5 ""; do
        usage_error "--max-iter takes a whole number in \\[1, 1000000000\\]" update T --targets t.csv --out O \
            --max-iter "$_v" || return 1
    done
    for _v in 1 11 2x; do
        usage_error "--digits takes a whole number in \\[2, 10\\]" tariffs aggregate --out O --digits "$_v" || return 1
    done
    for _v in 0 10000; do
        usage_error "--year takes a whole number in \\[1, 9999\\]" update T --targets t.csv --out O --year "$_v" || return 1
    done
    for _v in 2025-9-17 2025-00-10 2025-01-32 20250917 2025-09-17x; do
        usage_error "--date takes a date YYYY-MM-DD" shock T s.yaml --out O --date "$_v" || return 1
    done
    usage_error "--out takes a path, not ''" leontief T --out ""
}

case_arguments() {
    usage_error "leontief needs TABLE and --out DIR; --out DIR is missing" leontief T || return 1
    usage_error "leontief needs TABLE and --out DIR; TABLE is missing" leontief --out O || return 1
    usage_error "unexpected argument" leontief T T --out O || return 1
    usage_error "shock needs TABLE, SCENARIO and --out DIR; SCENARIO is missing" shock T --out O || return 1
    usage_error "split-region needs TABLE, --region R, --into A,...,REST, --shares CSV and --out DIR; --shares CSV is missing" \
        split-region T --region AA --into P,AA --out O || return 1
    usage_error "unexpected argument" tariffs aggregate extra --out O || return 1
    usage_error "--scenario is given more than 12 times" report --no-imports --out O \
        --scenario a --scenario b --scenario c --scenario d --scenario e --scenario f --scenario g \
        --scenario h --scenario i --scenario j --scenario k --scenario l --scenario m || return 1
    usage_error "unknown command 'bogus'" bogus || return 1
    usage_error "unknown subcommand 'bogus' for tariffs" tariffs bogus
}

case_spellings() {  # --name=value, --, and a command refusing another command's option
    rm -rf "$TMP/eq"
    expect_ok "$TSC" leontief "$T" --out="$TMP/eq" --tolerance=1e-9 --format=labelled || return 1
    [ -s "$TMP/eq/multipliers.csv" ] || { why "--out=DIR wrote nothing"; return 1; }
    rm -rf "$TMP/dd"
    expect_ok "$TSC" leontief --out "$TMP/dd" -- "$T" || return 1
    [ -s "$TMP/dd/multipliers.csv" ] || { why "-- then TABLE wrote nothing"; return 1; }
    usage_error "unknown option '--inverse' for convert" convert T --out O --inverse || return 1
    usage_error "unknown option '--tol' for update" update T --targets t.csv --out O --tol 1e-3 || return 1
    usage_error "unknown option '--target-tol' for solve" solve T s.yaml --out O --target-tol 1e-3
}

case_deprecated() {  # the old spellings still work, with one warning line each
    printf 'kind,from_region,from_sector,to_region,to,value\noutput,AA,*,*,*,*1.1\n' >"$TMP/t.csv"
    rm -rf "$TMP/upd"
    expect_ok "$TSC" update "$T" --targets "$TMP/t.csv" --target-tol 1e-10 --out "$TMP/upd" || return 1
    expect_stderr '^tariffscope: warning: --target-tol is deprecated, use --solver-tolerance$' || return 1
    [ "$(grep -c deprecated "$ERR")" -eq 1 ] || { why "not one warning line"; return 1; }
    rm -rf "$TMP/upd"
    expect_ok "$TSC" update "$T" --targets "$TMP/t.csv" --solver-tolerance 1e-10 --out "$TMP/upd" || return 1
    expect_no_stderr deprecated || return 1
    usage_error "--tol takes a number in \\(0, 1\\), not '7'" solve T s.yaml --out O --tol 7 || return 1
    expect_stderr 'warning: --tol is deprecated, use --solver-tolerance' || return 1
    usage_error "tariffs aggregate needs --out" tariffs aggregate --concordance c.csv || return 1
    expect_stderr 'warning: --concordance is deprecated, use --hs-concordance'
}

case_help_lists() {
    for _w in --help -h help; do
        expect_ok "$TSC" "$_w" || return 1
        file_has "$OUT" '^usage: tariffscope COMMAND' || return 1
        for _c in info leontief convert aggregate decompose shock solve 'tariffs effective' 'tariffs aggregate' \
            split-region update report; do
            file_has "$OUT" "^  $_c  " || return 1
        done
    done
    expect_ok "$TSC" help solve || return 1
    file_has "$OUT" '^usage: tariffscope solve TABLE SCENARIO --out DIR \[options\]' || return 1
    # options with their ranges and defaults (the help wraps long lines: read it as one)
    tr -s ' \n' '  ' <"$OUT" | grep -Eq -- '--solver-tolerance T convergence: .*; a number in \(0, 1\); default 1e-12 ' ||
        { why "no --solver-tolerance with its range and default"; return 1; }
    file_has "$OUT" '^deprecated spellings.*--tol \(= --solver-tolerance\)' || return 1
    expect_ok "$TSC" help tariffs effective || return 1
    file_has "$OUT" '^usage: tariffscope tariffs effective SCENARIO' || return 1
    expect_ok "$TSC" tariffs --help || return 1
    file_has "$OUT" 'tariffscope tariffs aggregate' || return 1
    expect_fail 2 'usage: tariffscope tariffs' "$TSC" tariffs || return 1
    expect_fail 2 "unknown command 'nope'" "$TSC" help nope
}

case_every_command
run_case "number ranges: both ends refused, with the range in the message" case_ranges
run_case "missing and extra arguments, unknown commands" case_arguments
run_case "--name=value, --, another command's option refused" case_spellings
run_case "deprecated spellings work with one warning line" case_deprecated
run_case "tariffscope --help / -h / help list every command; help COMMAND" case_help_lists
finish
