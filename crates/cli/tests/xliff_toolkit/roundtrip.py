#!/usr/bin/env python3
"""Reads an XLIFF 2.1 file exported by `rapporteur translation-export` with the Translate
Toolkit (an independent XLIFF 2 reader and writer, PyPI `translate-toolkit`), translates every
segment the way a translation tool does — the target made from the source's rich text, so
that each placeholder is kept as the tool keeps it, the text prefixed — marks it reviewed, and
writes the file as the toolkit writes it.

The file may hold the translation memory's candidates (<mtc:matches>, XLIFF 2.1's Translation
Candidates module) beside the segments: the toolkit must read the segments all the same; the
candidates' placeholders are theirs, not the segments'.

Usage: roundtrip.py EXPORTED.xlf TRANSLATED.xlf
Prints the number of units (segments) the toolkit read and of candidates in the file it wrote;
exits 1 if it read none or a placeholder of a segment's source is missing from what it read.
"""
import sys

from lxml import etree
from translate.storage import xliff2
from translate.storage.placeables import StringElem

XLF = "urn:oasis:names:tc:xliff:document:2.0"
MATCH = "{urn:oasis:names:tc:xliff:matches:2.0}match"


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
    declared = len(etree.parse(exported).findall(f".//{{{XLF}}}segment/{{{XLF}}}source//{{{XLF}}}ph"))
    seen = sum(len(placeholders(u.rich_source)) for u in units)
    if seen != declared:
        print(f"the toolkit read {seen} placeholders of {declared}", file=sys.stderr)
        return 1
    for unit in units:
        unit.rich_target = [StringElem(["[toolkit] "] + list(unit.rich_source))]
        unit.markapproved(True)
    store.savefile(translated)
    kept = len(etree.parse(translated).findall(f".//{MATCH}"))
    print(
        f"{len(units)} segments, {seen} placeholders read and translated by translate-toolkit;"
        f" {kept} candidate(s) in the file it wrote"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
