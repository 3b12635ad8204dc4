#!/usr/bin/env python3
"""Validates XLIFF 2.1 files against the OASIS XLIFF 2.1 schemas shipped beside this script
(schemas/: the core schema and the Translation Candidates module's, see schemas/README.md),
with lxml (libxml2's XML Schema validator, PyPI `lxml`).

The module's elements (<mtc:matches>) sit in the core schema's lax wildcards, so they are
validated only when their schema is loaded: the two are loaded together, and for a file with
candidates the check proves it by validating a copy whose first candidate has matchQuality 150
(out of the module's 0-100), which must be refused.

A file written by the Translate Toolkit (3.20) carries xml:space="preserve" on every <segment>
(the toolkit's unit is the segment, and it sets that attribute on each unit it writes), which
XLIFF 2.1 does not allow there (only on <file>, <group>, <unit>, <source>, <target> and
<data>): with --toolkit those attributes are counted, said, and removed before validating;
nothing else is forgiven.

Usage: validate.py [--toolkit] FILE.xlf...   Prints one line per file; exits 1 if any is invalid.
"""
import os
import sys

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")
MATCHES = "urn:oasis:names:tc:xliff:matches:2.0"
WRAPPER = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="xliff_core_2.0.xsd"/>
  <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0" schemaLocation="matches.xsd"/>
</xs:schema>"""


def schema():
    parser = etree.XMLParser(no_network=True)
    wrapper = etree.fromstring(WRAPPER, parser, base_url=os.path.join(SCHEMAS, "wrapper.xsd"))
    return etree.XMLSchema(wrapper)


SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def without_toolkit_defect(path, document):
    """Removes the xml:space the Translate Toolkit writes on <segment>, saying how many."""
    segments = [s for s in document.iter("{urn:oasis:names:tc:xliff:document:2.0}segment") if SPACE in s.attrib]
    for segment in segments:
        del segment.attrib[SPACE]
    if segments:
        print(f"{path}: the toolkit's xml:space on {len(segments)} <segment> (not allowed by XLIFF 2.1) removed")


def main():
    xsd = schema()
    failed = False
    toolkit = "--toolkit" in sys.argv[1:]
    for path in [a for a in sys.argv[1:] if a != "--toolkit"]:
        document = etree.parse(path)
        if toolkit:
            without_toolkit_defect(path, document)
        if not xsd.validate(document):
            failed = True
            print(f"{path}: INVALID against the OASIS XLIFF 2.1 schema", file=sys.stderr)
            for error in xsd.error_log:
                print(f"  {path}:{error.line}: {error.message}", file=sys.stderr)
            continue
        matches = document.findall(f".//{{{MATCHES}}}match")
        if matches:
            matches[0].set("matchQuality", "150")
            if xsd.validate(document):
                failed = True
                print(f"{path}: the schema did not read the candidates (mtc:match)", file=sys.stderr)
                continue
        print(f"{path}: valid XLIFF 2.1 (OASIS core and matches schemas), {len(matches)} candidate(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
