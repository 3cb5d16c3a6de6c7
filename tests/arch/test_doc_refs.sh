#!/bin/sh
# Docs that point to code stay true: every path under src/, include/, cli/, tests/, bench/ or scripts/ and every
# tsc_ name written in backticks (inline code or a fenced block) in docs/*.md and README.md must exist. A path must
# name a file or folder (a * or a trailing <placeholder> matches any name); a tsc_ name must occur in the code of
# include/ or src/, comments left out (a * or <placeholder> matches any ending).
set -eu
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# every tsc_ identifier in the code of include/ and src/, C comments stripped
for f in include/tariffscope/*.h src/*/*.c src/*/*.h; do
    awk '{
        line = $0; out = ""
        while (line != "") {
            if (incomment) {
                e = index(line, "*/")
                if (e == 0) { line = ""; break }
                line = substr(line, e + 2); incomment = 0
            } else {
                b = index(line, "/*"); s = index(line, "//")
                if (s > 0 && (b == 0 || s < b)) { out = out substr(line, 1, s - 1); line = ""; break }
                if (b == 0) { out = out line; line = ""; break }
                out = out substr(line, 1, b - 1); line = substr(line, b + 2); incomment = 1
            }
        }
        print out
    }' "$f"
done | grep -o 'tsc_[A-Za-z0-9_]*' | sort -u >"$tmp/names"

# file:line<TAB>kind<TAB>reference, one line per reference in backticks
for doc in README.md docs/*.md; do
    awk -v doc="$doc" '
    function scan(code, kind, re,   rest, pre, tok, nxt) {
        rest = code
        while (match(rest, re)) {
            pre = RSTART > 1 ? substr(rest, RSTART - 1, 1) : ""
            tok = substr(rest, RSTART, RLENGTH)
            nxt = substr(rest, RSTART + RLENGTH, 1)
            rest = substr(rest, RSTART + RLENGTH)
            # a path or name inside a longer word (../shared/src/x, my_tsc_x) is not ours
            if (pre ~ /[A-Za-z0-9_.\/-]/) continue
            if (nxt == "<") tok = tok "*"
            sub(/[.,:;]+$/, "", tok)
            printf "%s:%d\t%s\t%s\n", doc, FNR, kind, tok
        }
    }
    function check(code) {
        scan(code, "path", "(src|include|cli|tests|bench|scripts)\\/[A-Za-z0-9_.*\\/-]*")
        scan(code, "name", "tsc_[A-Za-z0-9_*]*")
    }
    /^[ \t]*```/ { fence = !fence; next }
    fence { check($0); next }
    {
        n = split($0, part, "`")
        for (i = 2; i <= n; i += 2) check(part[i])
    }' "$doc"
done >"$tmp/refs"

pass=0
fail=0
while IFS="	" read -r where kind ref; do
    ok=0
    case "$kind" in
    path)
        # the shell expands a pattern to the files it matches, or leaves it as it is when none does
        for p in $ref; do [ -e "$p" ] && ok=1; break; done ;;
    name)
        case "$ref" in
        *'*'*) pat="^$(printf '%s' "$ref" | sed 's/\*/[A-Za-z0-9_]*/g')\$"; grep -q "$pat" "$tmp/names" && ok=1 ;;
        *) grep -qx "$ref" "$tmp/names" && ok=1 ;;
        esac ;;
    esac
    if [ "$ok" -eq 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        if [ "$kind" = path ]; then echo "$where: $ref: no such file or folder"
        else echo "$where: $ref: not found in the code of include/ or src/"; fi
    fi
done <"$tmp/refs"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
