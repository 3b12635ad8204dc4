#!/usr/bin/env bash
# Twenty users (4 coordinators, 16 contributors of 6 actors) saving grids and reading boards
# against TWO portal instances on one PostgreSQL store, at a fixed total rate (see README.md and
# instances.py). Builds nothing: give the rapporteur binary, or it takes
# $CARGO_TARGET_DIR/release/rapporteur if it exists, else the debug one.
#
#   crates/web/load/instances.sh [BINARY] [-- instances.py options…]
#   DURATION=30 RATE=200 SAVE_EVERY=10 crates/web/load/instances.sh
#
# PostgreSQL: LOAD_POSTGRES (a URL of a database where this user may CREATE DATABASE; default
# postgres://postgres@127.0.0.1:5432/test). Loopback only; a fresh database made for the run
# and dropped at the end, with the temporary folder; the whole run bounded by `timeout`.
# Exit 0 when the p99 of all requests is below the bound (50 ms) with no error, 1 when not,
# 2 on failure.
set -euo pipefail

# Sourced without arguments, so that it takes the binary off this script's own.
source "$(dirname "$0")/binary.sh"
duration=${DURATION:-30}
rate=${RATE:-200}
save_every=${SAVE_EVERY:-10}
admin=${LOAD_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
command -v psql > /dev/null || { echo "psql (Debian's postgresql-client) is needed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/rapporteur-instances.XXXXXX")
db="rapporteur_load_$$"
store="${admin%/*}/$db"
made_db=""
cleanup() {
    stop_portals
    if [[ -n $made_db ]]; then
        psql -q -d "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" > /dev/null 2>&1 || true
    fi
    if [[ -n ${KEEP_LOG:-} ]]; then cat "$work"/serve-*.log > "$KEEP_LOG" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

echo "binary: $bin"
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
psql -q -d "$admin" -c "CREATE DATABASE $db" > /dev/null
made_db=1
echo "store: PostgreSQL $(psql -tA -d "$admin" -c 'SHOW server_version'), database $db (dropped at the end)"

# The data set, imported as `rapporteur import` does.
find "$root/data/be/2019-2020" -name '*.csv' | sort > "$work/data-files"
mapfile -t files < "$work/data-files"
SECONDS=0
rc=0
timeout 900 "$bin" --store "$store" --user load.setup import "${files[@]}" > "$work/import.log" 2>&1 || rc=$?
if [[ $rc -gt 1 ]]; then cat "$work/import.log" >&2; exit 2; fi
echo "imported ${#files[@]} files in ${SECONDS} s"

# The accounts instances.py drives, with random passwords of 32 characters.
python3 - "$here" "$work/passwords.json" "$work/users.tsv" <<'PY'
import json, secrets, sys
sys.path.insert(0, sys.argv[1])
import instances
users = instances.users()
json.dump({name: secrets.token_urlsafe(24) for name, _, _ in users}, open(sys.argv[2], "w"))
with open(sys.argv[3], "w") as out:
    for name, role, actor in users:
        out.write(f"{name}\t{role}\t{actor or ''}\n")
PY
while IFS=$'\t' read -r name role actor; do
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/passwords.json" "$name" \
        | timeout 60 "$bin" --store "$store" --user load.setup user add "$name" --role "$role" \
            ${actor:+--actor "$actor"} --lang nl > /dev/null
done < "$work/users.tsv"
echo "accounts: $(wc -l < "$work/users.tsv")"

# Two instances on the same store, each on a free loopback port.
ports=()
for i in 1 2; do
    serve_portal "serve-$i" ${CONNECTIONS:+--connections "$CONNECTIONS"}
    addr=$served_addr
    echo "instance $i: http://$addr/ (pid $served_pid)"
    ports+=("${addr##*:}")
done

rc=0
timeout $((duration + 600)) python3 "$here/instances.py" --host 127.0.0.1 --ports "${ports[@]}" \
    --duration "$duration" --rate "$rate" --save-every "$save_every" \
    --passwords "$work/passwords.json" "$@" || rc=$?
echo "grid saves stored (each an import with its validation): $(psql -tA -d "$store" -c \
    "SELECT count(*) FROM import WHERE file_name LIKE '% (grid form)'")"
for i in 1 2; do
    errors=$(grep -c ' ERROR ' "$work/serve-$i.log" || true)
    echo "instance $i: $(grep -c 'answered' "$work/serve-$i.log" || true) requests logged, $errors internal errors"
done
exit $rc
