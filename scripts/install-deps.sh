#!/bin/sh
# Installs the Debian packages tariffscope needs to build and run; with --test also what the tests need (chromium:
# tests/cli/test_report_page.sh renders the report's page headless; clang-format 14: tests/arch/test_format.sh; python3:
# tests/cli/test_json.sh checks the JSON; clang and its libFuzzer runtime: tests/fuzz, make fuzz). Quiet and quick
# when all are present.
# usage: sh scripts/install-deps.sh [--test]
set -eu
PKGS="cmake ninja-build gcc pkg-config make libopenblas-dev liblapacke-dev libcriterion-dev \
libsuitesparse-dev zlib1g-dev libjansson-dev libyaml-dev libzip-dev libexpat1-dev"
[ "${1:-}" = "--test" ] && PKGS="$PKGS chromium clang-format python3 clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing; run as root or install them yourself" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
