# Every bad-input path through the CLI: a non-zero exit, a message located at file:line:col (or file:line: / file:
# where no column applies) naming the right file, and no output left behind. Also the accepted variants (BOM, CRLF,
# quoting, gzip, ...) that must give the same numbers as the clean table. Runs on a hand-made table: no ../shared.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

TINY=$TMP/tiny
make_tiny "$TINY"
expect_ok "$TSC" leontief "$TINY" --out "$TMP/clean" --inverse || { echo "FAIL: the clean tiny table does not run: $WHY"; show_output; exit 1; }

# variant NAME [bycountry]: a fresh copy of the tiny table at $TMP/v/NAME; prints the path.
variant() {
    rm -rf "$TMP/v/$1"
    make_tiny "$TMP/v/$1" "${2:-}"
    echo "$TMP/v/$1"
}

# bad_leontief DIR MESSAGE_REGEX [options]: leontief on DIR exits 1 with stderr matching
# "tariffscope: DIR/MESSAGE_REGEX" (DIR escaped; MESSAGE_REGEX starts after the folder's slash, or with ':' for
# a message about the folder itself), and leaves no output behind, whether --out existed before (empty) or not.
bad_leontief() {
    _dir=$1; _re="^tariffscope: $(re_escape "$_dir")$2"; shift 2
    _o=$TMP/out.leontief
    rm -rf "$_o"
    expect_fail 1 "$_re" "$TSC" leontief "$_dir" --out "$_o" --inverse "$@" || return 1
    expect_no_output "$_o" || return 1
    mkdir -p "$_o"
    expect_fail 1 "$_re" "$TSC" leontief "$_dir" --out "$_o" "$@" || return 1
    expect_no_output "$_o" || return 1
    rm -rf "$_o"
}

# bad_table DIR MESSAGE_REGEX [options]: a table that does not load: bad_leontief, and the same for convert (to
# a native folder and to a cache file).
bad_table() {
    bad_leontief "$@" || return 1
    _dir=$1; _re="^tariffscope: $(re_escape "$_dir")$2"; shift 2
    _o=$TMP/out.convert
    rm -rf "$_o" "$_o.tsc"
    expect_fail 1 "$_re" "$TSC" convert "$_dir" --out "$_o" "$@" || return 1
    expect_no_output "$_o" || return 1
    expect_fail 1 "$_re" "$TSC" convert "$_dir" --out "$_o.tsc" --to cache "$@" || return 1
    expect_no_output "$_o.tsc"
}

# same_as_clean DIR [options]: leontief on DIR succeeds and gives the clean table's numbers, bit for bit.
same_as_clean() {
    _dir=$1; shift
    rm -rf "$TMP/out.ok"
    expect_ok "$TSC" leontief "$_dir" --out "$TMP/out.ok" --inverse "$@" || return 1
    same_outputs "$TMP/clean" "$TMP/out.ok" --rtol 0 --atol 0
}

# changed DIR FILE...: each DIR/FILE differs from the clean table's (so that a variant case tests something).
changed() {
    _dir=$1; shift
    for _f in "$@"; do
        [ -e "$_dir/$_f" ] || { why "$_dir/$_f missing"; return 1; }
        ! cmp -s "$_dir/$_f" "$TINY/$_f" || { why "$_f is the same as the clean one"; return 1; }
    done
}

# close_to_clean DIR [options]: the same within 1e-12 relative (for x or va recomputed from sums of Z and Y).
close_to_clean() {
    _dir=$1; shift
    rm -rf "$TMP/out.ok"
    expect_ok "$TSC" leontief "$_dir" --out "$TMP/out.ok" --inverse "$@" || return 1
    same_outputs "$TMP/clean" "$TMP/out.ok" --rtol 1e-12 --atol 1e-15
}

# ---- malformed CSV ------------------------------------------------------------------------------------------------
case_ragged_short() {
    d=$(variant ragged_short); edit "$d/input_Z.csv" '3s/,6\.4$//'
    bad_table "$d" '/input_Z\.csv:3:20: ragged row: 4 fields where the header has 5'
}
case_ragged_long() {
    d=$(variant ragged_long); edit "$d/input_Z.csv" '3s/$/,1/'
    bad_table "$d" '/input_Z\.csv:3:25: ragged row: 6 fields where the header has 5'
}
case_ragged_header() {
    d=$(variant ragged_header); edit "$d/input_x_va.csv" '1s/,va$//'
    bad_table "$d" '/input_x_va\.csv:2:[0-9]+: ragged row: 3 fields where the header has 2'
}
case_non_number() {
    d=$(variant abc); edit "$d/input_Z.csv" '3s/20\.35/abc/'
    bad_table "$d" "/input_Z\\.csv:3:11: 'abc' is not a number"
}
case_nan() {
    d=$(variant nan); edit "$d/input_Yfd.csv" '4s/31\.15/NaN/'
    bad_table "$d" "/input_Yfd\\.csv:4:15: 'NaN' is not a finite number"
}
case_inf() {
    d=$(variant inf); edit "$d/input_x_va.csv" '3s/71\.6/Inf/'
    bad_table "$d" "/input_x_va\\.csv:3:7: 'Inf' is not a finite number"
}
case_overflow() {
    d=$(variant overflow); edit "$d/input_Z.csv" '5s/11\.2$/-1e999/'
    bad_table "$d" "/input_Z\\.csv:5:20: '-1e999' is not a finite number"
}
case_empty_field() {
    d=$(variant empty_field); edit "$d/input_Z.csv" '3s/20\.35//'
    bad_table "$d" '/input_Z\.csv:3:11: empty field where a number is expected'
}
case_quote_in_field() {
    d=$(variant quote_in_field); edit "$d/input_Z.csv" '3s/20\.35/20"35/'
    bad_table "$d" '/input_Z\.csv:3:13: quote inside an unquoted field'
}
case_after_quote() {
    d=$(variant after_quote); edit "$d/input_Z.csv" '3s/20\.35/"20.35"x/'
    bad_table "$d" "/input_Z\\.csv:3:18: unexpected character 'x' after a closing quote"
}
case_unterminated_quote() {
    d=$(variant unterminated); edit "$d/input_Z.csv" '3s/20\.35/"20.35/'
    bad_table "$d" '/input_Z\.csv:3: unterminated quoted field at end of file'
}
case_extra_row() {
    d=$(variant extra_row); echo "BB.s3,1,2,3,4" >>"$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv:6:1: more rows than the 4 expected'
}
case_missing_row() {
    d=$(variant missing_row); edit "$d/input_x_va.csv" '5d'
    bad_table "$d" '/input_x_va\.csv:5: 3 data rows where 4 are expected'
}

# ---- labels -------------------------------------------------------------------------------------------------------
case_duplicate_column() {
    d=$(variant dup_col); edit "$d/input_Z.csv" '1s/AA\.s2/AA.s1/'
    bad_table "$d" "/input_Z\\.csv:1:10: duplicate sector 's1' in region 'AA'"
}
case_duplicate_row() {
    d=$(variant dup_row); edit "$d/input_Z.csv" '3s/^AA\.s2/AA.s1/'
    bad_table "$d" "/input_Z\\.csv:3:1: row label 'AA\\.s1' where 'AA\\.s2' is expected"
}
case_duplicate_region() {  # 3 regions AA, BB, AA: the grid is read, then the repeated region is refused
    d=$(variant dup_region)
    awk 'BEGIN { split("AA.s1 AA.s2 BB.s1 BB.s2 AA.s1 AA.s2", L, " "); printf "\"\""; for (j = 1; j <= 6; j++) printf ",%s", L[j]; printf "\n"
        for (i = 1; i <= 6; i++) { printf "%s", L[i]; for (j = 1; j <= 6; j++) printf ",%.2f", (i * 7 + j * 3) % 11 + 0.25; printf "\n" } }' \
        >"$d/input_Z.csv"
    bad_table "$d" "/input_Z\\.csv:1:28: region 'AA' appears twice"
}
case_row_label_mismatch() {
    d=$(variant row_mismatch); edit "$d/input_x_va.csv" '4s/^BB\.s1/BB.s2/;5s/^BB\.s2/BB.s1/'
    bad_table "$d" "/input_x_va\\.csv:4:1: row label 'BB\\.s2' where 'BB\\.s1' is expected"
}
case_y_row_unknown() {
    d=$(variant y_row); edit "$d/input_Yfd.csv" '5s/^BB\.s2/CC.s2/'
    bad_table "$d" "/input_Yfd\\.csv:5:1: row label 'CC\\.s2' where 'BB\\.s2' is expected"
}
case_misordered_columns() {
    d=$(variant misordered); edit "$d/input_Z.csv" '1s/BB\.s1,BB\.s2/BB.s2,BB.s1/'
    bad_table "$d" "/input_Z\\.csv:1:16: column label 'BB\\.s2' where 'BB\\.s1' is expected"
}
case_unknown_sector() {
    d=$(variant unknown_sector); edit "$d/input_Z.csv" '1s/BB\.s1/BB.s9/'
    bad_table "$d" "/input_Z\\.csv:1:16: column label 'BB\\.s9' where 'BB\\.s1' is expected"
}
case_label_without_region() {
    d=$(variant no_sep); edit "$d/input_Z.csv" '1s/AA\.s1/AAs1/'
    bad_table "$d" "/input_Z\\.csv:1:4: column label 'AAs1' is not of the form REGION\\.CODE"
}
case_empty_column_label() {
    d=$(variant empty_col_label); edit "$d/input_Z.csv" '1s/,AA\.s2,/,,/'
    bad_table "$d" '/input_Z\.csv:1:10: empty column label'
}
case_empty_row_label() {
    d=$(variant empty_row_label); edit "$d/input_Z.csv" '4s/^BB\.s1//'
    bad_table "$d" '/input_Z\.csv:4:1: empty row label'
}
case_fd_region_unknown() {
    d=$(variant fd_region); edit "$d/input_Yfd.csv" '1s/BB\.HH,BB\.GOV/CC.HH,CC.GOV/'
    bad_table "$d" "/input_Yfd\\.csv:1:17: final-demand region 'CC' where 'BB' is expected"
}
case_fd_region_misordered() {
    d=$(variant fd_order); edit "$d/input_Yfd.csv" '1s/AA\.HH,AA\.GOV,BB\.HH,BB\.GOV/BB.HH,BB.GOV,AA.HH,AA.GOV/'
    bad_table "$d" "/input_Yfd\\.csv:1:4: final-demand region 'BB' where 'AA' is expected"
}
case_fd_category_misordered() {
    d=$(variant fd_cat); edit "$d/input_Yfd.csv" '1s/BB\.HH,BB\.GOV/BB.GOV,BB.HH/'
    bad_table "$d" "/input_Yfd\\.csv:1:17: column label 'BB\\.GOV' where 'BB\\.HH' is expected"
}
case_fd_bycountry_unknown() {
    d=$(variant bycountry_unknown bycountry); edit "$d/input_Y_by_country.csv" '1s/,BB$/,ZZ/'
    bad_table "$d" "/input_Y_by_country\\.csv:1:7: final-demand column 'ZZ' where region 'BB' is expected"
}
case_no_x_column() {
    d=$(variant no_x); edit "$d/input_x_va.csv" '1s/^row,x,va$/row,output,va/'
    bad_table "$d" "/input_x_va\\.csv:1: no column named 'x'"
}

# ---- files --------------------------------------------------------------------------------------------------------
case_missing_x_va() {
    d=$(variant no_xva); rm "$d/input_x_va.csv"
    bad_table "$d" ': missing file: expected input_x_va\.csv or input_x_va\.csv\.gz in this folder'
}
case_missing_y() {
    d=$(variant no_y); rm "$d/input_Yfd.csv"
    bad_table "$d" ': missing file: expected input_Yfd\.csv or input_Y_by_country\.csv'
}
case_empty_z() {
    d=$(variant empty_z); : >"$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv: file is empty'
}
case_empty_x_va() {
    d=$(variant empty_xva); : >"$d/input_x_va.csv"
    bad_table "$d" '/input_x_va\.csv: file is empty'
}
case_blank_lines_only() {
    d=$(variant blank_z); printf '\n\n\r\n' >"$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv: file is empty'
}
case_no_table_here() {
    mkdir -p "$TMP/v/nothing"
    bad_table "$TMP/v/nothing" ': unrecognised table folder'
}
case_no_such_path() {
    bad_table "$TMP/v/does-not-exist" ': no such file or folder'
}
case_not_a_cache() {
    bad_table "$TINY/input_Z.csv" ': not a tariffscope cache file'
}

# now_s: seconds since the epoch (date +%s is in GNU, BSD and busybox date).
now_s() { date +%s; }

# sparse FILE: a 2 GiB file of NUL bytes that takes no disk space.
sparse() { truncate -s 2G "$1" 2>/dev/null || dd if=/dev/null of="$1" bs=1 seek=2147483648 2>/dev/null; }

case_binary_2g() {  # a 2 GiB sparse file of NUL bytes is refused at its first byte, at once
    d=$(variant binary); rm "$d/input_Z.csv"; sparse "$d/input_Z.csv" || { why "cannot make a sparse file"; return 1; }
    _t0=$(now_s)
    bad_table "$d" '/input_Z\.csv:1:1: binary data \(NUL byte\)' || return 1
    _dt=$(($(now_s) - _t0))
    [ "$_dt" -lt 5 ] || why "took ${_dt} s (3 runs) to refuse a 2 GiB binary file"
}
case_binary_after_header() {  # a valid header, then 2 GiB of NUL bytes
    d=$(variant binary2); head -n 1 "$TINY/input_Z.csv" >"$d/input_Z.csv"; sparse "$d/input_Z.csv" || return 1
    _t0=$(now_s)
    bad_table "$d" '/input_Z\.csv:2:1: binary data \(NUL byte\)' || return 1
    _dt=$(($(now_s) - _t0))
    [ "$_dt" -lt 5 ] || why "took ${_dt} s to refuse"
}
case_binary_gzip() {  # NUL bytes inside a gzip stream are refused the same way
    d=$(variant binary_gz); rm "$d/input_Z.csv"
    dd if=/dev/zero bs=1024 count=10240 2>/dev/null | gzip -c >"$d/input_Z.csv.gz"
    bad_table "$d" '/input_Z\.csv\.gz:1:1: binary data \(NUL byte\)'
}
case_huge_header() {  # a header announcing a 40000 x 40000 matrix is refused before any row is read
    d=$(variant huge)
    awk 'BEGIN { printf "\"\""; for (i = 0; i < 40000; i++) printf ",R%d.s", i; printf "\n" }' >"$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv:1: a 40000 x 40000 matrix exceeds the [0-9]+ MiB memory ceiling'
}
case_gzip_truncated_data() {  # a gzip file cut in the middle of its data
    d=$(variant gz_cut); gzip -c "$d/input_Z.csv" | head -c 60 >"$d/input_Z.csv.gz"; rm "$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv\.gz:'
}
case_gzip_truncated_trailer() {  # complete data, but the gzip trailer (CRC-32 and length) cut off: must be refused
    d=$(variant gz_trailer); gzip -c "$d/input_Z.csv" >"$d/z.gz"
    _sz=$(wc -c <"$d/z.gz"); head -c $((_sz - 8)) "$d/z.gz" >"$d/input_Z.csv.gz"; rm "$d/z.gz" "$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv\.gz(:[0-9]+)?: .*(truncated|unexpected end of file|incomplete)'
}
case_gzip_corrupt_crc() {
    d=$(variant gz_crc); gzip -c "$d/input_Z.csv" >"$d/input_Z.csv.gz"; rm "$d/input_Z.csv"
    _sz=$(wc -c <"$d/input_Z.csv.gz")
    printf '\377' | dd of="$d/input_Z.csv.gz" bs=1 seek=$((_sz - 3)) conv=notrunc 2>/dev/null
    bad_table "$d" '/input_Z\.csv\.gz:1: read error: .*(length|crc|check)'
}
case_cache_truncated() {
    rm -f "$TMP/v/t.tsc"
    expect_ok "$TSC" convert "$TINY" --out "$TMP/v/t.tsc" --to cache || return 1
    _sz=$(wc -c <"$TMP/v/t.tsc")
    head -c $((_sz - 1)) "$TMP/v/t.tsc" >"$TMP/v/cut.tsc"
    bad_table "$TMP/v/cut.tsc" ': corrupt cache: sizes in the header do not match the file size'
}
case_cache_flipped_byte() {
    cp "$TMP/v/t.tsc" "$TMP/v/flip.tsc"
    printf '\377' | dd of="$TMP/v/flip.tsc" bs=1 seek=300 conv=notrunc 2>/dev/null
    bad_table "$TMP/v/flip.tsc" ': corrupt cache: checksum mismatch'
}
case_native_bad_json() {
    rm -rf "$TMP/v/nat"
    expect_ok "$TSC" convert "$TINY" --out "$TMP/v/nat" || return 1
    cp -R "$TMP/v/nat" "$TMP/v/nat_json"; edit "$TMP/v/nat_json/meta.json" '3s/,$/,,/'
    bad_table "$TMP/v/nat_json" '/meta\.json:3:[0-9]+: '
}
case_native_meta_labels() {  # meta.json names a region the CSVs do not have
    cp -R "$TMP/v/nat" "$TMP/v/nat_lab"; edit "$TMP/v/nat_lab/meta.json" 's/"BB"/"CC"/'
    bad_table "$TMP/v/nat_lab" "/Z\\.csv:1:16: column label 'BB\\.s1' where 'CC\\.s1' is expected"
}
case_native_format_tag() {
    cp -R "$TMP/v/nat" "$TMP/v/nat_fmt"; edit "$TMP/v/nat_fmt/meta.json" 's/tariffscope-native/something-else/'
    bad_table "$TMP/v/nat_fmt" '/meta\.json:2:3: "format": must be "tariffscope-native"'
}
case_wrong_format_option() {
    bad_table "$TINY" ': missing file: expected Z\.csv\.gz or Z\.csv' --format native
}

# ---- accounting and the Leontief system ---------------------------------------------------------------------------
case_unbalanced_x() {  # x of AA.s2 10% too high: refused, naming input_x_va.csv's line, until --rebalance
    d=$(variant unbalanced_x); edit "$d/input_x_va.csv" '3s/^AA\.s2,71\.6,/AA.s2,78.76,/'
    bad_table "$d" '/input_x_va\.csv:3: row identity Z1 \+ Y1 = x fails at AA\.s2: .*--rebalance' || return 1
    bad_table "$d" '/input_x_va\.csv:3: row identity' --tolerance 0.05 || return 1
    close_to_clean "$d" --rebalance || return 1
    expect_ok "$TSC" leontief "$d" --out "$TMP/out.tol" --tolerance 0.1  # a 9.1% gap is within 10%
}
case_unbalanced_va() {
    d=$(variant unbalanced_va); edit "$d/input_x_va.csv" '3s/,39$/,42.9/'
    bad_table "$d" "/input_x_va\\.csv:3: column identity 1'Z \\+ va = x fails at AA\\.s2: .*--rebalance" || return 1
    close_to_clean "$d" --rebalance
}
case_tight_tolerance() {  # the clean table balances to ~1e-16 relative, not to 1e-300
    bad_table "$TINY" '/input_x_va\.csv:[0-9]+: row identity' --tolerance 1e-300
}

# uniform DIR Z X Y VA: a 2 x 2 table with every Z entry Z, every x X, one final-demand column per region of Y
# each, every va VA.
uniform() {
    mkdir -p "$1"
    { echo '"",AA.s1,AA.s2,BB.s1,BB.s2'; for r in AA.s1 AA.s2 BB.s1 BB.s2; do echo "$r,$2,$2,$2,$2"; done; } >"$1/input_Z.csv"
    { echo '"",AA,BB'; for r in AA.s1 AA.s2 BB.s1 BB.s2; do echo "$r,$4,$4"; done; } >"$1/input_Y_by_country.csv"
    { echo 'row,x,va'; for r in AA.s1 AA.s2 BB.s1 BB.s2; do echo "$r,$3,$5"; done; } >"$1/input_x_va.csv"
}
case_unproductive() {  # A = 0.3 everywhere: column sums 1.2 > 1; balanced with negative final demand and va
    uniform "$TMP/v/unprod" 3 10 -1 -2
    bad_leontief "$TMP/v/unprod" ': I - A is not productive: .*spectral radius of A is at least 1' || return 1
    expect_fail 1 'not productive' "$TSC" info "$TMP/v/unprod"
}
case_singular() {  # A = 0.25 everywhere: spectral radius exactly 1, I - A singular
    uniform "$TMP/v/singular" 2.5 10 0 0
    bad_leontief "$TMP/v/singular" ': I - A is singular' || return 1
    expect_fail 1 'singular' "$TSC" info "$TMP/v/singular"
}

# degenerate DIR: the tiny table with sector BB.s2 empty (x = 0, its row, column and final demand zero)
degenerate() {
    mkdir -p "$1"
    printf '"",AA.s1,AA.s2,BB.s1,BB.s2\nAA.s1,12.5,3.25,4.1,0\nAA.s2,5.2,20.35,1.9,0\nBB.s1,2.7,0.6,15.85,0\nBB.s2,0,0,0,0\n' \
        >"$1/input_Z.csv"
    printf '"",AA,BB\nAA.s1,30.2,9.1\nAA.s2,25.45,12.3\nBB.s1,8.8,40.15\nBB.s2,0,0\n' >"$1/input_Y_by_country.csv"
    printf 'row,x,va\nAA.s1,59.15,38.75\nAA.s2,65.2,41\nBB.s1,68.1,46.25\nBB.s2,0,0\n' >"$1/input_x_va.csv"
}
case_strict_zero_output() {
    degenerate "$TMP/v/degenerate"
    bad_table "$TMP/v/degenerate" '/input_x_va\.csv:5: 1 sectors? ha(s|ve) zero or negative gross output \(first: BB\.s2, x = 0\); strict mode refuses' --strict
}
case_zero_output_warning() {
    rm -rf "$TMP/out.deg"
    expect_ok "$TSC" leontief "$TMP/v/degenerate" --out "$TMP/out.deg" || return 1
    expect_stderr '^tariffscope: warning: 1 sector with zero or negative gross output .*BB\.s2 \(x = 0\).*--strict' || return 1
    file_has "$TMP/out.deg/multipliers.csv" '^BB,s2,0,1,0,' || return 1
    expect_ok "$TSC" info "$TMP/v/degenerate" || return 1
    expect_stderr 'warning: 1 sector'
}

# ---- accepted variants: the same numbers as the clean table --------------------------------------------------------
case_bom() {
    d=$(variant bom); { printf '\357\273\277'; cat "$TINY/input_Z.csv"; } >"$d/input_Z.csv"
    changed "$d" input_Z.csv || return 1
    same_as_clean "$d"
}
case_bom_everywhere() {
    d=$(variant bom_all)
    for f in "$d"/*.csv; do { printf '\357\273\277'; cat "$f"; } >"$f.b" && mv "$f.b" "$f" || return 1; done
    changed "$d" input_Z.csv input_Yfd.csv input_x_va.csv || return 1
    same_as_clean "$d"
}
case_crlf() {
    d=$(variant crlf)
    for f in "$d"/*.csv; do awk '{ printf "%s\r\n", $0 }' "$f" >"$f.c" && mv "$f.c" "$f" || return 1; done
    changed "$d" input_Z.csv input_Yfd.csv input_x_va.csv || return 1
    same_as_clean "$d"
}
case_bom_crlf_no_final_newline() {
    d=$(variant bom_crlf)
    { printf '\357\273\277'; awk '{ printf "%s\r\n", $0 }' "$TINY/input_Z.csv"; } >"$d/input_Z.csv"
    awk 'NR > 1 { printf "\r\n" } { printf "%s", $0 }' "$TINY/input_x_va.csv" >"$d/input_x_va.csv"
    changed "$d" input_Z.csv input_x_va.csv || return 1
    same_as_clean "$d"
}
case_quoted() {  # every field quoted, as R's write.csv does
    d=$(variant quoted)
    for f in "$d"/*.csv; do
        awk -F, '{ for (j = 1; j <= NF; j++) { v = $j; gsub(/"/, "", v); printf "%s\"%s\"", (j > 1 ? "," : ""), v }; printf "\n" }' \
            "$f" >"$f.q" && mv "$f.q" "$f" || return 1
    done
    changed "$d" input_Z.csv input_Yfd.csv input_x_va.csv || return 1
    same_as_clean "$d"
}
case_blank_lines_and_spaces() {
    d=$(variant blanks)
    edit "$d/input_Z.csv" '3s/,20\.35,/, 20.35 ,/'
    awk '{ print } NR == 2 { print "" }' "$d/input_Yfd.csv" >"$d/y" && mv "$d/y" "$d/input_Yfd.csv"
    printf '\n\n' >>"$d/input_x_va.csv"
    changed "$d" input_Z.csv input_Yfd.csv input_x_va.csv || return 1
    same_as_clean "$d"
}
case_number_spellings() {  # 1.25e1, +3.25, 4.10, .8, 0005.2, 20.350E0 are the clean table's numbers
    d=$(variant spellings)
    edit "$d/input_Z.csv" '2s/^AA\.s1,12\.5,3\.25,4\.1,0\.8$/AA.s1,1.25e1,+3.25,4.10,.8/;3s/^AA\.s2,5\.2,20\.35,/AA.s2,0005.2,20.350E0,/'
    changed "$d" input_Z.csv || return 1
    [ "$(grep -c -e '1\.25e1' -e '20\.350E0' "$d/input_Z.csv")" -eq 2 ] || { why "the edit did not apply"; return 1; }
    same_as_clean "$d"
}
case_gzip_input() {
    d=$(variant gz); gzip "$d/input_Z.csv" "$d/input_Yfd.csv" || return 1
    if [ -e "$d/input_Z.csv" ] || [ ! -e "$d/input_Z.csv.gz" ]; then why "gzip did not replace input_Z.csv"; return 1; fi
    same_as_clean "$d"
}
case_x_va_extra_columns() {  # va before x, a text column beside them: only x and va are read
    d=$(variant xva_cols)
    awk -F, 'NR == 1 { print "row,note,va,x"; next } { print $1 ",made by hand," $3 "," $2 }' "$TINY/input_x_va.csv" >"$d/input_x_va.csv"
    changed "$d" input_x_va.csv || return 1
    same_as_clean "$d"
}
case_x_va_without_va() {  # va missing: derived as x - 1'Z, which the clean table satisfies
    d=$(variant xva_nova)
    awk -F, '{ print $1 "," $2 }' "$TINY/input_x_va.csv" >"$d/input_x_va.csv"
    changed "$d" input_x_va.csv || return 1
    expect_ok "$TSC" leontief "$d" --out "$TMP/out.nova" || return 1
    same_csv "$TMP/out.nova/multipliers.csv" "$TMP/clean/multipliers.csv" --rtol 1e-12
}
case_y_by_country() {  # the same final demand summed by region: the same V^BY
    d=$(variant bycountry bycountry)
    rm -rf "$TMP/out.byc"
    expect_ok "$TSC" leontief "$d" --out "$TMP/out.byc" || return 1
    same_csv "$TMP/out.byc/va_origin_destination.csv" "$TMP/clean/va_origin_destination.csv" --rtol 1e-12 || return 1
    same_csv "$TMP/out.byc/multipliers.csv" "$TMP/clean/multipliers.csv" --rtol 1e-12
}

# ---- aggregate ----------------------------------------------------------------------------------------------------
# bad_concordance NAME CONTENT MESSAGE_REGEX: aggregate with a concordance file holding CONTENT (printf format)
# fails with "tariffscope: FILE" + MESSAGE_REGEX, and writes nothing.
bad_concordance() {
    _c=$TMP/v/$1.csv
    # shellcheck disable=SC2059
    printf "$2" >"$_c"
    rm -rf "$TMP/out.agg"
    expect_fail 1 "^tariffscope: $(re_escape "$_c")$3" "$TSC" aggregate "$TINY" --concordance "$_c" --out "$TMP/out.agg" || return 1
    expect_no_output "$TMP/out.agg" || return 1
    expect_fail 1 "^tariffscope: $(re_escape "$_c")$3" "$TSC" aggregate "$TINY" --concordance "$_c" --out "$TMP/out.agg.tsc" --to cache || return 1
    expect_no_output "$TMP/out.agg.tsc"
}
case_concordance_unknown_region() {
    bad_concordance unknown_region 'kind,from,to\nregion,AA,W\nregion,XX,W\n' ":3:8: unknown region code 'XX'"
}
case_concordance_unknown_sector() {
    bad_concordance unknown_sector 'kind,from,to\nsector,s9,T\n' ":2:8: unknown sector code 's9'"
}
case_concordance_bad_header() {
    bad_concordance bad_header 'kind,src,to\n' ':1:1: header must be kind,from,to'
}
case_concordance_bad_kind() {
    bad_concordance bad_kind 'kind,from,to\ncountry,AA,W\n' ":2:1: kind 'country' is neither 'region' nor 'sector'"
}
case_concordance_twice() {
    bad_concordance twice 'kind,from,to\nregion,AA,W\nregion,AA,V\n' ":3:8: region 'AA' is mapped twice"
}
case_concordance_empty_target() {
    bad_concordance empty_target 'kind,from,to\nregion,AA,\n' ':2:11: empty target code'
}
case_concordance_ragged() {
    bad_concordance ragged 'kind,from,to\nregion,AA\n' ':2:10: ragged row: 2 fields where 3 are expected'
}
case_concordance_empty() {
    bad_concordance empty '' ': file is empty'
}
case_concordance_missing() {
    rm -rf "$TMP/out.agg"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/v/nope.csv"): cannot open" \
        "$TSC" aggregate "$TINY" --concordance "$TMP/v/nope.csv" --out "$TMP/out.agg" || return 1
    expect_no_output "$TMP/out.agg"
}

# ---- command line -------------------------------------------------------------------------------------------------
# usage ARGS...: exit status 2, a message on stderr, nothing written to $TMP/out.usage.
usage() {
    rm -rf "$TMP/out.usage"
    expect_fail 2 '^tariffscope: ' "$TSC" "$@" || return 1
    expect_no_output "$TMP/out.usage"
}
case_usage_errors() {
    O=$TMP/out.usage
    usage bogus || return 1; expect_stderr "unknown command 'bogus'" || return 1
    usage leontief "$TINY" --out "$O" --bogus || return 1; expect_stderr "unknown option '--bogus'" || return 1
    usage convert "$TINY" --out "$O" --inverse || return 1; expect_stderr "unknown option '--inverse'" || return 1
    usage info "$TINY" --concordance x || return 1
    usage leontief "$TINY" || return 1; expect_stderr 'needs TABLE and --out' || return 1
    usage leontief --out "$O" || return 1
    usage leontief "$TINY" --out || return 1; expect_stderr '--out needs a value' || return 1
    usage leontief "$TINY" "$TINY" --out "$O" || return 1; expect_stderr 'unexpected argument' || return 1
    usage leontief "$TINY" --out "$O" --format xyz || return 1; expect_stderr "unknown --format 'xyz'" || return 1
    for tol in 0 1 -1e-6 abc nan 1e-6x ""; do
        usage leontief "$TINY" --out "$O" --tolerance "$tol" || { WHY="--tolerance '$tol': $WHY"; return 1; }
    done
    usage convert "$TINY" --out "$O" --to zip || return 1; expect_stderr "--to takes native, native-gz, cache or pymrio" || return 1
    usage aggregate "$TINY" --out "$O" || return 1; expect_stderr 'needs TABLE, --concordance FILE and --out DIR' || return 1
    usage info || return 1
    expect_fail 2 'usage: tariffscope COMMAND' "$TSC" || return 1
}
case_help_version() {
    expect_ok "$TSC" --help || return 1
    file_has "$OUT" '^usage: tariffscope COMMAND' || return 1
    expect_ok "$TSC" --version || return 1
    file_has "$OUT" '^tariffscope [0-9]+\.[0-9]+\.[0-9]+$'
}

# ---- output paths -------------------------------------------------------------------------------------------------
case_out_under_a_file() {
    echo "not a folder" >"$TMP/v/afile"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/v/afile"): cannot create folder: .* is a file, not a folder" \
        "$TSC" leontief "$TINY" --out "$TMP/v/afile/sub" || return 1
    [ "$(cat "$TMP/v/afile")" = "not a folder" ] || why "the file was changed"
}
case_out_is_a_file() {  # --out names an existing regular file: refused, the file untouched
    echo "not a folder" >"$TMP/v/afile2"
    expect_fail 1 "^tariffscope: $(re_escape "$TMP/v/afile2")(:| ).*(not a (folder|directory)|Not a directory)" \
        "$TSC" leontief "$TINY" --out "$TMP/v/afile2" || return 1
    [ "$(cat "$TMP/v/afile2")" = "not a folder" ] || why "the file was changed"
}
case_out_new_parents_removed() {  # new parent folders made for --out are removed again when the run fails
    _long=$(awk 'BEGIN { while (n++ < 300) printf "a" }')
    rm -rf "$TMP/v/np"
    expect_fail 1 'cannot create folder' "$TSC" leontief "$TINY" --out "$TMP/v/np/a/b/$_long" || return 1
    expect_no_output "$TMP/v/np" || return 1
    expect_fail 1 '' "$TSC" convert "$TINY" --out "$TMP/v/np/a/b/$_long" --to cache || return 1
    expect_no_output "$TMP/v/np"
}
case_out_deep_new_parents_removed() {  # the same with more than 16 new folders
    _long=$(awk 'BEGIN { while (n++ < 300) printf "a" }')
    rm -rf "$TMP/v/deep"
    _p=$TMP/v/deep; for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do _p=$_p/d$_i; done
    expect_fail 1 'cannot create folder' "$TSC" leontief "$TINY" --out "$_p/$_long" || return 1
    expect_no_output "$TMP/v/deep"
}
case_out_failed_run_keeps_old_outputs() {  # a failing run does not touch the outputs of an earlier good run
    rm -rf "$TMP/out.keep"
    expect_ok "$TSC" leontief "$TINY" --out "$TMP/out.keep" --inverse || return 1
    expect_fail 1 'not productive' "$TSC" leontief "$TMP/v/unprod" --out "$TMP/out.keep" || return 1
    same_outputs "$TMP/clean" "$TMP/out.keep" --rtol 0 --atol 0 || return 1
    _hidden=$(hidden_files "$TMP/out.keep")
    [ -z "$_hidden" ] || why "temporaries left: $_hidden"
}
case_hex_not_a_number() {  # C99 hex floats are not CSV numbers: '0x1p3' must be refused, not read as 8
    d=$(variant hex); edit "$d/input_Z.csv" '2s/,12\.5,/,0x19p-1,/'
    bad_table "$d" "/input_Z\\.csv:2:7: '0x19p-1' is not a number"
}
case_quoted_ragged_column() {  # the column of a short quoted row is the end of the line, as for an unquoted one
    d=$(variant quoted_ragged)
    printf '"","AA.s1","AA.s2","BB.s1","BB.s2"\n"AA.s1","12.5","3.25","4.1","0.8"\n"AA.s2","5.2","20.35","1.9"\n' >"$d/input_Z.csv"
    bad_table "$d" '/input_Z\.csv:3:28: ragged row'
}

run_case "ragged row (a field missing) -> file:3:20" case_ragged_short
run_case "ragged row (a field too many) -> file:3:25" case_ragged_long
run_case "ragged row in input_x_va.csv" case_ragged_header
run_case "'abc' where a number is expected -> file:3:11" case_non_number
run_case "'NaN' refused as not finite -> file:line:col" case_nan
run_case "'Inf' refused as not finite -> file:line:col" case_inf
run_case "'-1e999' (overflow) refused as not finite" case_overflow
run_case "empty numeric field -> file:3:11" case_empty_field
run_case "quote inside an unquoted field" case_quote_in_field
run_case "character after a closing quote" case_after_quote
run_case "unterminated quoted field" case_unterminated_quote
run_case "a row too many in input_Z.csv -> file:6:1" case_extra_row
run_case "a row missing in input_x_va.csv -> file:" case_missing_row
run_case "duplicate column label" case_duplicate_column
run_case "duplicate row label" case_duplicate_row
run_case "duplicate region (AA, BB, AA)" case_duplicate_region
run_case "x_va row labels not following Z's columns" case_row_label_mismatch
run_case "final-demand row with an unknown label" case_y_row_unknown
run_case "misordered sector labels" case_misordered_columns
run_case "unknown sector label" case_unknown_sector
run_case "label without REGION.CODE form" case_label_without_region
run_case "empty column label" case_empty_column_label
run_case "empty row label" case_empty_row_label
run_case "final-demand region unknown" case_fd_region_unknown
run_case "final-demand regions misordered" case_fd_region_misordered
run_case "final-demand categories misordered" case_fd_category_misordered
run_case "input_Y_by_country.csv with an unknown region" case_fd_bycountry_unknown
run_case "input_x_va.csv without an x column -> file:1" case_no_x_column
run_case "missing input_x_va.csv -> folder: missing file" case_missing_x_va
run_case "missing final demand -> folder: missing file" case_missing_y
run_case "empty (0-byte) input_Z.csv" case_empty_z
run_case "empty (0-byte) input_x_va.csv" case_empty_x_va
run_case "input_Z.csv of blank lines only" case_blank_lines_only
run_case "folder without a table" case_no_table_here
run_case "no such path" case_no_such_path
run_case "a CSV file given as TABLE (not a cache)" case_not_a_cache
run_case "2 GiB sparse binary input_Z.csv refused fast (< 5 s)" case_binary_2g
run_case "valid header then 2 GiB of NUL bytes refused fast" case_binary_after_header
run_case "NUL bytes inside gzip refused" case_binary_gzip
run_case "header announcing 40000 x 40000 refused before reading rows" case_huge_header
run_case "gzip input cut in the middle" case_gzip_truncated_data
run_case "gzip input with its trailer cut off" case_gzip_truncated_trailer
run_case "gzip input with a bad length check" case_gzip_corrupt_crc
run_case "cache file truncated by one byte" case_cache_truncated
run_case "cache file with a flipped byte" case_cache_flipped_byte
run_case "native meta.json not JSON -> meta.json:line:col" case_native_bad_json
run_case "native meta.json labels not matching Z.csv" case_native_meta_labels
run_case "native meta.json wrong format tag" case_native_format_tag
run_case "--format native on a labelled folder" case_wrong_format_option
run_case "x 10% off -> balance error naming --rebalance; passes with --rebalance" case_unbalanced_x
run_case "va 10% off -> column identity error; passes with --rebalance" case_unbalanced_va
run_case "--tolerance 1e-300 refuses the clean table" case_tight_tolerance
run_case "unproductive table (A column sums 1.2) -> not productive" case_unproductive
run_case "singular I - A (spectral radius exactly 1)" case_singular
run_case "--strict with a zero-output sector -> error at input_x_va.csv:5" case_strict_zero_output
run_case "zero-output sector without --strict -> warning, success" case_zero_output_warning
run_case "UTF-8 BOM at the start of input_Z.csv: same numbers" case_bom
run_case "UTF-8 BOM in every file: same numbers" case_bom_everywhere
run_case "CRLF line endings everywhere: same numbers" case_crlf
run_case "BOM + CRLF, no final newline: same numbers" case_bom_crlf_no_final_newline
run_case "every field quoted: same numbers" case_quoted
run_case "blank lines and blanks around numbers: same numbers" case_blank_lines_and_spaces
run_case "numbers spelled 1.25e1, +3.25, 4.10, .8, 0005.2: same numbers" case_number_spellings
run_case "gzip-compressed inputs: same numbers" case_gzip_input
run_case "input_x_va.csv with reordered and extra columns: same numbers" case_x_va_extra_columns
run_case "input_x_va.csv without va: derived, same multipliers" case_x_va_without_va
run_case "input_Y_by_country.csv instead of input_Yfd.csv: same V^BY" case_y_by_country
run_case "aggregate: concordance with an unknown region -> file:3:8" case_concordance_unknown_region
run_case "aggregate: concordance with an unknown sector" case_concordance_unknown_sector
run_case "aggregate: concordance with a bad header" case_concordance_bad_header
run_case "aggregate: concordance with a bad kind" case_concordance_bad_kind
run_case "aggregate: a code mapped twice" case_concordance_twice
run_case "aggregate: empty target code" case_concordance_empty_target
run_case "aggregate: ragged concordance row" case_concordance_ragged
run_case "aggregate: empty concordance" case_concordance_empty
run_case "aggregate: missing concordance" case_concordance_missing
run_case "usage errors (unknown command/option, missing values) -> exit 2" case_usage_errors
run_case "--help and --version -> exit 0 on stdout" case_help_version
run_case "--out under a regular file -> cannot create folder" case_out_under_a_file
run_case "--out naming an existing regular file" \
    case_out_is_a_file
run_case "new parent folders of --out removed after a failure" case_out_new_parents_removed
run_case "more than 16 new parent folders of --out removed after a failure" \
    case_out_deep_new_parents_removed
run_case "a failing run leaves an earlier run's outputs intact" case_out_failed_run_keeps_old_outputs
case_wiod_x_va_contradicts_label() {  # WIOD x_va.csv: the country and industry columns repeat the row label
    _w=$SHARED/data/wiod2013/wiot_2011
    [ -d "$_w" ] || { echo "  (WIOD 2011 absent: nothing to check)"; return 0; }
    rm -rf "$TMP/wiodbad"
    mkdir -p "$TMP/wiodbad"
    cp "$_w/Z.csv.gz" "$_w/F.csv.gz" "$TMP/wiodbad/"
    sed '3s/^AUS_c2,AUS,c2,/AUS_c2,AUS,c3,/' "$_w/x_va.csv" >"$TMP/wiodbad/x_va.csv"
    expect_fail 1 "x_va\.csv:3:12: 'c3' contradicts the row label 'AUS_c2'" \
        "$TSC" info "$TMP/wiodbad" --rebalance || return 1
    sed '4s/^AUS_c3,AUS,/AUS_c3,AUT,/' "$_w/x_va.csv" >"$TMP/wiodbad/x_va.csv"
    expect_fail 1 "x_va\.csv:4:8: 'AUT' contradicts the row label 'AUS_c3'" "$TSC" info "$TMP/wiodbad" --rebalance
}

run_case "WIOD x_va.csv: country or industry contradicting the row label" case_wiod_x_va_contradicts_label
run_case "hex float '0x19p-1' refused as a number" \
    case_hex_not_a_number
run_case "column of a short row whose fields are quoted" \
    case_quoted_ragged_column
finish
