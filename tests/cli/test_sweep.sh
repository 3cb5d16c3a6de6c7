#!/bin/sh
# tariffscope sweep: a plan's grid gathers the same bytes as the single commands, on 1 or several threads and under
# mpirun -np 2 on loopback (Open MPI); the draws agree with solve --theta-draws; the issue's plan on three WIOD years
# works as written; plan errors name the plan, line and column; a failing cell leaves nothing behind.
set -eu
. "$(dirname "$0")/lib.sh"

EX=$SRC/data/example/table
SC=$SRC/scenarios/cjk-fta.yaml
# one OpenBLAS thread in the single commands too: the sweep runs one in each worker, so the bytes compare
export OPENBLAS_NUM_THREADS=1

# mpirun on this machine only: the loopback interface, as many ranks as asked whatever the cores, and as root when
# the tests run as root (docs/SWEEPS.md)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIOPTS="--oversubscribe --mca btl self,tcp --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo"
# mpi_sweep NP PLAN DIR: tariffscope sweep under mpirun -np NP (output in $OUT, $ERR); its exit status (124: hung)
mpi_sweep() {
    : >"$OUT"; : >"$ERR"
    _rc=0
    # shellcheck disable=SC2086  # MPIOPTS is a list of words
    timeout 300 mpirun -np "$1" $MPIOPTS "$TSC" sweep "$2" --out "$3" >"$OUT" 2>"$ERR" || _rc=$?
    return $_rc
}
# can_mpi: mpirun is there and this tariffscope was built with MPI
can_mpi() {
    command -v mpirun >/dev/null 2>&1 || return 1
    mkdir -p "$TMP/probe"
    printf 'tables: [%s]\njobs:\n  - {name: k, decompose: {method: kww}}\n' "$EX" >"$TMP/probe/p.yaml"
    mpi_sweep 1 "$TMP/probe/p.yaml" "$TMP/probe/o"
}

mkdir -p "$TMP/plans"
PLAN=$TMP/plans/example.yaml
cat >"$PLAN" <<EOF
# every kind of job on the example table, with a scenario and two draws of the elasticities
tables: [$EX]
scenarios: [$SC]
draws: 2
seed: 7
jobs:
  - {name: kww, decompose: {method: kww}}
  - {name: bm, decompose: {method: bm, level: bilateral}}
  - {name: mult, leontief: {output: multipliers}}
  - {name: vby, leontief: {output: va_origin_destination}}
  - {name: prices, shock: {output: prices, no-imports: true}}
  - {name: burden, shock: {output: burden, no-imports: true}}
  - {name: welfare, solve: {output: regions, no-imports: true}}
EOF
JOBS="kww bm mult vby prices burden welfare"

# same_dirs A B: every job's file is the same bytes in both
same_dirs() {
    for _j in $JOBS; do
        cmp -s "$1/$_j.csv" "$2/$_j.csv" || { why "$_j.csv differs between $1 and $2"; return 1; }
    done
}

# strip N FILE: FILE without its first N columns (the leading ones of a sweep), header included
strip() { cut -d, -f"$(($1 + 1))"- "$2"; }

case_serial() {
    expect_ok "$TSC" sweep "$PLAN" --out "$TMP/serial" --threads 1 || return 1
    for _j in $JOBS; do [ -s "$TMP/serial/$_j.csv" ] || { why "no $_j.csv"; return 1; }; done
    head -1 "$TMP/serial/kww.csv" | grep -qx 'table,exporter,term,value' || why "kww header: $(head -1 "$TMP/serial/kww.csv")"
    head -1 "$TMP/serial/welfare.csv" | grep -q '^table,scenario,draw,region,welfare_cp_pct,' || why "welfare header"
    # one table x one scenario x (the point + 2 draws) x 9 regions
    [ "$(awk -F, 'NR > 1 {print $3}' "$TMP/serial/welfare.csv" | sort -u | tr '\n' ' ')" = "0 1 2 " ] ||
        why "draws column is not 0 1 2"
}
run_case "serial sweep of every kind of job" case_serial

case_threads() {
    expect_ok "$TSC" sweep "$PLAN" --out "$TMP/threads" --threads 3 || return 1
    same_dirs "$TMP/serial" "$TMP/threads"
}
run_case "3 threads: the same bytes as 1" case_threads

case_same_as_commands() { # each job's rows are the single command's file, byte for byte
    expect_ok "$TSC" decompose "$EX" --method kww --out "$TMP/cmd/kww.csv" || return 1
    expect_ok "$TSC" decompose "$EX" --method bm --level bilateral --out "$TMP/cmd/bm.csv" || return 1
    expect_ok "$TSC" leontief "$EX" --out "$TMP/cmd/l" || return 1
    expect_ok "$TSC" shock "$EX" "$SC" --no-imports --out "$TMP/cmd/s" || return 1
    expect_ok "$TSC" solve "$EX" "$SC" --no-imports --out "$TMP/cmd/v" || return 1
    strip 1 "$TMP/serial/kww.csv" | cmp -s - "$TMP/cmd/kww.csv" || { why "kww differs from decompose"; return 1; }
    strip 1 "$TMP/serial/bm.csv" | cmp -s - "$TMP/cmd/bm.csv" || { why "bm differs from decompose"; return 1; }
    strip 1 "$TMP/serial/mult.csv" | cmp -s - "$TMP/cmd/l/multipliers.csv" || { why "multipliers differ"; return 1; }
    strip 1 "$TMP/serial/vby.csv" | cmp -s - "$TMP/cmd/l/va_origin_destination.csv" || { why "V^BY differs"; return 1; }
    strip 2 "$TMP/serial/prices.csv" | cmp -s - "$TMP/cmd/s/prices.csv" || { why "prices differ from shock"; return 1; }
    strip 2 "$TMP/serial/burden.csv" | cmp -s - "$TMP/cmd/s/burden.csv" || { why "burden differs from shock"; return 1; }
    awk -F, 'NR == 1 || $3 == 0' "$TMP/serial/welfare.csv" | cut -d, -f4- | cmp -s - "$TMP/cmd/v/regions.csv" ||
        why "draw 0 differs from solve's regions.csv"
}
run_case "every job equals its command's file" case_same_as_commands

case_draws() { # the mean over the sweep's draws 1 and 2 is solve --theta-draws 2's mean (its own code, warm starts)
    expect_ok "$TSC" solve "$EX" "$SC" --no-imports --theta-draws 2 --seed 7 --out "$TMP/cmd/d" || return 1
    awk -F, 'NR == FNR { if (FNR > 1 && $3 > 0) { s[$4] += $5; k[$4]++ } next }
             FNR > 1 && $2 == "welfare_cp_pct" {
                 n++; m = s[$1] / k[$1]; d = m - $7; if (d < 0) d = -d; a = $7 < 0 ? -$7 : $7
                 if (k[$1] != 2 || d > 1e-7 * a + 1e-12) { print $1, m, $7; bad = 1 }
             }
             END { exit bad || n != 9 }' "$TMP/serial/welfare.csv" "$TMP/cmd/d/uncertainty.csv" >"$TMP/draws.txt" ||
        why "draw means differ from solve --theta-draws: $(head -3 "$TMP/draws.txt")"
    # and the draws move the outcome: draw 1 is not the point
    _p=$(awk -F, '$3 == 0 && $4 == "CHN" {print $5}' "$TMP/serial/welfare.csv")
    _d=$(awk -F, '$3 == 1 && $4 == "CHN" {print $5}' "$TMP/serial/welfare.csv")
    [ "$_p" != "$_d" ] || why "draw 1 equals the point ($_p)"
}
run_case "draws agree with solve --theta-draws" case_draws

case_years() { # years: expands to tables; a relative path is read against the plan's folder
    mkdir -p "$TMP/y/data"
    # two years of the example table (links: the files its meta.json names resolve beside the real folder)
    ln -s "$EX" "$TMP/y/data/ex_2011"
    ln -s "$EX" "$TMP/y/data/ex_2012"
    printf 'years: {from: 2011, to: 2012, path: "data/ex_{year}"}\njobs:\n  - {name: m, leontief: {output: multipliers}}\n' \
        >"$TMP/y/plan.yaml"
    (cd / && "$TSC" sweep "$TMP/y/plan.yaml" --out "$TMP/y/out" >"$OUT" 2>"$ERR") || { why "sweep failed"; return 1; }
    [ "$(awk -F, 'NR > 1 {print $1}' "$TMP/y/out/m.csv" | uniq | tr '\n' ' ')" = "ex_2011 ex_2012 " ] ||
        why "table column: $(awk -F, 'NR > 1 {print $1}' "$TMP/y/out/m.csv" | uniq | tr '\n' ' ')"
}
run_case "years and paths relative to the plan" case_years

# ---- errors -----------------------------------------------------------------------------------------------------

# bad_plan NAME REGEX TEXT: a plan with TEXT fails with a message matching REGEX, and nothing is written
bad_plan() {
    printf '%s\n' "$3" >"$TMP/plans/$1.yaml"
    expect_fail 1 "$2" "$TSC" sweep "$TMP/plans/$1.yaml" --out "$TMP/bad-$1" || return 1
    expect_no_output "$TMP/bad-$1"
}
P=$(re_escape "$TMP/plans")
run_case "misspelt key: suggestion, line and column" bad_plan typo "$P/typo.yaml:2:1: unknown key 'job' in the plan \(did you mean 'jobs'\?\)" \
    "tables: [$EX]
job: []"
run_case "misspelt job option" bad_plan opt "$P/opt.yaml:3:40: unknown key 'levl' for a decompose job \(did you mean 'level'\?\)" \
    "tables: [$EX]
jobs:
  - {name: k, decompose: {method: kww, levl: country}}"
run_case "bad option value" bad_plan val "$P/val.yaml:3:35: method takes .*not 'kwz'" \
    "tables: [$EX]
jobs:
  - {name: k, decompose: {method: kwz}}"
run_case "an option the sweep owns" bad_plan owned "$P/owned.yaml:3:40: 'out' is not an option of a job" \
    "tables: [$EX]
jobs:
  - {name: k, decompose: {method: kww, out: x.csv}}"
run_case "kww at sector level" bad_plan level "$P/level.yaml:3:26: kww is defined at country level" \
    "tables: [$EX]
jobs:
  - {name: k, decompose: {method: kww, level: sector}}"
run_case "two jobs of one name" bad_plan twice "$P/twice.yaml:4:5: two jobs are named 'k'" \
    "tables: [$EX]
jobs:
  - {name: k, decompose: {method: kww}}
  - {name: k, decompose: {method: tiva}}"
run_case "shock without scenarios" bad_plan noscen "$P/noscen.yaml:3:5: a shock job needs scenarios" \
    "tables: [$EX]
jobs:
  - {name: p, shock: {output: prices}}"
run_case "YAML syntax" bad_plan syntax "$P/syntax.yaml:[0-9]+:[0-9]+: YAML: " \
    "tables: [$EX
jobs: x"

case_bad_table() { # the second table is not there: an error naming it, and neither file is written
    printf 'tables: [%s, %s]\njobs:\n  - {name: a, decompose: {method: kww}}\n  - {name: b, leontief: {}}\n' \
        "$EX" "$TMP/nowhere/wiot_2099" >"$TMP/plans/missing.yaml"
    expect_fail 1 "nowhere/wiot_2099" "$TSC" sweep "$TMP/plans/missing.yaml" --out "$TMP/bad-missing" --threads 2 ||
        return 1
    expect_no_output "$TMP/bad-missing"
}
run_case "a table that does not load: nothing written" case_bad_table

# ---- Open MPI ---------------------------------------------------------------------------------------------------

if can_mpi; then
    case_mpi() {
        mpi_sweep 2 "$PLAN" "$TMP/mpi" || { why "mpirun -np 2 exit status $?"; return 1; }
        same_dirs "$TMP/serial" "$TMP/mpi"
    }
    run_case "mpirun -np 2: the same bytes as the serial run" case_mpi
    case_mpi_fail() { # a failing cell under MPI: every rank stops, exit 1, nothing written
        _rc=0
        mpi_sweep 2 "$TMP/plans/missing.yaml" "$TMP/mpi-bad" || _rc=$?
        [ "$_rc" -ne 0 ] && [ "$_rc" -ne 124 ] || { why "mpirun exit status $_rc (124: it hung)"; return 1; }
        expect_stderr "nowhere/wiot_2099" || return 1
        expect_no_output "$TMP/mpi-bad"
    }
    run_case "mpirun -np 2 with a failing cell: exit 1, nothing written" case_mpi_fail
else
    skip_part "mpirun absent or tariffscope built without MPI (sh scripts/install-deps.sh installs Open MPI)"
fi

# ---- the issue's plan, as written, on three WIOD years -------------------------------------------------------------

if [ -d "$SHARED/data/wiod2013/wiot_2011" ]; then
    # the plan sits in a folder beside the shared data, as in a checkout: ../shared is the shared data
    mkdir -p "$TMP/issue/project"
    ln -s "$(cd "$SHARED" && pwd)" "$TMP/issue/shared"
    cat >"$TMP/issue/project/plan.yaml" <<'EOF'
tables: [../shared/data/wiod2013/wiot_2009, ../shared/data/wiod2013/wiot_2010, ../shared/data/wiod2013/wiot_2011]
rebalance: true
jobs:
  - {name: kww, decompose: {method: kww, level: country}}
EOF
    case_issue_plan() {
        expect_ok "$TSC" sweep "$TMP/issue/project/plan.yaml" --out "$TMP/issue/out" || return 1
        [ "$(awk -F, 'NR > 1 {print $1}' "$TMP/issue/out/kww.csv" | uniq | tr '\n' ' ')" = \
            "wiot_2009 wiot_2010 wiot_2011 " ] || { why "table column"; return 1; }
        expect_ok "$TSC" decompose "$SHARED/data/wiod2013/wiot_2010" --rebalance --method kww \
            --out "$TMP/issue/k2010.csv" || return 1
        { head -1 "$TMP/issue/out/kww.csv"; grep '^wiot_2010,' "$TMP/issue/out/kww.csv"; } | cut -d, -f2- |
            cmp -s - "$TMP/issue/k2010.csv" || why "wiot_2010's rows differ from decompose"
    }
    run_case "the issue's plan: three WIOD years, kww" case_issue_plan
    if can_mpi; then
        case_issue_mpi() {
            mpi_sweep 2 "$TMP/issue/project/plan.yaml" "$TMP/issue/mpi" || { why "mpirun exit status $?"; return 1; }
            cmp -s "$TMP/issue/out/kww.csv" "$TMP/issue/mpi/kww.csv" || why "mpirun's kww.csv differs"
        }
        run_case "the issue's plan under mpirun -np 2" case_issue_mpi
    fi
else
    skip_part "$SHARED/data/wiod2013 absent: the issue's plan on WIOD years not run"
fi

finish
