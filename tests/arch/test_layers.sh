#!/bin/sh
# The layering (docs/ARCHITECTURE.md): a file in src/<layer>/ includes only headers of its own layer or a lower one,
# internal (src/<layer>/*_int.h) and public (include/tariffscope/*.h) alike; cli/ and bench/ include no internal
# header. The build refuses upward includes and calls too; this test names each offending line.
set -eu
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC"
LAYERS="base table account policy model report"

rank() { # rank of a layer name, 1 = lowest
    i=1
    for l in $LAYERS; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done
    echo 0
}

# the layer of each public header: the layer whose code implements it
public_layer() {
    case "$1" in
    alloc.h|blas.h|date.h|error.h|h5.h|mat.h|numfmt.h|output.h|progress.h|suggest.h|writer.h) echo base ;;
    table.h|update.h|extension.h) echo table ;;
    leontief.h|decomp.h|accounts.h) echo account ;;
    scenario.h|schedule.h|tariffs.h) echo policy ;;
    shock.h|ge.h|run.h) echo model ;;
    report.h|tariffscope.h) echo report ;;
    *) echo unknown ;;
    esac
}

fail=0
# every public header must have a layer, so a new one cannot slip past the check
for h in include/tariffscope/*.h; do
    name=$(basename "$h")
    if [ "$(public_layer "$name")" = unknown ]; then
        echo "$h: public header without a layer in tests/arch/test_layers.sh"; fail=1
    fi
done
for f in src/*.c src/*.h; do
    [ -e "$f" ] || continue
    echo "$f: source file outside a layer folder"; fail=1
done

# prints one line per include of a higher layer's header in file $1 of layer $2
check_file() {
    r=$(rank "$2")
    grep -n '^#include "' "$1" | while IFS= read -r line; do
        n=${line%%:*}
        hdr=$(echo "$line" | sed 's/^[0-9]*:#include "\([^"]*\)".*/\1/')
        case "$hdr" in
        tariffscope/*) hl=$(public_layer "${hdr#tariffscope/}") ;;
        *) hl=unknown
           for l in $LAYERS; do [ -e "src/$l/$hdr" ] && hl=$l; done ;;
        esac
        if [ "$hl" = unknown ]; then
            echo "$1:$n: includes \"$hdr\", which belongs to no layer"
        elif [ "$(rank "$hl")" -gt "$r" ]; then
            echo "$1:$n: layer $2 includes \"$hdr\" of the higher layer $hl"
        fi
    done
}

bad=$(
    for layer in $LAYERS; do
        for f in src/$layer/*.c src/$layer/*.h; do [ -e "$f" ] && check_file "$f" "$layer"; done
    done
    for h in include/tariffscope/*.h; do check_file "$h" "$(public_layer "$(basename "$h")")"; done
)
if [ -n "$bad" ]; then echo "$bad"; fail=1; fi


# the clients use the public API only
for f in cli/*.c cli/*.h bench/*.c bench/*.h; do
    [ -e "$f" ] || continue
    if grep -n '^#include "[^"]*_int\.h"' "$f"; then echo "$f: a client includes an internal header"; fail=1; fi
done

nfiles=$(ls src/*/*.c src/*/*.h | wc -l)
if [ "$fail" -ne 0 ]; then echo "0 passed, 1 failed"; exit 1; fi
echo "layers: $nfiles files in $(echo $LAYERS | wc -w) layers include only their own layer and those below"
echo "layers: 1 passed, 0 failed"
