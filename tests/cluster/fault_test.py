#!/usr/bin/env python3
"""Three nodes on one PostgreSQL; one is killed with kill -9 and restarted mid-burst.

Starts three `zhengban serve` nodes on loopback ports, all on a fresh PostgreSQL database (made on
the server ZB_TEST_PG_URL names), and creates 10,000 cases through them from several threads. Some
cases are assigned with a time limit a few seconds ahead, so that the nodes' schedulers raise
their reminders during the run. Node 2 is killed with SIGKILL mid-burst and restarted. Afterwards:
every acknowledged case exists exactly once, every reminder that fell due was raised exactly once
(one "urged" event per case and stage, no duplicate inbox notifications), a change made on one
node reached a live-update client of another, and `zhengban audit verify` passes.

    ZB_TEST_PG_URL=postgresql://… tests/cluster/fault_test.py BUILD_DIR
"""
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from zb_client import Client, free_port  # noqa: E402
TOTAL = int(os.environ.get("ZB_CLUSTER_CASES", "10000"))
WITH_DEADLINE_EVERY = 100  # one case in this many gets a short time limit


def with_database(url, db):
    head, sep, query = url.partition("?")
    scheme, rest = head.split("://", 1)
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{db}" + (sep + query if sep else "")


def psql(url, sql):
    out = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Node:
    def __init__(self, zb, db, n, log_dir):
        self.zb, self.db, self.n, self.log_dir = zb, db, n, log_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        self.log = open(os.path.join(self.log_dir, f"node{self.n}.log"), "ab")
        self.proc = subprocess.Popen(
            [self.zb, "--db", self.db, "--config", f"{ROOT}/config", "--data", f"{ROOT}/data",
             "serve", "--listen", f"127.0.0.1:{self.port}", "--threads", "2"],
            stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError(f"node {self.n} did not start")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def watch_events(node, seen, ready):
    """Follows /api/events on `node` as secgen, collecting the ids of case events."""
    c = Client(node.base)
    c.sign_in("secgen")
    req = urllib.request.Request(node.base + "/api/events")
    try:
        with c.opener.open(req, timeout=300) as r:
            ready.set()
            for raw in r:
                line = raw.decode().strip()
                if line.startswith("data:"):
                    try:
                        seen.add(json.loads(line[5:]).get("id"))
                    except (ValueError, AttributeError):
                        pass
    except Exception:
        ready.set()


def main():
    zb = os.path.join(sys.argv[1], "src/app/zhengban")
    base_url = os.environ.get("ZB_TEST_PG_URL")
    if not base_url:
        print("ZB_TEST_PG_URL is not set (tests/run-all starts a PostgreSQL server)")
        return 1
    dbname = f"zb_cluster_{os.getpid()}"
    psql(base_url, f"CREATE DATABASE {dbname}")
    db = with_database(base_url, dbname)
    nodes = []
    log_dir = tempfile.mkdtemp(prefix="zb-cluster-")
    started = time.time()
    ok = False
    try:
        subprocess.run([zb, "--db", db, "--config", f"{ROOT}/config", "--data", f"{ROOT}/data",
                        "demo", "--assignments", "0"], check=True, stdout=subprocess.DEVNULL)
        nodes = [Node(zb, db, n, log_dir) for n in range(3)]
        for node in nodes:
            node.start()
        ok = run(zb, db, nodes, started) == 0
        return 0 if ok else 1
    finally:
        for node in nodes:
            node.stop()
        psql(base_url, f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        if ok:
            shutil.rmtree(log_dir, ignore_errors=True)
        else:
            print(f"the nodes' logs: {log_dir}")


def run(zb, db, nodes, started):
    probe = Client(nodes[0].base)
    probe.sign_in("secgen")
    _, body = probe.call("GET", "/api/users")
    mayor = next(u["id"] for u in body["users"] if u["username"] == "mayor")
    _, body = probe.call("GET", "/api/units")
    dept = next(u["id"] for u in body["units"] if u["unit_type"] == "department")

    # A live-update client on node 0 must see what is done on node 1.
    live_seen, live_ready = set(), threading.Event()
    threading.Thread(target=watch_events, args=(nodes[0], live_seen, live_ready),
                     daemon=True).start()
    live_ready.wait(10)

    acknowledged = {}  # title -> id
    with_deadline = set()
    lock = threading.Lock()
    counter = iter(range(TOTAL * 2))
    failures = [0]

    def writer(n):
        clients = {}
        node_index = n % 3
        while True:
            with lock:
                if len(acknowledged) >= TOTAL or failures[0] > 2000:
                    return
                i = next(counter)
            node = nodes[node_index]
            try:
                c = clients.get(node_index)
                if c is None:
                    c = Client(node.base)
                    c.sign_in("clerk_sun")
                    clients[node_index] = c
                title = f"集群测试 {n}-{i}"
                status, body = c.call("POST", "/api/cases", {
                    "kind": "assignment", "title": title,
                    "fields": {"leader_id": mayor, "content": "cluster"}})
                if status != 201:
                    raise RuntimeError(status)
                with lock:
                    acknowledged[title] = body["id"]
                if i % WITH_DEADLINE_EVERY == 0:
                    due = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
                        seconds=4 + i % 7)
                    status, _ = c.call("POST", f"/api/cases/{body['id']}/actions", {
                        "action": "assign", "lead_unit_id": dept,
                        "expected_version": body["version"],
                        "due_at": due.strftime("%Y-%m-%dT%H:%M:%SZ")})
                    if status == 200:
                        with lock:
                            with_deadline.add(body["id"])
            except Exception:
                with lock:
                    failures[0] += 1
                clients.pop(node_index, None)
                node_index = (node_index + 1) % 3  # that node is gone: use another
                time.sleep(0.05)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    while True:
        with lock:
            done = len(acknowledged)
        if done >= TOTAL // 3:
            break
        time.sleep(0.1)
    nodes[2].kill9()
    with lock:
        at_kill = len(acknowledged)
    time.sleep(1.0)
    nodes[2].start()
    for t in threads:
        t.join()
    burst_done = time.time()

    # Every acknowledged case exists exactly once, with its title.
    rows = psql(db, "SELECT id, title FROM cases WHERE title LIKE '集群测试 %'")
    by_title = {}
    for line in rows.splitlines():
        case_id, title = line.split("|", 1)
        by_title.setdefault(title, []).append(int(case_id))
    missing = [t for t, i in acknowledged.items() if by_title.get(t) != [i]]
    duplicated = [t for t, ids in by_title.items() if len(ids) > 1]

    # Every reminder that fell due is raised exactly once per case and stage.
    deadline_ids = ",".join(str(i) for i in sorted(with_deadline)) or "0"
    expected = len(with_deadline)
    overdue = 0
    for _ in range(120):
        overdue = int(psql(db, "SELECT count(DISTINCT case_id) FROM events WHERE type='urged' AND "
                               f"data LIKE '%\"stage\":\"overdue\"%' AND case_id IN ({deadline_ids})"))
        if overdue >= expected:
            break
        time.sleep(0.5)
    twice = psql(db, "SELECT count(*) FROM (SELECT case_id, data::json->>'stage' FROM events "
                     "WHERE type='urged' GROUP BY 1, 2 HAVING count(*) > 1) d")
    duplicate_notes = psql(db, "SELECT count(*) FROM (SELECT user_id, case_id, kind, title FROM "
                               "notifications GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d")
    alerts = psql(db, "SELECT count(*) FROM deadline_alerts")

    # A change made through node 1 reached the live-update client on node 0.
    c1 = Client(nodes[1].base)
    c1.sign_in("clerk_sun")
    _, body = c1.call("POST", "/api/cases", {"kind": "assignment", "title": "跨节点实时",
                                             "fields": {"leader_id": mayor, "content": "live"}})
    live_id = body["id"]
    for _ in range(50):
        if live_id in live_seen:
            break
        time.sleep(0.1)

    for node in nodes:
        node.stop()
    verify = subprocess.run([zb, "--db", db, "audit", "verify"], capture_output=True, text=True)
    print(f"acknowledged: {len(acknowledged)} ({at_kill} before kill -9 of node 2); missing: "
          f"{len(missing)}; duplicated: {len(duplicated)}; burst {burst_done - started:.1f} s")
    print(f"short time limits: {expected}; overdue reminders raised: {overdue}; "
          f"raised twice: {twice}; duplicate notifications: {duplicate_notes}; alert marks: "
          f"{alerts}")
    print(f"live update from node 1 seen on node 0: {live_id in live_seen}; audit: "
          f"{verify.stdout.strip()} {verify.stderr.strip()}")
    ok = (len(acknowledged) >= TOTAL and not missing and not duplicated and expected > 0
          and overdue == expected and twice == "0" and duplicate_notes == "0"
          and live_id in live_seen and verify.returncode == 0)
    print("PASS" if ok else f"FAIL missing={missing[:5]} duplicated={duplicated[:5]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
