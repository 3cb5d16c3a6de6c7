#!/bin/sh
# ctest browser_dashboard: tests/browser/test_dashboard.mjs in headless Chromium. Skipped (exit 77), saying why, when
# node, Chromium or puppeteer-core (tests/browser/node_modules: scripts/install-deps.sh --test runs npm ci) are
# absent; under TSC_NO_SKIP=1 that is a failure. Environment: TSC, SRC, ARTIFACTS (where the screenshot goes).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
skip() {
    if [ "${TSC_NO_SKIP:-0}" = 1 ]; then
        echo "FAIL    not run: $* (TSC_NO_SKIP=1: every test must run here)"
        exit 1
    fi
    echo "SKIP: $*"
    exit 77
}
command -v node >/dev/null 2>&1 || skip "node absent (scripts/install-deps.sh --test installs it)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium absent (scripts/install-deps.sh --test installs it)"
[ -d "$HERE/node_modules/puppeteer-core" ] ||
    skip "puppeteer-core absent: run scripts/install-deps.sh --test (npm ci in tests/browser)"
exec node "$HERE/test_dashboard.mjs"
