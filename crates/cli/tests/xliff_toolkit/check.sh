#!/usr/bin/env bash
# The exported XLIFF as an independent tool reads and writes it: `translation-export` (French,
# two actors), the Translate Toolkit (PyPI, in a venv made here) reads every segment and
# placeholder, translates and marks them reviewed and writes the file back in its own way, and
# `translation-import` takes that file: every text stored as a reviewed translation.
# Then the translation memory as TMX 1.4b: `translation-memory-export` (French, drafts
# included) read by the toolkit's TMX store (every unit, each with its Dutch and French text);
# a TMX the toolkit writes with one new unit imported by `translation-memory-import`; and the
# next XLIFF export pre-fills that unit's sentence from it (subState rapporteur:tmx-match).
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

out=$("$BIN" --store t.sqlite translation-memory-export --to fr --include-drafts exported.tmx)
echo "$out"
units=$(printf '%s\n' "$out" | sed -n 's/^exported.tmx: \([0-9]*\) sentence pair.*/\1/p')
[ -n "$units" ] && [ "$units" -gt 0 ] || { echo "no sentence pair exported" >&2; exit 1; }
IFS=$'\t' read -r section actor translation < <("$VENV/bin/python" "$HERE/tmx.py" exported.tmx "$units" nl fr new.tmx)
echo "the toolkit read $units units and wrote one new unit for $section/$actor"
out=$("$BIN" --store t.sqlite translation-memory-import new.tmx)
echo "$out"
case "$out" in
  *"1 sentence pair(s) from nl to fr in the translation memory, 1 new"*) ;;
  *) echo "the toolkit's TMX was not imported" >&2; exit 1 ;;
esac
"$BIN" --store t.sqlite translation-export --to fr --section "$section" --actor "$actor" memory.xlf
# The new translation, its numbers as placeholders: the text before the first one.
expected=$("$VENV/bin/python" -c 'import re,sys; print(re.split(r"\d", sys.argv[1])[0])' "$translation")
grep -F 'subState="rapporteur:tmx-match"><source>' memory.xlf | grep -qF "<target>$expected" || {
  echo "the XLIFF export did not pre-fill the new unit's sentence ($expected…)" >&2
  exit 1
}
echo "TMX through translate-toolkit, imported and pre-filled: ok"
