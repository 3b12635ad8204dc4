#!/usr/bin/env bash
# The records pipeline benchmark (issue #16 item 3): Rapporteur's synth → pseudonymize →
# import-records → record-tables on SQLite and on PostgreSQL, beside DuckDB computing the same
# derivations from the same pseudonymised CSV files in the same run; the derived cells are
# compared cell for cell, and wall time, peak memory and store size are printed per stage.
# Run by hand before a closing note; not in CI.
#
# Usage:
#   crates/records/bench/pipeline.sh                     # sizes 1e5 1e6
#   SIZES="1e5 1e6 1e7" crates/records/bench/pipeline.sh
#   SKIP_BUILD=1 SIZES=1e5 crates/records/bench/pipeline.sh
#
# Environment (defaults in brackets):
#   WORK              work directory, one subdirectory per size [/var/tmp/pipeline-bench]
#   SIZES             `synth --records` values, 1eN allowed [1e5 1e6]
#   ENGINES           stores to run [sqlite postgres]
#   SEED              synth seed [1]
#   CARGO_TARGET_DIR  [/var/tmp/rapporteur-bench-target]
#   SKIP_BUILD=1      use the release binary already in CARGO_TARGET_DIR
#   KEEP_INPUT=1      reuse the raw/ and keyed/ files a run left in $WORK/N (synth at 10^7
#                     takes minutes and 9 GiB), re-running only the stores and DuckDB
#   RAPPORTEUR        the binary to run [$CARGO_TARGET_DIR/release/rapporteur]
#   PG_URL            the PostgreSQL server; each size makes its own database there and drops
#                     it at the end [postgres://postgres@127.0.0.1:5432]
#   PYTHON            an interpreter with duckdb [$WORK/venv/bin/python, made with
#                     `python3 -m venv` and `pip install duckdb` if missing]
#
# Per size N, in $WORK/N: raw/ (synth), key.txt, keyed/ (pseudonymised), s.db (SQLite store),
# *.time (/usr/bin/time -v of each step), cells-*.csv (`record-tables --cells` per engine and
# DuckDB's), and one line per stage in $WORK/results.tsv, printed as a table at the end.
# Needs: cargo, python3 (with venv), GNU time at /usr/bin/time, psql for PostgreSQL.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
WORK=${WORK:-/var/tmp/pipeline-bench}
SIZES=${SIZES:-"1e5 1e6"}
ENGINES=${ENGINES:-"sqlite postgres"}
SEED=${SEED:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/rapporteur-bench-target}
BIN=${RAPPORTEUR:-$CARGO_TARGET_DIR/release/rapporteur}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PYTHON=${PYTHON:-$WORK/venv/bin/python}
CYCLE=2019-2020
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv

source "$HERE/steps.sh"

# timed NAME CMD...: runs CMD under /usr/bin/time -v (output in NAME.out, timing in NAME.time).
timed() {
    local name=$1
    shift
    /usr/bin/time -v -o "$name.time" "$@" >"$name.out" 2>&1 || {
        log "FAILED: $* (exit $?; see $PWD/$name.out)"
        tail -5 "$name.out" >&2
        return 1
    }
}
seconds() { # wall seconds of a NAME.time ([h:]mm:ss.cc)
    grep -F 'Elapsed (wall clock)' "$1.time" | awk '{print $NF}' |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
peak_mib() { grep -F 'Maximum resident' "$1.time" | awk '{printf "%.0f", $NF / 1024}'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
# record SIZE ENGINE STAGE NAME STORE_BYTES CSV_BYTES: one line of results.tsv, and a log line.
record() {
    local s p
    s=$(seconds "$4")
    p=$(peak_mib "$4")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$s" "$p" "$5" "$6" >>"$RESULTS"
    log "$1 $2 $3: $s s wall, $p MiB peak${5:+, store $5 MiB}"
}

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building the release CLI in $CARGO_TARGET_DIR"
    (cd "$ROOT" && nice -n 5 cargo build --release -p rapporteur-cli)
fi
[[ -x $BIN ]] || { log "no binary at $BIN"; exit 2; }
if ! "$PYTHON" -c 'import duckdb' 2>/dev/null; then
    log "making DuckDB's venv in $WORK/venv"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet duckdb
    PYTHON=$WORK/venv/bin/python
fi

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpus: $(nproc), memory $(free -g | awk '/^Mem/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "duckdb: $("$PYTHON" -c 'import duckdb; print(duckdb.__version__)')"
} | tee "$WORK/machine.txt" >&2
printf 'size\tengine\tstage\tseconds\tpeak_mib\tstore_mib\tcsv_mib\n' >"$RESULTS"

failed=0
for SIZE in $SIZES; do
    N=$(awk -v s="$SIZE" 'BEGIN { printf "%d", s }')
    D=$WORK/$N
    if [[ ${KEEP_INPUT:-0} == 1 && -d $D/keyed && -n $(ls "$D/keyed") ]]; then
        cd "$D"
        rm -f s.db
        log "size $N: reusing raw/ and keyed/ of an earlier run"
    else
        rm -rf "$D"
        mkdir -p "$D/keyed"
        cd "$D"
        log "size $N: synth"
        timed synth "$BIN" synth --records "$N" --seed "$SEED" --out raw/
        record "$N" - synth synth "" ""
        od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >key.txt
        pseudonymise_raw "$BIN"
        # The files one after the other: their times summed, the largest peak.
        total=0 peak=0
        for t in pseudonymize-*.time; do
            total=$(awk -v a="$total" -v b="$(seconds "${t%.time}")" 'BEGIN { printf "%.2f", a + b }')
            p=$(peak_mib "${t%.time}")
            ((p > peak)) && peak=$p
        done
        printf '%s\t-\tpseudonymize\t%s\t%s\t\t\n' "$N" "$total" "$peak" >>"$RESULTS"
        log "size $N: pseudonymised in $total s, $peak MiB peak (the largest file's)"
    fi
    CSV=$(mib "$(cat keyed/*.csv | wc -c)")

    for ENGINE in $ENGINES; do
        if [[ $ENGINE == sqlite ]]; then
            STORE=$D/s.db
            rm -f "$STORE"
        else
            DB=pipeline_bench_${N}_$$
            psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
            STORE=$PG_URL/$DB
        fi
        log "size $N: $ENGINE import-records"
        timed "import-$ENGINE" "$BIN" --store "$STORE" import-records keyed/*.csv
        if [[ $ENGINE == sqlite ]]; then
            BYTES=$(stat -c %s "$STORE")
        else
            BYTES=$(psql "$PG_URL/$DB" -Atc "SELECT pg_database_size(current_database())")
        fi
        record "$N" "$ENGINE" import-records "import-$ENGINE" "$(mib "$BYTES")" "$CSV"
        log "size $N: $ENGINE record-tables"
        timed "tables-$ENGINE" "$BIN" --store "$STORE" record-tables
        record "$N" "$ENGINE" record-tables "tables-$ENGINE" "" ""
        timed "cells-$ENGINE" "$BIN" --store "$STORE" record-tables --cells
        cp "cells-$ENGINE.out" "cells-$ENGINE.csv"
        record "$N" "$ENGINE" "record-tables --cells" "cells-$ENGINE" "" ""
        if [[ $ENGINE == postgres ]]; then
            psql "$PG_URL/postgres" -qc "DROP DATABASE $DB"
        fi
    done

    log "size $N: DuckDB"
    timed duckdb "$PYTHON" "$HERE/pipeline.py" duckdb "$ROOT/catalog/be" "$CYCLE" keyed cells-duckdb.csv
    record "$N" duckdb "CSV → cells" duckdb "" "$CSV"
    for ENGINE in $ENGINES; do
        log "size $N: $ENGINE against DuckDB: $(python3 "$HERE/pipeline.py" compare "cells-$ENGINE.csv" cells-duckdb.csv | tail -1)"
        python3 "$HERE/pipeline.py" compare "cells-$ENGINE.csv" cells-duckdb.csv >"compare-$ENGINE.out" || failed=1
    done
done

python3 "$HERE/pipeline.py" table "$RESULTS"
if [[ $failed != 0 ]]; then
    log "the cells differ from DuckDB's (compare-*.out)"
    exit 1
fi
