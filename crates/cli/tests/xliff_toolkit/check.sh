#!/usr/bin/env bash
# The exported XLIFF as an independent tool reads and writes it: `translation-export` (French,
# two actors), the Translate Toolkit (PyPI, in a venv made here) reads every segment and
# placeholder, translates and marks them reviewed and writes the file back in its own way, and
# `translation-import` takes that file: every text stored as a reviewed translation.
# Usage: check.sh RAPPORTEUR_BINARY   (run by .ci/run; needs python3 with venv)
set -euo pipefail
BIN=${1:?usage: check.sh RAPPORTEUR_BINARY}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
VENV=${XLIFF_VENV:-/var/tmp/rapporteur-xliff-venv}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import translate.storage.xliff2" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "translate-toolkit>=3.15" lxml
fi
cd "$WORK"
"$BIN" --store s.sqlite translation-export --to fr --actor police --actor pag_asa exported.xlf
"$VENV/bin/python" "$HERE/roundtrip.py" exported.xlf translated.xlf
out=$("$BIN" --store s.sqlite translation-import translated.xlf)
echo "$out"
case "$out" in
  *"fr texts stored ("*"reviewed"*) ;;
  *) echo "the toolkit's file was not imported" >&2; exit 1 ;;
esac
echo "XLIFF round trip through translate-toolkit: ok"
