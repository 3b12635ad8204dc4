# Sourced by the load scripts: the rapporteur binary they run, from their first argument (then
# an optional `--` before the script's own arguments), or else the release build under
# CARGO_TARGET_DIR (or the workspace's target/), or else the debug build. Sets `here`, `root`
# and `bin` (an absolute path); exits 2 when there is no binary.
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
