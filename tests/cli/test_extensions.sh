# Satellite accounts (extensions) on the command line: --extensions FILE (user accounts) and its errors, leontief's
# accounts (S, M, D_cba, D_pba, D_imp, D_exp, by region) and their identities, convert carrying the extensions through
# pymrio's layout, info listing them, accounts.csv of shock and solve, and the report's jobs at risk.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

TINY=$TMP/tiny
make_tiny "$TINY"
EX=$SRC/data/example/table
MOCKS=$SHARED/vectors/formats

# The tiny table's accounts: employment and CO2 on every industry, awkward numbers.
cat >"$TMP/jobs.csv" <<'EOT'
region,sector,account,unit,value
AA,s1,Employment,persons,12.385
AA,s2,Employment,persons,7.25
BB,s1,Employment,persons,30.5
BB,s2,Employment,persons,4.125
AA,s1,"CO2, air",kt,1.5
BB,s2,"CO2, air",kt,0.375
EOT

# An employment CSV for every industry of the example table, made from its meta.json.
example_jobs() {
    python3 - "$EX/meta.json" "$1" <<'EOT'
import json, sys
m = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write("region,sector,account,unit,value\n")
    for i, r in enumerate(m["regions"]):
        for j, s in enumerate(m["sectors"]):
            f.write(f"{r},{s},Employment,1000 persons,{(i + 1) * 10.5 + j * 3.25}\n")
EOT
}

case_leontief_accounts() {
    _o=$TMP/leo
    rm -rf "$_o"
    expect_ok "$TSC" leontief "$TINY" --extensions "$TMP/jobs.csv" --out "$_o" || return 1
    for _f in S M D_cba D_pba D_imp D_exp by_region; do
        [ -s "$_o/extensions/jobs/$_f.csv" ] || { why "extensions/jobs/$_f.csv missing"; return 1; }
    done
    file_has "$_o/extensions/jobs/S.csv" '^region,sector,account,unit,value$' || return 1
    file_has "$_o/extensions/jobs/S.csv" '^AA,s1,Employment,persons/unknown,' || return 1
    file_has "$_o/extensions/jobs/D_pba.csv" '^BB,s2,"CO2, air",kt,' || return 1
    # S x = F: S of AA.s1 times its x (multipliers.csv) is 12.385
    awk -F, 'NR == FNR { if ($1 == "AA" && $2 == "s1") x = $3; next }
             $1 == "AA" && $2 == "s1" && $3 == "Employment" { s = $5 }
             END { d = s * x - 12.385; exit !(d < 1e-12 && d > -1e-12) }' \
        "$_o/multipliers.csv" "$_o/extensions/jobs/S.csv" || { why "S x != F"; return 1; }
    # by region: consumption = production - exports + imports, and the totals of D_cba and D_pba agree
    awk -F, 'NR == 1 || /"/ { next }
             { d = $4 - ($5 - $7 + $6); if (d > 1e-9 * ($4 > 0 ? $4 : -$4) || -d > 1e-9 * ($4 > 0 ? $4 : -$4)) bad = 1
                      cba[$2] += $4; pba[$2] += $5 }
             END { for (a in cba) { d = cba[a] - pba[a]; if (d > 1e-9 * pba[a] || -d > 1e-9 * pba[a]) bad = 1 }
                   exit bad }' "$_o/extensions/jobs/by_region.csv" || { why "cba != pba - exp + imp"; return 1; }
    # without --extensions, leontief writes what it always did
    rm -rf "$_o.plain"
    expect_ok "$TSC" leontief "$TINY" --out "$_o.plain" || return 1
    [ ! -e "$_o.plain/extensions" ] || why "extensions written without --extensions"
}

case_option_forms() {  # --extensions=FILE, --extensions FILE (a .csv), and --extensions alone before TABLE
    rm -rf "$TMP/f1" "$TMP/f2"
    expect_ok "$TSC" leontief --extensions="$TMP/jobs.csv" "$TINY" --out "$TMP/f1" || return 1
    cp -r "$TINY" "$TMP/tiny2"
    "$TSC" convert "$TINY" --extensions "$TMP/jobs.csv" --out "$TMP/tiny2" >/dev/null || { why "convert"; return 1; }
    expect_ok "$TSC" leontief --extensions "$TMP/tiny2" --out "$TMP/f2" || return 1
    same_csv "$TMP/f1/extensions/jobs/M.csv" "$TMP/f2/extensions/jobs/M.csv" --rtol 0 --atol 0
}

case_no_extensions() {  # --extensions alone on a table without any: an error, nothing written
    rm -rf "$TMP/none"
    expect_fail 1 "has no extensions" "$TSC" leontief "$TINY" --out "$TMP/none" --extensions || return 1
    expect_no_output "$TMP/none"
}

# bad_csv TEXT REGEX: --extensions with TEXT fails with REGEX (located in the file), leaving nothing behind.
bad_csv() {
    printf '%s' "$1" >"$TMP/bad.csv"
    rm -rf "$TMP/bad.out"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/bad.csv"):$2" "$TSC" leontief "$TINY" --extensions "$TMP/bad.csv" \
        --out "$TMP/bad.out" || return 1
    expect_no_output "$TMP/bad.out"
}

case_csv_errors() {
    _h='region,sector,account,unit,value'
    bad_csv "$_h
AA,s1,jobs,p,1
CC,s1,jobs,p,2
" "3:1: unknown region code 'CC'" || return 1
    bad_csv "$_h
AA,s9,jobs,p,1
" "2:4: unknown sector code 's9'" || return 1
    bad_csv "$_h
AA,s1,jobs,p,1
AA,s1,jobs,p,2
" "3:1: \\(AA, s1, jobs\\) given twice \\(first on line 2\\)" || return 1
    bad_csv "$_h
AA,s1,jobs,p,1x
" "2:14: .1x. is not a number" || return 1
    bad_csv "region,sector,value
AA,s1,1
" "1:" || return 1
    rm -rf "$TMP/bad.out"
    expect_fail 1 "missing.csv" "$TSC" leontief "$TINY" --extensions "$TMP/missing.csv" --out "$TMP/bad.out" || return 1
    expect_no_output "$TMP/bad.out"
}

case_info_and_convert() {  # info lists them; convert carries them through pymrio's layout, native and the cache
    expect_ok "$TSC" info "$TINY" --extensions "$TMP/jobs.csv" || return 1
    file_has "$OUT" '^extensions +jobs: 2 accounts: Employment \[persons\], CO2, air \[kt\]' || return 1
    expect_ok "$TSC" info "$TINY" || return 1
    file_has "$OUT" '^extensions +none' || return 1
    rm -rf "$TMP/pm" "$TMP/nat" "$TMP/c.tsc" "$TMP/o1" "$TMP/o2" "$TMP/o3"
    expect_ok "$TSC" convert "$TINY" --extensions "$TMP/jobs.csv" --to pymrio --out "$TMP/pm" || return 1
    [ -s "$TMP/pm/jobs/F.txt" ] && [ -s "$TMP/pm/jobs/unit.txt" ] && [ -s "$TMP/pm/jobs/file_parameters.json" ] ||
        { why "pymrio extension folder incomplete"; return 1; }
    expect_ok "$TSC" convert "$TMP/pm" --out "$TMP/nat" || return 1
    expect_ok "$TSC" convert "$TMP/nat" --to cache --out "$TMP/c.tsc" || return 1
    expect_ok "$TSC" leontief "$TINY" --extensions "$TMP/jobs.csv" --out "$TMP/o1" || return 1
    expect_ok "$TSC" leontief "$TMP/pm" --extensions --out "$TMP/o2" || return 1
    expect_ok "$TSC" leontief "$TMP/c.tsc" --extensions --out "$TMP/o3" || return 1
    for _f in S M D_cba D_pba D_imp D_exp by_region; do
        same_csv "$TMP/o1/extensions/jobs/$_f.csv" "$TMP/o2/extensions/jobs/$_f.csv" --rtol 1e-12 || return 1
        same_csv "$TMP/o2/extensions/jobs/$_f.csv" "$TMP/o3/extensions/jobs/$_f.csv" --rtol 0 --atol 0 || return 1
    done
}

case_shock_and_solve_accounts() {
    example_jobs "$TMP/exjobs.csv"
    cat >"$TMP/sc.yaml" <<'EOT'
name: us-china-25
description: USA adds 25 points on goods from CHN
measures:
  - {importer: USA, exporter: CHN, sectors: goods, add: 25}
EOT
    for _cmd in shock solve; do
        rm -rf "$TMP/$_cmd"
        expect_ok "$TSC" "$_cmd" "$EX" "$TMP/sc.yaml" --extensions "$TMP/exjobs.csv" --out "$TMP/$_cmd" || return 1
        _a=$TMP/$_cmd/accounts.csv
        file_has "$_a" '^extension,region,sector,account,unit,base,change,change_pct,jobs_at_risk$' || return 1
        [ "$(wc -l <"$_a")" -eq 82 ] || { why "$_cmd: accounts.csv should have 81 rows"; return 1; }
        # change = base * change_pct / 100, jobs_at_risk = change; China's employment falls
        awk -F, 'NR > 1 { d = $7 - $6 * $8 / 100; if (d > 1e-9 * ($6 + 1) || -d > 1e-9 * ($6 + 1)) bad = 1
                          if ($9 != $7) bad = 1; if ($2 == "CHN") chn += $9 }
                 END { exit bad || !(chn < 0) }' "$_a" || { why "$_cmd: accounts.csv identities"; return 1; }
    done
    rm -rf "$TMP/shock.focus"
    expect_ok "$TSC" shock "$EX" "$TMP/sc.yaml" --extensions "$TMP/exjobs.csv" --focus CHN --out "$TMP/shock.focus" ||
        return 1
    file_has "$OUT" 'jobs at risk in CHN \(first-order output change\): -[0-9.]+ 1000 persons' || return 1
    # without extensions: no accounts.csv
    rm -rf "$TMP/shock.plain"
    expect_ok "$TSC" shock "$EX" "$TMP/sc.yaml" --out "$TMP/shock.plain" || return 1
    [ ! -e "$TMP/shock.plain/accounts.csv" ] || why "accounts.csv without extensions"
}

case_report_jobs() {  # the report's jobs at risk: only where the table has an employment account
    example_jobs "$TMP/exjobs.csv"
    rm -rf "$TMP/rep"
    expect_ok "$TSC" report "$EX" --no-imports --extensions "$TMP/exjobs.csv" --out "$TMP/rep" --quiet || return 1
    file_has "$OUT" '^3e\. Jobs at risk' || return 1
    file_has "$TMP/rep/jobs.csv" '^scenario,region,unit,jobs_first_order,jobs_ge$' || return 1
    grep -q 'Jobs at risk' "$TMP/rep/index.html" || { why "no jobs at risk on the page"; return 1; }
    rm -rf "$TMP/rep2"
    expect_ok "$TSC" report "$EX" --no-imports --out "$TMP/rep2" --quiet || return 1
    [ ! -e "$TMP/rep2/jobs.csv" ] || { why "jobs.csv without an employment account"; return 1; }
    ! grep -q '^3e\.' "$OUT" || why "jobs section without an employment account"
}

case_exio3_mock() {  # EXIOBASE 3's satellite/ through leontief
    skip_if_absent "$MOCKS/exio3_mock"
    rm -rf "$TMP/exio"
    expect_ok "$TSC" leontief "$MOCKS/exio3_mock" --extensions --out "$TMP/exio" || return 1
    file_has "$TMP/exio/extensions/satellite/by_region.csv" '^AUS,emission_type1,kg,' || return 1
}

run_case "leontief --extensions FILE: the accounts and their identities" case_leontief_accounts
run_case "--extensions=FILE, --extensions FILE and --extensions alone" case_option_forms
run_case "--extensions alone on a table without extensions" case_no_extensions
run_case "user CSV errors located, nothing written" case_csv_errors
run_case "info lists extensions; convert carries them (pymrio, native, cache)" case_info_and_convert
run_case "shock and solve write accounts.csv" case_shock_and_solve_accounts
run_case "report: jobs at risk" case_report_jobs
run_case "EXIOBASE 3 mock satellite accounts" case_exio3_mock
finish
