#!/usr/bin/env python3
"""kill -9 during a burst of writes loses no acknowledged write.

Starts `zhengban serve` on a fresh demo database, creates cases from several threads, kills the
server with SIGKILL in the middle of the burst, restarts it, and checks that every case the
server acknowledged (201) exists with its events, and that the audit chain verifies.

    tests/api/durability_test.py BUILD_DIR
"""
import os
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


def start(zb, db, port):
    proc = subprocess.Popen([zb, "--db", db, "--config", f"{ROOT}/config", "--data",
                             f"{ROOT}/data", "serve", "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except Exception:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the server did not start")


def metric_values(base):
    """The samples of /metrics as {'name{labels}': value}."""
    with urllib.request.urlopen(base + "/metrics", timeout=10) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def main():
    zb = os.path.join(sys.argv[1], "src/app/zhengban")
    tmp = tempfile.mkdtemp(prefix="zb-durability-")
    db = os.path.join(tmp, "z.db")
    subprocess.run([zb, "--db", db, "--config", f"{ROOT}/config", "--data", f"{ROOT}/data",
                    "demo", "--assignments", "0"], check=True, stdout=subprocess.DEVNULL)
    # `make run` on an existing demo office prints its logins again: the people, not the
    # system's own accounts.
    listed = subprocess.run([zb, "--db", db, "--config", f"{ROOT}/config", "--data",
                             f"{ROOT}/data", "demo", "--logins"], check=True,
                            capture_output=True, text=True).stdout.split("\n")
    names = [line.split()[0] for line in listed[1:] if line.strip()]
    assert "mayor" in names and "operator1" in names and len(names) == 22, listed
    assert "system" not in names and "hotline_import" not in names, listed
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(zb, db, port)
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    mayor = None

    def writer(n):
        c = Client(base)
        c.sign_in("clerk_sun")
        i = 0
        while not stop.is_set():
            i += 1
            try:
                status, body = c.call("POST", "/api/cases", {
                    "kind": "assignment", "title": f"写入测试 {n}-{i}",
                    "fields": {"leader_id": mayor, "content": "burst"}}, timeout=2)
            except Exception:
                continue  # the server is gone: not acknowledged
            if status == 201:
                with lock:
                    acknowledged.append(body["id"])

    probe = Client(base)
    users = probe.sign_in("secgen")
    status, body = probe.call("GET", "/api/users")
    mayor = next(u["id"] for u in body["users"] if u["username"] == "mayor")
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    with lock:
        acked_at_kill = len(acknowledged)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()

    server = start(zb, db, port)
    try:
        check = Client(base)
        check.sign_in("secgen")
        missing = []
        for case_id in acknowledged:
            status, body = check.call("GET", f"/api/cases/{case_id}")
            if status != 200 or len(body["events"]) != 1:
                missing.append(case_id)
        metrics = metric_values(base)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
    verify = subprocess.run([zb, "--db", db, "audit", "verify"], capture_output=True, text=True)
    print(f"acknowledged writes: {len(acknowledged)} ({acked_at_kill} before kill -9); "
          f"missing after restart: {len(missing)}; audit: {verify.stdout.strip()}")
    open_cases = sum(v for k, v in metrics.items() if k.startswith("zb_cases_open{"))
    connections = metrics.get('zb_db_connections{state="open"}', 0)
    sweeps = metrics.get('zb_job_runs_total{job="deadline_sweep"}', -1)
    print(f"/metrics after restart: {open_cases:.0f} open cases by light, "
          f"{connections:.0f} database connections, {sweeps:.0f} sweeps")
    metrics_ok = (open_cases >= len(acknowledged) and connections >= 2
                  and 'zb_job_failures_total{job="deadline_sweep"}' in metrics)
    ok = len(acknowledged) > 50 and not missing and verify.returncode == 0 and metrics_ok
    print("PASS" if ok else f"FAIL missing={missing[:10]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
