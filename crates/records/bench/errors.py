#!/usr/bin/env python3
"""Where Rapporteur's linkage loses recall and precision: by encoding similarity and by the kind
of identity difference.

Usage: errors.py STORE.db RAW_DIR [--json OUT.json]

1. True pairs (two victim-list records of one true person): for each, the Dice similarity of the
   two records' encodings (from the store), whether Rapporteur put them in one person, and the
   kind of difference between the two raw identities after Rapporteur's normalisation
   (normalise.py): identical, name only, birth date only (swap of day and month, year off,
   other), both. Recall by similarity bin and by kind.
2. Scored pairs (table link_pair: every pair the run linked or sent to review, with similarity
   and probability): by similarity bin, how many, how many of them are true, how many the rule
   linked (probability >= 0.5) and the precision of those.
3. Wrong merges: pairs of records in one predicted person that are two true persons, by their
   direct similarity (a wrong merge can come through a chain of links).
"""
import argparse
import csv
import json
import os
import sqlite3
import sys
from collections import Counter, defaultdict
from itertools import combinations

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import VICTIM_SCHEMAS, keyed_records, read_truth  # noqa: E402
from normalise import normalise_date, normalise_name  # noqa: E402

BINS = [0.0, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]


def bin_of(s):
    if s >= 1.0:
        return "1.0"
    for lo, hi in zip(BINS, BINS[1:]):
        if lo <= s < hi:
            return f"[{lo:.2f},{hi:.2f})"
    return "?"


def bin_order():
    return [f"[{lo:.2f},{hi:.2f})" for lo, hi in zip(BINS, BINS[1:])] + ["1.0"]


def encodings(store):
    """Each victim-list record's identity filter (as an integer), from the keyed files imported
    into STORE."""
    return {rec: int(row["person_encoding"].split(":")[2], 16)
            for rec, row in keyed_records(store) if row.get("person_encoding")}


def dice(a, b):
    return 2 * (a & b).bit_count() / (a.bit_count() + b.bit_count())


def identities(raw):
    ids = {}
    for s in VICTIM_SCHEMAS:
        with open(os.path.join(raw, f"{s}.csv"), newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            key = reader.fieldnames[0]
            for row in reader:
                try:
                    date = normalise_date(row["birth_date"])
                except ValueError:
                    date = None
                ids[(s, row[key])] = (tuple(normalise_name([row["family_name"], row["given_names"]])), date)
    return ids


def kind(a, b):
    (na, da), (nb, db) = a, b
    name = "" if na == nb else ("name: a part fewer" if set(na) < set(nb) or set(nb) < set(na) else "name: other")
    if da == db:
        date = ""
    elif da and db and da[0] == db[0] and da[1] == db[2] and da[2] == db[1]:
        date = "date: day/month swapped"
    elif da and db and da[1:] == db[1:]:
        date = "date: year differs"
    elif da and db and da[0] == db[0] and da[1] == db[1]:
        date = "date: day differs"
    else:
        date = "date: other"
    return " + ".join(x for x in (name, date) if x) or "identical after normalisation"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store")
    ap.add_argument("raw")
    ap.add_argument("--json")
    a = ap.parse_args()
    truth = read_truth(os.path.join(a.raw, "truth.csv"))
    con = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True)
    linked = {(s, k): p for s, k, p in con.execute("SELECT schema_id, record_key, person_id FROM linked_person")}
    enc = encodings(a.store)
    ids = identities(a.raw)
    out = {}

    # 1. True pairs.
    by_person = defaultdict(list)
    for rec, person in truth.items():
        by_person[person].append(rec)
    sim_bins = defaultdict(Counter)
    kinds = defaultdict(Counter)
    for recs in by_person.values():
        for x, y in combinations(recs, 2):
            same = x in linked and y in linked and linked[x] == linked[y]
            s = dice(enc[x], enc[y]) if x in enc and y in enc else -1
            b = bin_of(s) if s >= 0 else "no encoding"
            sim_bins[b]["pairs"] += 1
            sim_bins[b]["linked"] += same
            k = kind(ids[x], ids[y])
            kinds[k]["pairs"] += 1
            kinds[k]["linked"] += same
            kinds[k]["sim_sum"] += max(s, 0)
    print("True pairs by encoding similarity: how many Rapporteur put in one person")
    print(f"{'similarity':<14}{'true pairs':>12}{'linked':>10}{'recall':>9}")
    rows = []
    for b in bin_order() + ["no encoding"]:
        c = sim_bins.get(b)
        if c:
            print(f"{b:<14}{c['pairs']:>12}{c['linked']:>10}{c['linked'] / c['pairs']:>9.3f}")
            rows.append({"bin": b, "pairs": c["pairs"], "linked": c["linked"]})
    out["true_pairs_by_similarity"] = rows
    print()
    print("True pairs by kind of difference (after normalisation)")
    print(f"{'kind':<44}{'pairs':>9}{'linked':>9}{'recall':>9}{'mean sim':>10}")
    rows = []
    for k, c in sorted(kinds.items(), key=lambda kv: -kv[1]["pairs"]):
        print(f"{k:<44}{c['pairs']:>9}{c['linked']:>9}{c['linked'] / c['pairs']:>9.3f}{c['sim_sum'] / c['pairs']:>10.3f}")
        rows.append({"kind": k, "pairs": c["pairs"], "linked": c["linked"], "mean_similarity": c["sim_sum"] / c["pairs"]})
    out["true_pairs_by_kind"] = rows

    # 2. Scored pairs.
    scored = defaultdict(Counter)
    for sa, ka, sb, kb, sim, prob, status in con.execute(
            "SELECT a_schema, a_key, b_schema, b_key, similarity, probability, status FROM link_pair"):
        x, y = (sa, ka), (sb, kb)
        if x not in truth or y not in truth:
            continue
        true = truth[x] == truth[y]
        b = bin_of(sim)
        c = scored[b]
        c["pairs"] += 1
        c["true"] += true
        if prob >= 0.5:
            c["linked"] += 1
            c["linked_true"] += true
        c[f"status_{status}"] += 1
    print()
    print("Scored pairs (link_pair) by similarity: the rule's decisions against the truth")
    print(f"{'similarity':<14}{'scored':>9}{'true':>9}{'p>=0.5':>9}{'of which true':>15}{'precision':>11}")
    rows = []
    for b in bin_order():
        c = scored.get(b)
        if c:
            prec = c["linked_true"] / c["linked"] if c["linked"] else float("nan")
            print(f"{b:<14}{c['pairs']:>9}{c['true']:>9}{c['linked']:>9}{c['linked_true']:>15}{prec:>11.3f}")
            rows.append({"bin": b, **c})
    out["scored_pairs_by_similarity"] = rows

    # 3. Wrong merges.
    clusters = defaultdict(list)
    for rec, p in linked.items():
        if rec in truth:
            clusters[p].append(rec)
    sizes = Counter(len(v) for v in clusters.values())
    wrong = Counter()
    skipped = 0
    for recs in clusters.values():
        if len(recs) > 300:
            skipped += 1
            continue
        for x, y in combinations(recs, 2):
            if truth[x] != truth[y]:
                wrong[bin_of(dice(enc[x], enc[y]))] += 1
    print()
    print(f"Predicted persons by size: {dict(sorted(sizes.items()))}" + (f" ({skipped} over 300 records skipped below)" if skipped else ""))
    print("Wrong merges (pairs of two true persons in one predicted person) by direct similarity:")
    for b in bin_order():
        if wrong.get(b):
            print(f"  {b:<14}{wrong[b]:>9}")
    out["cluster_sizes"] = dict(sorted(sizes.items()))
    out["wrong_merges_by_similarity"] = dict(wrong)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
