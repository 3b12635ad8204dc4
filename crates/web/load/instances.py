#!/usr/bin/env python3
"""Twenty users against two portal instances on one PostgreSQL store, at a fixed total rate.

Run by instances.sh against two `rapporteur serve` processes it started on loopback over one
fresh PostgreSQL database holding the 2019-2020 data set and the accounts (USERS below).
Standard library only; the HTTP client is hostile.py's.

Every user is logged in once (on the first instance; the session is the store's, so the second
knows it) and then sends requests on a fixed schedule (open loop: a request is due at its time
whether or not the previous one was slow), each to the next instance in turn, as a round-robin
load balancer would:
  contributor  reads her return page and the board, and every --save-every seconds saves her
               return's grid (the page's form posted back with one value changed, so that each
               save is an import of its own, validated);
  coordinator  reads the board and the actors' return pages.
The users are spread over several client processes (Python's GIL would otherwise show up as
latency). Every request has a timeout, every loop its deadline; the whole run is bounded.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import Client, csrf_of, fixed_schedule, form, log_in, percentile  # noqa: E402

CYCLE = "2019-2020"
BOARD = f"/cycles/{CYCLE}"
# (actor, cube): each returned by two contributors of its actor.
RETURNS = [
    ("police", "police_thb_findings"),
    ("police", "police_smuggling_findings"),
    ("rsz", "rsz_referrals_by_centre"),
    ("rsz", "rsz_presumed_victims"),
    ("dsb", "conviction_count"),
    ("prosecution", "prosecution_inflow"),
    ("guardianship", "guardianship_thb_registrations"),
    ("fedasil", "fedasil_early_screening"),
]
COORDINATORS = ["coord1", "coord2", "coord3", "coord4"]


def contributors():
    """(name, actor, cube) of the sixteen contributors."""
    return [(f"{actor}.{k}.{i}", actor, cube) for k, (actor, cube) in enumerate(RETURNS) for i in (1, 2)]


def users():
    """Every account the run needs: (name, role, actor)."""
    return ([(c, "coordinator", None) for c in COORDINATORS]
            + [(name, "contributor", actor) for name, actor, _ in contributors()])


def return_path(cube):
    return f"/cycles/{CYCLE}/returns/{cube}"


GRID_FIELD = re.compile(rb'<input (?:type="hidden" )?name="((?:col|row|c)_[0-9_]+)" value="([^"]*)"')


def grid_fields(html):
    """The grid form's fields as the page fills them: periods, rows and cells."""
    return [(m.group(1).decode(), m.group(2).decode()) for m in GRID_FIELD.finditer(html)]


def changed(fields):
    """The grid with its first filled cell moved by one (an even value up, an odd one down, so
    it never goes below zero): every save changes a value and is an import of its own."""
    out, done = [], False
    for name, value in fields:
        if not done and name.startswith("c_") and value.isdigit():
            n = int(value)
            value, done = str(n + 1 if n % 2 == 0 else n - 1), True
        out.append((name, value))
    return out


# ---------------------------------------------------------------- setup


def setup(args, passwords):
    """The coordinator opens the cycle and assigns every return; every user logs in (on the
    first instance). The sessions (cookies, CSRF token) for the client processes."""
    host, port = args.host, args.ports[0]
    coord, token = log_in(host, port, COORDINATORS[0], passwords[COORDINATORS[0]])
    status, _, body = coord.request("POST", "/cycles", form([("csrf", token), ("cycle", CYCLE)]),
                                    "application/x-www-form-urlencoded")
    assert status in (200, 303), f"open cycle: {status} {body[:300]!r}"
    for actor, cube in RETURNS:
        status, _, body = coord.request(
            "POST", f"/cycles/{CYCLE}/assign",
            form([("csrf", token), ("kind", "cube"), ("item", cube), ("actor", actor),
                  ("deadline", "2026-12-31")]),
            "application/x-www-form-urlencoded")
        assert status in (200, 303), f"assign {cube} to {actor}: {status} {body[:300]!r}"
    sessions = {}
    for name, role, _ in users():
        c, csrf = log_in(host, port, name, passwords[name])
        sessions[name] = {"cookies": c.cookies, "csrf": csrf}
        c.close()
    # Every page answers on both instances before anything is measured.
    for name, _, cube in contributors():
        for p in args.ports:
            c = Client(host, p)
            c.cookies = dict(sessions[name]["cookies"])
            status, _, body = c.request("GET", return_path(cube))
            assert status == 200, f"{name}'s return on :{p}: {status} {body[:300]!r}"
            assert grid_fields(body), f"{name}'s return has a grid"
            c.close()
    return sessions


# ---------------------------------------------------------------- users


def user_loop(args, user, session, start, deadline, out):
    """One user's schedule: a request every 1/rate s, each to the next instance."""
    name, role, cube = user
    conns = [Client(args.host, p, timeout=10.0) for p in args.ports]
    for c in conns:
        c.cookies = dict(session["cookies"])
    n, next_save = 0, start + args.save_every * (sum(name.encode()) % 97) / 97
    reads = ([return_path(cube), BOARD] if role == "contributor"
             else [BOARD] + [return_path(c) for _, c in RETURNS])
    for due in fixed_schedule(start, deadline, 1.0 / args.user_rate, out):
        c = conns[n % len(conns)]
        saving = role == "contributor" and due >= next_save
        t0 = time.monotonic()
        try:
            if saving:
                # The page, as the browser has it, posted back with a value changed.
                _, _, page = c.request("GET", return_path(cube))
                fields = changed(grid_fields(page))
                t0 = time.monotonic()
                status, _, _ = c.request("POST", return_path(cube),
                                         form([("csrf", csrf_of(page))] + fields),
                                         "application/x-www-form-urlencoded")
                kind, ok = "save grid (POST)", status == 303
                next_save += args.save_every
            else:
                path = reads[n % len(reads)]
                status, _, _ = c.request("GET", path)
                kind = "board (GET)" if path == BOARD else "return page (GET)"
                ok = status == 200
        except Exception as error:  # a timeout or a reset: counted, not fatal
            status, kind, ok = f"error {type(error).__name__}", "failed", False
            c.close()
        t1 = time.monotonic()
        out.append({"kind": kind, "role": role, "instance": n % len(conns), "ms": (t1 - t0) * 1000,
                    "late_ms": (t1 - due) * 1000, "status": status, "ok": ok})
        n += 1
    for c in conns:
        c.close()


def run_client(args):
    """A client process: its share of the users, their samples as JSON on standard output."""
    config = json.load(open(args.config))
    mine = [u for i, u in enumerate(config["users"]) if i % args.processes == args.index]
    start, deadline = config["start"], config["start"] + args.duration
    results = []
    threads = []
    for k, user in enumerate(mine):
        samples = []
        results.append(samples)
        # Users start spread over one interval, so the total rate is even.
        offset = (args.index + k * args.processes) / (len(config["users"]) * args.user_rate)
        threads.append(threading.Thread(target=user_loop, args=(
            args, user, config["sessions"][user[0]], start + offset, deadline, samples)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump([s for samples in results for s in samples], sys.stdout)


# ---------------------------------------------------------------- report


def line(label, samples):
    skipped = sum(s.get("skipped", 0) for s in samples)
    samples = [s for s in samples if "ms" in s]
    ms = [s["ms"] for s in samples]
    bad = sum(1 for s in samples if not s["ok"])
    return (f"  {label:<26} {len(ms):>6} {percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f} "
            f"{percentile(ms, 99):>7.1f} {max(ms) if ms else float('nan'):>8.1f} {bad:>6} {skipped:>7}")


def run_main(args):
    passwords = json.load(open(args.passwords))
    sessions = setup(args, passwords)
    roster = [[c, "coordinator", None] for c in COORDINATORS] + [list(c[:1]) + ["contributor", c[2]]
                                                                  for c in contributors()]
    config_path = os.path.join(os.path.dirname(args.passwords), "clients.json")
    start = time.monotonic() + 2.0
    json.dump({"start": start, "users": roster, "sessions": sessions}, open(config_path, "w"))
    common = ["--host", args.host, "--ports", *map(str, args.ports), "--duration", str(args.duration),
              "--rate", str(args.rate), "--save-every", str(args.save_every),
              "--processes", str(args.processes), "--config", config_path]
    procs = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "client", "--index", str(i), *common],
                              stdout=subprocess.PIPE, text=True) for i in range(args.processes)]
    samples = []
    for p in procs:
        out, _ = p.communicate(timeout=args.duration + 120)
        if p.returncode != 0:
            raise SystemExit(f"a client process failed ({p.returncode})")
        samples.extend(json.loads(out))
    done = [s for s in samples if "ms" in s]
    sent_rate = len(done) / args.duration
    print(f"\n{len(roster)} users ({len(COORDINATORS)} coordinators, {len(roster) - len(COORDINATORS)} "
          f"contributors of {len({a for a, _ in RETURNS})} actors), 2 instances, {args.duration:g} s at "
          f"{args.rate:g} requests/s in total (sent: {sent_rate:.1f}/s); a save every {args.save_every:g} s "
          f"per contributor")
    print("latency in ms (send to last byte)")
    print(f"  {'':<26} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>8} {'errors':>6} {'skipped':>7}")
    for kind in ("board (GET)", "return page (GET)", "save grid (POST)", "failed"):
        group = [s for s in done if s["kind"] == kind]
        if group:
            print(line(kind, group))
    for i, port in enumerate(args.ports):
        print(line(f"instance {i + 1} (:{port})", [s for s in done if s["instance"] == i]))
    print(line("all", samples))
    all_ms = [s["ms"] for s in done]
    p99 = percentile(all_ms, 99)
    errors = sum(1 for s in done if not s["ok"])
    skipped = sum(s.get("skipped", 0) for s in samples)
    holds = p99 < args.bound_ms and errors == 0
    print(f"\np99 of all requests: {p99:.1f} ms (bound {args.bound_ms:g} ms); errors: {errors}; "
          f"skipped slots: {skipped}: {'holds' if holds else 'MISSED'}")
    return 0 if holds else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", nargs="?", default="main", choices=["main", "client"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ports", type=int, nargs="+", required=True)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second, all users together")
    parser.add_argument("--save-every", type=float, default=10.0, help="seconds between a contributor's saves")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--bound-ms", type=float, default=50.0)
    parser.add_argument("--passwords")
    parser.add_argument("--config")
    parser.add_argument("--index", type=int, default=0)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("loopback only")
    args.user_rate = args.rate / (len(COORDINATORS) + len(contributors()))
    if args.role == "client":
        run_client(args)
    else:
        sys.exit(run_main(args))


if __name__ == "__main__":
    main()
