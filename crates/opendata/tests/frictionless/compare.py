"""Every Parquet file of an open-data package read with DuckDB and with pandas (pyarrow): the
same rows as its CSV, each value the same number (compared as exact decimals) and the same
codes, labels and flags. Usage: compare.py PACKAGE_DIR"""

import csv
import decimal
import json
import math
import pathlib
import sys

import duckdb
import pandas

VALUE = "OBS_VALUE"


def as_decimal(value):
    """A value as an exact decimal; None for a missing one (NULL, NaN, None, pandas.NA)."""
    if value is None or value is pandas.NA:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return decimal.Decimal(repr(value))
    return decimal.Decimal(str(value))


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def compare(name, csv_header, expected, header, rows):
    problems = []
    if list(header) != csv_header:
        problems.append(f"{name}: columns {list(header)} != {csv_header}")
    if len(rows) != len(expected):
        problems.append(f"{name}: {len(rows)} rows != {len(expected)}")
    for i, (got, want) in enumerate(zip(rows, expected)):
        for column in csv_header:
            value = got[column]
            if column == VALUE:
                wanted = decimal.Decimal(want[column]) if want[column] != "" else None
                if as_decimal(value) != wanted:
                    problems.append(f"{name} row {i + 1}: {column} {value!r} != {want[column]!r}")
            elif value != want[column]:
                problems.append(f"{name} row {i + 1}: {column} {value!r} != {want[column]!r}")
    return problems


def main():
    package = pathlib.Path(sys.argv[1])
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    data = [r for r in descriptor["resources"] if r["path"].startswith("data/")]
    problems = []
    checked = 0
    for resource in data:
        csv_path = package / resource["path"]
        parquet_path = csv_path.with_suffix(".parquet")
        header, expected = csv_rows(csv_path)

        connection = duckdb.connect()
        relation = connection.execute("SELECT * FROM read_parquet(?)", [str(parquet_path)])
        columns = [d[0] for d in relation.description]
        duck_rows = [dict(zip(columns, row)) for row in relation.fetchall()]
        problems += compare(f"{parquet_path.name} (DuckDB)", header, expected, columns, duck_rows)

        frame = pandas.read_parquet(parquet_path)
        pandas_rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        problems += compare(f"{parquet_path.name} (pandas)", header, expected, frame.columns, pandas_rows)
        checked += len(expected)
    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    if problems or not data:
        sys.exit(f"{len(problems)} difference(s) between the Parquet and CSV files")
    print(f"{len(data)} Parquet files, {checked} rows: DuckDB and pandas read the CSV's values and flags")


if __name__ == "__main__":
    main()
