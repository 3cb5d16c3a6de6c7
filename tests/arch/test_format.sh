#!/bin/sh
# The C sources follow .clang-format (120 columns). Reformat with:
#   clang-format -i $(git ls-files '*.c' '*.h')
# The layout depends on clang-format's major version: the check runs with Debian 12's clang-format 14 (installed
# by scripts/install-deps.sh --test) and is skipped, saying so (exit 77), with any other; with TSC_NO_SKIP=1 (CI) it
# fails instead.
set -eu
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC"
CF=${CLANG_FORMAT:-clang-format}
# skip MESSAGE: exit 77 (ctest: skipped), or 1 under TSC_NO_SKIP=1
skip() {
    if [ "${TSC_NO_SKIP:-0}" = 1 ]; then echo "format: not run: $* (TSC_NO_SKIP=1)"; exit 1; fi
    echo "format: skipped: $*"
    exit 77
}
if ! command -v "$CF" >/dev/null 2>&1; then
    skip "$CF is not installed (sh scripts/install-deps.sh --test installs it)"
fi
major=$("$CF" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$major" != 14 ]; then
    skip "$CF is version $major; the layout is pinned to clang-format 14"
fi
# tests/browser/node_modules holds the npm packages of the browser tests, not sources of this project
files=$(find src cli include bench tests -name node_modules -prune -o -name '*.[ch]' -print | sort)
n=0
bad=0
for f in $files; do
    n=$((n + 1))
    if ! "$CF" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "$f: not formatted (clang-format -i $f)"
        bad=$((bad + 1))
    fi
done
# clang-format cannot break every line (a long string with no space); characters, not bytes, are counted
long=$(python3 -c 'import sys
for f in sys.argv[1:]:
    for n, l in enumerate(open(f, encoding="utf-8"), 1):
        if len(l.rstrip("\n")) > 120: print("%s:%d: %d columns" % (f, n, len(l.rstrip("\n"))))' $files | head -20)
if [ -n "$long" ]; then echo "$long"; bad=$((bad + 1)); fi
echo "format: $((n - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
