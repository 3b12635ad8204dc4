#!/usr/bin/env bash
# The questionnaire workbooks as an independent tool reads them: `rapporteur demo` fills a store
# with the embedded 2019-2020 data set, `open-data` writes the open-data package (the report's
# published figures), `export --to unodc` and `--to greta` write the workbooks, and check.py
# opens each with openpyxl (PyPI, pinned, in a venv made here) and compares its grid cell for
# cell with the package's CSVs for the populations both contain (through the crosswalks in
# catalog/be/crosswalks): the same value, or the disclosure symbol where the package suppresses
# the cell; every other text cell is the symbol, every empty cell carries its "not available"
# note, and the cover lists what is not sent with its counts per year.
# Usage: check.sh RAPPORTEUR_BINARY   (run by .ci/run; needs python3 with venv)
set -euo pipefail
BIN=${1:?usage: check.sh RAPPORTEUR_BINARY}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VENV=${WORKBOOK_VENV:-/var/tmp/rapporteur-workbook-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import openpyxl" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "openpyxl==3.1.5"
fi
cd "$WORK"
"$BIN" --store s.sqlite demo --out demo --format md >demo.log
"$BIN" --store s.sqlite open-data --cycle 2019-2020 --date 2026-03-02 --out package >/dev/null
"$BIN" --store s.sqlite export --to unodc --cycle 2019-2020 --date 2026-03-02 --out exports
"$BIN" --store s.sqlite export --to greta --cycle 2019-2020 --date 2026-03-02 --out exports
"$VENV/bin/python" "$HERE/check.py" "$ROOT/catalog/be" package exports 2019-2020
echo "UNODC and GRETA workbooks through openpyxl: ok"
