#!/usr/bin/env python3
"""Scores a clustering of the victim-list records against the synthetic truth.

Usage:
  evaluate.py store  STORE.db TRUTH.csv [--json OUT.json]
      Rapporteur's persons (table linked_person) and the exact-key baseline (records grouped
      by their person_key in the keyed/ files imported into STORE), both over the records of
      the victim lists.
  evaluate.py clusters CLUSTERS.csv TRUTH.csv [--json OUT.json] [--store STORE.db]
      Any clustering given as CSV schema,record,cluster (e.g. anchor.py's output); with
      --store, the records whose identity is marked incomplete (in keyed/ beside STORE) are
      scored apart too.

The records scored are those of the victim lists (VICTIM_SCHEMAS) that truth.csv names. A
record that the clustering leaves out (no person: no encoding, not linked) counts as a
singleton.

Metrics (all over those records):
  pairwise precision = true pairs among the predicted same-cluster pairs / predicted pairs
  pairwise recall    = true pairs among the predicted same-cluster pairs / true same-person pairs
  F1                 = their harmonic mean
  purity             = share of records whose predicted cluster's majority true person is
                       their own (sum over clusters of the largest true-person count / records)
Pairs are counted from the contingency table of (cluster, person), never enumerated, so this
runs in linear time at any size.

In store mode the records whose identity was incomplete (their `identity` field anything but
`complete`: no birth date, a placeholder, the year only, one name, none) are also scored on
their own: precision and recall over the pairs that involve at least one such record (all
pairs minus the pairs of two complete records), with their share of the records.
"""
import argparse
import csv
import json
import os
import sqlite3
import sys
import tomllib
from collections import Counter, defaultdict

VICTIM_SCHEMAS = ("police_finding", "indicator_checklist", "guidance_file")
CATALOG_RECORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../catalog/be/records")


def keyed_records(store):
    """The victim-list records as they were imported into STORE: the pseudonymised files in
    `keyed/` beside it (the store keeps them in a compact binary form), as
    ((schema, record key), row) with the row's columns by name."""
    keyed = os.path.join(os.path.dirname(os.path.abspath(store)), "keyed")
    for schema in VICTIM_SCHEMAS:
        with open(os.path.join(CATALOG_RECORDS, f"{schema}.toml"), "rb") as f:
            key = tomllib.load(f)["key"]
        with open(os.path.join(keyed, f"{schema}.csv"), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield (schema, row[key]), row


def read_truth(path):
    truth = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["schema"] in VICTIM_SCHEMAS:
                truth[(row["schema"], row["record"])] = row["person"]
    return truth


def pairs(n):
    return n * (n - 1) // 2


def score(truth, predicted):
    """truth: {record: person}; predicted: {record: cluster label} (missing → singleton)."""
    cells = Counter()
    cluster_sizes = Counter()
    person_sizes = Counter()
    by_cluster = defaultdict(Counter)
    for i, (rec, person) in enumerate(truth.items()):
        label = predicted.get(rec)
        cluster = ("c", label) if label is not None else ("s", i)
        cells[(cluster, person)] += 1
        cluster_sizes[cluster] += 1
        person_sizes[person] += 1
    tp = sum(pairs(n) for n in cells.values())
    predicted_pairs = sum(pairs(n) for n in cluster_sizes.values())
    true_pairs = sum(pairs(n) for n in person_sizes.values())
    for (cluster, person), n in cells.items():
        by_cluster[cluster][person] = n
    majority = sum(max(c.values()) for c in by_cluster.values())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(truth),
        "true_persons": len(person_sizes),
        "true_pairs": true_pairs,
        "clusters": len(cluster_sizes),
        "predicted_pairs": predicted_pairs,
        "true_positive_pairs": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "purity": majority / len(truth) if truth else 1.0,
        "unclustered_records": sum(1 for r in truth if r not in predicted),
    }


def incomplete_records(store):
    """The victim-list records whose identity field says the identity was incomplete."""
    return {rec for rec, row in keyed_records(store) if row.get("identity", "") not in ("", "complete")}


def score_incomplete(truth, predicted, incomplete):
    """Precision and recall over the pairs involving at least one incomplete record."""
    whole = score(truth, predicted)
    complete = score({r: p for r, p in truth.items() if r not in incomplete}, predicted)
    tp = whole["true_positive_pairs"] - complete["true_positive_pairs"]
    predicted_pairs = whole["predicted_pairs"] - complete["predicted_pairs"]
    true_pairs = whole["true_pairs"] - complete["true_pairs"]
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    return {
        "records": sum(1 for r in truth if r in incomplete),
        "share_of_records": sum(1 for r in truth if r in incomplete) / len(truth) if truth else 0.0,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "true_positive_pairs": tp,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "complete_only": complete,
    }


def review_list(store, truth):
    """The review list by what its pairs rest on: how many pairs, and how many of them are one
    person (what a coordinator can still link)."""
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = con.execute("SELECT a_schema, a_key, b_schema, b_key, basis FROM link_pair WHERE status = 'review'").fetchall()
    con.close()
    by_basis = Counter()
    true_by_basis = Counter()
    for a_s, a_k, b_s, b_k, basis in rows:
        a, b = (a_s, a_k), (b_s, b_k)
        by_basis[basis] += 1
        if a in truth and b in truth and truth[a] == truth[b]:
            true_by_basis[basis] += 1
    return {"pairs": len(rows), "by_basis": dict(by_basis), "true_by_basis": dict(true_by_basis)}


def store_clusterings(store):
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    linked = {(s, k): p for s, k, p in con.execute("SELECT schema_id, record_key, person_id FROM linked_person")}
    con.close()
    # An empty key (no identity) is a singleton.
    exact = {rec: row["person_key"] for rec, row in keyed_records(store) if row.get("person_key")}
    return linked, exact


def read_clusters(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["schema"], r["record"]): r["cluster"] for r in csv.DictReader(f)}


def line(name, m):
    return (
        f"{name:<12} records {m['records']:>8}  persons {m['true_persons']:>8}  clusters {m['clusters']:>8}  "
        f"P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}  purity {m['purity']:.4f}"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["store", "clusters"])
    ap.add_argument("source")
    ap.add_argument("truth")
    ap.add_argument("--json")
    ap.add_argument("--store", help="clusters mode: the store whose identity codes mark incomplete records")
    a = ap.parse_args()
    truth = read_truth(a.truth)
    if a.mode == "store":
        linked, exact = store_clusterings(a.source)
        result = {"rapporteur": score(truth, linked), "exact_key": score(truth, exact)}
        incomplete = incomplete_records(a.source)
        review = review_list(a.source, truth)
        result["review"] = review
        print(
            "review list: "
            + ", ".join(
                f"{basis} {n} pairs ({review['true_by_basis'].get(basis, 0)} one person)"
                for basis, n in sorted(review["by_basis"].items())
            )
        )
        if incomplete:
            for name, clustering in (("rapporteur", linked), ("exact_key", exact)):
                m = score_incomplete(truth, clustering, incomplete)
                result[name]["incomplete_identity"] = m
                print(
                    f"{name:<12} incomplete identities: {m['records']} records ({100 * m['share_of_records']:.1f} %), "
                    f"pairs involving them: P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}; "
                    f"complete identities alone: P {m['complete_only']['precision']:.4f}  "
                    f"R {m['complete_only']['recall']:.4f}  F1 {m['complete_only']['f1']:.4f}"
                )
    else:
        clusters = read_clusters(a.source)
        result = {"clusters": score(truth, clusters)}
        if a.store:
            m = score_incomplete(truth, clusters, incomplete_records(a.store))
            result["clusters"]["incomplete_identity"] = m
            print(
                f"clusters     incomplete identities: {m['records']} records, pairs involving them: "
                f"P {m['precision']:.4f}  R {m['recall']:.4f}  F1 {m['f1']:.4f}; complete identities alone: "
                f"P {m['complete_only']['precision']:.4f}  R {m['complete_only']['recall']:.4f}  F1 {m['complete_only']['f1']:.4f}"
            )
    for name, m in result.items():
        if "f1" in m:
            print(line(name, m))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
