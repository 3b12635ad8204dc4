"""Every Parquet file of an open-data package read with DuckDB and with pandas (pyarrow): the
same rows as its CSV, each value the same number (compared as exact decimals) and the same
codes, labels and flags; and the DCAT-AP metadata read as RDF (rdflib): a dataset titled in every
language whose distributions are the package's data files. Usage: compare.py PACKAGE_DIR"""

import csv
import decimal
import json
import math
import pathlib
import sys

import duckdb
import pandas
import rdflib

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

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


def check_dcat(package):
    """The dataset's titles per language and its distributions' files, as RDF reads them."""
    base = package.resolve().as_uri() + "/"
    graph = rdflib.Graph()
    graph.parse(package / "dcat-ap.jsonld", format="json-ld", publicID=base)
    datasets = list(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    problems = [] if len(datasets) == 1 else [f"dcat-ap.jsonld: {len(datasets)} datasets"]
    for dataset in datasets:
        languages = {t.language for t in graph.objects(dataset, DCT.title)}
        if not {"nl", "fr", "en"} <= languages:
            problems.append(f"dcat-ap.jsonld: titles in {sorted(languages)}")
        files = set()
        for distribution in graph.objects(dataset, DCAT.distribution):
            for url in graph.objects(distribution, DCAT.downloadURL):
                files.add(str(url)[len(base):])
        expected = {str(p.relative_to(package)) for p in (package / "data").iterdir()}
        if files != expected:
            problems.append(f"dcat-ap.jsonld: distributions {sorted(files ^ expected)} differ from data/")
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
    problems += check_dcat(package)
    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    if problems or not data:
        sys.exit(f"{len(problems)} difference(s) between the Parquet and CSV files")
    print(f"{len(data)} Parquet files, {checked} rows: DuckDB and pandas read the CSV's values and flags")


if __name__ == "__main__":
    main()
