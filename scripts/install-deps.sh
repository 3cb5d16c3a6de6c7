#!/bin/sh
# Installs the Debian packages tariffscope needs to build and run; with --test also what the tests need (chromium:
# tests/cli/test_report_page.sh renders the report's page headless; clang-format 14: tests/arch/test_format.sh; python3:
# tests/cli/test_json.sh checks the JSON; clang and its libFuzzer runtime: tests/fuzz, make fuzz; testthat: the R
# package's tests). r-base-dev builds the R package (make bindings, bindings/r). Quiet and quick
# when all are present.
# --bindings: what `make bindings` needs for the Python package (python3-dev, numpy, pandas); --test includes them and
# pytest, since make test builds and tests the package.
# usage: sh scripts/install-deps.sh [--test | --bindings]
set -eu
PKGS="cmake ninja-build gcc pkg-config make libopenblas-dev liblapacke-dev libcriterion-dev \
libsuitesparse-dev zlib1g-dev libjansson-dev libyaml-dev"
PY_PKGS="python3-dev python3-numpy python3-pandas"
R_PKGS="r-base-dev"
[ "${1:-}" = "--test" ] && PKGS="$PKGS chromium clang-format python3 clang libclang-rt-14-dev $PY_PKGS python3-pytest \
$R_PKGS r-cran-testthat"
[ "${1:-}" = "--bindings" ] && PKGS="$PKGS $PY_PKGS $R_PKGS"
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
