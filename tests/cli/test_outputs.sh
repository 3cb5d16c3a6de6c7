#!/bin/sh
# Outputs for big results: decompose --out FILE.csv.gz and leontief --gzip read back (zcat) to the plain CSVs byte
# for byte; decompose --out FILE.h5 read by h5py into pandas and by R's hdf5r into a data.frame equals the CSV (the
# same doubles); wrong combinations are usage errors; a failed write leaves nothing behind.
set -eu
. "$(dirname "$0")/lib.sh"

WORLD=$SRC/data/world2024

# gz_same PLAIN GZ: GZ is a valid gzip file whose text is PLAIN's, byte for byte.
gz_same() {
    gzip -t "$2" 2>/dev/null || { why "$2 is not a valid gzip file"; return 1; }
    gzip -dc "$2" | cmp -s - "$1" || why "gzip -dc $2 differs from $1"
}

case_decompose_gz() {  # long (4 MB: several blocks), wide and JSON, each through gzip
    for layout in long wide json; do
        case $layout in
            long) _o="" ;; wide) _o="--layout wide" ;; json) _o="--json" ;;
        esac
        # shellcheck disable=SC2086
        expect_ok "$TSC" decompose "$WORLD" --method wwz $_o --out "$TMP/$layout.csv" || return 1
        # shellcheck disable=SC2086
        expect_ok "$TSC" decompose "$WORLD" --method wwz $_o --out "$TMP/$layout.csv.gz" || return 1
        grep -q "wrote $TMP/$layout.csv.gz" "$OUT" || why "no 'wrote' line" || return 1
        gz_same "$TMP/$layout.csv" "$TMP/$layout.csv.gz" || return 1
    done
    [ "$(wc -c <"$TMP/long.csv")" -gt 3000000 ] || why "the long CSV should span several 1 MB blocks"
}

case_decompose_gz_threads() {  # the bytes do not depend on the thread count
    TSC_THREADS=1 expect_ok "$TSC" decompose "$WORLD" --method wwz --out "$TMP/t1.csv.gz" || return 1
    TSC_THREADS=2 expect_ok "$TSC" decompose "$WORLD" --method wwz --out "$TMP/t2.csv.gz" || return 1
    TSC_THREADS=1 expect_ok "$TSC" decompose "$WORLD" --method wwz --out "$TMP/t1.csv" || return 1
    TSC_THREADS=2 expect_ok "$TSC" decompose "$WORLD" --method wwz --out "$TMP/t2.csv" || return 1
    cmp -s "$TMP/t1.csv.gz" "$TMP/t2.csv.gz" || why "gzip bytes differ between 1 and 2 threads" || return 1
    cmp -s "$TMP/t1.csv" "$TMP/t2.csv" || why "CSV bytes differ between 1 and 2 threads"
}

case_leontief_gzip() {  # every CSV of the folder, the inverse too
    expect_ok "$TSC" leontief "$WORLD" --inverse --out "$TMP/plain" || return 1
    expect_ok "$TSC" leontief "$WORLD" --inverse --gzip --out "$TMP/gz" || return 1
    for f in multipliers va_origin_destination L; do
        [ ! -e "$TMP/gz/$f.csv" ] || why "--gzip also wrote $f.csv" || return 1
        gz_same "$TMP/plain/$f.csv" "$TMP/gz/$f.csv.gz" || return 1
    done
}

case_shock_solve_gzip() {  # shock's and solve's CSVs; notes.txt and solve.json stay plain
    _t=$SRC/data/example/table; _s=$SRC/scenarios/cjk-fta.yaml
    for cmd in shock solve; do
        expect_ok "$TSC" "$cmd" "$_t" "$_s" --no-imports --out "$TMP/$cmd-plain" || return 1
        expect_ok "$TSC" "$cmd" "$_t" "$_s" --no-imports --gzip --out "$TMP/$cmd-gz" || return 1
        _n=0
        for f in "$TMP/$cmd-plain"/*.csv; do
            gz_same "$f" "$TMP/$cmd-gz/$(basename "$f").gz" || return 1
            _n=$((_n + 1))
        done
        [ "$_n" -ge 3 ] || why "$cmd wrote only $_n CSVs" || return 1
        [ -f "$TMP/$cmd-gz/notes.txt" ] || why "$cmd --gzip: no notes.txt" || return 1
    done
}

case_single_files_gz() {  # a single --out FILE ending in .gz
    _t=$SRC/data/example/table; _s=$SRC/scenarios/cjk-fta.yaml
    expect_ok "$TSC" scenario check "$_s" "$_t" --out "$TMP/check.csv" || return 1
    expect_ok "$TSC" scenario check "$_s" "$_t" --out "$TMP/check.csv.gz" || return 1
    gz_same "$TMP/check.csv" "$TMP/check.csv.gz"
}

case_sweep_unchanged() {  # sweep writes its long CSVs through the same writer, into its own stream
    cat >"$TMP/plan.yaml" <<EOT
tables: [$WORLD]
jobs:
  - {name: wwz, decompose: {method: wwz}}
EOT
    expect_ok "$TSC" sweep "$TMP/plan.yaml" --out "$TMP/sweep" || return 1
    expect_ok "$TSC" decompose "$WORLD" --method wwz --out "$TMP/one.csv" || return 1
    # the sweep's file holds the command's lines (in the sweep's order) with a leading table column; its numbers
    # may differ from the command's in the last digit
    sed '1s/^/table,/; 2,$s/^/world2024,/' "$TMP/one.csv" | LC_ALL=C sort -t, -k1,5 >"$TMP/one.sorted"
    LC_ALL=C sort -t, -k1,5 "$TMP/sweep/wwz.csv" >"$TMP/sweep.sorted"
    same_csv "$TMP/sweep.sorted" "$TMP/one.sorted" --rtol 1e-12 --atol 1e-9 || return 1
    expect_ok "$TSC" sweep "$TMP/plan.yaml" --gzip --out "$TMP/sweep-gz" || return 1
    grep -q "wrote $TMP/sweep-gz/wwz.csv.gz" "$OUT" || why "no 'wrote ... wwz.csv.gz' line" || return 1
    gz_same "$TMP/sweep/wwz.csv" "$TMP/sweep-gz/wwz.csv.gz"
}

# h5_reader LANG: the command that reads HDF5 in LANG (python: h5py and pandas; r: hdf5r), or nothing.
h5_reader() {
    if [ "$1" = python ]; then
        for py in /usr/bin/python3 python3; do
            if "$py" -c 'import h5py, pandas' 2>/dev/null; then echo "$py $HERE/h5_check.py"; return; fi
        done
    elif command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(hdf5r)' >/dev/null 2>&1; then
        echo "Rscript $HERE/h5_check.R"
    fi
}

case_h5() {  # $1: python or r
    _r=$(h5_reader "$1")
    for spec in "wwz long" "wwz wide" "kww long" "bm wide"; do
        set -- $spec
        _o=""; [ "$2" = wide ] && _o="--layout wide"
        # shellcheck disable=SC2086
        expect_ok "$TSC" decompose "$WORLD" --method "$1" $_o --out "$TMP/$1-$2.csv" || return 1
        # shellcheck disable=SC2086
        expect_ok "$TSC" decompose "$WORLD" --method "$1" $_o --out "$TMP/$1-$2.h5" || return 1
        # shellcheck disable=SC2086
        $_r "$TMP/$1-$2.h5" "$1" "$TMP/$1-$2.csv" >"$OUT" 2>"$ERR" || why "$_r on $1 $2 failed" || return 1
    done
}

case_usage_errors() {  # HDF5 holds tables of decompositions only
    expect_fail 2 "FILE.h5" "$TSC" decompose "$WORLD" --method kww --json --out "$TMP/u.h5" || return 1
    expect_fail 2 "FILE.h5" "$TSC" decompose "$WORLD" --method routes --origin USA --out "$TMP/u.h5" || return 1
    expect_no_output "$TMP/u.h5"
}

case_no_partial_output() {  # a folder that cannot be made: an error naming it, nothing left behind
    : >"$TMP/afile"
    expect_fail 1 "afile" "$TSC" decompose "$WORLD" --method wwz --out "$TMP/afile/sub/x.csv.gz" || return 1
    expect_fail 1 "afile" "$TSC" decompose "$WORLD" --method wwz --out "$TMP/afile/sub/x.h5" || return 1
    [ ! -s "$TMP/afile" ] || why "the file was written to"
}

run_case "decompose --out FILE.csv.gz: long, wide and JSON equal the plain files" case_decompose_gz
run_case "the same bytes on 1 and 2 threads (CSV and gzip)" case_decompose_gz_threads
run_case "leontief --gzip: every CSV equals the plain one" case_leontief_gzip
run_case "shock --gzip and solve --gzip: every CSV equals the plain one" case_shock_solve_gzip
run_case "scenario check --out FILE.csv.gz equals the plain file" case_single_files_gz
run_case "sweep: its long CSV equals the command's, --gzip the same text" case_sweep_unchanged
for lang in python r; do
    if [ -n "$(h5_reader $lang)" ]; then
        run_case "decompose --out FILE.h5 read by $lang equals the CSV" case_h5 $lang
    else
        skip_part "decompose --out FILE.h5 read by $lang (needs $( [ $lang = python ] && echo python3-h5py || echo r-cran-hdf5r))"
    fi
done
run_case "usage errors" case_usage_errors
run_case "no partial output" case_no_partial_output
finish
