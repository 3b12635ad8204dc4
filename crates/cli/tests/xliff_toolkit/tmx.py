#!/usr/bin/env python3
"""Reads a TMX 1.4b file exported by `rapporteur translation-memory-export` with the Translate
Toolkit's TMX store (an independent reader and writer, PyPI `translate-toolkit`), checks the
number of units and that every unit has its text in both languages, then writes a new TMX file
the toolkit's way holding two new units, as a translation service's tool would add them: the
first unit's source sentence with a new translation (the next XLIFF export pre-fills it), and
another sentence of the same text (eight words or more) with one word of its source changed
(written in capitals) and a new translation (the next export offers it as a fuzzy match).

Usage: tmx.py EXPORTED.tmx EXPECTED_UNITS SOURCE_LANG TARGET_LANG NEW.tmx
Prints the new units' section and actor (from their x-section and x-actor properties), the
first's new translation and the second's, tab-separated; exits 1 when a check fails.
"""
import re
import sys

from translate.storage import tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def seg_text(tuv):
    """The text of a <tuv>'s <seg>, inline codes' content included."""
    seg = tuv.find("seg")
    return "".join(seg.itertext()) if seg is not None else ""


def main():
    exported, expected, source_lang, target_lang, new = sys.argv[1:6]
    store = tmx.tmxfile.parsefile(exported)
    units = list(store.units)
    if len(units) != int(expected):
        print(f"the toolkit read {len(units)} units, the export wrote {expected}", file=sys.stderr)
        return 1
    for n, unit in enumerate(units, 1):
        texts = {tuv.get(XML_LANG): seg_text(tuv) for tuv in unit.xmlelement.iter("tuv")}
        for lang in (source_lang, target_lang):
            if not texts.get(lang, "").strip():
                print(f"unit {n} has no {lang} text: {texts}", file=sys.stderr)
                return 1
        if not unit.source.strip() or not unit.target.strip():
            print(f"unit {n}: the toolkit reads no source or target", file=sys.stderr)
            return 1
    def props(unit):
        return {p.get("type"): p.text for p in unit.xmlelement.iter("prop")}

    def text_of(unit):
        return (props(unit).get("x-section"), props(unit).get("x-actor"))

    long_word = re.compile(r"\b([^\W\d_]{5,})\b")
    first, similar = None, None
    for unit in units:
        if first is None:
            first = unit
            continue
        if text_of(unit) != text_of(first):
            first = unit
            continue
        if len(unit.source.split()) >= 8 and long_word.search(unit.source):
            similar = unit
            break
    if similar is None:
        print("no text with two sentences to add to the memory", file=sys.stderr)
        return 1
    new_store = tmx.tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    added = new_store.addsourceunit(first.source)
    translation = "[toolkit] " + first.target
    added.target = translation
    changed = long_word.sub(lambda m: m.group(1).upper(), similar.source, count=1)
    fuzzy = new_store.addsourceunit(changed)
    fuzzy_translation = "[toolkit-fuzzy] " + similar.target
    fuzzy.target = fuzzy_translation
    new_store.savefile(new)
    section, actor = text_of(first)
    print(f"{section}\t{actor}\t{translation}\t{fuzzy_translation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
