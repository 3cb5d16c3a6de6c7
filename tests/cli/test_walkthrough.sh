# The walkthrough of docs/SCENARIOS.md ("Your own questions: a walkthrough") cannot drift from the program: every
# scenario file it shows (a ```yaml block starting "# scenarios/walkthrough/NAME.yaml") is the shipped file, byte for
# byte, and every command it shows (a "$ " line of a ```console block) runs as written, from a folder holding the
# project's data/ and scenarios/, and prints every output line shown under it (blanks squeezed; "..." skips). Needs the
# 2024 US customs lines (../shared).
. "$(dirname "$0")/lib.sh"

DOC=$SRC/docs/SCENARIOS.md
IMPORTS=$SHARED/data/us-tariffs-2025/hs10-imports-2024
skip_if_absent "$IMPORTS"

# The walkthrough's section of the doc, then its blocks: lines "Y path" + the yaml lines ("L text"), "C command",
# "O expected output line", "E" at the end of each block.
awk '/^## Your own questions: a walkthrough/ { on = 1; next } /^## / { on = 0 } on' "$DOC" >"$TMP/section.md"
awk '/^```yaml$/ { kind = "y"; first = 1; next }
     /^```console$/ { kind = "c"; next }
     /^```$/ { if (kind != "") print "E"; kind = ""; next }
     kind == "y" { if (first && $0 ~ /^# scenarios\/walkthrough\/[^:]*:/) { p = $2; sub(/:$/, "", p); print "Y " p }
                   first = 0; print "L " $0; next }
     kind == "c" && /^\$ / { print "C " substr($0, 3); next }
     kind == "c" && /^ *\.\.\. *$/ { next }
     kind == "c" && NF { print "O " $0 }' "$TMP/section.md" >"$TMP/blocks.txt"

# a project folder of links, and tariffscope on the PATH
WORK=$TMP/work
mkdir -p "$WORK/bin"
ln -s "$SRC/data" "$WORK/data"
ln -s "$SRC/scenarios" "$WORK/scenarios"
ln -s "$TSC" "$WORK/bin/tariffscope"

squeeze() { sed 's/^ *//; s/ *$//; s/  */ /g'; }

case_files_are_shipped() {
    _n=0
    _path=""
    : >"$TMP/yaml.txt"
    while IFS= read -r _l; do
        case $_l in
            "Y "*) _path=${_l#Y }; : >"$TMP/yaml.txt" ;;
            "L "*) [ -z "$_path" ] || printf '%s\n' "${_l#L }" >>"$TMP/yaml.txt" ;;
            E)
                if [ -n "$_path" ]; then
                    cmp -s "$TMP/yaml.txt" "$SRC/$_path" || { why "the doc's $_path differs from the file"; return 1; }
                    _n=$((_n + 1))
                fi
                _path="" ;;
        esac
    done <"$TMP/blocks.txt"
    [ "$_n" -eq 3 ] || why "expected the 3 walkthrough scenario files in the doc, found $_n"
}

# run_pending: runs the pending command in $WORK and checks the lines expected of it.
run_pending() {
    [ -n "$_cmd" ] || return 0
    _ncmd=$((_ncmd + 1))
    (cd "$WORK" && PATH=$WORK/bin:$PATH sh -c "$_cmd") </dev/null >"$OUT" 2>"$ERR" ||
        { why "exit status $? for: $_cmd"; return 1; }
    squeeze <"$OUT" >"$TMP/got.txt"
    while IFS= read -r _e; do
        _want=$(printf '%s\n' "$_e" | squeeze)
        grep -Fxq -- "$_want" "$TMP/got.txt" || { why "'$_cmd' did not print: $_want"; return 1; }
        _nline=$((_nline + 1))
    done <"$TMP/expect.txt"
    _cmd=""
}

case_commands_print_the_doc() {
    _cmd=""
    _ncmd=0
    _nline=0
    : >"$TMP/expect.txt"
    while IFS= read -r _l; do
        case $_l in
            "C "*) run_pending || return 1; _cmd=${_l#C }; : >"$TMP/expect.txt" ;;
            "O "*) printf '%s\n' "${_l#O }" >>"$TMP/expect.txt" ;;
            E) run_pending || return 1; : >"$TMP/expect.txt" ;;
        esac
    done <"$TMP/blocks.txt"
    [ "$_ncmd" -ge 14 ] && [ "$_nline" -ge 30 ] ||
        why "the walkthrough shows $_ncmd commands and $_nline output lines: fewer than expected, is the doc parsed?"
}

run_case "the doc's scenario files are the shipped ones" case_files_are_shipped
run_case "the doc's commands print the doc's figures" case_commands_print_the_doc
finish
