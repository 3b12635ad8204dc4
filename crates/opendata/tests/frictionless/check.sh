#!/usr/bin/env bash
# The open-data package as independent tools read it: `rapporteur demo` fills a store with the
# embedded 2019-2020 data set, `open-data` writes the package, the Frictionless Framework (PyPI,
# in a venv made here) validates datapackage.json — schemas, types, primary and foreign keys —
# and compare.py reads every Parquet file with DuckDB and with pandas (pyarrow) and compares
# each row's value and flags with the CSV's, and reads dcat-ap.jsonld as RDF with rdflib.
# Usage: check.sh RAPPORTEUR_BINARY   (run by .ci/run; needs python3 with venv)
set -euo pipefail
BIN=${1:?usage: check.sh RAPPORTEUR_BINARY}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VENV=${OPENDATA_VENV:-/var/tmp/rapporteur-opendata-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import frictionless, duckdb, pandas, pyarrow, rdflib" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet frictionless duckdb pandas pyarrow rdflib
fi
cd "$WORK"
"$BIN" --store s.sqlite demo --out demo --format md >demo.log
"$BIN" --store s.sqlite open-data --cycle 2019-2020 --date 2026-03-02 --out package
"$VENV/bin/frictionless" validate package/datapackage.json
"$VENV/bin/python" "$HERE/compare.py" package
echo "open-data package through frictionless, DuckDB and pandas: ok"
