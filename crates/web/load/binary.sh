# Sourced by the load scripts: the rapporteur binary they run, from their first argument (then
# an optional `--` before the script's own arguments), or else the release build under
# CARGO_TARGET_DIR (or the workspace's target/), or else the debug build. Sets `here`, `root`
# and `bin` (an absolute path); exits 2 when there is no binary. Defines `serve_portal` and `stop_portals` (below).
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=""
if [[ $# -gt 0 && $1 != -- ]]; then bin=$1; shift; fi
[[ ${1:-} == -- ]] && shift
if [[ -z $bin ]]; then
    target=${CARGO_TARGET_DIR:-$root/target}
    if [[ -x $target/release/rapporteur ]]; then bin=$target/release/rapporteur; else bin=$target/debug/rapporteur; fi
fi
[[ -x $bin ]] || { echo "no rapporteur binary at $bin: cargo build --release -p rapporteur-cli" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# serve_portal NAME [SERVE OPTIONS...]: starts `rapporteur --store $store serve` on a free
# loopback port, its output in $work/NAME.out and .log, and waits until it listens. Sets
# `served_pid` and `served_addr` (host:port) and adds the pid to `served_pids`, which
# `stop_portals` stops; exits 2 when the portal stops or never listens.
served_pids=()
serve_portal() {
    local name=$1
    shift
    "$bin" --store "$store" serve --addr 127.0.0.1:0 "$@" >"$work/$name.out" 2>"$work/$name.log" &
    served_pid=$!
    served_pids+=("$served_pid")
    served_addr=""
    for _ in $(seq 300); do
        served_addr=$(sed -n 's/^Rapporteur portal listening on \([^ ]*\).*/\1/p' "$work/$name.out")
        [[ -n $served_addr ]] && return 0
        kill -0 "$served_pid" 2>/dev/null || { cat "$work/$name.log" >&2; exit 2; }
        sleep 0.1
    done
    echo "$name did not start listening" >&2
    exit 2
}

# stop_portals: every portal serve_portal started, asked to stop (SIGINT), killed after 5 s.
stop_portals() {
    local pid
    for pid in "${served_pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || continue
        kill -INT "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
