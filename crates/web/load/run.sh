#!/usr/bin/env bash
# Ordinary page requests measured while a hostile client sends the worst request of each kind
# (see README.md). Builds nothing: give the rapporteur binary, or it takes
# $CARGO_TARGET_DIR/release/rapporteur if it exists, else the debug one.
#
#   crates/web/load/run.sh [BINARY] [-- hostile.py options…]
#   DURATION=30 RATE=20 crates/web/load/run.sh
#
# Loopback only, a fresh store in a temporary folder that is deleted at the end, every phase of
# fixed length, the whole run bounded by `timeout`. Exit 0 when the p99 under attack is below
# the bound (50 ms), 1 when it is not, 2 on failure.
set -euo pipefail

# Sourced without arguments, so that it takes the binary off this script's own.
source "$(dirname "$0")/binary.sh"
duration=${DURATION:-30}
rate=${RATE:-20}

work=$(mktemp -d "${TMPDIR:-/tmp}/rapporteur-load.XXXXXX")
cleanup() {
    stop_portals
    if [[ -n ${KEEP_LOG:-} && -f $work/serve.log ]]; then cp "$work/serve.log" "$KEEP_LOG"; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

store=$work/store.sqlite
echo "binary: $bin"
echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"

# The data set, imported as `rapporteur import` does (the same files the concurrent import sends).
find "$root/data/be/2019-2020" -name '*.csv' | sort > "$work/data-files"
SECONDS=0
rc=0
mapfile -t files < "$work/data-files"
timeout 600 "$bin" --store "$store" --user load.setup import "${files[@]}" > "$work/import.log" 2>&1 || rc=$?
if [[ $rc -gt 1 ]]; then cat "$work/import.log" >&2; exit 2; fi
echo "imported ${#files[@]} files in ${SECONDS} s"

# Accounts, with random passwords of 32 characters.
python3 - "$work/passwords.json" <<'PY'
import json, secrets, sys
json.dump({n: secrets.token_urlsafe(24) for n in ("coord", "pol.contrib", "reader")}, open(sys.argv[1], "w"))
PY
add_user() {
    local name=$1; shift
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/passwords.json" "$name" \
        | timeout 60 "$bin" --store "$store" --user load.setup user add "$name" "$@" > /dev/null
}
add_user coord --role coordinator --lang nl
add_user pol.contrib --role contributor --actor police --lang nl
add_user reader --role reader --lang nl

# The portal, on a free loopback port.
serve_portal serve
addr=$served_addr
echo "portal: http://$addr/ (pid $served_pid)"

rc=0
timeout $((2 * duration + 600)) python3 "$here/hostile.py" --host "${addr%:*}" --port "${addr##*:}" \
    --duration "$duration" --rate "$rate" --bin "$bin" --store "$store" \
    --passwords "$work/passwords.json" --data-files "$work/data-files" --server-log "$work/serve.log" "$@" || rc=$?
exit $rc
