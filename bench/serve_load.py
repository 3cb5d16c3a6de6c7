#!/usr/bin/env python3
"""tariffscope serve under load, on loopback: a Markdown section for bench/RESULTS.md on stdout.

usage: python3 bench/serve_load.py TARIFFSCOPE TABLE [CLIENTS REQUESTS]

1. Changes one at a time, as the page makes them: a new tariff on Chinese goods each time (so no answer comes from
   the server's memory of the last scenario), POST /api/shock then POST /api/solve with the default 50 draws of the
   elasticities. Goal: each change answered within 200 ms.
2. A bounded load test: CLIENTS clients (default 8) each sending REQUESTS requests (default 200) back to back, a mix
   of the page's requests (a quarter shocks of a new scenario, a quarter solves without draws, half GET /api/table
   and the page's files); the p50 and p99 latencies, the errors (any answer but 200, or none), and the server's
   resident memory before and after.
"""
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

TSC, TABLE = sys.argv[1], sys.argv[2]
CLIENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 8
REQUESTS = int(sys.argv[4]) if len(sys.argv) > 4 else 200
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "scenarios", "us-2025-08-deals.yaml")


def scenario(points):
    return (f'name: load\nextends: "{BASE}"\ndate: 2025-09-17\nmeasures:\n'
            f'  - {{importer: USA, exporter: CHN, sectors: [MACHINERY, ELECTRICAL_OPTICAL], add: {points}}}\n').encode()


def request(url, body=None):
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/yaml"} if body is not None else {})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            r.read()
            ok = r.status == 200
    except Exception:  # an error answer or none: counted
        ok = False
    return time.perf_counter() - t0, ok


def quantile(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    return xs[lo] + (h - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])


def rss(pid):
    status = open(f"/proc/{pid}/status").read()
    get = lambda k: int(re.search(rf"^{k}:\s+(\d+) kB", status, re.M).group(1)) / 1024
    return get("VmRSS"), get("VmHWM")


def cpu(pid):
    """The server's CPU seconds so far (user + system, all its threads)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    server = subprocess.Popen([TSC, "serve", TABLE, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    url = None
    for line in server.stdout:
        m = re.search(r"serving on (http://\S+/)", line)
        if m:
            url = m.group(1)
            break
    if not url:
        sys.exit("serve_load.py: the server did not start")
    try:
        request(url + "api/table")
        request(url + "api/solve", scenario(0))  # the schedule and the baseline, built once
        load0 = os.getloadavg()[0]
        # 1. changes one at a time
        shock_t, solve_t, change_t, draws = [], [], [], None
        c0 = cpu(server.pid)
        for k in range(1, 31):
            body = scenario(1.5 * k)
            a, ok1 = request(url + "api/shock?focus=CHN", body)
            b, ok2 = request(url + "api/solve", body)
            if not (ok1 and ok2):
                sys.exit("serve_load.py: a change was refused")
            shock_t.append(a)
            solve_t.append(b)
            change_t.append(a + b)
        cpu_change = (cpu(server.pid) - c0) / 30
        with urllib.request.urlopen(urllib.request.Request(url + "api/solve", data=scenario(3), method="POST")) as r:
            draws = json.load(r)["uncertainty"]["draws"]
        # 2. the load test
        mem0 = rss(server.pid)
        lat, errors = [], [0]
        lock = threading.Lock()

        def client(c):
            mine, bad = [], 0
            for k in range(REQUESTS):
                kind = k % 4
                if kind == 0:
                    t, ok = request(url + "api/shock?focus=CHN", scenario(0.25 * (c * REQUESTS + k)))
                elif kind == 1:
                    t, ok = request(url + "api/solve?draws=0", scenario(0.25 * (c * REQUESTS + k - 1)))
                else:
                    t, ok = request(url + ("api/table" if k % 8 == 2 else "app.js"))
                mine.append(t)
                bad += not ok
            with lock:
                lat.extend(mine)
                errors[0] += bad

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        mem1 = rss(server.pid)
        load1 = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    ms = lambda x: f"{1000 * x:.0f}"
    print("### `tariffscope serve` on data/world2024 (bench/serve_load.py)")
    print()
    print(f"Load average {load0:.1f} before the changes and {load1:.1f} after the load test (2 cores, shared with other")
    print("work: the latencies below include waiting for a core).")
    print()
    print(f"**Changes one at a time** (30 changes, each a new tariff on Chinese machinery and electronics over")
    print(f"us-2025-08-deals; {draws} draws of the elasticities per solve):")
    print()
    print("| request | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, xs in (("POST /api/shock (scenario read, rates on the customs lines, first order)", shock_t),
                     ("POST /api/solve (GE and the draws; the rates of the same scenario kept)", solve_t),
                     ("one change: both", change_t)):
        print(f"| {name} | {ms(quantile(xs, .5))} | {ms(quantile(xs, .95))} | {ms(max(xs))} |")
    met = quantile(change_t, .5) < 0.2
    print()
    print(f"The server's CPU time per change (user + system, every thread; what a change costs without other work "
          f"on the cores): **{ms(cpu_change)} ms**.")
    print(f"Goal, each change within 200 ms: {'**met** at the median' if met else 'not met at the median'}"
          f" ({ms(quantile(change_t, .5))} ms wall).")
    print()
    n = len(lat)
    print(f"**Load test**: {CLIENTS} clients x {REQUESTS} requests = {n} requests in {wall:.1f} s "
          f"({n / wall:.0f} requests/s); a quarter shocks of a new scenario, a quarter solves without draws, half "
          "GET /api/table and /app.js.")
    print()
    print("| p50 ms | p99 ms | max ms | errors | server memory before (RSS) | after (RSS) | peak (HWM) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {ms(quantile(lat, .5))} | {ms(quantile(lat, .99))} | {ms(max(lat))} | {errors[0]} | "
          f"{mem0[0]:.0f} MiB | {mem1[0]:.0f} MiB | {mem1[1]:.0f} MiB |")
    sys.exit(1 if errors[0] else 0)


main()
