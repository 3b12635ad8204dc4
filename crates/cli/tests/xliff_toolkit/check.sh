#!/usr/bin/env bash
# The exported XLIFF as independent tools read and write it: `translation-export` (French,
# two actors) validated against the OASIS XLIFF 2.1 schemas (shipped in schemas/, see its
# README; lxml), the Translate Toolkit (PyPI, in a venv made here) reads every segment and
# placeholder, translates and marks them reviewed and writes the file back in its own way, which
# validates too (once the xml:space the toolkit puts on each <segment>, which XLIFF 2.1 does
# not allow there, is removed: see validate.py), and `translation-import` takes that file: every text stored as a reviewed
# translation.
# Then the translation memory as TMX 1.4b: `translation-memory-export` (French, drafts
# included) read by the toolkit's TMX store (every unit, each with its Dutch and French text);
# a TMX the toolkit writes with two new units imported by `translation-memory-import`; the
# next XLIFF export pre-fills the first unit's sentence from it (subState rapporteur:tmx-match)
# and offers the second, whose source has one word changed, as a fuzzy match (an mtc:match of
# quality under 100); that file, candidates and all, validates, goes through the toolkit,
# validates again, and imports.
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
validate() { "$VENV/bin/python" "$HERE/validate.py" "$@"; }
"$BIN" --store s.sqlite translation-export --to fr --actor police --actor pag_asa exported.xlf
validate exported.xlf
"$VENV/bin/python" "$HERE/roundtrip.py" exported.xlf translated.xlf
validate --toolkit translated.xlf
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
IFS=$'\t' read -r section actor translation fuzzy < <("$VENV/bin/python" "$HERE/tmx.py" exported.tmx "$units" nl fr new.tmx)
echo "the toolkit read $units units and wrote two new units for $section/$actor"
out=$("$BIN" --store t.sqlite translation-memory-import new.tmx)
echo "$out"
case "$out" in
  *"2 sentence pair(s) from nl to fr in the translation memory, 2 new"*) ;;
  *) echo "the toolkit's TMX was not imported" >&2; exit 1 ;;
esac
"$BIN" --store t.sqlite translation-export --to fr --section "$section" --actor "$actor" memory.xlf
# The new translation, its numbers as placeholders: the text before the first one.
expected=$("$VENV/bin/python" -c 'import re,sys; print(re.split(r"\d", sys.argv[1])[0])' "$translation")
grep -F 'subState="rapporteur:tmx-match"><source>' memory.xlf | grep -qF "<target>$expected" || {
  echo "the XLIFF export did not pre-fill the new unit's sentence ($expected…)" >&2
  exit 1
}
# The sentence whose source changed by one word: a candidate from the memory, not 100 % alike,
# holding the new translation; the segment itself not pre-filled.
# (Its text before the first number or character XML escapes.)
expected=$("$VENV/bin/python" -c 'import re,sys; print(re.split(r"[\d&<>\x27\x22]", sys.argv[1])[0])' "$fuzzy")
candidate=$(grep -o '<mtc:match [^>]*origin="rapporteur:tmx">.*</mtc:match>' memory.xlf | grep -v 'matchQuality="100.0"' | grep -F "<target>$expected" || true)
[ -n "$candidate" ] || {
  echo "the XLIFF export offered no fuzzy match from the memory ($expected…)" >&2
  exit 1
}
echo "fuzzy match offered: $(printf '%s' "$candidate" | grep -o 'similarity="[0-9.]*" matchQuality="[0-9.]*"' | head -1)"
validate memory.xlf
"$VENV/bin/python" "$HERE/roundtrip.py" memory.xlf memory-translated.xlf
validate --toolkit memory-translated.xlf
out=$("$BIN" --store t.sqlite translation-import memory-translated.xlf)
echo "$out"
case "$out" in
  *"fr texts stored ("*) ;;
  *) echo "the toolkit's file with candidates was not imported" >&2; exit 1 ;;
esac
echo "TMX through translate-toolkit, imported, pre-filled and offered as a fuzzy match; schema-valid: ok"
