#!/usr/bin/env bash
# The Eurostat export as an independent SDMX library reads it: `rapporteur demo` fills a store
# with the embedded 2019-2020 data set, `export --to eurostat_thb` and `--to eurostat_smu` write the SDMX files and
# `open-data` the open-data package (the report's published cells); check.py reads
# structure.xml (SDMX-ML 2.1) and every SDMX-CSV 2.0 file with sdmx1 (PyPI, pinned, in a venv
# made here), checks every code against its code list and that confidential cells have no
# value, and compares per cube and year the values sent plus the counts README.en.md lists as
# not sent with the report's totals.
# Usage: check.sh RAPPORTEUR_BINARY   (run by .ci/run; needs python3 (3.11 or later) with venv)
set -euo pipefail
BIN=${1:?usage: check.sh RAPPORTEUR_BINARY}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VENV=${SDMX_VENV:-/var/tmp/rapporteur-sdmx-venv}
SDMX1=2.28.0
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('sdmx1') != '$SDMX1')" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "sdmx1==$SDMX1"
fi
cd "$WORK"
"$BIN" --store s.sqlite demo --out demo --format md >demo.log
"$BIN" --store s.sqlite open-data --cycle 2019-2020 --date 2026-03-02 --out package >/dev/null
# Both of Eurostat's collections: trafficking (crim_thb) and the smuggling of migrants (crim_smu).
for collection in eurostat_thb eurostat_smu; do
  "$BIN" --store s.sqlite export --to "$collection" --cycle 2019-2020 --date 2026-03-02 --out "$collection"
  "$VENV/bin/python" "$HERE/check.py" "$collection" package "$ROOT/catalog/be/crosswalks/$collection.toml"
done
echo "Eurostat exports through sdmx1, their totals against the report's: ok"
