"""The anchor of the records pipeline benchmark (pipeline.sh): DuckDB computing every record
derivation of the catalog straight from the pseudonymised CSV files, and the cell-for-cell
comparison with Rapporteur's `record-tables --cells`.

    pipeline.py duckdb CATALOG_DIR CYCLE CSV_DIR OUT.csv     # the derivations by DuckDB
    pipeline.py compare RAPPORTEUR.csv DUCKDB.csv            # exit 1 on any difference
    pipeline.py table RESULTS.tsv                            # the results as a Markdown table

The derivations are read from the catalog (records/*.toml, codelists/*.toml, cycles.toml) and
given the meaning `crates/records/src/derive/` gives them: a record counts once under every
combination of its allowed leaf codes (a multi-code field `a|b` under each), in the period of
its date (`year(f)`: its year if the cycle accepts it; `cycle(f)`: the cycle's span if the year
is one of its own); a record without a date, with an empty dimension field or failing a
`where` is not counted; a derivation with `count = "chain"` leaves out the target of a transfer
and a case merged into a parent that is present; every leaf combination of the cycle's own
periods gets a cell, zeros included. Cells: cube, period, dim=code;…, count (summed per cell).
"""

import csv
import glob
import itertools
import os
import sys
import tomllib


def load_catalog(root):
    lists = {}
    for path in glob.glob(os.path.join(root, "codelists", "*.toml")):
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        codes = doc.get("code", [])
        parents = {c["parent"] for c in codes if "parent" in c}
        lists[doc["id"]] = {
            "order": [c["id"] for c in codes],
            "parent": {c["id"]: c.get("parent") for c in codes},
            "aggregates": parents,
        }
    schemas = []
    for path in sorted(glob.glob(os.path.join(root, "records", "*.toml"))):
        with open(path, "rb") as f:
            schemas.append(tomllib.load(f))
    with open(os.path.join(root, "cycles.toml"), "rb") as f:
        cycles = {c["id"]: c for c in tomllib.load(f)["cycle"]}
    return lists, schemas, cycles


def leaves_under(codelist, wanted):
    """The leaf codes of the list under any of `wanted` (a leaf is under itself), in order."""
    out = []
    for code in codelist["order"]:
        if code in codelist["aggregates"]:
            continue
        node, seen = code, 0
        while node is not None and seen <= len(codelist["order"]):
            if wanted is None or node in wanted or (node == "_T"):
                out.append(code)
                break
            node = codelist["parent"].get(node)
            seen += 1
    return out


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def derivation_sql(schema, derivation, lists, cycle, table):
    """The SQL counting one derivation: rows (period, code of each dimension, n)."""
    fields = {f["id"]: f for f in schema["field"]}
    rule, date_field = derivation["period"].rstrip(")").split("(")
    own = [p for p in cycle["periods"] if "-" not in p]
    span = next((p for p in cycle["periods"] if "-" in p), None)
    if rule == "year":
        accepted = cycle["periods"] + cycle.get("context_periods", [])
        period = f"CASE WHEN substr({quote(date_field)}, 1, 4) IN ({', '.join(map(literal, accepted))}) THEN substr({quote(date_field)}, 1, 4) END"
    else:
        period = f"CASE WHEN substr({quote(date_field)}, 1, 4) IN ({', '.join(map(literal, own))}) THEN {literal(span)} END"
    filters = {k: (v if isinstance(v, list) else [v]) for k, v in derivation.get("where", {}).items()}
    filters = {k: [str(x).lower() if isinstance(x, bool) else x for x in v] for k, v in filters.items()}
    dims = []  # (dimension, field, codelist, allowed leaves)
    for dim, field_id in derivation.get("dimensions", {}).items():
        f = fields.get(field_id)
        if f is None or f["type"] not in ("code", "codes"):
            continue
        wanted = set(filters[field_id]) if field_id in filters else None
        dims.append((dim, field_id, f["codelist"], leaves_under(lists[f["codelist"]], wanted), f["type"]))
    where = [f"{quote(date_field)} IS NOT NULL AND trim({quote(date_field)}) <> ''", "period IS NOT NULL"]
    for field_id, values in filters.items():
        if any(d[1] == field_id for d in dims):
            continue
        f = fields[field_id]
        if f["type"] == "bool":
            where.append(f"lower(trim({quote(field_id)})) IN ({', '.join(map(literal, values))})")
        else:
            allowed = leaves_under(lists[f["codelist"]], set(values))
            allowed_list = "[" + ", ".join(map(literal, allowed)) + "]"
            where.append(f"len(list_intersect(string_split(coalesce({quote(field_id)}, ''), '|'), {allowed_list})) > 0")
    selects, joins = [], []
    for i, (dim, field_id, _, allowed, kind) in enumerate(dims):
        column = f"d{i}"
        if kind == "codes":
            joins.append(f"unnest(string_split(coalesce({quote(field_id)}, ''), '|')) AS u{i}({column})")
            source = column
        else:
            source = f"trim({quote(field_id)})"
        selects.append(f"{source} AS {column}")
        where.append(f"{source} IN ({', '.join(map(literal, allowed)) or 'NULL'})")
    key = quote(schema["key"])
    base = f"SELECT *, {period} AS period FROM {table}"
    if derivation.get("count") == "chain":
        skip = []
        for f in schema["field"]:
            if f["type"] != "ref":
                continue
            ref = quote(f["id"])
            if f["link"] == "transfer":
                skip.append(f"SELECT DISTINCT x.{ref} AS k FROM {table} x JOIN {table} y ON y.{key} = x.{ref} WHERE x.{ref} <> x.{key}")
            else:
                skip.append(f"SELECT x.{key} AS k FROM {table} x JOIN {table} y ON y.{key} = x.{ref} WHERE x.{ref} <> x.{key}")
        if skip:
            base += f" WHERE {key} NOT IN ({' UNION '.join(skip)})"
    dim_columns = [f"d{i}" for i in range(len(dims))]
    from_clause = "(" + base + ") AS r" + "".join(f", {j}" for j in joins)
    sql = (
        f"SELECT period{''.join(', ' + s for s in selects)}, count(*) AS n FROM {from_clause} "
        f"WHERE {' AND '.join(where)} GROUP BY period{''.join(', ' + c for c in dim_columns)}"
    )
    own_periods = own if rule == "year" else [span]
    return sql, dims, own_periods


def run_duckdb(catalog_dir, cycle_id, csv_dir, out_path):
    import duckdb

    lists, schemas, cycles = load_catalog(catalog_dir)
    cycle = cycles[cycle_id]
    con = duckdb.connect()
    cells = {}
    for schema in schemas:
        path = os.path.join(csv_dir, schema["id"] + ".csv")
        if not os.path.exists(path):
            continue
        table = quote("t_" + schema["id"])
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv({literal(path)}, all_varchar = true, header = true)")
        for derivation in schema.get("derivation", []):
            sql, dims, own_periods = derivation_sql(schema, derivation, lists, cycle, table)
            counted = {}
            for row in con.execute(sql).fetchall():
                counted[(row[0], tuple(row[1:-1]))] = row[-1]
            periods = sorted(set(own_periods) | {p for p, _ in counted})
            for period in periods:
                for combo in itertools.product(*[d[3] for d in dims]):
                    coordinate = ";".join(f"{d[0]}={c}" for d, c in sorted(zip(dims, combo)))
                    key = (derivation["cube"], period, coordinate)
                    cells[key] = cells.get(key, 0) + counted.get((period, combo), 0)
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cube", "period", "coordinate", "value"])
        for key in sorted(cells):
            w.writerow([*key, cells[key]])
    print(f"{len(cells)} cells")


def read_cells(path):
    cells = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            key = (row["cube"], row["period"], row["coordinate"])
            cells[key] = cells.get(key, 0) + int(row["value"])
    return cells


def compare(ours, theirs):
    a, b = read_cells(ours), read_cells(theirs)
    differ = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    for k in differ[:20]:
        print(f"differs: {k}: rapporteur {a.get(k)}, duckdb {b.get(k)}")
    cubes = len({k[0] for k in a})
    if differ:
        print(f"NOT EQUAL: {len(differ)} of {len(set(a) | set(b))} cells differ")
        return 1
    print(f"equal: {len(a)} cells of {cubes} cubes, cell for cell (total count {sum(a.values())})")
    return 0


def table(results):
    with open(results, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    print("| records | engine | stage | wall s | peak MiB | store MiB | CSV MiB |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['size']} | {r['engine']} | {r['stage']} | {r['seconds']} | {r['peak_mib']} | {r['store_mib']} | {r['csv_mib']} |")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "duckdb":
        run_duckdb(*sys.argv[2:6])
    elif command == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    elif command == "table":
        table(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
