# tariffscope serve's API on a loopback port the system picks at start (--port 0): the status codes, the answers
# against the commands' CSVs (shock, solve with draws, tariffs effective, decompose --method routes) to 1e-12,
# scenarios as YAML and as JSON, malformed JSON and YAML with the command's messages, oversized bodies (with and
# without Content-Length), wrong methods, path traversal, Host and Origin checks, slow clients (bounded time), a
# computation in flight while the server keeps answering, and a clean stop on SIGINT. curl and python3 come with
# scripts/install-deps.sh --test. On data/world2024 (in the repository); tariffs effective needs ../shared.
# shellcheck disable=SC2317  # the case functions are called through run_case
set -eu
. "$(dirname "$0")/lib.sh"

W=$SRC/data/world2024
SC=$SRC/scenarios/us-2025-04-reciprocal.yaml
for tool in curl python3; do
    command -v $tool >/dev/null 2>&1 || {
        skip_part "$tool absent (scripts/install-deps.sh --test installs it); the server was not tested"
        finish
    }
done

# start_server LOG ARGS...: starts tariffscope serve ARGS in the background (pid in SPID), waits (60 s at most) for
# its address line and sets URL and PORT.
start_server() {
    _log=$1; shift
    "$TSC" serve "$@" >"$_log" 2>"$_log.err" &
    SPID=$!
    _i=0
    while [ $_i -lt 600 ]; do
        URL=$(sed -n 's/^tariffscope: serving on \(http:[^ ]*\) .*/\1/p' "$_log")
        [ -n "$URL" ] && break
        kill -0 $SPID 2>/dev/null || return 1
        sleep 0.1
        _i=$((_i + 1))
    done
    [ -n "$URL" ] || return 1
    PORT=$(printf '%s' "$URL" | sed 's/.*:\([0-9]*\)\/$/\1/')
}

start_server "$TMP/server.log" "$W" --port 0 || {
    cat "$TMP/server.log.err"
    echo "FAIL    the server did not start"
    exit 1
}
trap 'kill $SPID 2>/dev/null || true; rm -rf "$TMP"' EXIT

# api METHOD PATH [CURL_ARGS...]: the answer's body in $TMP/body, its status in $TMP/code.
api() {
    _m=$1 _p=$2; shift 2
    curl -s --max-time 180 -o "$TMP/body" -w '%{http_code}' -X "$_m" "$@" "$URL${_p#/}" >"$TMP/code" || echo 000 >"$TMP/code"
}
status_is() { [ "$(cat "$TMP/code")" = "$1" ] || why "HTTP $(cat "$TMP/code"), expected $1: $(head -c 300 "$TMP/body")"; }

# py SCRIPT ARGS...: python3 with the helpers below (rel: relative difference; rows: a CSV as dicts).
py() {
    _s=$1; shift
    python3 - "$@" <<EOF
import csv, json, sys
def rel(a, b): return abs(a - b) / max(1.0, abs(a), abs(b))
def rows(path): return list(csv.DictReader(open(path)))
def body(): return json.load(open("$TMP/body"))
$_s
EOF
}

case_table() {
    api GET /api/table && status_is 200 || return 1
    "$TSC" info "$W" >"$TMP/info" 2>&1 || { why "tariffscope info failed"; return 1; }
    py '
b = body()
assert len(b["regions"]) == 14 and len(b["sectors"]) == 18, (len(b["regions"]), len(b["sectors"]))
assert b["regions"][3] == "CHN" and b["focus"] == "CHN" and b["importer"] == "USA"
' || { why "table: $(head -c 200 "$TMP/body")"; return 1; }
    api GET /api/scenarios && status_is 200 || return 1
    py '
names = [s["name"] for s in body()["scenarios"]]
assert "us-2025-08-deals" in names and "walkthrough/us-japan-10-autos-15" in names, names
' || why "scenarios: $(head -c 300 "$TMP/body")"
}

case_shock_equals_command() {
    "$TSC" shock "$W" "$SC" --out "$TMP/shock" >/dev/null 2>&1 || { why "tariffscope shock failed"; return 1; }
    api POST "/api/shock?focus=CHN&importer=USA" --data-binary "@$SC" -H 'Content-Type: application/yaml' &&
        status_is 200 || return 1
    py '
b = body(); d = sys.argv[1]
cp = {r["region"]: float(r["cpi_change_pct"]) for r in rows(d + "/consumer_prices.csv")}
rv = {r["importer"]: float(r["tariff_revenue"]) for r in rows(d + "/revenue.csv")}
assert len(b["regions"]) == len(cp) == 14
for r in b["regions"]:
    assert rel(r["cpi_change_pct"], cp[r["region"]]) <= 1e-12, r
    assert rel(r["tariff_revenue"], rv[r["region"]]) <= 1e-12, r
pr = {(r["region"], r["sector"]): float(r["price_change_pct"]) for r in rows(d + "/prices.csv")}
assert len(b["prices"]) == len(pr) == 252
assert all(rel(p["price_change_pct"], pr[(p["region"], p["sector"])]) <= 1e-12 for p in b["prices"])
route = {}
for r in rows(d + "/burden.csv"):
    if r["origin"] == "CHN": route[r["route"]] = route.get(r["route"], 0.0) + float(r["burden"])
api = {r["route"]: r["burden"] for r in b["focus"]["routes"]}
assert all(rel(api[k], v) <= 1e-12 for k, v in route.items()), (api, route)
assert rel(b["focus"]["total"], sum(route.values())) <= 1e-12
assert b["date"] == "2025-04-09" and b["scenario"] == "us-2025-04-reciprocal"
' "$TMP/shock" || why "the API's shock differs from the command's CSVs"
}

case_solve_equals_command() {
    "$TSC" solve "$W" "$SC" --out "$TMP/solve" --theta-draws 50 >/dev/null 2>&1 || { why "tariffscope solve failed"; return 1; }
    api POST "/api/solve?draws=50" --data-binary "@$SC" && status_is 200 || return 1
    py '
b = body(); d = sys.argv[1]
csvr = {r["region"]: r for r in rows(d + "/regions.csv")}
cols = [c for c in rows(d + "/regions.csv")[0] if c != "region"]
assert len(cols) == 8 and len(b["regions"]) == 14
for r in b["regions"]:
    for c in cols: assert rel(r[c], float(csvr[r["region"]][c])) <= 1e-12, (r["region"], c, r[c], csvr[r["region"]][c])
u = {(r["region"], r["measure"]): r for r in rows(d + "/uncertainty.csv")}
assert b["uncertainty"]["draws"] == 50 and len(b["uncertainty"]["rows"]) == len(u)
for r in b["uncertainty"]["rows"]:
    for c in ("point", "p05", "p50", "p95", "mean"):
        assert rel(r[c], float(u[(r["region"], r["measure"])][c])) <= 1e-12, (r, c)
' "$TMP/solve" || why "the API's solve differs from the command's CSVs"
}

case_effective_equals_command() {
    [ -d "$SHARED/data/us-tariffs-2025/hs10-imports-2024" ] || {
        skip_part "../shared's customs lines absent: /api/effective not compared with tariffs effective"
        return 0
    }
    "$TSC" tariffs effective "$SC" --out "$TMP/eff.csv" >/dev/null 2>&1 || { why "tariffs effective failed"; return 1; }
    api POST /api/effective --data-binary "@$SC" && status_is 200 || return 1
    # the command writes rates with 4 decimals and values with none: equal to its rounding
    py '
b = body(); e = {r["partner"]: r for r in rows(sys.argv[1])}
assert len(b["partners"]) == len(e) >= 20, (len(b["partners"]), len(e))
for p in b["partners"]:
    c = e[p["partner"]]
    assert abs(p["effective_rate_pct"] - float(c["effective_rate_pct"])) <= 5.0001e-5, (p, c)
    assert abs(p["base_rate_pct"] - float(c["base_rate_pct"])) <= 5.0001e-5, (p, c)
    assert abs(p["imports_usd"] - float(c["imports_usd"])) <= 0.5, (p, c)
' "$TMP/eff.csv" || why "the API's effective rates differ from tariffs effective"
}

case_routes_equal_command() {
    "$TSC" decompose "$W" --method routes --origin CHN --destination USA --out "$TMP/routes.csv" >/dev/null 2>&1 ||
        { why "decompose --method routes failed"; return 1; }
    api GET "/api/routes?focus=CHN&destination=USA" && status_is 200 || return 1
    py '
b = body(); c = [r for r in rows(sys.argv[1]) if r["measure"] == "absorbed"]
api = {(r["route"], r["destination"]): r["value"] for r in b["rows"]}
assert len(c) == len(api) == 14, (len(c), len(api))
assert all(rel(api[(r["route"], r["destination"])], float(r["value"])) <= 1e-12 for r in c)
' "$TMP/routes.csv" || why "the API's routes differ from decompose --method routes"
}

# A scenario as JSON and as YAML gives the command's answer; the YAML extends a shipped scenario by path.
case_json_body() {
    cat >"$TMP/j.json" <<EOF
{"name": "japan-7.5", "extends": "$SRC/scenarios/us-2025-08-deals.yaml", "date": "2025-09-17",
 "measures": [{"importer": "USA", "exporter": "JPN", "sectors": ["TRANSPORT_EQUIPMENT"], "add": 7.5}]}
EOF
    cp "$TMP/j.json" "$TMP/j.yaml"
    "$TSC" shock "$W" "$TMP/j.yaml" --out "$TMP/jshock" >/dev/null 2>&1 || { why "shock on the JSON file failed"; return 1; }
    api POST /api/shock --data-binary "@$TMP/j.json" -H 'Content-Type: application/json' && status_is 200 || return 1
    py '
b = body(); cp = {r["region"]: float(r["cpi_change_pct"]) for r in rows(sys.argv[1] + "/consumer_prices.csv")}
assert b["scenario"] == "japan-7.5"
assert all(rel(r["cpi_change_pct"], cp[r["region"]]) <= 1e-12 for r in b["regions"])
' "$TMP/jshock" || why "JSON scenario: the API differs from the command"
}

# error_like FILE_CONTENT CONTENT_TYPE NAME: the API's 400 message equals the command's on the same text as a file
# (the file's name aside).
error_like() {
    printf '%s' "$1" >"$TMP/bad.$3"
    "$TSC" shock "$W" "$TMP/bad.$3" --out "$TMP/never" >/dev/null 2>"$TMP/cmd.err" && { why "the command accepted it"; return 1; }
    api POST /api/shock --data-binary "@$TMP/bad.$3" -H "Content-Type: $2" && status_is 400 || return 1
    [ ! -e "$TMP/never" ] || { why "the command wrote output"; return 1; }
    py '
b = body(); cmd = open(sys.argv[1]).read().strip().split("\n")[-1]
want = cmd.replace("tariffscope: ", "", 1).replace(sys.argv[2], "request." + sys.argv[3], 1)
assert b["error"] == want, (b["error"], want)
assert b["status"] == 400
' "$TMP/cmd.err" "$TMP/bad.$3" "$3" || why "message $(head -c 300 "$TMP/body") differs from the command's: $(cat "$TMP/cmd.err")"
}

case_malformed() {
    error_like 'name: x
measures: [ {importer: USA, add: 5' application/yaml yaml || return 1
    error_like 'name: x
measure:
  - {importer: USA, exporter: CHN, sectors: goods, add: 5}
' application/yaml yaml || return 1
    error_like 'name: x
measures:
  - {importer: USA, exporter: NOWHERE, sectors: goods, add: 5}
' text/plain yaml || return 1
    error_like 'name: x
measures:
  - {importer: USA, exporter: CHN, sectors: goods, add: 5000}
' application/yaml yaml || return 1
    # malformed JSON is located by the JSON reader
    printf '{"name": "x", "measures": [{"importer": "USA",}]}' >"$TMP/bad.json"
    api POST /api/shock --data-binary "@$TMP/bad.json" -H 'Content-Type: application/json' && status_is 400 || return 1
    grep -q '"error":"request.json:1:[0-9]*: JSON: ' "$TMP/body" || { why "JSON error: $(cat "$TMP/body")"; return 1; }
    printf '[1, 2]' >"$TMP/arr.json"
    api POST /api/solve --data-binary "@$TMP/arr.json" -H 'Content-Type: application/json' && status_is 400 || return 1
    api POST /api/solve --data-binary '' && status_is 400 || return 1
    grep -q 'empty scenario file' "$TMP/body" || { why "empty body: $(cat "$TMP/body")"; return 1; }
    api POST "/api/shock?focus=XXX" --data-binary "@$SC" && status_is 400 || return 1
    grep -q "XXX" "$TMP/body" || { why "unknown focus: $(cat "$TMP/body")"; return 1; }
    api POST "/api/solve?draws=abc" --data-binary "@$SC" && status_is 400 || return 1
    api POST "/api/solve?draws=1001" --data-binary "@$SC" && status_is 400
}

case_oversized() {
    python3 -c 'import sys; sys.stdout.write("#" * (1 << 20) + "\nname: x\n")' >"$TMP/big.yaml"
    api POST /api/shock --data-binary "@$TMP/big.yaml" && status_is 413 || return 1
    # without a Content-Length (chunked): refused once the body passes the ceiling
    api POST /api/solve -H 'Transfer-Encoding: chunked' --data-binary "@$TMP/big.yaml" && status_is 413 || return 1
    # just under the ceiling: read (a YAML comment and a scenario)
    python3 -c 'import sys; sys.stdout.write("#" * ((1 << 20) - 40) + "\nname: x\nmeasures: []\n")' >"$TMP/under.yaml"
    api POST /api/shock --data-binary "@$TMP/under.yaml" && status_is 200
}

case_methods() {
    api GET /api/shock && status_is 405 || return 1
    grep -q 'takes POST' "$TMP/body" || { why "405 body: $(cat "$TMP/body")"; return 1; }
    curl -s -D "$TMP/headers" -o /dev/null "${URL}api/solve" && grep -qi '^Allow: POST' "$TMP/headers" ||
        { why "no Allow: POST header"; return 1; }
    api POST /api/table --data-binary x && status_is 405 || return 1
    api PUT / --data-binary x && status_is 405 || return 1
    api DELETE /api/solve && status_is 405 || return 1
    api GET /api/nothing && status_is 404 || return 1
    curl -s -I -o /dev/null -w '%{http_code}' "$URL" | grep -q 200 || { why "HEAD / is not 200"; return 1; }
}

case_traversal() {
    for p in '/../../../../etc/passwd' '/%2e%2e/%2e%2e/etc/passwd' '/..%2f..%2fetc%2fpasswd' '/web/app.js' \
        '/app.js/../../CMakeLists.txt' '//etc/passwd' '/index.html%00.js'; do
        api GET "$p" --path-as-is && status_is 404 || { why "$p: $WHY"; return 1; }
        ! grep -q 'root:' "$TMP/body" || { why "$p: a system file was served"; return 1; }
    done
    api GET /app.js && status_is 200 || return 1
    api GET / && status_is 200 && grep -q '<title>tariffscope' "$TMP/body" || why "the page is not served at /"
}

case_host_origin() {
    api GET /api/table -H 'Host: evil.example' && status_is 403 || return 1
    api GET /api/table -H "Host: evil.example:$PORT" && status_is 403 || return 1
    api GET /api/table -H "Host: 127.0.0.1:1" && status_is 403 || return 1
    api POST /api/shock -H 'Origin: http://evil.example' --data-binary "@$SC" && status_is 403 || return 1
    api POST /api/shock -H "Origin: http://localhost.evil.example:$PORT" --data-binary "@$SC" && status_is 403 || return 1
    api GET /api/table -H "Host: localhost:$PORT" -H "Origin: http://localhost:$PORT" && status_is 200
}

# A client that opens connections and sends almost nothing holds no one else: the server answers meanwhile (within
# 10 s on a loaded machine), and closes the idle connections after its timeout (5 s) plus a margin.
case_slow_clients() {
    python3 - "$PORT" "$URL" <<'EOF' || { why "slow clients"; return 1; }
import socket, sys, time, urllib.request
port = int(sys.argv[1])
slow = []
for k in range(8):
    s = socket.create_connection(("127.0.0.1", port))
    # half a request line, or headers with a body that never comes
    s.sendall(b"GET /api/ta" if k % 2 == 0 else
              b"POST /api/shock HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nname:")
    slow.append(s)
t0 = time.time()
with urllib.request.urlopen(sys.argv[2] + "api/table", timeout=10) as r:
    assert r.status == 200
assert time.time() - t0 < 10, time.time() - t0
t0 = time.time()
for s in slow:
    s.settimeout(20)
    while s.recv(4096):
        pass  # a 4xx for a cut request, then the close
waited = time.time() - t0
assert waited < 30, waited
print(f"slow connections closed after {waited:.1f} s")
EOF
}

# A long computation in flight does not stop the server answering.
case_answers_while_computing() {
    curl -s -o "$TMP/long" -w '%{time_total}' --max-time 200 -X POST --data-binary "@$SC" \
        "${URL}api/solve?draws=1000" >"$TMP/long.t" &
    _c=$!
    sleep 0.5
    _t=$(curl -s -o /dev/null -w '%{time_total}' "${URL}api/table")
    wait $_c || { why "the long solve failed"; return 1; }
    # answered well before the solve it ran beside ends (on an idle machine in milliseconds, the solve in seconds)
    python3 -c "import sys; t, s = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if t < 10 and t < s / 2 else 1)" \
        "$_t" "$(cat "$TMP/long.t")" || { why "/api/table took $_t s while a solve ran $(cat "$TMP/long.t") s"; return 1; }
    grep -q '"draws":1000' "$TMP/long" || why "the long solve's answer: $(head -c 200 "$TMP/long")"
}

case_stop() {
    kill -INT $SPID
    _i=0
    while kill -0 $SPID 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
    ! kill -0 $SPID 2>/dev/null || { why "still running 10 s after SIGINT"; return 1; }
    wait $SPID || { why "exit status $? after SIGINT"; return 1; }
    grep -q 'stopped (SIGINT)' "$TMP/server.log" || why "no 'stopped' line: $(cat "$TMP/server.log")"
}

case_other_host() {
    start_server "$TMP/any.log" "$SRC/data/example/table" --host 0.0.0.0 --port 0 || { why "no start on 0.0.0.0"; return 1; }
    kill -TERM $SPID
    wait $SPID || { why "exit status $? after SIGTERM"; return 1; }
    grep -q 'warning: listening on 0.0.0.0, not the loopback' "$TMP/any.log.err" || { why "no warning"; return 1; }
    "$TSC" serve "$SRC/data/example/table" --host not-an-address --port 0 >/dev/null 2>"$TMP/h.err" && return 1
    grep -q 'takes an IP address' "$TMP/h.err" || why "--host not-an-address: $(cat "$TMP/h.err")"
}

run_case "GET /api/table and /api/scenarios" case_table
run_case "POST /api/shock equals tariffscope shock's CSVs (1e-12)" case_shock_equals_command
run_case "POST /api/solve equals tariffscope solve's regions.csv and uncertainty.csv (1e-12)" case_solve_equals_command
run_case "POST /api/effective equals tariffscope tariffs effective" case_effective_equals_command
run_case "GET /api/routes equals decompose --method routes (1e-12)" case_routes_equal_command
run_case "a scenario as JSON, extending a shipped one" case_json_body
run_case "malformed YAML, JSON and queries: 400 with the command's messages" case_malformed
run_case "oversized bodies: 413, with and without Content-Length" case_oversized
run_case "wrong methods: 405 with Allow; unknown paths 404" case_methods
run_case "path traversal: only the embedded files are served" case_traversal
run_case "Host and Origin not naming this server: 403" case_host_origin
run_case "slow clients: the server answers meanwhile and closes them" case_slow_clients
run_case "the server answers while a computation runs" case_answers_while_computing
run_case "SIGINT stops the server cleanly" case_stop
run_case "--host 0.0.0.0 warns; a bad --host is refused" case_other_host
finish
