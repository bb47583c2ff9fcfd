# check.sh - the assertion every CLI test script uses; source it after
# setting fails=0. check NAME EXPECTED ACTUAL prints ok or FAIL with both
# values, and counts failures in $fails (the script's exit status).
check() { # name expected actual
    if [ "$2" = "$3" ]; then
        echo "ok   $1"
    else
        echo "FAIL $1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
        fails=$((fails + 1))
    fi
}
