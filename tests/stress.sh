#!/usr/bin/env bash
# Run `make test` N times in a row with K CPU-bound processes running, and
# record every result: the proof that the tests hold on a loaded host.
#
#   tests/stress.sh [-n RUNS] [-k LOAD] [-o DIR] [-- MAKE_ARGS...]
#   make test-stress STRESS_RUNS=10 STRESS_LOAD=4
#
# Each run's whole output goes to DIR/run-<i>.log and its JUnit XML to
# DIR/run-<i>.xml; DIR/summary.txt gets one line per run (number, exit status,
# seconds, closing line, load average) and a last line with the total. DIR is
# a new directory under $BUILD/stress/ (BUILD from the environment, default
# build) unless -o names one. Exits 0 only if
# every run ended 'N passed, 0 failed'. The load processes are this script's
# own children, ended by their process ids when it exits, however it exits.
set -u

runs=10
load=4
dir=""
while getopts "n:k:o:h" opt; do
    case $opt in
        n) runs=$OPTARG ;;
        k) load=$OPTARG ;;
        o) dir=$OPTARG ;;
        *) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
case "$runs$load" in *[!0-9]*|"") echo "stress: -n and -k take numbers" >&2; exit 2 ;; esac

cd "$(dirname "$0")/.." || exit 2
build=${BUILD:-build}
if [ -z "$dir" ]; then
    mkdir -p "$build/stress" || exit 2
    dir=$(mktemp -d "$build/stress/$(date -u +%Y%m%dT%H%M%SZ)-XXXX") || exit 2
else
    mkdir -p "$dir" || exit 2
fi
summary=$dir/summary.txt

load_pids=()
stop_load() {
    for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${load_pids[@]}"; do wait "$pid" 2>/dev/null; done
    load_pids=()
}
trap stop_load EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 "$load"); do
    ( while :; do :; done ) &
    load_pids+=($!)
done

{
    echo "# make test $* x $runs, with $load CPU-bound processes on $(nproc) CPUs"
    echo "# started $(date -u '+%Y-%m-%d %H:%M:%S UTC') at $(git rev-parse --short HEAD 2>/dev/null)"
} > "$summary"
cat "$summary"

good=0
for i in $(seq 1 "$runs"); do
    start=$(date +%s)
    make --no-print-directory BUILD="$build" test "$@" > "$dir/run-$i.log" 2>&1
    status=$?
    secs=$(( $(date +%s) - start ))
    [ -f "$build/test-results.xml" ] && cp "$build/test-results.xml" "$dir/run-$i.xml"
    closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/run-$i.log" | tail -1)
    line="run $i: status $status, ${secs} s, ${closing:-no closing line}, load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$status" = 0 ] && [[ "$closing" =~ ' 0 failed' ]]; then
        good=$((good + 1))
    else
        line="$line; failures:"$'\n'"$(grep -E '^FAIL ' "$dir/run-$i.log" | head -20 | sed 's/^/    /')"
    fi
    echo "$line" | tee -a "$summary"
done

echo "stress: $good of $runs runs passed with $load CPU-bound processes; logs in $dir" \
    | tee -a "$summary"
[ "$good" = "$runs" ]
