# tariffscope leontief on the decompr reference tables (../shared/vectors/gvc): V^BY against decompr's
# leontief_final_demand.csv (committed in long form under expected/), L and the multipliers against what decompr's
# V^B (leontief_none.csv) implies, and the accounting identities between the output files.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

GVC=$SHARED/vectors/gvc
skip_if_absent "$GVC/leather/leontief_final_demand.csv"

# wide_to_long WIDE.csv: decompr's V^BY (rows Region.Sector, one column per destination region) in the CLI's
# long layout origin_region,origin_sector,destination_region,value; the values are copied as text, unchanged.
# This is the awk that made expected/*_va_origin_destination.csv (see expected/README.md).
wide_to_long() {
    awk -F, '{ gsub(/"/, ""); sub(/\r$/, "") }
        NR == 1 { for (j = 2; j <= NF; j++) dest[j] = $j; print "origin_region,origin_sector,destination_region,value"; next }
        NF > 1 { p = index($1, "."); for (j = 2; j <= NF; j++) print substr($1, 1, p - 1) "," substr($1, p + 1) "," dest[j] "," $j }' "$1"
}

# reference_L DIR: the Leontief inverse implied by decompr: L = diag(x/va) V^B with V^B = leontief_none.csv and
# x, va from input_x_va.csv; printed in the layout of the CLI's L.csv.
reference_L() {
    awk -F, '{ gsub(/"/, ""); sub(/\r$/, "") }
        FNR == NR && FNR == 1 { for (j = 2; j <= NF; j++) { if ($j == "x") jx = j; if ($j == "va") jv = j }; next }
        FNR == NR { s[$1] = $jx / $jv; next }
        FNR == 1 { printf "\"\""; for (j = 2; j <= NF; j++) printf ",%s", $j; printf "\n"; next }
        NF > 1 { printf "%s", $1; for (j = 2; j <= NF; j++) printf ",%.17g", $j * s[$1]; printf "\n" }' \
        "$1/input_x_va.csv" "$1/leontief_none.csv"
}

# reference_multipliers DIR: multipliers.csv computed from reference_L and input_x_va.csv alone: output multiplier
# = column sum of L, va coefficient = va/x, backward linkage = column sum / mean column sum, forward linkage = row
# sum of the Ghosh inverse x^-1 L x^ / its mean.
reference_multipliers() {
    reference_L "$1" >"$TMP/refL.csv"
    awk -F, '{ gsub(/"/, ""); sub(/\r$/, "") }
        FNR == NR && FNR == 1 { for (j = 2; j <= NF; j++) { if ($j == "x") jx = j; if ($j == "va") jv = j }; next }
        FNR == NR { n++; lab[n] = $1; x[n] = $jx; va[n] = $jv; next }
        FNR == 1 { next }
        NF > 1 { i++; for (j = 2; j <= NF; j++) L[i, j - 1] = $j }
        END {
            for (j = 1; j <= n; j++) { cs[j] = 0; for (i = 1; i <= n; i++) cs[j] += L[i, j]; mc += cs[j] / n }
            for (i = 1; i <= n; i++) { g[i] = 0; for (j = 1; j <= n; j++) g[i] += L[i, j] * x[j] / x[i]; mg += g[i] / n }
            print "region,sector,x,output_multiplier,va_coefficient,backward_linkage,forward_linkage"
            for (i = 1; i <= n; i++) {
                p = index(lab[i], ".")
                printf "%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", substr(lab[i], 1, p - 1), substr(lab[i], p + 1),
                    x[i], cs[i], va[i] / x[i], cs[i] / mc, g[i] / mg
            }
        }' "$1/input_x_va.csv" "$TMP/refL.csv"
}

# max_rel_gap A B: prints max |a-b| / max(|a|,|b|) over two files of "key value" lines in the same order.
max_rel_gap() {
    paste -d' ' "$1" "$2" | awk '{ if ($1 != $3) { print "keys differ: " $1 " vs " $3; bad = 1; exit }
        d = $2 - $4; if (d < 0) d = -d; a = $2 < 0 ? -$2 : $2; b = $4 < 0 ? -$4 : $4; m = a > b ? a : b
        r = m > 0 ? d / m : d; if (r > worst) worst = r }
        END { if (!bad) printf "%.3g\n", worst + 0 }'
}

# rel_ok GAP: GAP (from max_rel_gap) is a number <= 1e-9.
rel_ok() {
    awk -v g="$1" 'BEGIN { exit !(g ~ /^[0-9.e+-]+$/ && g + 0 <= 1e-9) }' || why "$2: max relative gap $1 > 1e-9"
}

case_golden_provenance() {  # the committed golden file is exactly what the awk derives from decompr's output
    wide_to_long "$GVC/$1/leontief_final_demand.csv" >"$TMP/$1_golden.csv"
    cmp -s "$TMP/$1_golden.csv" "$HERE/expected/$1_va_origin_destination.csv" && return 0
    same_csv "$TMP/$1_golden.csv" "$HERE/expected/$1_va_origin_destination.csv" --rtol 0 --atol 0 || return 1
    why "expected/$1_va_origin_destination.csv is not byte for byte what wide_to_long makes (same values)"
}

case_run() {
    rm -rf "${TMP:?}/$1"
    expect_ok "$TSC" leontief "$GVC/$1" --out "$TMP/$1" --inverse || return 1
    file_has "$OUT" "^wrote .*multipliers\.csv.*va_origin_destination\.csv and L\.csv" || return 1
    _files=$(find "$TMP/$1" -mindepth 1 -maxdepth 1 -print | sed 's|.*/||' | sort | tr '\n' ' ')
    [ "$_files" = "L.csv multipliers.csv va_origin_destination.csv " ] || why "output folder holds: $_files"
}

case_vby_golden() {
    same_csv "$TMP/$1/va_origin_destination.csv" "$HERE/expected/$1_va_origin_destination.csv" --rtol 1e-9 --atol 1e-12
}

case_headers() {
    [ "$(head -n 1 "$TMP/$1/multipliers.csv")" = \
        "region,sector,x,output_multiplier,va_coefficient,backward_linkage,forward_linkage" ] ||
        { why "multipliers.csv header: $(head -n 1 "$TMP/$1/multipliers.csv")"; return 1; }
    [ "$(head -n 1 "$TMP/$1/va_origin_destination.csv")" = "origin_region,origin_sector,destination_region,value" ] ||
        { why "va_origin_destination.csv header: $(head -n 1 "$TMP/$1/va_origin_destination.csv")"; return 1; }
    _n=$(($(wc -l <"$GVC/$1/input_x_va.csv") - 1))
    [ "$(wc -l <"$TMP/$1/multipliers.csv")" -eq $((_n + 1)) ] || { why "multipliers.csv: not $_n data rows"; return 1; }
    [ "$(wc -l <"$TMP/$1/L.csv")" -eq $((_n + 1)) ] || why "L.csv: not $_n data rows"
}

case_L_reference() {
    reference_L "$GVC/$1" >"$TMP/$1_L.csv"
    same_csv "$TMP/$1/L.csv" "$TMP/$1_L.csv" --rtol 1e-9 --atol 1e-12
}

case_multipliers_reference() {
    reference_multipliers "$GVC/$1" >"$TMP/$1_mult.csv"
    same_csv "$TMP/$1/multipliers.csv" "$TMP/$1_mult.csv" --rtol 1e-9 --atol 1e-12
}

# sum over destinations of V^BY = value added of the origin row = x * va_coefficient (from multipliers.csv)
case_identity_va_rows() {
    awk -F, 'NR > 1 { k = $1 "." $2; if (!(k in s)) o[++n] = k; s[k] += $4 } END { for (i = 1; i <= n; i++) printf "%s %.17g\n", o[i], s[o[i]] }' \
        "$TMP/$1/va_origin_destination.csv" >"$TMP/$1_va_sum.txt"
    awk -F, 'NR > 1 { printf "%s.%s %.17g\n", $1, $2, $3 * $5 }' "$TMP/$1/multipliers.csv" >"$TMP/$1_va_mult.txt"
    _g=$(max_rel_gap "$TMP/$1_va_sum.txt" "$TMP/$1_va_mult.txt")
    rel_ok "$_g" "sum_r V^BY vs x*va_coefficient" || return 1
    # and x itself is the input's x, digit for digit
    awk -F, '{ gsub(/"/, "") } NR > 1 { print $1 "," $2 }' "$GVC/$1/input_x_va.csv" >"$TMP/$1_x_in.csv"
    awk -F, 'NR > 1 { print $1 "." $2 "," $3 }' "$TMP/$1/multipliers.csv" >"$TMP/$1_x_out.csv"
    same_csv "$TMP/$1_x_out.csv" "$TMP/$1_x_in.csv" --rtol 0 --atol 0
}

# sum over origins of V^BY = final demand of the destination region (column sums of input_Y_by_country.csv)
case_identity_va_destinations() {
    awk -F, 'NR > 1 { if (!($3 in s)) o[++n] = $3; s[$3] += $4 } END { for (i = 1; i <= n; i++) printf "%s %.17g\n", o[i], s[o[i]] }' \
        "$TMP/$1/va_origin_destination.csv" >"$TMP/$1_fd_vby.txt"
    awk -F, '{ gsub(/"/, ""); sub(/\r$/, "") } NR == 1 { for (j = 2; j <= NF; j++) r[j] = $j; next }
        { for (j = 2; j <= NF; j++) s[j] += $j } END { for (j = 2; j <= NF; j++) printf "%s %.17g\n", r[j], s[j] }' \
        "$GVC/$1/input_Y_by_country.csv" >"$TMP/$1_fd_in.txt"
    _g=$(max_rel_gap "$TMP/$1_fd_vby.txt" "$TMP/$1_fd_in.txt")
    rel_ok "$_g" "sum_i V^BY vs final demand"
}

# value-added multipliers v'L = 1 for a balanced table, with L from L.csv and v from multipliers.csv
case_identity_vL() {
    awk -F, 'FNR == NR { if (FNR > 1) v[FNR - 1] = $5; next }
        FNR == 1 { n = NF - 1; next }
        { for (j = 2; j <= NF; j++) s[j - 1] += v[FNR - 1] * $j }
        END { for (j = 1; j <= n; j++) printf "c%d %.17g\n", j, s[j] }' \
        "$TMP/$1/multipliers.csv" "$TMP/$1/L.csv" >"$TMP/$1_vL.txt"
    awk '{ print $1, 1 }' "$TMP/$1_vL.txt" >"$TMP/$1_ones.txt"
    _g=$(max_rel_gap "$TMP/$1_vL.txt" "$TMP/$1_ones.txt")
    rel_ok "$_g" "v'L vs 1"
}

case_no_inverse() {  # without --inverse there is no L.csv; the other files are the same as with it
    rm -rf "$TMP/$1_noinv"
    expect_ok "$TSC" leontief "$GVC/$1" --out "$TMP/$1_noinv" || return 1
    [ ! -e "$TMP/$1_noinv/L.csv" ] || { why "L.csv written without --inverse"; return 1; }
    same_csv "$TMP/$1_noinv/multipliers.csv" "$TMP/$1/multipliers.csv" --rtol 0 --atol 0 || return 1
    same_csv "$TMP/$1_noinv/va_origin_destination.csv" "$TMP/$1/va_origin_destination.csv" --rtol 0 --atol 0
}

case_rerun_overwrites() {  # a second run into the same folder replaces the files and leaves no temporaries
    cp "$TMP/$1/multipliers.csv" "$TMP/$1_mult_first.csv"
    echo "stale" >"$TMP/$1/multipliers.csv"
    expect_ok "$TSC" leontief "$GVC/$1" --out "$TMP/$1" --inverse || return 1
    same_csv "$TMP/$1/multipliers.csv" "$TMP/$1_mult_first.csv" --rtol 0 --atol 0 || return 1
    _hidden=$(hidden_files "$TMP/$1")
    [ -z "$_hidden" ] || why "temporaries left: $_hidden"
}

for t in leather random5x4; do
    run_case "$t: golden V^BY file derives from decompr's leontief_final_demand.csv" case_golden_provenance "$t"
    run_case "$t: leontief --inverse writes exactly L, multipliers, va_origin_destination" case_run "$t"
    run_case "$t: va_origin_destination.csv == decompr V^BY (rtol 1e-9)" case_vby_golden "$t"
    run_case "$t: headers and row counts" case_headers "$t"
    run_case "$t: L.csv == diag(x/va) * decompr V^B (rtol 1e-9)" case_L_reference "$t"
    run_case "$t: multipliers.csv == column/Ghosh row sums of decompr's L (rtol 1e-9)" case_multipliers_reference "$t"
    run_case "$t: sum over destinations of V^BY == x * va_coefficient; x == input x" case_identity_va_rows "$t"
    run_case "$t: sum over origins of V^BY == final demand by destination" case_identity_va_destinations "$t"
    run_case "$t: v'L == 1 (value-added multipliers of a balanced table)" case_identity_vL "$t"
    run_case "$t: without --inverse: no L.csv, same other outputs" case_no_inverse "$t"
    run_case "$t: rerun into the same folder overwrites, no temporaries" case_rerun_overwrites "$t"
done
finish
