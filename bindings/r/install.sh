#!/bin/sh
# Installs the R package tariffscope from this folder into a library: a copy of the package is built in the build
# tree (the source folder stays clean), against the project's static library BUILD/libtariffscope.a.
# usage: sh bindings/r/install.sh BUILD [LIBRARY]   (LIBRARY: default the site library R names first, as root
# /usr/local/lib/R/site-library; R: the R program, default R on the PATH)
set -eu
R=${R:-R}
if ! command -v "$R" >/dev/null 2>&1; then
    echo "install.sh: R is not installed (sh scripts/install-deps.sh installs r-base-dev)" >&2
    # ctest's r_install: skipped (77), or a failure under TSC_NO_SKIP=1
    [ "${TSC_NO_SKIP:-0}" = 1 ] && exit 1
    exit 77
fi
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:?usage: install.sh BUILD [LIBRARY]}" && pwd)
LIB=${2:-}
[ -f "$BUILD/libtariffscope.a" ] || { echo "install.sh: $BUILD/libtariffscope.a is missing (build first)" >&2; exit 1; }
STAGE=$BUILD/rpkg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$HERE" "$STAGE/tariffscope"
rm -rf "$STAGE/tariffscope/src/"*.o "$STAGE/tariffscope/src/"*.so
if [ -n "$LIB" ]; then
    mkdir -p "$LIB"
    set -- -l "$LIB"
else
    set --
fi
TSC_SOURCE=$SRC TSC_BUILD=$BUILD "$R" CMD INSTALL --no-multiarch "$@" "$STAGE/tariffscope"
