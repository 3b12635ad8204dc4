"""The Eurostat export as sdmx1 (PyPI) reads it, compared with the report's published cells.

Reads structure.xml (SDMX-ML 2.1) with sdmx1, then every SDMX-CSV 2.0 file against its dataflow
with sdmx1's SDMX-CSV reader; checks each observation's codes against the code list its data
structure gives the dimension, and that a confidential observation (CONF_STATUS C) has no value.

Then the figures: which catalog cube a row comes from, and which catalog codes each destination
code stands for, is read from the crosswalk (catalog/be/crosswalks/eurostat_thb.toml). Every
cell of the report (the open-data package) over a population the export holds — the summed
dimensions at their total, the crosswalk's filter, and for the mapped dimension a set of
catalog codes made of whole destination codes and codes not sent — must equal the values sent
plus the counts README.en.md lists as not sent for it: the totals per cube and year (victims by
form of exploitation = the centres' total minus the forms not sent), and each single code. Where
a part is confidential, the export's known part must be no more than the report's cell.
Usage: check.py EXPORT_DIR OPEN_DATA_DIR CROSSWALK_TOML
"""

import csv
import decimal
import json
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
    (None for "no observation", "C" for a count disclosure control suppressed); whole cubes
    apart."""
    readme = (export / "README.en.md").read_text(encoding="utf-8")
    section = readme.split("\n## Not sent\n", 1)[1].split("\n## ", 1)[0]
    listed = {}
    for line in section.splitlines():
        match = NOT_SENT.match(line)
        if not match:
            continue
        code = re.match(r"(?P<dimension>[a-z_]+) `(?P<code>[^`]+)`", match["what"])
        if not code:
            continue  # the whole cube
        counts = {}
        for part in match["counts"].split("; "):
            period, _, count = part.partition(": ")
            if count.isdigit():
                counts[period] = int(count)
            elif count == "confidential":
                counts[period] = "C"
            elif count == "no observation":
                counts[period] = None
            else:
                problem(f"README.en.md: count {part!r} of {match['cube']} {code['code']}")
        listed[(match["cube"], code["dimension"], code["code"])] = counts
    return listed


class Package:
    """The open-data package: per cube its rows, per code list its leaves."""

    def __init__(self, path):
        self.path = path
        descriptor = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        self.lists = {}  # cube -> dimension -> code list
        for resource in descriptor["resources"]:
            for field in resource["schema"]["fields"]:
                found = re.search(r"in code list (\w+)", field.get("description", ""))
                if found:
                    self.lists.setdefault(resource["name"], {})[field["name"]] = found[1]
        self.parents = {}
        for path_ in (path / "codelists").glob("*.csv"):
            with open(path_, newline="", encoding="utf-8") as f:
                self.parents[path_.stem] = {r["code"]: r["parent"] for r in csv.DictReader(f)}

    def leaves(self, codelist):
        parents = self.parents[codelist]
        having_children = {p for p in parents.values() if p}
        return {c for c in parents if c not in having_children and c != "_T"}

    def leaves_under(self, codelist, code):
        """The leaves a printed code stands for: `_T` all, `A+B` the union, an aggregate the
        leaves below it."""
        if code == "_T":
            return self.leaves(codelist)
        parents = self.parents[codelist]
        out = set()
        for part in code.split("+"):
            for leaf in self.leaves(codelist):
                ancestor = leaf
                while ancestor:
                    if ancestor == part:
                        out.add(leaf)
                        break
                    ancestor = parents.get(ancestor)
        return out

    def rows(self, cube):
        path = self.path / "data" / f"{cube}.csv"
        if not path.exists():
            return []
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))


def destination_leaves(crosswalk, codelist, dimension, leaves):
    """Per destination code, the catalog leaves that become it (the crosswalk's code map)."""
    code_map = next(c for c in crosswalk["codes"] if c["codelist"] == codelist and c["dimension"] == dimension)
    mapped = code_map.get("map", {})
    unmapped = {u["code"] for u in code_map.get("unmapped", [])}
    out = {}
    for leaf in leaves:
        if leaf in mapped:
            out.setdefault(mapped[leaf], set()).add(leaf)
        elif leaf not in unmapped and code_map.get("identity"):
            out.setdefault(leaf, set()).add(leaf)
    return out


def compare_total(package, mapping, lists, rows, sent):
    """A cube sent as its filtered total: the report's cells under the filter, one per code of
    the summed dimension, add up to what is sent — exactly when none is confidential, else the
    free ones to no more than it."""
    cube = mapping["cube"]
    exact = below = 0
    filter_leaves = {
        d: set().union(*(package.leaves_under(lists[d], c) for c in codes)) for d, codes in mapping.get("filter", {}).items()
    }
    periods = sorted({p for (c, p, code) in sent if c == cube and code is None})
    for period in periods:
        value = sent[(cube, period, None)]
        if value == "C":
            continue
        parts = [
            r
            for r in rows
            if r["period"] == period
            and all(package.leaves_under(lists[d], r[d]) <= leaves for d, leaves in filter_leaves.items())
            and all(len(package.leaves_under(lists[d], r[d])) == 1 for d in mapping.get("summed", []))
        ]
        free = sum(int(decimal.Decimal(r["OBS_VALUE"])) for r in parts if r["CONF_STATUS"] != "C" and r["OBS_VALUE"])
        hidden = sum(1 for r in parts if r["CONF_STATUS"] == "C")
        if not parts:
            continue
        if hidden == 0 and free != value:
            problem(f"{cube} {period}: export {value} != the report's cells, {free}")
        elif free > value:
            problem(f"{cube} {period}: the report's free cells {free} > export {value}")
        elif hidden == 0:
            exact += 1
            print(f"{cube} {period}: sent {value} = the report's {len(parts)} cells")
        else:
            below += 1
            print(f"{cube} {period}: the report's free cells {free} + {hidden} confidential <= {value} = sent")
    return exact, below


def main():
    export, package, crosswalk_path = map(pathlib.Path, sys.argv[1:4])
    crosswalk = tomllib.loads(crosswalk_path.read_text(encoding="utf-8"))
    message = read_structure(export)
    rows = read_rows(export, message)
    not_sent = read_not_sent(export)
    package = Package(package)

    # Per (cube, year, destination code of the mapped dimension): the value sent, or "C".
    sent = {}
    for flow_id, key, value, attributes in rows:
        cube = cube_of(crosswalk, flow_id, key)
        mapping = next(c for c in crosswalk["cube"] if c["cube"] == cube)
        # At most one mapped dimension; a cube without one is sent as its (filtered) total.
        dimensions = list(mapping.get("dimensions", {}).values())
        slot = (cube, key["TIME_PERIOD"], key[dimensions[0]] if dimensions else None)
        if attributes.get("CONF_STATUS") == "C":
            sent[slot] = "C"
        else:
            sent[slot] = int(decimal.Decimal(str(value)))

    # Every cell of the report (the open-data package) over a population the export holds: the
    # summed dimensions at their total, the filter's codes, and for the mapped dimension a set of
    # catalog codes made of whole destination codes and codes not sent.
    exact = below = 0
    for mapping in crosswalk["cube"]:
        if "table" not in mapping:
            continue
        cube = mapping["cube"]
        lists = package.lists.get(cube, {})
        mapped = list(mapping.get("dimensions", {}).items())
        if mapped:
            ((catalog_dim, dimension),) = mapped
            codelist = lists[catalog_dim]
            by_code = destination_leaves(crosswalk, codelist, dimension, package.leaves(codelist))
            unsent = {code: counts for (c, d, code), counts in not_sent.items() if c == cube and d == catalog_dim}
        rows_ = package.rows(cube)
        if not mapped:
            exact_, below_ = compare_total(package, mapping, lists, rows_, sent)
            exact += exact_
            below += below_
            continue
        # A summed dimension's total: all its codes, or those the package shows any row for
        # (a table prints the sum of the centres that report as `pag_asa+payoke+surya`).
        shown = {d: set().union(*(package.leaves_under(lists[d], r[d]) for r in rows_)) for d in mapping.get("summed", [])}
        for row in rows_:
            period = row["period"]
            if "+" in period or period == "_T" or row["CONF_STATUS"] == "C" or row["OBS_VALUE"] == "":
                continue
            summed = all(package.leaves_under(lists[d], row[d]) >= shown[d] for d in mapping.get("summed", []))
            filtered = all(
                package.leaves_under(lists[d], row[d]) == set().union(*(package.leaves_under(lists[d], c) for c in codes))
                for d, codes in mapping.get("filter", {}).items()
            )
            if not (summed and filtered):
                continue
            population = package.leaves_under(codelist, row[catalog_dim])
            codes = [c for c, leaves in by_code.items() if leaves <= population]
            if any(leaves & population and not leaves <= population for leaves in by_code.values()):
                continue  # a destination code straddles the population
            parts = [sent.get((cube, period, c)) for c in codes] + [unsent[l].get(period) for l in population & set(unsent)]
            known = sum(p for p in parts if isinstance(p, int))
            total = int(decimal.Decimal(row["OBS_VALUE"]))
            what = f"{cube} {period} {catalog_dim}={row[catalog_dim][:40]}"
            if "C" in parts:
                if known > total:
                    problem(f"{what}: export {known} (+ confidential) > report {total}")
                elif len(population) > 1:
                    print(f"{what}: sent + not sent = {known} + confidential <= {total} = report")
                below += 1
            elif known != total:
                problem(f"{what}: export {known} (sent + not sent) != report {total}")
            else:
                exact += 1
                if len(population) > 1:
                    print(f"{what}: sent + not sent = {known} = report")
    print(f"{exact} report cells equal to the export's, {below} no more than it where a cell is confidential")
    if exact + below == 0 or (exact < 20 and any(c.get("dimensions") for c in crosswalk["cube"])):
        problem(f"only {exact} report cells compared exactly")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
