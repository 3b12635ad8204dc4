#!/usr/bin/env python3
"""The anchor: the same raw victim-list records encoded with clkhash and linked with anonlink.

Usage (in a venv with `pip install anonlink clkhash blocklib`):
  anchor.py RAW_DIR KEY_FILE OUT_DIR [--thresholds 0.75,0.8,0.85] [--schema clkhash-schema.json]
            [--blocking psig|none] [--blocking-schema blocklib-psig.json]

Reads family_name, given_names and birth_date of RAW_DIR/{police_finding,indicator_checklist,
guidance_file}.csv, normalises them as Rapporteur's key does (clkhash has no normalisation of
its own: normalise.py, a transcription of
crates/records/src/pseudonym.rs), encodes them with clkhash under the schema (1024-bit CLKs:
name bigrams, birth year, month and day as exact tokens) and the secret in KEY_FILE, finds the
candidate pairs across the three datasets with anonlink's accelerated Dice coefficient at the
lowest threshold (the higher thresholds are prefixes of that sorted list), solves each
threshold with anonlink.solving.greedy_solve and writes, per threshold,
OUT_DIR/anchor-clusters-T.csv (schema,record,cluster) and OUT_DIR/anchor.json (timings and
counts). Score the clusters with evaluate.py clusters.

Blocking (`--blocking psig`, the default): blocklib's P-Sig (Data61's blocking library for
anonlink) builds each dataset's blocks from the normalised fields under the blocking schema
(blocklib-psig.json: the same birth date; the same phonetic code of either name; the same day
and month of birth and first letter of a name), blocklib.generate_blocks keeps the blocks that
at least two datasets share, and anonlink's find_candidate_pairs compares only the records that
share a block (its `blocking_f`). `--blocking none` compares all cross-dataset pairs.

anonlink links ACROSS datasets only: candidate pairs are never generated within one dataset,
and a greedy group holds at most one record of each dataset. A person registered twice by the
same source is therefore always two clusters.
"""
import argparse
import csv
import json
import os
import sys
import time

import anonlink
import blocklib
import clkhash
from clkhash import schema as clkschema
from clkhash.clk import generate_clks
from metaphone import doublemetaphone  # blocklib's phonetic code

from normalise import normalise_name, read_birth, read_policy

DATASETS = ("police_finding", "indicator_checklist", "guidance_file")

POLICY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../catalog/be/identity.toml")


def read_dataset(path, policy):
    """Keys, PII and blocking features of one raw file; an incomplete identity is encoded with
    what is known, as Rapporteur encodes it (placeholders are missing values, never dates). The
    blocking features are the normalised family name, the first given name (as written first, so
    that a missing second given name does not change it), and the birth year, month and day; ""
    when unknown (blocklib's null sentinel: a signature that needs it is not made). The two names
    come in the order of their phonetic codes, not as family and given name (registrations swap
    them); a sole name stands in both places."""
    keys, pii, features, skipped = [], [], [], 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        key_column = reader.fieldnames[0]
        for row in reader:
            parts = normalise_name([row.get("family_name", ""), row.get("given_names", "")])
            parts = [p for p in parts if p not in policy["name_parts"]]
            try:
                y, m, d = read_birth(policy, row.get("birth_date", ""))
            except ValueError:
                skipped += 1
                continue
            if not parts:
                skipped += 1  # no name: a singleton, as in Rapporteur
                continue
            keys.append(row[key_column])
            date = ["" if v is None else str(v) for v in (y, m, d)]
            pii.append([" ".join(parts)] + date)
            family = [p for p in normalise_name([row.get("family_name", "")]) if p not in policy["name_parts"]]
            first = row.get("given_names", "").split()[:1]
            given = [p for p in normalise_name(first) if p not in policy["name_parts"]]
            # The family name and the first given name in the order of their phonetic codes (as
            # blocklib computes them), so that the two fields written the other way round, or a
            # name with a fault that keeps its code, give the same features.
            # A sole name stands in both places.
            names = sorted([" ".join(family), " ".join(given)], key=lambda n: ("".join(doublemetaphone(n)), n))
            names = [n or names[0] or names[1] for n in names]
            features.append((*names, *date))
    return keys, pii, features, skipped


def blocking_function(features, schema):
    """anonlink's `blocking_f` from blocklib's P-Sig blocks: each dataset's candidate blocks,
    kept when at least two datasets have them (generate_blocks, K=2), then per record the blocks
    it is in. Also returns the blocks' statistics."""
    candidate_blocks = [blocklib.generate_candidate_blocks(f, schema) for f in features]
    blocks = blocklib.generate_blocks(candidate_blocks, K=2)
    per_record = blocklib.generate_reverse_blocks(blocks)
    sizes = [len(r) for b in blocks for r in b.values()]
    stats = {"blocks": len({k for b in blocks for k in b}), "memberships": sum(sizes),
             "largest_block_part": max(sizes, default=0),
             "records_in_a_block": [len(r) for r in per_record],
             "coverage_before_filter": [c.stats.get("coverage") for c in candidate_blocks]}

    def blocking_f(dataset, record, _clk):
        return per_record[dataset].get(record, ())

    return blocking_f, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw")
    ap.add_argument("key_file")
    ap.add_argument("out")
    ap.add_argument("--thresholds", default="0.75,0.8,0.85")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--schema", default=os.path.join(here, "clkhash-schema.json"))
    ap.add_argument("--blocking", choices=("psig", "none"), default="psig")
    ap.add_argument("--blocking-schema", default=os.path.join(here, "blocklib-psig.json"))
    a = ap.parse_args()
    thresholds = sorted(float(t) for t in a.thresholds.split(","))
    os.makedirs(a.out, exist_ok=True)
    with open(a.schema) as f:
        schema = clkschema.from_json_file(f)
    secret = open(a.key_file).read().strip()
    report = {"anonlink": anonlink.__version__ if hasattr(anonlink, "__version__") else "?",
              "clkhash": getattr(clkhash, "__version__", "?"), "blocklib": blocklib.__version__,
              "datasets": {}, "thresholds": {}}

    t0 = time.monotonic()
    policy = read_policy(POLICY)
    keys, clks, features = [], [], []
    for name in DATASETS:
        k, pii, f, skipped = read_dataset(os.path.join(a.raw, f"{name}.csv"), policy)
        keys.append(k)
        features.append(f)
        clks.append(generate_clks(pii, schema, secret, validate=True) if pii else [])
        report["datasets"][name] = {"records": len(k), "without_identity": skipped}
    report["encode_seconds"] = time.monotonic() - t0
    print(f"encoded {sum(map(len, keys))} records in {report['encode_seconds']:.1f} s", flush=True)

    blocking_f = None
    report["blocking"] = a.blocking
    if a.blocking == "psig":
        t0 = time.monotonic()
        with open(a.blocking_schema) as f:
            blocking_schema = json.load(f)
        blocking_f, stats = blocking_function(features, blocking_schema)
        report["blocking_seconds"] = time.monotonic() - t0
        report["blocking_stats"] = stats
        print(f"P-Sig blocks: {stats['blocks']} shared by two datasets or more, {stats['memberships']} "
              f"memberships, largest part {stats['largest_block_part']}, in {report['blocking_seconds']:.1f} s",
              flush=True)

    t0 = time.monotonic()
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        clks, anonlink.similarities.dice_coefficient_accelerated, thresholds[0], blocking_f=blocking_f)
    report["candidates_seconds"] = time.monotonic() - t0
    sims = candidates[0]
    report["candidate_pairs"] = len(sims)
    print(f"{len(sims)} candidate pairs >= {thresholds[0]} in {report['candidates_seconds']:.1f} s", flush=True)

    for t in thresholds:
        n = 0
        while n < len(sims) and sims[n] >= t:  # sorted by decreasing similarity
            n += 1
        subset = (sims[:n], tuple(x[:n] for x in candidates[1]), tuple(x[:n] for x in candidates[2]))
        t1 = time.monotonic()
        groups = anonlink.solving.greedy_solve(subset)
        solve = time.monotonic() - t1
        path = os.path.join(a.out, f"anchor-clusters-{t}.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["schema", "record", "cluster"])
            for g, group in enumerate(groups):
                for dataset, record in group:
                    w.writerow([DATASETS[dataset], keys[dataset][record], g])
        report["thresholds"][str(t)] = {"candidate_pairs": n, "groups": len(groups),
                                        "solve_seconds": solve, "clusters_file": path}
        print(f"threshold {t}: {n} pairs, {len(groups)} groups of 2+ records, solved in {solve:.1f} s", flush=True)
    with open(os.path.join(a.out, "anchor.json"), "w") as f:
        json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
