#!/bin/sh
# test_completion.sh - completion/dejure.bash in a real bash: the script
# is sourced, COMP_WORDS/COMP_CWORD are set as readline would set them
# for a command line with the cursor at its end, and the completion
# function registered for `dejure` (per `complete -p`) is called; then
# an interactive bash on a pseudo-terminal gets keys with TABs typed.
# Usage: test_completion.sh SOURCE_DIR PATH/TO/dejure
set -u
SRC=$1 DJ=$2
T=$(mktemp -d /tmp/dejure-completion-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
. "$(dirname "$0")/../cli/check.sh"
# complete LINE: what bash offers for LINE (the cursor after its last
# word; a trailing space starts an empty word), sorted, on one line
complete_line() {
    LINE=$1 DJ=$DJ bash --norc --noprofile -c '
        source "$0/completion/dejure.bash" || exit 9
        fn=$(complete -p dejure | sed -n "s/.*-F \([^ ]*\) dejure$/\1/p")
        [ -n "$fn" ] || { echo "no completion registered for dejure"; exit 9; }
        read -ra COMP_WORDS <<< "$LINE"
        [[ $LINE == *" " ]] && COMP_WORDS+=("")
        COMP_WORDS[0]=$DJ
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE=$LINE COMP_POINT=${#LINE}
        "$fn" dejure "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"' "$SRC"
}

check "a subject command completes" "coverage" "$(complete_line 'dejure cov')"
check "help completes a command" "holdouts" "$(complete_line 'dejure help hol')"
check "a second command completes" "milestones" "$(complete_line 'dejure mil')"
check "an option completes" "--bloc" "$(complete_line 'dejure coverage --bl')"
check "--bloc completes a bloc code of the dataset" "NATO" "$(complete_line 'dejure coverage --bloc NA')"
check "-b completes the last item of a list" "EU,NATO" "$(complete_line 'dejure coverage -b EU,NA')"
check "--view offers the views" "undisputed" "$(complete_line 'dejure holdouts --view und')"
check "--view offers disputing parties" "SRB SSD" "$(complete_line 'dejure holdouts --view S')"
check "--exclude offers the marks" "conditional" "$(complete_line 'dejure status --exclude co')"
check "--by offers the periods" "month" "$(complete_line 'dejure timeline --by mo')"
check "--subject offers subjects and all" "ESH PSE XAB XKX XNC XSL XSO all" "$(complete_line 'dejure timeline --subject ')"
check "--at offers nothing" "" "$(complete_line 'dejure timeline --at ')"

# only the options of the command being typed
check "holdouts offers its options and the common ones" \
    "--at --bloc --data --events --exclude --help --out --quiet --strict --subject --view" \
    "$(complete_line 'dejure holdouts --')"
check "timeline does not offer --bloc" "" "$(complete_line 'dejure timeline --bl')"
check "batch offers only its own options" "--help --jobs --out --quiet" \
    "$(complete_line 'dejure batch x.batch --')"
# ...which are those its --help lists: the usage lines name the same set
for c in $("$DJ" complete commands); do
    [ "$c" = help ] && continue
    listed=$("$DJ" help "$c" | awk 'NR == 1 || (go && /^       /) {print; go = 1; next} {go = 0}' |
        grep -o -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ')
    offered=$("$DJ" complete options "$c" | grep -vx -- --help | sort | tr '\n' ' ')
    check "$c: completion offers the options its --help lists" "$listed" "$offered"
done

# blocs follow the dataset named by --data
mkdir -p "$T/ds"
printf 'date,actor,subject,type\n2008-02-18,USA,XKX,recognize\n' > "$T/ds/events.csv"
printf 'bloc,member,joined,left\nQUAD,USA,2007-01-01,\nQUINT,USA,2000-01-01,\n' > "$T/ds/blocs.csv"
check "--bloc offers the blocs of --data DIR" "QUAD QUINT" "$(complete_line "dejure coverage --data $T/ds --bloc Q")"
touch "$T/ds/more.csv"
check "--events offers files" "$T/ds/more.csv" "$(complete_line "dejure timeline --events $T/ds/mo")"
check "batch offers batch files" "$T/ds/study.batch" "$(touch "$T/ds/study.batch"; complete_line "dejure batch $T/ds/stu")"
check "verify offers folders" "$T/ds" "$(complete_line "dejure verify $T/d")"

# the real thing: an interactive bash on a terminal, keys typed with TAB
if command -v script >/dev/null 2>&1; then
    printf 'source %s/completion/dejure.bash; PATH=%s:$PATH\ndejure holdo\t-b NA\t-a 2013-02-17\nexit\n' \
        "$SRC" "$(dirname "$DJ")" |
        timeout 20 script -qec "env -i HOME=$T TERM=dumb PS1='$ ' bash --norc --noprofile -i" /dev/null \
        > "$T/session" 2>&1
    tr -d '\r' < "$T/session" > "$T/typed"
    check "interactive bash: TAB completes the command and the bloc" 1 \
        "$(grep -c '^\$ dejure holdouts -b NATO -a 2013-02-17$' "$T/typed")"
    check "interactive bash: the completed line runs" 1 "$(grep -c '^2013-02-17,NATO,ESP,Spain$' "$T/typed")"
fi

echo "$fails failed"
exit $fails
