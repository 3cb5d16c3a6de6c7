# JSON outputs (decompose --json, solve.json) are valid JSON whatever the labels, names and paths hold: a region
# label, a scenario name and a table folder with a quote and a backslash. Runs on a hand-made table: no ../shared.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || { skip_part "python3 absent (it checks the JSON)"; finish; }

# The tiny table with region AA renamed A"\B (CSV-quoted), in a folder whose name holds a quote and a backslash.
T=$TMP/'dir "q" \b'
make_tiny "$T"
for _f in input_Z.csv input_Yfd.csv input_x_va.csv; do
    edit "$T/$_f" 's/AA\.\(s[12]\|HH\|GOV\)/"A""\\B.\1"/g'
done
printf 'sector,theta\ns1,4.5\ns2,7.25\n' >"$TMP/theta.csv"
cat >"$TMP/quoted.yaml" <<'EOT'
name: 'say "hi" \ there'
measures:
  - {importer: BB, exporter: A"\B, sectors: s1, add: 10}
EOT

# json_get FILE EXPR: the Python expression EXPR on the parsed document d (fails when FILE is not valid JSON).
json_get() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); print(eval(sys.argv[2]))' "$1" "$2" 2>"$TMP/py.err" ||
        { why "$1 is not valid JSON: $(tail -1 "$TMP/py.err")"; return 1; }
}

case_decompose_json() {  # $1 = method [options]
    _j=$TMP/$1.json
    expect_ok "$TSC" decompose "$T" --method "$@" --json --out "$_j" || return 1
    _l=$(json_get "$_j" 'sorted({r.get(k) for r in d["rows"] for k in ("exporter", "importer") if r.get(k)})') || return 1
    [ "$_l" = "['A\"\\\\B', 'BB']" ] || { why "exporters $_l"; return 1; }
    _n=$(json_get "$_j" 'all(len(r["values"]) == len(d["terms"]) for r in d["rows"])') || return 1
    [ "$_n" = True ] || why "rows and terms differ in length"
}

case_decompose_json_values() {  # the JSON holds the long CSV's numbers, to the last bit
    expect_ok "$TSC" decompose "$T" --method kww --json --out "$TMP/v.json" || return 1
    expect_ok "$TSC" decompose "$T" --method kww --out "$TMP/v.csv" || return 1
    json_get "$TMP/v.json" '"\n".join(",".join([r["exporter"], t, repr(v)]) for r in d["rows"] for t, v in zip(d["terms"], r["values"]))' \
        >"$TMP/v_json.csv" || return 1
    python3 -c 'import csv, sys
for row in list(csv.reader(open(sys.argv[1])))[1:]: print(",".join([row[0], row[1], repr(float(row[2]))]))' "$TMP/v.csv" >"$TMP/v_csv.csv" || {
        why "cannot read the CSV"; return 1; }
    cmp -s "$TMP/v_json.csv" "$TMP/v_csv.csv" || why "JSON and CSV numbers differ: $(diff "$TMP/v_json.csv" "$TMP/v_csv.csv" | head -3)"
}

case_solve_json() {
    rm -rf "$TMP/solve"
    expect_ok "$TSC" solve "$T" "$TMP/quoted.yaml" --theta "$TMP/theta.csv" --out "$TMP/solve" || return 1
    _s=$(json_get "$TMP/solve/solve.json" 'd["scenario"]') || return 1
    [ "$_s" = 'say "hi" \ there' ] || { why "scenario name $_s"; return 1; }
    _t=$(json_get "$TMP/solve/solve.json" 'd["table"]') || return 1
    [ "$_t" = "$T" ] || { why "table $_t"; return 1; }
    _k=$(json_get "$TMP/solve/solve.json" '[s["stage"] for s in d["stages"]][-1], d["iterations"] > 0') || return 1
    [ "$_k" = "('scenario', True)" ] || why "stages: $_k"
}

for m in tiva kww fdva exvatools-oecd_tiva; do
    run_case "decompose --method $m --json: valid JSON with a label holding a quote and a backslash" case_decompose_json "$m"
done
run_case "decompose --method bm --level bilateral --json: exporter and importer labels" \
    case_decompose_json bm --level bilateral
run_case "decompose --json: the numbers of the CSV layout, bit for bit" case_decompose_json_values
run_case "solve.json: valid JSON with a scenario name and a table path holding quotes and backslashes" case_solve_json
finish
