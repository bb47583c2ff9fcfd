#!/bin/sh
# test_man.sh - the manual page: `man -l` renders it at 80 columns with no
# groff warning, it documents every command and every option the binary
# has (asked from `dejure complete`), its version is the binary's, and
# the examples that show their output still produce it.
# Usage: test_man.sh PATH/TO/dejure.1 PATH/TO/dejure
set -u
PAGE=$1 DJ=$2
case $DJ in /*) ;; *) DJ=$PWD/$DJ ;; esac
T=$(mktemp -d /tmp/dejure-man-XXXXXX)
trap 'rm -rf "$T"' EXIT
export DEJURE_TODAY=2026-11-26 MANWIDTH=80 MANPAGER=cat PAGER=cat LC_ALL=C.UTF-8
fails=0
. "$(dirname "$0")/../cli/check.sh"

man --warnings -l "$PAGE" >"$T/page" 2>"$T/err"; rc=$?
check "man -l renders the page without warnings" "0:" "$rc:$(cat "$T/err")"
check "the page has its sections" "NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS EXIT STATUS EXAMPLES" \
    "$(grep -E '^(NAME|SYNOPSIS|DESCRIPTION|COMMANDS|OPTIONS|EXIT STATUS|EXAMPLES)$' "$T/page" | tr '\n' ' ' | sed 's/ $//')"
check "no rendered line is wider than 80 columns" "" \
    "$(grep -n '.\{81,\}' "$T/page")"
check "NAME line" "dejure - who has recognised a state, since when, and what share of each" \
    "$(sed -n '/^NAME$/{n;p;}' "$T/page" | sed 's/^ *//')"
check "the page's version is the binary's" "$("$DJ" --version)" \
    "$(sed -n 's/^\.TH [^"]*"\([^"]*\)".*/\1/p' "$PAGE")"

# every command and option the binary knows is described
# (commands as the first bold word of a paragraph, options by their name)
sed -n '/^COMMANDS$/,/^OPTIONS$/p' "$T/page" > "$T/commands"
sed -n '/^OPTIONS$/,/^VIEWS$/p' "$T/page" > "$T/options"
missing=""
for c in $("$DJ" complete commands) complete; do
    grep -Eq "^       $c( |\$)" "$T/commands" || missing="$missing $c"
done
check "every command has its entry" "" "$missing"
missing=""
for o in $("$DJ" complete options); do
    grep -Eq -- "^       (-[a-zA-Z], )?(.*, )?$o( |,|\$)" "$T/options" || missing="$missing $o"
done
check "every option has its entry" "" "$missing"
[ "$("$DJ" complete options | wc -l)" -ge 15 ] ; check "dejure lists its options" 0 $?

# examples: a "$ dejure ..." line followed by its output, in .EX blocks
awk '/^\.EX/{ex=1; n++; next} /^\.EE/{ex=0; next} ex{print n "\t" $0}' "$PAGE" |
    sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" > "$T/examples"
shown=0
for n in $(cut -f1 "$T/examples" | sort -u); do
    cmd=$(awk -F'\t' -v n="$n" '$1 == n && /\t\$ /{sub(/^[0-9]+\t\$ /, ""); print; exit}' "$T/examples")
    awk -F'\t' -v n="$n" '$1 == n && !/\t\$ /{sub(/^[0-9]+\t/, ""); print}' "$T/examples" > "$T/want"
    [ -s "$T/want" ] || continue
    shown=$((shown + 1))
    got=$(cd "$T" && dejure() { "$DJ" "$@"; } && eval "$cmd" 2>&1)
    check "example '$cmd' prints what the page shows" "$(cat "$T/want")" "$got"
done
[ $shown -ge 2 ]; check "the page shows at least two examples with output" 0 $?

echo "$fails failed"
exit $fails
