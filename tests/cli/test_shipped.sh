# Every shipped scenario but the Caliendo-Parro NAFTA one (written for their 31 x 40 data) runs with shock and
# solve on the embedded world table and on the WIOD 2011 release with no tariff options: the tables carry what the
# commands need (meta.json "tariffs", or the WIOD defaults), and the scenarios state their bases in WIOD codes.
. "$(dirname "$0")/lib.sh"

WORLD=$SRC/data/world2024
WIOD=$SHARED/data/wiod2013/wiot_2011
skip_if_absent "$SHARED/data/us-tariffs-2025/hs10-imports-2024"

run_all() {  # run_all NAME TABLE [table options]: shock and solve of every shipped scenario
    _name=$1 _table=$2
    shift 2
    for _y in "$SRC"/scenarios/*.yaml; do
        _s=$(basename "$_y" .yaml)
        [ "$_s" = cp2015-nafta ] && continue
        rm -rf "$TMP/$_name.$_s.shock" "$TMP/$_name.$_s.solve"
        expect_ok "$TSC" shock "$_table" "$_y" --out "$TMP/$_name.$_s.shock" "$@" || { why "$_s shock: $WHY"; return 1; }
        [ -s "$TMP/$_name.$_s.shock/notes.txt" ] || { why "$_s: no notes.txt"; return 1; }
        expect_ok "$TSC" solve "$_table" "$_y" --baseline observed --out "$TMP/$_name.$_s.solve" "$@" ||
            { why "$_s solve: $WHY"; return 1; }
    done
}

case_world() { run_all world "$WORLD"; }

case_wiod() {
    [ -d "$WIOD" ] || { echo "  (WIOD 2011 absent)"; return 0; }
    run_all wiod "$WIOD" --rebalance
}

case_nafta_names_its_limits() {  # cp2015-nafta on a table: refused with the sector it does not know, not run halfway
    expect_fail 1 "cp2015-nafta\\.yaml:[0-9]+:[0-9]+: unknown sector 'Agriculture'" \
        "$TSC" shock "$WORLD" "$SRC/scenarios/cp2015-nafta.yaml" --out "$TMP/nafta" || return 1
    expect_no_output "$TMP/nafta"
}

run_case "every shipped scenario on data/world2024: shock and solve" case_world
run_case "every shipped scenario on WIOD 2011: shock and solve" case_wiod
run_case "cp2015-nafta on a table: refused where it names CP sectors" case_nafta_names_its_limits
finish
