#!/usr/bin/env bash
# The linkage benchmark: Rapporteur's `link` against the synthetic truth, beside the exact
# person key and an anchor (clkhash + anonlink). Run by hand before the closing note; not in CI.
#
# Usage:
#   crates/records/bench/linkage.sh                 # sizes 10000 100000 1000000 records
#   SIZES="10000" ANCHOR_SIZES="10000" crates/records/bench/linkage.sh
#
# Environment (defaults in brackets):
#   WORK              work directory, one subdirectory per size [/var/tmp/linkage-bench]
#   SIZES             `synth --records` values [10000 100000 1000000]
#   ANCHOR_SIZES      sizes at which clkhash + anonlink also run, with blocklib's P-Sig blocking
#                     [10000 100000 1000000]
#   UNBLOCKED_SIZES   sizes at which the anchor also runs without blocking (all cross-dataset
#                     pairs), to see what the blocking costs in recall [10000 100000]
#   THRESHOLDS        anonlink Dice thresholds, comma-separated [0.6,0.65,0.7,0.75,0.8,0.85]
#   LINK_RUNS         timed `link` runs per size, each on a fresh copy of the imported store [1]
#   SEED              synth seed [1]
#   CARGO_TARGET_DIR  [/var/tmp/rapporteur-bench-target]
#   SKIP_BUILD=1      use the release binary already in CARGO_TARGET_DIR
#   RAPPORTEUR        the binary to run [$CARGO_TARGET_DIR/release/rapporteur]
#   PYTHON            the interpreter with anonlink, clkhash and blocklib [$WORK/venv/bin/python,
#                     made with `python3 -m venv` and `pip install anonlink clkhash blocklib` if
#                     missing]
#
# Per size N, in $WORK/N: raw/ (synth, with truth.csv), key.txt (random 32 bytes, hex),
# keyed/ (pseudonymised; files without identity columns copied), s.db (imported, then linked),
# s.imported.db (the store before `link`, kept for further timings),
# *.time (/usr/bin/time -v of each step), eval.json (Rapporteur and exact key), errors.out
# (errors.py: recall and precision by similarity and kind of difference), anchor/ and
# anchor-T.json (clkhash + anonlink, blocked), anchor-all/ and anchor-all-T.json (unblocked). At the end summarize.py prints the results table.
# Needs: cargo, python3 (with venv), GNU time at /usr/bin/time.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WORK=${WORK:-/var/tmp/linkage-bench}
SIZES=${SIZES:-"10000 100000 1000000"}
ANCHOR_SIZES=${ANCHOR_SIZES-"10000 100000 1000000"}  # set but empty: no anchor
UNBLOCKED_SIZES=${UNBLOCKED_SIZES-"10000 100000"}
THRESHOLDS=${THRESHOLDS:-0.6,0.65,0.7,0.75,0.8,0.85}
LINK_RUNS=${LINK_RUNS:-1}
SEED=${SEED:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/rapporteur-bench-target}
BIN=${RAPPORTEUR:-$CARGO_TARGET_DIR/release/rapporteur}
PYTHON=${PYTHON:-$WORK/venv/bin/python}
mkdir -p "$WORK"

source "$HERE/steps.sh"

# timed NAME CMD...: runs CMD under /usr/bin/time -v; its output in NAME.out, the timing in
# NAME.time; says the wall time and peak memory.
timed() {
    local name=$1
    shift
    /usr/bin/time -v -o "$name.time" "$@" >"$name.out" 2>&1 || {
        log "FAILED: $* (exit $?; see $PWD/$name.out)"
        return 1
    }
    log "$name: $(grep -F 'Elapsed (wall clock)' "$name.time" | awk '{print $NF}') wall, $(grep -F 'Maximum resident' "$name.time" | awk '{print $NF}') KiB peak"
}

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building the release CLI in $CARGO_TARGET_DIR"
    (cd "$ROOT" && cargo build --release -p rapporteur-cli)
fi
[[ -x $BIN ]] || { log "no binary at $BIN"; exit 2; }

if [[ -n ${ANCHOR_SIZES// /} ]] && ! "$PYTHON" -c 'import anonlink, clkhash, blocklib' 2>/dev/null; then
    log "making the anchor's venv in $WORK/venv"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet anonlink clkhash blocklib
    PYTHON=$WORK/venv/bin/python
fi

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpus: $(nproc)"
    echo "memory: $(free -g | awk '/^Mem/{print $2}') GiB"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
} >"$WORK/machine.txt"

for N in $SIZES; do
    D=$WORK/$N
    rm -rf "$D"
    mkdir -p "$D/keyed"
    cd "$D"
    uptime >uptime-start.txt
    log "size $N: synth"
    timed synth "$BIN" synth --records "$N" --seed "$SEED" --out raw/
    od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >key.txt
    log "size $N: pseudonymise"
    start=$(date +%s.%N)
    pseudonymise_raw "$BIN"
    awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f\n", a - b }' >pseudonymize.seconds
    log "size $N: import"
    timed import "$BIN" --store s.db import-records keyed/*.csv
    cp s.db s.imported.db
    log "size $N: link"
    uptime >uptime-link.txt
    timed link "$BIN" --store s.db link
    for ((i = 2; i <= LINK_RUNS; i++)); do
        cp s.imported.db s.run.db
        timed "link-$i" "$BIN" --store s.run.db link
        rm -f s.run.db
    done
    log "size $N: evaluate"
    python3 "$HERE/evaluate.py" store s.db raw/truth.csv --json eval.json | tee evaluate.out
    python3 "$HERE/errors.py" s.db raw --json errors.json >errors.out
    if [[ " $ANCHOR_SIZES " == *" $N "* ]]; then
        log "size $N: anchor (clkhash + anonlink)"
        uptime >uptime-anchor.txt
        timed anchor "$PYTHON" "$HERE/anchor.py" raw key.txt anchor --thresholds "$THRESHOLDS"
        for t in ${THRESHOLDS//,/ }; do
            python3 "$HERE/evaluate.py" clusters "anchor/anchor-clusters-$t.csv" raw/truth.csv --json "anchor-$t.json" --store s.db
        done
    fi
    if [[ " $UNBLOCKED_SIZES " == *" $N "* ]]; then
        log "size $N: anchor without blocking"
        timed anchor-all "$PYTHON" "$HERE/anchor.py" raw key.txt anchor-all --blocking none --thresholds "$THRESHOLDS"
        for t in ${THRESHOLDS//,/ }; do
            python3 "$HERE/evaluate.py" clusters "anchor-all/anchor-clusters-$t.csv" raw/truth.csv --json "anchor-all-$t.json" --store s.db
        done
    fi
    uptime >uptime-end.txt
done

python3 "$HERE/summarize.py" "$WORK"
