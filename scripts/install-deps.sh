#!/bin/sh
# Installs the Debian packages tariffscope needs to build and run; with --test also what the tests need (chromium:
# tests/cli/test_report_page.sh renders the report's page headless; clang-format 14: tests/arch/test_format.sh; python3:
# tests/cli/test_json.sh checks the JSON; clang and its libFuzzer runtime: tests/fuzz, make fuzz; python3-dev, numpy,
# pandas and pytest: the Python package's tests; r-base-dev and testthat: the R package's; curl: tests/cli/test_serve.sh;
# node and npm, then puppeteer-core by npm ci in tests/browser: tests/browser). Quiet and quick when all are present.
# libhdf5-dev: results as HDF5 (--out FILE.h5); python3-h5py and r-cran-hdf5r: the tests reading them back.
# Open MPI (libopenmpi-dev, openmpi-bin) builds and runs tariffscope sweep under mpirun (docs/SWEEPS.md).
# --bindings: what `make bindings` needs (python3-dev, numpy, pandas, r-base-dev); --test includes them, since make
# test builds and tests both packages.
# usage: sh scripts/install-deps.sh [--test | --bindings]
set -eu
PKGS="cmake ninja-build gcc pkg-config make libopenblas-dev liblapacke-dev libcriterion-dev \
libsuitesparse-dev zlib1g-dev libjansson-dev libyaml-dev libmicrohttpd-dev \
libzip-dev libexpat1-dev libhdf5-dev libopenmpi-dev openmpi-bin"
PY_PKGS="python3-dev python3-numpy python3-pandas"
R_PKGS="r-base-dev"
[ "${1:-}" = "--test" ] && PKGS="$PKGS chromium clang-format python3 clang libclang-rt-14-dev $PY_PKGS python3-pytest \
$R_PKGS r-cran-testthat python3-h5py r-cran-hdf5r curl"
[ "${1:-}" = "--bindings" ] && PKGS="$PKGS $PY_PKGS $R_PKGS"
# node may come from another package than Debian's (which would conflict): only a missing command asks for it
[ "${1:-}" = "--test" ] && ! command -v npm >/dev/null 2>&1 && PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# the browser tests' puppeteer-core, at the version tests/browser/package-lock.json pins (no browser download)
browser_modules() {
    [ "${1:-}" = "--test" ] || return 0
    _dir=$(cd "$(dirname "$0")/../tests/browser" && pwd)
    [ -d "$_dir/node_modules/puppeteer-core" ] && return 0
    echo "install-deps: npm ci in tests/browser"
    (cd "$_dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
[ -z "$missing" ] && { browser_modules "${1:-}"; exit 0; }
echo "install-deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing; run as root or install them yourself" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
browser_modules "${1:-}"
