#!/usr/bin/env python3
"""Prints the results table (Markdown) of a linkage.sh work directory.

Usage: summarize.py WORK_DIR

One row per size directory that holds eval.json. The anonlink columns give the threshold with
the best F1 among those run (all thresholds are listed below the table).
"""
import glob
import json
import os
import re
import sys


def time_v(path):
    """(wall seconds, peak KiB) from a /usr/bin/time -v file, or (None, None)."""
    if not os.path.exists(path):
        return None, None
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = None
    if wall:
        parts = [float(p) for p in wall.group(1).split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return seconds, int(rss.group(1)) if rss else None


def load(path):
    m = re.search(r"load average: (.*)$", open(path).read().strip()) if os.path.exists(path) else None
    return m.group(1) if m else "?"


def fmt_s(s):
    return "—" if s is None else (f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min")


def fmt_mib(k):
    return "—" if k is None else f"{k / 1024:.0f} MiB"


def prf(m):
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"


def complete(m):
    """P / R / F1 over the pairs of complete identities, when evaluate.py could tell them."""
    c = m.get("incomplete_identity", {}).get("complete_only")
    return prf(c) if c else "—"


def anchor_runs(d, prefix):
    """The anchor's scores by threshold (`prefix`-T.json), sorted by threshold."""
    runs = []
    for p in glob.glob(os.path.join(d, f"{prefix}-*.json")):
        t = os.path.basename(p)[len(prefix) + 1:-len(".json")]
        if re.fullmatch(r"[0-9.]+", t):
            runs.append((float(t), json.load(open(p))["clusters"]))
    return sorted(runs, key=lambda a: a[0])


def main():
    work = sys.argv[1]
    rows, details = [], []
    dirs = sorted((d for d in glob.glob(os.path.join(work, "*")) if os.path.exists(os.path.join(d, "eval.json"))),
                  key=lambda d: int(os.path.basename(d)) if os.path.basename(d).isdigit() else 0)
    for d in dirs:
        n = os.path.basename(d)
        ev = json.load(open(os.path.join(d, "eval.json")))
        r, x = ev["rapporteur"], ev["exact_key"]
        link_wall, link_rss = time_v(os.path.join(d, "link.time"))
        extra = sorted(glob.glob(os.path.join(d, "link-*.time")))
        walls = [link_wall] + [time_v(p)[0] for p in extra]
        anchors = anchor_runs(d, "anchor")
        best = max(anchors, key=lambda a: a[1]["f1"]) if anchors else None
        a_wall, a_rss = time_v(os.path.join(d, "anchor.time"))
        persons_line = ""
        out = os.path.join(d, "link.out")
        if os.path.exists(out):
            m = re.search(r"(\d+) records of the victim lists linked into (\d+) persons", open(out).read())
            persons_line = f"{m.group(2)}" if m else "?"
        rows.append(
            f"| {int(n):,} | {r['records']:,} | {r['true_persons']:,} | {persons_line} | "
            f"{r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f} / {r['purity']:.3f} | "
            f"{fmt_s(link_wall)} | {fmt_mib(link_rss)} | {prf(x)} | "
            + (f"{prf(best[1])} (t={best[0]}) | {fmt_s(a_wall)} |" if best else "not run | — |")
        )
        details.append(f"- {int(n):,} records: synth {fmt_s(time_v(os.path.join(d, 'synth.time'))[0])}, "
                       f"import {fmt_s(time_v(os.path.join(d, 'import.time'))[0])} "
                       f"(peak {fmt_mib(time_v(os.path.join(d, 'import.time'))[1])}), "
                       f"link runs {', '.join(fmt_s(w) for w in walls if w is not None)}; "
                       f"load averages at link start: {load(os.path.join(d, 'uptime-link.txt'))}")
        details.append(f"  - Rapporteur, complete identities: P/R/F1 {complete(ev['rapporteur'])}")
        for name, runs in (("anchor", anchors), ("anchor-all", anchor_runs(d, "anchor-all"))):
            if not runs:
                continue
            aj = os.path.join(d, name, "anchor.json")
            info = json.load(open(aj)) if os.path.exists(aj) else {}
            wall, rss = time_v(os.path.join(d, f"{name}.time"))
            details.append(
                f"  - {name} (blocking: {info.get('blocking', 'none')}): encode "
                f"{fmt_s(info.get('encode_seconds'))}, blocking {fmt_s(info.get('blocking_seconds'))}, "
                f"candidates {fmt_s(info.get('candidates_seconds'))} ({info.get('candidate_pairs', '?'):,} "
                f"pairs), whole run {fmt_s(wall)}, peak {fmt_mib(rss)}; load at start: "
                f"{load(os.path.join(d, 'uptime-anchor.txt'))}")
            for t, m in runs:
                solve = info.get("thresholds", {}).get(str(t), {}).get("solve_seconds")
                details.append(f"    - t={t}: P/R/F1 {prf(m)} (complete identities {complete(m)}), purity "
                               f"{m['purity']:.3f}, clusters {m['clusters']:,}, greedy solve {fmt_s(solve)}")
    print("| records (synth) | victim-list records | true persons | Rapporteur persons | "
          "Rapporteur P / R / F1 / purity | link wall | link peak RSS | exact key P / R / F1 | "
          "anonlink P / R / F1 (best t) | anonlink wall |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    print("\n".join(details))


if __name__ == "__main__":
    main()
