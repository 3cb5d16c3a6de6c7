#!/bin/sh
# Installs the R package tariffscope from this folder into a library: a copy of the package is built in the build
# tree (the source folder stays clean), against the project's static library BUILD/libtariffscope.a.
# usage: sh bindings/r/install.sh BUILD [LIBRARY]   (LIBRARY: default the site library R names first)
set -eu
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
TSC_SOURCE=$SRC TSC_BUILD=$BUILD R CMD INSTALL --no-multiarch "$@" "$STAGE/tariffscope"
