"""The UNODC and GRETA questionnaire workbooks read with openpyxl and compared with the open-data
package of the same cycle, which holds the figures the report publishes.

For every cube a crosswalk sends into a table, each grid cell whose destination code stands for
exactly one catalog code is looked up in the package's CSV of that cube (the crosswalk's filter
codes, every other dimension `_T`, the same period): where the package publishes a value the
workbook holds the same number, where the package suppresses the cell the workbook shows the
disclosure symbol, where the package has no observation the cell is empty. Every text in a grid
is the symbol; every empty grid cell carries the "not available" note. On the cover, every
cube and code the crosswalk does not send is listed with its reason, and its counts per year
are the package's figures where it has them (or the symbol where it suppresses them).

Where the package's cell is the report's sum over the codes with data ("a+b+c"), the export
sums over the same codes (the exchange crate's cells.rs), so the two are one cell for
disclosure control: a cell shown in one and hidden in the other is an error, as a different
value is.

Usage: check.py CATALOG_DIR PACKAGE_DIR EXPORT_DIR CYCLE"""

import csv
import decimal
import pathlib
import sys
import tomllib

import openpyxl

DESTINATIONS = ["unodc_glotip", "greta"]
TOTAL = "_T"


def toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


class Package:
    """The package's data files, one dict per row, read once."""

    def __init__(self, root, catalog):
        self.root = root
        self.catalog = catalog
        self.files = {}
        self.leaves = {}

    def all_codes(self, cube, dimension):
        """The codes of a cube's dimension the package gives figures for: the leaves of its code
        list that its rows name one by one. A row for "every code" gives `_T`, or these codes
        joined with `+` (the sum the report prints when not every code of the list has data)."""
        key = (cube, dimension)
        if key not in self.leaves:
            cube_def = toml(self.catalog / "cubes" / f"{cube}.toml")
            codelist = next(d["codelist"] for d in cube_def["dimension"] if d["id"] == dimension)
            codes = toml(self.catalog / "codelists" / f"{codelist}.toml")["code"]
            parents = {c.get("parent") for c in codes}
            leaves = {c["id"] for c in codes if c["id"] not in parents}
            _, rows = self.rows(cube)
            self.leaves[key] = frozenset(r[dimension] for r in rows if r[dimension] in leaves)
        return self.leaves[key]

    def matches(self, cube, dimension, text, want):
        if want is not None:
            return text == want
        return text == TOTAL or frozenset(text.split("+")) == self.all_codes(cube, dimension)

    def rows(self, cube):
        if cube not in self.files:
            path = self.root / "data" / f"{cube}.csv"
            if path.exists():
                with open(path, newline="", encoding="utf-8") as f:
                    reader = csv.DictReader(f)
                    header = reader.fieldnames
                    dims = header[: header.index("period")]
                    self.files[cube] = (dims, list(reader))
            else:
                self.files[cube] = ([], [])
        return self.files[cube]

    def cell(self, cube, codes, period):
        """The package's row for the cell at `codes` (other dimensions: the total), or None."""
        dims, rows = self.rows(cube)
        for row in rows:
            if row["period"] == period and all(self.matches(cube, d, row[d], codes.get(d)) for d in dims):
                return row
        return None

    @staticmethod
    def exact(row):
        """Whether the package's row is the very cell the workbook prints (every summed
        dimension `_T`), not the sum of the codes with data (the same population, another cell
        of the disclosure control)."""
        return not any("+" in v for k, v in row.items() if k and not k.endswith(("_nl", "_fr", "_en")))


def reverse_map(crosswalk, codelist, dimension, catalog_codes):
    """Per destination code, the catalog codes that become it (through the crosswalk's code map
    of `codelist` onto `dimension`)."""
    for entry in crosswalk.get("codes", []):
        if entry["codelist"] == codelist and entry["dimension"] == dimension:
            mapping = entry.get("map", {})
            unmapped = {u["code"] for u in entry.get("unmapped", [])}
            result = {}
            for code in catalog_codes:
                if code in mapping:
                    result.setdefault(mapping[code], []).append(code)
                elif entry.get("identity") and code not in unmapped:
                    result.setdefault(code, []).append(code)
            return result, entry
    raise SystemExit(f"{crosswalk['destination']['id']}: no code map of {codelist} onto {dimension}")


def grid(sheet, dimensions, symbol):
    """The grid of a table sheet: its header row, period columns and rows (codes, cells)."""
    rows = list(sheet.iter_rows())
    for r, row in enumerate(rows):
        values = [c.value for c in row]
        if all(d in values for d in dimensions) and any(
            isinstance(v, str) and v[:4].isdigit() for v in values
        ):
            header = r
            break
    else:
        raise SystemExit(f"{sheet.title}: no header row")
    heads = [c.value for c in rows[header]]
    labels = max(len(dimensions), 1)
    periods = {}
    col = labels
    while col < len(heads) and isinstance(heads[col], str) and heads[col][:4].isdigit():
        periods[heads[col]] = col
        col += 1
    code_cols = {d: heads.index(d, col) for d in dimensions}
    grid_rows = []
    for row in rows[header + 1 :]:
        codes = {d: row[c].value for d, c in code_cols.items()}
        grid_rows.append((codes, {p: row[c] for p, c in periods.items()}))
    return grid_rows


def check_workbook(catalog, crosswalk, package, path, cycle, symbol, counts, warnings):
    problems = []
    book = openpyxl.load_workbook(path)
    dest = crosswalk["destination"]["id"]
    tables = {t["id"]: t for t in crosswalk["table"]}
    names = book.sheetnames
    if names[1:] != list(tables):
        problems.append(f"{path.name}: sheets {names} are not the cover and {list(tables)}")
    cubes = {}
    for table_id, table in tables.items():
        dims = table.get("dimensions", [])
        rows = grid(book[table_id], dims, symbol)
        if not rows:
            problems.append(f"{dest} {table_id}: an empty grid")
        # Every text in the grid is the symbol; every empty cell says it is not available.
        for codes, cells in rows:
            for period, c in cells.items():
                if isinstance(c.value, str) and c.value != symbol:
                    problems.append(f"{dest} {table_id} {codes} {period}: text {c.value!r}")
                if c.value is None:
                    counts["empty"] += 1
                    if c.comment is None or not c.comment.text.strip():
                        problems.append(f"{dest} {table_id} {codes} {period}: empty without a note")
                elif c.value == symbol:
                    counts["symbol"] += 1
        # The grid against the package, cube by cube.
        for sent in (c for c in crosswalk["cube"] if c.get("table") == table_id):
            cube = sent["cube"]
            cube_def = toml(catalog / "cubes" / f"{cube}.toml")
            lists = {d["id"]: d["codelist"] for d in cube_def["dimension"]}
            fixed = sent.get("fixed", {})
            mapped = sent.get("dimensions", {})
            filters = {d: codes[0] for d, codes in sent.get("filter", {}).items() if len(codes) == 1}
            if len(filters) < len(sent.get("filter", {})):
                continue  # a filter of several codes is no single cell of the package
            reverse = {}
            for from_dim, to_dim in mapped.items():
                codelist = toml(catalog / "codelists" / f"{lists[from_dim]}.toml")
                reverse[to_dim] = (from_dim, reverse_map(crosswalk, lists[from_dim], to_dim, [c["id"] for c in codelist["code"]])[0])
            for codes, cells in rows:
                if any(codes.get(d) != c for d, c in fixed.items()):
                    continue
                if any(codes.get(d) not in reverse[d][1] for d in reverse):
                    continue
                catalog_codes = dict(filters)
                single = True
                for to_dim, (from_dim, by_code) in reverse.items():
                    sources = by_code[codes[to_dim]]
                    single &= len(sources) == 1
                    catalog_codes[from_dim] = sources[0]
                if not single:
                    continue
                for period, c in cells.items():
                    row = package.cell(cube, catalog_codes, period)
                    if row is None:
                        counts["not in package"] += 1
                        continue
                    where = f"{dest} {table_id} {codes} {period} ({cube} {catalog_codes})"
                    report = problems if Package.exact(row) else warnings
                    if (row["CONF_STATUS"] != "F") != (c.value == symbol):
                        shown = "suppresses it" if row["CONF_STATUS"] != "F" else f"has {row['OBS_VALUE']}"
                        report.append(f"{where}: the package {shown}, the workbook shows {c.value!r}")
                    elif row["CONF_STATUS"] != "F":
                        counts["suppressed both"] += 1
                    elif row["OBS_STATUS"] == "M" or row["OBS_VALUE"] == "":
                        if c.value is not None:
                            problems.append(f"{where}: no observation in the package, {c.value!r} in the workbook")
                    elif c.value is None or decimal.Decimal(str(c.value)) != decimal.Decimal(row["OBS_VALUE"]):
                        problems.append(f"{where}: the package has {row['OBS_VALUE']}, the workbook {c.value!r}")
                    else:
                        counts["equal"] += 1
                cubes.setdefault(cube, 0)
                cubes[cube] += 1
    for sent in crosswalk["cube"]:
        if "table" in sent and sent["cube"] not in cubes:
            problems.append(f"{dest}: no row of {sent['cube']} compared with the package")
    problems += check_cover(catalog, crosswalk, package, book[book.sheetnames[0]], symbol, counts, warnings)
    return problems


def check_cover(catalog, crosswalk, package, sheet, symbol, counts, warnings):
    """Every cube and code not sent, with its reason and its counts per year."""
    dest = crosswalk["destination"]["id"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    heading = next(
        (i for i, r in enumerate(rows) if len(r) > 3 and isinstance(r[3], str) and r[3][:4].isdigit()), None
    )
    if heading is None:
        return [f"{dest}: the cover has no not-sent section with years"]
    periods = [v for v in rows[heading][3:] if isinstance(v, str)]
    listed = rows[heading + 1 :]
    expected = []  # (reason in English, cube, catalog codes of the left-out part)
    for sent in crosswalk["cube"]:
        cube = sent["cube"]
        if "reason" in sent:
            expected.append((sent["reason"]["en"], cube, {}))
            continue
        cube_def = toml(catalog / "cubes" / f"{cube}.toml")
        lists = {d["id"]: d["codelist"] for d in cube_def["dimension"]}
        filters = {d: codes[0] for d, codes in sent.get("filter", {}).items() if len(codes) == 1}
        for from_dim, to_dim in sent.get("dimensions", {}).items():
            _, entry = reverse_map(crosswalk, lists[from_dim], to_dim, [])
            for unmapped in entry.get("unmapped", []):
                expected.append((unmapped["reason"]["en"], cube, {**filters, from_dim: unmapped["code"]}))
    problems = []
    for reason, cube, codes in expected:
        row = next((r for r in listed if isinstance(r[0], str) and reason in r[0]), None)
        if row is None:
            problems.append(f"{dest}: the cover does not list {cube} {codes} as not sent")
            continue
        counts["not sent listed"] += 1
        for j, period in enumerate(periods):
            value = row[3 + j] if len(row) > 3 + j else None
            if value is not None and value != symbol and not isinstance(value, (int, float)):
                problems.append(f"{dest}: not sent {cube} {codes} {period}: {value!r}")
            package_row = package.cell(cube, codes, period)
            if package_row is None:
                continue
            where = f"{dest}: not sent {cube} {codes} {period}"
            report = problems if Package.exact(package_row) else warnings
            if (package_row["CONF_STATUS"] != "F") != (value == symbol):
                shown = "suppressed" if package_row["CONF_STATUS"] != "F" else package_row["OBS_VALUE"]
                report.append(f"{where}: {shown} in the package, {value!r} on the cover")
            elif package_row["CONF_STATUS"] != "F":
                counts["not sent suppressed both"] += 1
            elif package_row["OBS_VALUE"] != "" and (
                value is None or decimal.Decimal(str(value)) != decimal.Decimal(package_row["OBS_VALUE"])
            ):
                problems.append(
                    f"{dest}: not sent {cube} {codes} {period}: {package_row['OBS_VALUE']} in the package, {value!r} on the cover"
                )
            else:
                counts["not sent equal"] += 1
    return problems


def main():
    catalog, package_dir, exports, cycle = (pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), sys.argv[4])
    symbol = toml(catalog / "disclosure.toml")["symbol"]
    package = Package(package_dir, catalog)
    counts = {k: 0 for k in ["equal", "suppressed both", "not in package", "symbol", "empty", "not sent listed", "not sent equal", "not sent suppressed both"]}
    problems = []
    warnings = []
    for dest in DESTINATIONS:
        crosswalk = toml(catalog / "crosswalks" / f"{dest}.toml")
        path = exports / f"{dest}_{cycle}.xlsx"
        problems += check_workbook(catalog, crosswalk, package, path, cycle, symbol, counts, warnings)
    # The same figure shown in one and hidden in the other is a disclosure problem.
    problems += warnings
    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(f"{len(problems)} difference(s) between the workbooks and the open-data package")
    if counts["equal"] < 10:
        sys.exit(f"only {counts['equal']} workbook cells found in the package: {counts}")
    print(
        f"{counts['equal']} grid cells equal to the package's, {counts['suppressed both']} suppressed in both, "
        f"{counts['symbol']} symbols and {counts['empty']} empty cells with their note in all; "
        f"{counts['not sent listed']} not-sent items on the covers ({counts['not sent equal']} counts equal to the package's, "
        f"{counts['not sent suppressed both']} suppressed in both); "
        f"{counts['not in package']} cells the package does not publish"
    )


if __name__ == "__main__":
    main()
