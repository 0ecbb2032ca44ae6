#!/usr/bin/env python3
"""The hotline's bars (issue 7), in one run, on a fresh demo office (Python stdlib only):

1. `zhengban hotline import` of a CSV of N tickets (default 1,000,000) built from the real
   messages in data/tipdm2020-sample/ (title + body, about 1.1 kB each), full-text index on;
2. `GET /api/cases` with filters and a keyword on that database: sequential requests, p50/p95;
3. `POST /api/cases` (a hotline ticket) at a fixed rate (default 200/s) for a while, from the
   paced C++ client bench/hotline_bench.cpp: latency from each request's due time.

    bench/hotline_bench.py --zhengban build/src/app/zhengban [--tickets 1000000] [--rate 200]
                           [--seconds 30] [--dir /tmp/zb-hotline-bench] [--keep]
"""
import argparse
import csv
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYWORDS = ["停车", "积水", "噪音", "物业", "学校", "油烟", "公交", "拆迁", "供暖", "房租",
            "垃圾", "路灯", "小区", "扰民", "违建", "幼儿园", "停车位", "医保", "占道", "漏水"]
FILTERS = ["", "&state=registered", "&state=dispatched", "&light=red", "&open=1", "&sort=updated"]


def load_messages(root):
    messages = []
    for name in ("attachment2.csv", "attachment3.csv", "attachment4.csv"):
        with open(os.path.join(root, "data/tipdm2020-sample", name), encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                title = (row.get("留言主题") or "").strip()
                body = (row.get("留言详情") or "").strip()
                if title or body:
                    messages.append((title, body))
    return messages


def write_csv(path, messages, n):
    rng = random.Random(7)
    start = time.mktime((2019, 1, 1, 8, 0, 0, 0, 0, -1))
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"])
        for i in range(n):
            title, body = messages[i % len(messages)]
            t = time.localtime(start + i * (2 * 365 * 86400 // n) + rng.randrange(3600))
            stamp = "%d/%d/%d %02d:%02d:%02d" % (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour,
                                                 t.tm_min, t.tm_sec)
            w.writerow([str(900000000 + i), "U%07d" % (i % 50000), title, stamp, body])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    """One keep-alive connection with a signed-in session."""

    def __init__(self, port, user):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        status, body, headers = self.call("POST", "/api/session",
                                          {"username": user, "password": "zhengban2026"})
        assert status == 200, (status, body)
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        self.headers = {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"],
                        "Content-Type": "application/json"}

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = getattr(self, "headers", {"Content-Type": "application/json"})
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        raw = r.read()
        return r.status, json.loads(raw or b"null"), r.headers


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def run(cmd, **kw):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zhengban", default=os.path.join(ROOT, "build/src/app/zhengban"))
    ap.add_argument("--client", help="the paced client (default: hotline_bench beside zhengban)")
    ap.add_argument("--tickets", type=int, default=1000000)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--lists", type=int, default=300)
    ap.add_argument("--settle", type=float, default=20,
                    help="seconds between the server's start and the creates: its start-up work "
                         "(suggestion model, similar-ticket index) would otherwise share the run")
    ap.add_argument("--dir", default="/tmp/zb-hotline-bench")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--reuse", action="store_true",
                    help="use the database a --keep run left in --dir (no CSV, no import)")
    a = ap.parse_args()
    zb = os.path.abspath(a.zhengban)
    if not a.client:
        a.client = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(zb))),
                                "bench", "hotline_bench")
    if not a.reuse:
        shutil.rmtree(a.dir, ignore_errors=True)
        os.makedirs(a.dir)
    db = os.path.join(a.dir, "zb.db")
    base = [zb, "--db", db, "--config", os.path.join(ROOT, "config"),
            "--data", os.path.join(ROOT, "data"), "--var", a.dir]

    messages = load_messages(ROOT)
    if a.reuse:
        imported = a.tickets
    else:
        imported = import_tickets(a, base, db, messages)
    serve(a, base, messages, imported)


def import_tickets(a, base, db, messages):
    path = os.path.join(a.dir, "tickets.csv")
    t = time.time()
    write_csv(path, messages, a.tickets)
    print("CSV: %d tickets from %d real messages, %.0f MB, written in %.1f s"
          % (a.tickets, len(messages), os.path.getsize(path) / 1e6, time.time() - t), flush=True)

    run(base + ["demo"], stdout=subprocess.DEVNULL)
    # The CSV just written (1.1 GB) is on its way to the disk: flushed first, so the import's
    # time is the import's, as for a file that has been on the disk a while.
    os.sync()
    t = time.time()
    cpu0 = os.times()
    out = run(base + ["hotline", "import", path], capture_output=True, text=True).stdout
    took = time.time() - t
    cpu1 = os.times()
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    last = out.strip().splitlines()[-1]
    imported = int(last.split()[0].split("=")[1])
    print("import: %s in %.1f s: %.0f tickets/s (bar >= 50,000/s); %.1f CPU s, %.0f tickets "
          "per CPU second; database %.0f MB"
          % (last, took, imported / took, cpu, imported / cpu, os.path.getsize(db) / 1e6),
          flush=True)
    os.remove(path)
    return imported


def serve(a, base, messages, imported):
    port = free_port()
    log = open(os.path.join(a.dir, "server.log"), "w")  # access log, merge rounds
    server = subprocess.Popen(base + ["serve", "--listen", "127.0.0.1:%d" % port],
                              stdout=log, stderr=log)
    started = time.time()
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        lister = Session(port, "secgen")
        rng = random.Random(3)
        times = []
        by_filter = {}
        found = 0
        for i in range(a.lists + 20):
            kw = rng.choice(KEYWORDS)
            q = "/api/cases?kind=hotline&limit=50&q=" + urllib.parse.quote(kw)
            fil = rng.choice(FILTERS)
            q += fil
            t = time.perf_counter()
            status, body, _ = lister.call("GET", q)
            dt = (time.perf_counter() - t) * 1000
            assert status == 200, (status, body)
            if i >= 20:  # the first ones warm the caches
                times.append(dt)
                by_filter.setdefault(fil or "(keyword only)", []).append(dt)
                found += len(body.get("cases", []))
        print("list + filter + keyword over %d tickets: %d requests, p50 %.1f ms, p95 %.1f ms "
              "(bar < 50 ms), max %.1f ms, %.1f cases a page"
              % (imported, len(times), pct(times, 50), pct(times, 95), max(times),
                 found / len(times)), flush=True)
        for fil, ts in sorted(by_filter.items()):
            print("  %-18s %3d requests, p50 %.1f ms, p95 %.1f ms"
                  % (fil, len(ts), pct(ts, 50), pct(ts, 95)), flush=True)

        time.sleep(max(0.0, a.settle - (time.time() - started)))
        # Paced creates by the C++ client (bench/hotline_bench.cpp): Python threads cannot keep
        # a steady 200 requests a second on a busy machine.
        creator = Session(port, "operator1")
        bodies = os.path.join(a.dir, "bodies.jsonl")
        with open(bodies, "w", encoding="utf-8") as f:
            for i in range(1000):
                f.write(json.dumps({
                    "kind": "hotline", "title": "压测工单 %d %s" % (i, messages[i % len(messages)][0]),
                    "fields": {"caller_name": "王女士", "phone": "1380000%04d" % i,
                               "channel": "phone", "request_type": "complaint",
                               "content": messages[i % len(messages)][1][:800]}},
                    ensure_ascii=False) + "\n")
        out = run([a.client, "--port", str(port), "--cookie", creator.headers["Cookie"],
                   "--csrf", creator.headers["X-CSRF-Token"], "--body-file", bodies,
                   "--rate", str(a.rate), "--seconds", str(a.seconds)],
                  capture_output=True, text=True)
        print(out.stdout.strip(), out.stderr.strip()[:300], flush=True)
    finally:
        server.terminate()
        server.wait()
        if not (a.keep or a.reuse):
            shutil.rmtree(a.dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
