"""The Eurostat export as sdmx1 (PyPI) reads it, its totals compared with the open-data package's.

Reads structure.xml (SDMX-ML 2.1) with sdmx1, then every SDMX-CSV 2.0 file against its dataflow
with sdmx1's SDMX-CSV reader; checks each observation's codes against the code list its data
structure gives the dimension, and that a confidential observation (CONF_STATUS C) has no value.

Then the totals: which catalog cube a row comes from is read from the crosswalk
(catalog/be/crosswalks/eurostat_thb.toml: the codes each cube fixes). Per cube and year, the
values sent plus the counts README.en.md lists as not sent must equal the report's total for the
cube, read from the open-data package (the row at the cube's total: every dimension `_T`, or
the crosswalk's filter code); and each count listed as not sent must equal the open-data cell
of that code, where the package has it. A year with a confidential cell is compared only as
"no more than". Usage: check.py EXPORT_DIR OPEN_DATA_DIR CROSSWALK_TOML
"""

import csv
import decimal
import pathlib
import re
import sys
import tomllib

import sdmx

problems = []


def problem(text):
    problems.append(text)


def read_structure(export):
    message = sdmx.read_sdmx(export / "structure.xml")
    if len(message.dataflow) == 0:
        problem("structure.xml: no dataflow")
    return message


def read_rows(export, message):
    """Per data file, its observations as sdmx1 reads them: (dataflow id, key dict, value,
    attributes dict)."""
    rows = []
    for path in sorted(export.glob("*.csv")):
        flow_id = path.stem.upper()
        if flow_id not in message.dataflow:
            problem(f"{path.name}: no dataflow {flow_id} in structure.xml")
            continue
        flow = message.dataflow[flow_id]
        dsd = flow.structure
        data = sdmx.read_sdmx(path, structure=flow)
        count = 0
        for dataset in data.data:
            for obs in dataset.obs:
                key = {k: str(v.value) for k, v in obs.dimension.values.items()}
                attributes = {k: str(v.value) for k, v in obs.attached_attribute.items()}
                value = obs.value
                rows.append((flow_id, key, value, attributes))
                count += 1
                for dim in dsd.dimensions:
                    if dim.id == "TIME_PERIOD":
                        continue
                    codelist = dim.local_representation.enumerated
                    code = key.get(dim.id)
                    if code is None or code not in codelist:
                        problem(f"{path.name}: {dim.id}={code!r} is not in {codelist.id}")
                status = attributes.get("CONF_STATUS")
                if status not in ("F", "C"):
                    problem(f"{path.name}: CONF_STATUS {status!r}")
                if status == "C" and value not in (None, ""):
                    problem(f"{path.name}: confidential observation {key} has value {value!r}")
                if status == "F" and attributes.get("OBS_STATUS") == "A" and value in (None, ""):
                    problem(f"{path.name}: observation {key} flagged A has no value")
        with open(path, newline="", encoding="utf-8") as f:
            lines = sum(1 for _ in csv.reader(f)) - 1
        if count != lines:
            problem(f"{path.name}: sdmx1 read {count} observations of {lines} rows")
        print(f"{path.name}: {count} observations read against {flow.urn or flow_id}")
    return rows


def cube_of(crosswalk, flow_id, key):
    """The catalog cube a row comes from: the one sent to its table whose fixed codes it has."""
    found = [
        c["cube"]
        for c in crosswalk["cube"]
        if c.get("table", "").upper() == flow_id
        and all(key.get(d) == code for d, code in c.get("fixed", {}).items())
    ]
    if len(found) != 1:
        problem(f"{flow_id} {key}: from cubes {found}")
        return None
    return found[0]


NOT_SENT = re.compile(r"^- `(?P<cube>[^`]+)` \([^)]*\), (?P<what>.*)Counts: (?P<counts>.*)\.$")


def read_not_sent(export):
    """From README.en.md's section "Not sent": per (cube, dimension, code) its count per year
    (None for "no observation"); whole cubes apart."""
    readme = (export / "README.en.md").read_text(encoding="utf-8")
    section = readme.split("\n## Not sent\n", 1)[1].split("\n## ", 1)[0]
    listed = {}
    for line in section.splitlines():
        match = NOT_SENT.match(line)
        if not match:
            continue
        what = match["what"]
        code = re.match(r"(?P<dimension>[a-z_]+) `(?P<code>[^`]+)`", what)
        if not code:
            continue  # the whole cube
        counts = {}
        for part in match["counts"].split("; "):
            period, _, count = part.partition(": ")
            counts[period] = int(count) if count.isdigit() else None
            if count not in ("no observation",) and not count.isdigit():
                problem(f"README.en.md: count {part!r} of {match['cube']} {code['code']} not printed")
        listed[(match["cube"], code["dimension"], code["code"])] = counts
    return listed


def open_data_rows(package, cube):
    path = package / "data" / f"{cube}.csv"
    if not path.exists():
        return None, []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def dimensions_of(fields):
    """The code columns of an open-data file: those before `period` without a label suffix."""
    return [f for f in fields[: fields.index("period")] if "_label_" not in f]


def open_data_cell(package, cube, period, codes):
    """The open-data value of `cube` in `period` at `codes` (dimension → code; the others at
    `_T`): (value as int or None, confidential?) or None when the package has no such row."""
    fields, rows = open_data_rows(package, cube)
    if fields is None:
        return None
    dims = dimensions_of(fields)
    for row in rows:
        if row["period"] != period:
            continue
        if all(row[d] == codes.get(d, "_T") for d in dims):
            value = row["OBS_VALUE"]
            return (int(decimal.Decimal(value)) if value else None, row["CONF_STATUS"] == "C")
    return None


def main():
    export, package, crosswalk_path = map(pathlib.Path, sys.argv[1:4])
    crosswalk = tomllib.loads(crosswalk_path.read_text(encoding="utf-8"))
    message = read_structure(export)
    rows = read_rows(export, message)
    not_sent = read_not_sent(export)

    sent, confidential = {}, set()
    for flow_id, key, value, attributes in rows:
        cube = cube_of(crosswalk, flow_id, key)
        slot = (cube, key["TIME_PERIOD"])
        sent.setdefault(slot, 0)
        if attributes.get("CONF_STATUS") == "C":
            confidential.add(slot)
        elif value not in (None, ""):
            sent[slot] += int(decimal.Decimal(str(value)))

    compared = 0
    for (cube, period), value in sorted(sent.items()):
        mapping = next(c for c in crosswalk["cube"] if c["cube"] == cube)
        filter_codes = {d: codes[0] for d, codes in mapping.get("filter", {}).items() if len(codes) == 1}
        report = open_data_cell(package, cube, period, filter_codes)
        unsent = {k: v for k, v in not_sent.items() if k[0] == cube}
        left_out = sum(counts.get(period) or 0 for counts in unsent.values())
        for (_, dimension, code), counts in unsent.items():
            cell = open_data_cell(package, cube, period, {**filter_codes, dimension: code})
            if cell is not None and not cell[1] and cell[0] != counts.get(period):
                problem(f"{cube} {dimension}={code} {period}: README lists {counts.get(period)}, report {cell[0]}")
            elif cell is not None and not cell[1]:
                print(f"{cube} {dimension}={code} {period}: not sent {counts.get(period)} = report's cell")
        if report is None or report[0] is None or report[1]:
            print(f"{cube} {period}: the report prints no total to compare with")
            continue
        total = report[0]
        if (cube, period) in confidential:
            if value + left_out > total:
                problem(f"{cube} {period}: sent {value} + not sent {left_out} > report {total}")
            print(f"{cube} {period}: sent {value} (+ confidential) + not sent {left_out} <= report {total}")
            continue
        if value + left_out != total:
            problem(f"{cube} {period}: sent {value} + not sent {left_out} != report {total}")
        else:
            print(f"{cube} {period}: sent {value} + not sent {left_out} = report {total}")
        compared += 1
    if compared < 6:
        problem(f"only {compared} totals compared")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
