#!/usr/bin/env python3
"""PostgreSQL goes away and comes back: at start, and while a node is serving.

Runs on its own throwaway cluster (scripts/pg-cluster start), which it stops (`pg-cluster down`:
every session is cut off at once) and starts again (`pg-cluster up`) on the same port:

1. With the server down, a command with `--db-wait 2` retries with backoff, says why on stderr,
   and gives up after about 2 s with a message naming the server.
2. `serve --db-wait 60` started while the server is down waits, announcing each retry, and serves
   once the server is back.
3. While serving, the server goes down: reads and writes fail with 503 and a clear message
   (error code "unavailable"), and nothing is written; when the server is back, the next requests
   succeed (same session), the case written during the outage does not exist, and the audit
   chain verifies.

    tests/cluster/outage_test.py BUILD_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from zb_client import Client, free_port  # noqa: E402

CLUSTER = os.path.join(ROOT, "scripts", "pg-cluster")
COMMON = ["--config", f"{ROOT}/config", "--data", f"{ROOT}/data"]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def cluster(*args):
    return subprocess.run([CLUSTER, *args], check=True, capture_output=True, text=True).stdout


def psql(url, sql):
    out = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def healthy(base):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1)
        return True
    except Exception:
        return False


def main():
    zb = os.path.join(sys.argv[1], "src/app/zhengban")
    pg_dir = tempfile.mkdtemp(prefix="zb-pg-outage-")
    work = tempfile.mkdtemp(prefix="zb-outage-")
    url = cluster("start", pg_dir).strip()
    server = None
    try:
        # Two accounts are all it needs: a clerk who registers matters, and the leader.
        subprocess.run([zb, "--db", url, *COMMON, "init"], check=True, stdout=subprocess.DEVNULL)
        for name, role, unit in [("mayor", "city_leader", "leadership"),
                                 ("clerk_sun", "staff", "office")]:
            subprocess.run([zb, "--db", url, *COMMON, "user", "add", name, "--role", role,
                            "--unit", unit, "--password-stdin"], input="zhengban2026", text=True,
                           check=True, stdout=subprocess.DEVNULL)

        # 1. A command while the server is down: bounded retries, then a clear message.
        cluster("down", pg_dir)
        began = time.time()
        r = subprocess.run([zb, "--db", url, "--db-wait", "2", *COMMON, "audit", "verify"],
                           capture_output=True, text=True)
        took = time.time() - began
        print(r.stderr.strip())
        check(r.returncode != 0, "a command gives up when the server stays down")
        check(1.5 <= took < 15, f"it retried for about the bound (2 s): {took:.1f} s")
        check("重试" in r.stderr and "retrying in" in r.stderr, "each retry is announced")
        port = url.split("@127.0.0.1:")[1].split("/")[0]
        check(f"127.0.0.1:{port}" in r.stderr and "attempts in" in r.stderr,
              "the last message names the server and the attempts")

        # 2. A node started while the server is down waits for it.
        log_path = os.path.join(work, "serve.log")
        log = open(log_path, "wb")
        base = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [zb, "--db", url, "--db-wait", "60", *COMMON, "serve", "--listen", base[7:],
             "--threads", "2"], stdout=log, stderr=log)
        check(wait_for(lambda: "retrying in" in open(log_path, errors="replace").read(), 10),
              "serve announces that it is waiting for the database")
        check(server.poll() is None and not healthy(base), "and does not serve meanwhile")
        cluster("up", pg_dir)
        check(wait_for(lambda: healthy(base), 30), "serve starts once the server is back")

        # 3. The server goes away under a running node, and comes back.
        c = Client(base)
        c.sign_in("clerk_sun")
        status, body = c.call("GET", "/api/users")
        mayor = next(u["id"] for u in body["users"] if u["username"] == "mayor")
        new_case = {"kind": "assignment", "fields": {"leader_id": mayor, "content": "outage"}}
        status, _ = c.call("POST", "/api/cases", dict(new_case, title="断线前"))
        check(status == 201, f"a case is created before the outage ({status})")

        cluster("down", pg_dir)
        status, body = c.call("GET", "/api/cases")
        err = (body or {}).get("error", {})
        print(f"GET /api/cases during the outage: {status} {err}")
        check(status == 503 and err.get("code") == "unavailable",
              "a read during the outage fails with 503 unavailable")
        check("数据库" in err.get("message", "") and "database" in err.get("message_en", ""),
              "with a message that says the database is unreachable")
        status, body = c.call("POST", "/api/cases", dict(new_case, title="断线时"))
        check(status == 503, f"a write during the outage fails with 503 ({status})")
        status, body = Client(base).call("POST", "/api/session",
                                         {"username": "clerk_sun", "password": "zhengban2026"})
        check(status == 503, f"signing in during the outage is 503, not a wrong password ({status})")

        cluster("up", pg_dir)
        status, body = c.call("GET", "/api/cases")
        check(status == 200, f"the first read after the outage succeeds ({status})")
        status, _ = c.call("POST", "/api/cases", dict(new_case, title="断线后"))
        check(status == 201, f"a write after the outage succeeds, same session ({status})")
        titles = psql(url, "SELECT string_agg(title, ',' ORDER BY id) FROM cases "
                           "WHERE title LIKE '断线%'")
        check(titles == "断线前,断线后", f"nothing was written during the outage: {titles}")
        check(server.poll() is None, "the node kept running")

        server.terminate()
        server.wait(timeout=15)
        server = None
        v = subprocess.run([zb, "--db", url, *COMMON, "audit", "verify"], capture_output=True,
                           text=True)
        check(v.returncode == 0, "the audit chain verifies: " + v.stdout.strip())
    finally:
        if server and server.poll() is None:
            server.kill()
        try:
            cluster("stop", pg_dir)
        except subprocess.CalledProcessError as e:
            print(e.stderr)
        if failures:
            print(f"the server's log: {work}/serve.log")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("PASS" if not failures else f"FAIL: {len(failures)} checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
