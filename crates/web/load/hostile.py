#!/usr/bin/env python3
"""Ordinary page requests measured while a hostile client sends the worst request of each kind.

Run by run.sh against a portal it started on loopback (`rapporteur serve --addr 127.0.0.1:0`)
over a fresh store holding the 2019-2020 data set and three accounts. Standard library only.

Phases, each of a fixed duration:
  baseline  two ordinary clients, each at a steady rate: the coordinator reads the board
            (GET /cycles/2019-2020), the contributor reads the police return
            (GET /cycles/2019-2020/returns/police_thb_findings);
  hostile   the same ordinary clients, while a hostile client (another process, one thread
            per kind of request) sends each worst request over and over until the phase ends.

The ordinary clients and the hostile client are separate processes (this script run as
`ordinary` or `attack`), so that Python's GIL in the hostile client does not show up as
latency of the ordinary requests. Every request has a timeout; every loop stops at its
deadline; the whole run is bounded.
"""

import argparse
import http.client
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile

CYCLE = "2019-2020"
CUBE = "police_thb_findings"
BOARD = f"/cycles/{CYCLE}"
RETURN = f"/cycles/{CYCLE}/returns/{CUBE}"
UPLOAD = f"{RETURN}/upload"
REQUEST_TIMEOUT = 30.0
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


# ---------------------------------------------------------------- HTTP


class Client:
    """One keep-alive connection to the portal, with the visitor's cookies."""

    def __init__(self, host, port, timeout=REQUEST_TIMEOUT):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, content_type=None, cookies=True, fresh=False):
        """(status, headers, body bytes); the connection is opened again after an error."""
        headers = {}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        if fresh:
            self.close()
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (BrokenPipeError, ConnectionResetError) as error:
                # The server may answer (413) and close before a large body is sent whole.
                try:
                    response = self.conn.getresponse()
                    data = response.read()
                except Exception:
                    self.close()
                    if attempt == 0 and body is None:
                        continue
                    raise error
            except http.client.RemoteDisconnected:
                # A kept-alive connection the server closed meanwhile: once more, fresh.
                self.close()
                if attempt == 0:
                    continue
                raise
            for value in response.headers.get_all("Set-Cookie") or []:
                pair = value.split(";", 1)[0]
                if "=" in pair:
                    name, val = pair.split("=", 1)
                    if val:
                        self.cookies[name.strip()] = val
                    else:
                        self.cookies.pop(name.strip(), None)
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.headers, data
        raise RuntimeError("unreachable")


def raw_post(host, port, path, cookies, body, content_type, timeout=REQUEST_TIMEOUT):
    """POST on a fresh connection, reading the answer even when the server answers and closes
    before the body is sent whole (a body beyond the limit): the status, or None."""
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {'; '.join(f'{k}={v}' for k, v in cookies.items())}\r\n"
            "Connection: close\r\n\r\n").encode()
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            sock.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except ConnectionResetError:
            pass
    m = re.match(rb"HTTP/1\.1 (\d{3})", answer)
    return int(m.group(1)) if m else None


def csrf_of(html):
    m = re.search(rb'name="csrf" value="([^"]*)"', html)
    return m.group(1).decode() if m else None


def form(pairs):
    return urllib.parse.urlencode(pairs).encode()


def log_in(host, port, name, password):
    """A logged-in client and its CSRF token."""
    c = Client(host, port)
    status, _, body = c.request("GET", "/login")
    assert status == 200, f"GET /login: {status}"
    token = csrf_of(body)
    status, headers, body = c.request(
        "POST", "/login", form([("csrf", token), ("name", name), ("password", password)]),
        "application/x-www-form-urlencoded")
    assert status == 303 and "rapporteur_session" in c.cookies, f"login {name}: {status} {body[:300]!r}"
    status, headers, body = c.request("GET", "/")
    if status == 303:  # a reader's home is the published reports
        status, _, body = c.request("GET", headers["Location"])
    assert status == 200, f"GET / as {name}: {status}"
    return c, csrf_of(body)


def setup(args, passwords):
    """The coordinator opens the cycle and assigns the police return; every account logs in.
    Returns the sessions (cookies and CSRF token) the other processes use."""
    coord, coord_csrf = log_in(args.host, args.port, "coord", passwords["coord"])
    status, _, body = coord.request("POST", "/cycles", form([("csrf", coord_csrf), ("cycle", CYCLE)]),
                                    "application/x-www-form-urlencoded")
    assert status in (200, 303), f"open cycle: {status} {body[:300]!r}"
    status, _, body = coord.request(
        "POST", f"/cycles/{CYCLE}/assign",
        form([("csrf", coord_csrf), ("kind", "cube"), ("item", CUBE), ("actor", "police"),
              ("deadline", "2026-12-31")]),
        "application/x-www-form-urlencoded")
    assert status in (200, 303), f"assign: {status} {body[:300]!r}"
    sessions = {"coord": {"cookies": coord.cookies, "csrf": coord_csrf}}
    for name in ("pol.contrib", "reader"):
        c, token = log_in(args.host, args.port, name, passwords[name])
        sessions[name] = {"cookies": c.cookies, "csrf": token}
    # The ordinary pages answer before anything is measured.
    contrib = Client(args.host, args.port)
    contrib.cookies = dict(sessions["pol.contrib"]["cookies"])
    status, _, body = contrib.request("GET", RETURN)
    assert status == 200, f"return page: {status} {body[:300]!r}"
    status, _, body = coord.request("GET", BOARD)
    assert status == 200, f"board: {status}"
    return sessions


# ---------------------------------------------------------------- ordinary clients


def fixed_schedule(start, deadline, interval, out):
    """The times a client sends at, every `interval` s from `start` until `deadline`, sleeping
    until each. A client behind by more than a slot skips the missed slots (counted in `out`),
    so that every request of the phase is sent within it, not after the phase ended."""
    due = start
    while due < deadline:
        now = time.monotonic()
        if now < due:
            time.sleep(due - now)
        elif now - due > interval:
            skipped = int((now - due) / interval)
            out.append({"skipped": skipped})
            due += skipped * interval
            if due >= deadline:
                break
        yield due
        due += interval


def ordinary_loop(args, cookies, path, deadline, start, out):
    """GET `path` at `args.rate` per second on a fixed schedule until `deadline`; each request's
    latency (from sending to the last byte) and its lateness against the schedule."""
    c = Client(args.host, args.port, timeout=10.0)
    c.cookies = dict(cookies)
    for due in fixed_schedule(start, deadline, 1.0 / args.rate, out):
        t0 = time.monotonic()
        try:
            status, _, _ = c.request("GET", path)
        except Exception as error:  # timeout or reset: counted, not fatal
            status = f"error {type(error).__name__}"
            c.close()
        t1 = time.monotonic()
        out.append({"t0": t0, "t1": t1, "ms": (t1 - t0) * 1000, "late_ms": (t1 - due) * 1000,
                    "status": status})
    c.close()


def run_ordinary(args):
    config = json.load(open(args.config))
    start, deadline = config["start"], config["start"] + args.duration
    results = {"board": [], "return": []}
    threads = [
        threading.Thread(target=ordinary_loop,
                         args=(args, config["sessions"]["coord"]["cookies"], BOARD, deadline, start,
                               results["board"])),
        threading.Thread(target=ordinary_loop,
                         args=(args, config["sessions"]["pol.contrib"]["cookies"], RETURN, deadline,
                               start + 0.5 / args.rate, results["return"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump(results, sys.stdout)


# ---------------------------------------------------------------- hostile workbooks


CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
ROOT_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
SHEET_START = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SHEET_PART = "xl/worksheets/sheet1.xml"


def workbook(write_sheet, sheet=CUBE):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK.format(sheet=sheet))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open(SHEET_PART, "w") as w:
            write_sheet(w)
    return buffer.getvalue()


def far_cell():
    """A return as people type it, plus one number in Excel's last cell (about 1.7 KB)."""
    cells = [("A1", "period"), ("B1", "exploitation_form"), ("C1", "value"), ("A2", "2019"),
             ("B2", "sexual"), ("C2", "171"), ("XFD1048576", "1")]
    xml = SHEET_START.decode() + '<dimension ref="A1:XFD1048576"/><sheetData>'
    for ref, value in cells:
        row = "".join(ch for ch in ref if ch.isdigit())
        cell = (f'<c r="{ref}"><v>{value}</v></c>' if value.isdigit()
                else f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        xml += f'<row r="{row}">{cell}</row>'
    xml += "</sheetData></worksheet>"
    return workbook(lambda w: w.write(xml.encode()))


def repeated(fill, total, head=b"", tail=b""):
    def write(w):
        w.write(SHEET_START + b"<sheetData>" + head)
        chunk = fill * max(1, (1 << 20) // len(fill))
        written = 0
        while written < total:
            w.write(chunk)
            written += len(chunk)
        w.write(tail + b"</sheetData></worksheet>")
    return write


def zip_bomb(total=300 << 20):
    """300 MiB of rows in a file of about 300 KB, its size declared honestly."""
    return workbook(repeated(b"<row><c><v>1</v></c></row>", total))


def lying_bomb(total=300 << 20, declared=10):
    """The same bomb, its sheet declaring 10 bytes in both the local and the central header."""
    data = bytearray(zip_bomb(total))
    name = SHEET_PART.encode()
    patched = 0
    for m in re.finditer(re.escape(name), bytes(data)):
        pos = m.start()
        if data[pos - 30:pos - 26] == b"PK\x03\x04":
            data[pos - 30 + 22:pos - 30 + 26] = declared.to_bytes(4, "little")
            patched += 1
        elif data[pos - 46:pos - 42] == b"PK\x01\x02":
            data[pos - 46 + 24:pos - 46 + 28] = declared.to_bytes(4, "little")
            patched += 1
    assert patched == 2, patched
    return bytes(data)


def million_rows():
    """A well-formed return of Excel's 1,048,576 rows (within every limit), every row the same
    cell: the most a valid-looking workbook makes the importer read (about 110 MB of XML)."""
    head = (b'<row><c t="inlineStr"><is><t>period</t></is></c><c t="inlineStr"><is><t>'
            b'exploitation_form</t></is></c><c t="inlineStr"><is><t>value</t></is></c></row>')
    row = b'<row><c><v>2019</v></c><c t="inlineStr"><is><t>sexual</t></is></c><c><v>1</v></c></row>'
    rows = 1_048_575
    per_chunk = (1 << 20) // len(row)

    def write(w):
        w.write(SHEET_START + b"<sheetData>" + head)
        left = rows
        while left > 0:
            n = min(per_chunk, left)
            w.write(row * n)
            left -= n
        w.write(b"</sheetData></worksheet>")
    return workbook(write)


def multipart(csrf, filename, content):
    boundary = "----rapporteur-load-" + os.urandom(8).hex()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'.encode(),
        (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
         f"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").encode(),
        content, f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def grid(csrf, rows):
    pairs = [("csrf", csrf), ("col_0", "2019")]
    for i in range(rows):
        pairs += [(f"row_{i}", "exploitation_form=sexual"), (f"c_{i}_0", str(i % 1000))]
    return form(pairs)


def grid_of_size(csrf, limit):
    """The largest grid form of this shape not beyond `limit` bytes."""
    rows = limit // 60
    body = grid(csrf, rows)
    while len(body) > limit:
        rows -= 200
        body = grid(csrf, rows)
    return body


# ---------------------------------------------------------------- the hostile client


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (kind, status, t0, t1, bytes sent)

    def add(self, kind, status, t0, t1, sent):
        with self.lock:
            self.requests.append((kind, status, t0, t1, sent))


def hostile_loop(kind, deadline, tally, send, pause=0.0):
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            status, sent = send()
        except Exception as error:
            status, sent = f"error {type(error).__name__}", 0
        t1 = time.monotonic()
        tally.add(kind, status, t0, t1, sent)
        if pause:
            time.sleep(pause)


def run_attack(args):
    config = json.load(open(args.config))
    sessions = config["sessions"]
    start = config["start"]
    deadline = start + args.duration
    host, port = args.host, args.port
    tally = Tally()
    files = {name: open(os.path.join(config["workdir"], name + ".xlsx"), "rb").read()
             for name in ("far_cell", "zip_bomb", "lying_bomb", "million_rows")}
    reader_csrf, contrib_csrf = sessions["reader"]["csrf"], sessions["pol.contrib"]["csrf"]
    form_type = "application/x-www-form-urlencoded"
    grid_reader = grid_of_size(reader_csrf, 2_000_000)
    grid_contrib = grid_of_size(contrib_csrf, 2_000_000)
    grid_huge = grid(contrib_csrf, 73_000)

    def as_user(name, timeout=REQUEST_TIMEOUT):
        c = Client(host, port, timeout)
        c.cookies = dict(sessions[name]["cookies"])
        return c

    def poster(name, path, body, content_type):
        c = as_user(name)

        def send():
            status, _, _ = c.request("POST", path, body, content_type)
            return status, len(body)
        return send

    def raw_poster(name, path, body, content_type):
        cookies = dict(sessions[name]["cookies"])

        def send():
            status = raw_post(host, port, path, cookies, body, content_type)
            return (status if status is not None else "closed without an answer"), len(body)
        return send

    def upload(kind):
        body, content_type = multipart(contrib_csrf, kind + ".xlsx", files[kind])
        return poster("pol.contrib", UPLOAD, body, content_type)

    def anonymous_get():
        c = Client(host, port)

        def send():
            status, _, _ = c.request("GET", "/login", cookies=False)
            return status, 0
        return send

    def login_poster(name, password):
        c = Client(host, port)
        _, _, page = c.request("GET", "/login")
        token = csrf_of(page)
        body = form([("csrf", token), ("name", name), ("password", password)])

        def send():
            status, _, _ = c.request("POST", "/login", body, form_type)
            return status, len(body)
        return send

    def cli_import():
        def send():
            started = time.monotonic()
            left = max(1.0, deadline - started + 60)
            done = subprocess.run([args.bin, "--store", args.store, "--user", "load.import", "import",
                                   *config["data_files"]], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=left)
            return f"exit {done.returncode}", 0
        return send

    kinds = [
        ("grid 2 MB, reader", poster("reader", RETURN, grid_reader, form_type), 0.0),
        ("grid 2 MB, contributor", poster("pol.contrib", RETURN, grid_contrib, form_type), 0.0),
        ("grid 3.7 MB", raw_poster("pol.contrib", RETURN, grid_huge, form_type), 0.0),
        ("upload far cell 1.7 KB", upload("far_cell"), 0.0),
        ("upload zip bomb 300 MiB", upload("zip_bomb"), 0.0),
        ("upload lying zip bomb", upload("lying_bomb"), 0.0),
        ("upload 1,048,576 rows", upload("million_rows"), 0.0),
        ("GET /login, no cookie", anonymous_get(), 0.0),
        ("GET /login, no cookie (2)", anonymous_get(), 0.0),
        ("POST /login, 1.9 MB name", login_poster("x" * 1_900_000, "not the password at all"), 0.0),
        ("POST /login, wrong password", login_poster("coord", "wrong-password-" + os.urandom(4).hex()), 0.0),
        ("rapporteur import (CLI)", cli_import(), 0.0),
    ]
    if args.only:
        kinds = [k for k in kinds if any(o in k[0] for o in args.only.split(","))]
    now = time.monotonic()
    if now < start:
        time.sleep(start - now)
    threads = [threading.Thread(target=hostile_loop, args=(kind, deadline, tally, send, pause))
               for kind, send, pause in kinds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump({"kinds": [k[0] for k in kinds], "requests": tally.requests,
               "sizes": {"grid 2 MB, reader": len(grid_reader), "grid 2 MB, contributor": len(grid_contrib),
                         "grid 3.7 MB": len(grid_huge),
                         **{f"file {k}": len(v) for k, v in files.items()}}}, sys.stdout)


# ---------------------------------------------------------------- the run


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))
    return ordered[rank - 1]


def line(label, samples):
    skipped = sum(s.get("skipped", 0) for s in samples)
    samples = [s for s in samples if "ms" in s]
    ms = [s["ms"] for s in samples]
    late = [s["late_ms"] for s in samples]
    bad = sum(1 for s in samples if s["status"] != 200)
    return (f"  {label:<34} {len(ms):>5} {percentile(ms, 50):>7.1f} {percentile(ms, 95):>7.1f} "
            f"{percentile(ms, 99):>7.1f} {max(ms) if ms else float('nan'):>8.1f} "
            f"{percentile(late, 99):>9.1f} {bad:>6} {skipped:>7}")


def summary(phase, results):
    print(f"\n{phase}: ordinary requests, latency in ms (send to last byte)")
    print(f"  {'':<34} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>8} {'p99 late':>9} {'non-200':>6} {'skipped':>7}")
    print(line("coordinator GET " + BOARD, results["board"]))
    print(line("contributor GET .../police_thb_findings", results["return"]))
    print(line("all ordinary", results["board"] + results["return"]))
    all_ms = [s["ms"] for s in results["board"] + results["return"] if "ms" in s]
    return percentile(all_ms, 99), percentile(all_ms, 50), percentile(all_ms, 95), max(all_ms)


LOG_LINE = re.compile(r"^(\S+Z)\s.*answered who=(\S+) method=(\S+) path=(\S+) status=(\d+) ms=(\d+)")


def server_side(log_path, phases):
    """The server's own time for each request (its log line: from after the session was looked
    up to the answer), per phase: the ordinary pages, and every other route by status."""
    from datetime import datetime
    lines = []
    for text in open(log_path, errors="replace"):
        m = LOG_LINE.match(text)
        if m:
            at = datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp()
            lines.append((at, m.group(2), m.group(3), m.group(4), m.group(5), int(m.group(6))))
    for phase, (begin, end) in phases.items():
        rows = [l for l in lines if begin <= l[0] <= end + 1.0]
        ordinary = [l[5] for l in rows if l[2] == "GET" and l[3] in (BOARD, RETURN) and l[1] in ("coord", "pol.contrib")]
        print(f"\n{phase}: the server's log (ms from after the session lookup to the answer)")
        if ordinary:
            print(f"  ordinary pages: n {len(ordinary)}, p50 {percentile(ordinary, 50)}, p99 {percentile(ordinary, 99)}, "
                  f"max {max(ordinary)}")
        groups = {}
        for l in rows:
            if l[2] == "GET" and l[3] in (BOARD, RETURN) and l[1] in ("coord", "pol.contrib"):
                continue
            groups.setdefault((l[2], l[3], l[4]), []).append(l[5])
        for (method, path, status), ms in sorted(groups.items()):
            print(f"  {method} {path} {status}: n {len(ms)}, median {statistics.median(ms):g}, max {max(ms)}")


def spawn(role, args, config_path, extra=(), niceness=0):
    cmd = [sys.executable, os.path.abspath(__file__), role, "--host", args.host, "--port", str(args.port),
           "--duration", str(args.duration), "--rate", str(args.rate), "--config", config_path,
           "--bin", args.bin, "--store", args.store, *extra]
    lower = (lambda: os.nice(niceness)) if niceness else None
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, preexec_fn=lower)


def collect(process, limit):
    out, _ = process.communicate(timeout=limit)
    if process.returncode != 0:
        raise SystemExit(f"a client process failed ({process.returncode})")
    return json.loads(out)


def run_main(args):
    if args.host not in LOOPBACK:
        raise SystemExit(f"loopback only: {args.host} is not this machine")
    passwords = json.load(open(args.passwords))
    data_files = [l for l in open(args.data_files).read().splitlines() if l]
    workdir = os.path.dirname(os.path.abspath(args.passwords))
    t = time.monotonic()
    for name, make in (("far_cell", far_cell), ("zip_bomb", zip_bomb), ("lying_bomb", lying_bomb),
                       ("million_rows", million_rows)):
        with open(os.path.join(workdir, name + ".xlsx"), "wb") as f:
            f.write(make())
    print(f"hostile workbooks written in {time.monotonic() - t:.1f} s: " + ", ".join(
        f"{n} {os.path.getsize(os.path.join(workdir, n + '.xlsx')):,} B"
        for n in ("far_cell", "zip_bomb", "lying_bomb", "million_rows")), flush=True)
    sessions = setup(args, passwords)
    config = {"sessions": sessions, "workdir": workdir, "data_files": data_files}
    config_path = os.path.join(workdir, "load-config.json")
    limit = args.duration + 180

    def write_config(start):
        config["start"] = start
        with open(config_path, "w") as f:
            json.dump(config, f)

    report, phases = {}, {}
    wall = time.time() - time.monotonic()
    if not args.skip_baseline:
        print(f"baseline: {args.duration} s, {args.rate} req/s per ordinary client ...", flush=True)
        write_config(time.monotonic() + 1.0)
        phases["baseline"] = (wall + config["start"], wall + config["start"] + args.duration)
        report["baseline"] = collect(spawn("ordinary", args, config_path), limit)
        time.sleep(1.0)
    print(f"hostile: {args.duration} s, the same ordinary clients and a hostile client ...", flush=True)
    write_config(time.monotonic() + 2.0)
    phases["under attack"] = (wall + config["start"], wall + config["start"] + args.duration)
    attacker = spawn("attack", args, config_path, ["--only", args.only] if args.only else [],
                     niceness=args.attacker_nice)
    ordinary = spawn("ordinary", args, config_path)
    report["hostile"] = collect(ordinary, limit)
    attack = collect(attacker, limit)

    numbers = {}
    if "baseline" in report:
        numbers["baseline"] = summary("baseline", report["baseline"])
    numbers["hostile"] = summary("under attack", report["hostile"])

    print("\nhostile requests (sent while the ordinary clients were measured; each kind one thread, back to back)")
    print(f"  {'kind':<30} {'n':>5}  {'statuses':<34} {'median ms':>9} {'max ms':>9}")
    for kind in attack["kinds"]:
        rows = [r for r in attack["requests"] if r[0] == kind]
        statuses = {}
        for r in rows:
            statuses[str(r[1])] = statuses.get(str(r[1]), 0) + 1
        ms = [(r[3] - r[2]) * 1000 for r in rows]
        text = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        print(f"  {kind:<30} {len(rows):>5}  {text:<34} {statistics.median(ms) if ms else float('nan'):>9.1f} "
              f"{max(ms) if ms else float('nan'):>9.1f}")
    print("  request sizes: " + ", ".join(f"{k} {v:,} B" for k, v in attack["sizes"].items()))

    # Which hostile requests were in flight while an ordinary request was slow.
    samples = [s for s in report["hostile"]["board"] + report["hostile"]["return"] if "ms" in s]
    slow = [s for s in samples if s["ms"] >= args.bound_ms]
    if slow:
        def overlapped(group):
            counts = {}
            for s in group:
                for kind in {r[0] for r in attack["requests"] if r[2] < s["t1"] and r[3] > s["t0"]}:
                    counts[kind] = counts.get(kind, 0) + 1
            return counts
        in_slow, in_all = overlapped(slow), overlapped(samples)
        print(f"\n{len(slow)} of {len(samples)} ordinary requests took {args.bound_ms:g} ms or more under attack. "
              "Share of the slow ones, and of all, during which a hostile request of each kind was in flight:")
        for kind in sorted(in_slow, key=lambda k: -in_slow[k] / len(slow) + in_all.get(k, 0) / len(samples)):
            print(f"  {kind:<30} slow {100 * in_slow[kind] / len(slow):5.0f} %   all "
                  f"{100 * in_all.get(kind, 0) / len(samples):5.0f} %")
        start = min(s["t0"] for s in samples)
        print("  the slow ones, at s after the phase began: " + ", ".join(
            f"{s['t0'] - start:.1f}s {s['ms']:.0f}ms" for s in sorted(slow, key=lambda s: s["t0"])[:40]))

    if args.server_log:
        time.sleep(0.5)
        server_side(args.server_log, phases)

    p99 = numbers["hostile"][0]
    verdict = "holds" if p99 < args.bound_ms else "MISSED"
    print(f"\np99 of ordinary requests under attack: {p99:.1f} ms (bound {args.bound_ms:g} ms): {verdict}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"numbers": numbers, "attack": attack, "ordinary": report}, f)
    return 0 if p99 < args.bound_ms else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", nargs="?", default="main", choices=["main", "ordinary", "attack"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second per ordinary client")
    parser.add_argument("--bin", required=True, help="the rapporteur binary (for the concurrent CLI import)")
    parser.add_argument("--store", required=True, help="the portal's store (for the concurrent CLI import)")
    parser.add_argument("--passwords", help="JSON file: account name -> password (main)")
    parser.add_argument("--data-files", help="file listing the data set's CSV files, one a line (main)")
    parser.add_argument("--config", help="(internal) the sessions and schedule for a client process")
    parser.add_argument("--only", help="only the hostile kinds whose name contains one of these (comma-separated)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--bound-ms", type=float, default=50.0)
    parser.add_argument("--server-log", help="the portal's standard error, for its own time per request")
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--attacker-nice", type=int, default=0,
                        help="run the attacking process (and the CLI imports it starts) at this niceness: "
                             "19 stands in for an attacker on another machine, whose own processor work "
                             "does not compete with the portal's")
    args = parser.parse_args()
    if args.host not in LOOPBACK:
        raise SystemExit(f"loopback only: {args.host}")
    if args.role == "ordinary":
        run_ordinary(args)
    elif args.role == "attack":
        run_attack(args)
    else:
        sys.exit(run_main(args))


if __name__ == "__main__":
    main()
