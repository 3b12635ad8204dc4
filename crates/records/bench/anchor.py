#!/usr/bin/env python3
"""The anchor: the same raw victim-list records encoded with clkhash and linked with anonlink.

Usage (in a venv with `pip install anonlink clkhash`):
  anchor.py RAW_DIR KEY_FILE OUT_DIR [--thresholds 0.75,0.8,0.85] [--schema clkhash-schema.json]

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
import clkhash
from clkhash import schema as clkschema
from clkhash.clk import generate_clks

from normalise import normalise_name, read_birth, read_policy

DATASETS = ("police_finding", "indicator_checklist", "guidance_file")

POLICY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../catalog/be/identity.toml")


def read_dataset(path, policy):
    """Keys and PII of one raw file; an incomplete identity is encoded with what is known, as
    Rapporteur encodes it (placeholders are missing values, never dates)."""
    keys, pii, skipped = [], [], 0
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
            pii.append([" ".join(parts)] + ["" if v is None else str(v) for v in (y, m, d)])
    return keys, pii, skipped


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw")
    ap.add_argument("key_file")
    ap.add_argument("out")
    ap.add_argument("--thresholds", default="0.75,0.8,0.85")
    ap.add_argument("--schema", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "clkhash-schema.json"))
    a = ap.parse_args()
    thresholds = sorted(float(t) for t in a.thresholds.split(","))
    os.makedirs(a.out, exist_ok=True)
    with open(a.schema) as f:
        schema = clkschema.from_json_file(f)
    secret = open(a.key_file).read().strip()
    report = {"anonlink": anonlink.__version__ if hasattr(anonlink, "__version__") else "?",
              "clkhash": getattr(clkhash, "__version__", "?"), "datasets": {}, "thresholds": {}}

    t0 = time.monotonic()
    policy = read_policy(POLICY)
    keys, clks = [], []
    for name in DATASETS:
        k, pii, skipped = read_dataset(os.path.join(a.raw, f"{name}.csv"), policy)
        keys.append(k)
        clks.append(generate_clks(pii, schema, secret, validate=True) if pii else [])
        report["datasets"][name] = {"records": len(k), "without_identity": skipped}
    report["encode_seconds"] = time.monotonic() - t0
    print(f"encoded {sum(map(len, keys))} records in {report['encode_seconds']:.1f} s", flush=True)

    t0 = time.monotonic()
    candidates = anonlink.candidate_generation.find_candidate_pairs(
        clks, anonlink.similarities.dice_coefficient_accelerated, thresholds[0])
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
