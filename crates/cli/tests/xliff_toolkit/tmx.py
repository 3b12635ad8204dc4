#!/usr/bin/env python3
"""Reads a TMX 1.4b file exported by `rapporteur translation-memory-export` with the Translate
Toolkit's TMX store (an independent reader and writer, PyPI `translate-toolkit`), checks the
number of units and that every unit has its text in both languages, then writes a new TMX file
the toolkit's way holding one new unit: the first unit's source sentence with a new
translation, as a translation service's tool would add it.

Usage: tmx.py EXPORTED.tmx EXPECTED_UNITS SOURCE_LANG TARGET_LANG NEW.tmx
Prints the new unit's section and actor (from its x-section and x-actor properties) and its
new translation, tab-separated; exits 1 when a check fails.
"""
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
    first = units[0]
    props = {p.get("type"): p.text for p in first.xmlelement.iter("prop")}
    new_store = tmx.tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    added = new_store.addsourceunit(first.source)
    translation = "[toolkit] " + first.target
    added.target = translation
    new_store.savefile(new)
    print(f"{props['x-section']}\t{props['x-actor']}\t{translation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
