#!/usr/bin/env python3
"""Reads an XLIFF 2.1 file exported by `rapporteur translation-export` with the Translate
Toolkit (an independent XLIFF 2 reader and writer, PyPI `translate-toolkit`), translates every
segment the way a translation tool does — the target made from the source's rich text, so
that each placeholder is kept as the tool keeps it, the text prefixed — marks it reviewed, and
writes the file as the toolkit writes it.

Usage: roundtrip.py EXPORTED.xlf TRANSLATED.xlf
Prints the number of units (segments) the toolkit read; exits 1 if it read none or a
placeholder is missing from what it read.
"""
import sys

from translate.storage import xliff2
from translate.storage.placeables import StringElem


def placeholders(elems):
    """The ids of the <ph/> placeholders in a unit's rich text."""
    found = []

    def walk(e):
        if getattr(e, "xml_node", None) is not None and str(getattr(e.xml_node, "tag", "")).endswith("ph"):
            found.append(e.xml_node.get("id"))
        for sub in getattr(e, "sub", []):
            if isinstance(sub, StringElem) or hasattr(sub, "sub"):
                walk(sub)

    for e in elems:
        walk(e)
    return found


def main():
    exported, translated = sys.argv[1], sys.argv[2]
    store = xliff2.Xliff2File.parsefile(exported)
    units = [u for u in store.units if not u.isheader()]
    if not units:
        print("the toolkit read no segment", file=sys.stderr)
        return 1
    with open(exported, encoding="utf-8") as f:
        declared = f.read().count("<ph ")
    seen = sum(len(placeholders(u.rich_source)) for u in units)
    if seen != declared:
        print(f"the toolkit read {seen} placeholders of {declared}", file=sys.stderr)
        return 1
    for unit in units:
        unit.rich_target = [StringElem(["[toolkit] "] + list(unit.rich_source))]
        unit.markapproved(True)
    store.savefile(translated)
    print(f"{len(units)} segments, {seen} placeholders read and translated by translate-toolkit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
