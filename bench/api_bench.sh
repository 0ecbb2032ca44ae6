#!/usr/bin/env bash
# The server's benchmark: GET /api/cases/{id} (signed in, random ids, 1M-case database) against
# the bare /healthz of the same server, with wrk on loopback at 64 connections; then the same
# with 1,000 open SSE clients, and the server's RSS.
#
#   bench/api_bench.sh BUILD_DIR [CASES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
cases=${2:-1000000}
zb="$build/src/app/zhengban"
dir=$(mktemp -d /tmp/zb-api-bench.XXXXXX)
trap 'kill $server 2>/dev/null || true; kill $sse 2>/dev/null || true; rm -rf "$dir"' EXIT

echo "== building a $cases-case database"
"$build/bench/engine_bench" --cases "$cases" --dir "$dir" --source "$root" --keep | grep -E "engine bulk|kept"
db="$dir/engine.db"
# The generated matters are long overdue by the real clock. Their reminders count as sent, as in
# an office that has been running: otherwise the server's first sweep would spend the whole run
# raising a million overdue reminders instead of serving the benchmark.
sqlite3 "$db" "INSERT OR IGNORE INTO deadline_alerts SELECT id, 'overdue', due_at FROM cases
  WHERE closed_at IS NULL AND due_at IS NOT NULL;
  INSERT OR IGNORE INTO deadline_alerts SELECT id, 'yellow', due_at FROM cases
  WHERE closed_at IS NULL AND due_at IS NOT NULL AND yellow_at IS NOT NULL;"
echo "bench-password" | "$zb" --db "$db" --config "$root/config" --data "$root/data" \
  user add bencher --role office_leader --unit office --password-stdin >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$zb" --db "$db" --config "$root/config" --data "$root/data" serve --listen "127.0.0.1:$port" \
  >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"username":"bencher","password":"bench-password"}' "127.0.0.1:$port/api/session" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(zb_session=[^;]*\).*/\1/p')

# Each wrk thread formats its 200,000 requests (random ids, a seed of its own) before the run, as
# wrk formats /healthz's once: the client's own work per request, on the same two cores as the
# server, is then the same in both runs.
cat >"$dir/case.lua" <<LUA
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
local requests, n, i = {}, 200000, 0
init = function()
  math.randomseed(seed)
  for k = 1, n do
    requests[k] = wrk.format("GET", "/api/cases/" .. math.random(1, $cases), {["Cookie"] = "$cookie"})
  end
end
request = function()
  i = i % n + 1
  return requests[i]
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
run() {  # run NAME ARGS…: prints requests/s, latency percentiles and the server's CPU a request
  echo "== $1"
  shift
  local before out
  before=$(cpu_ticks)
  out=$(wrk -t2 -c64 -d10s --latency "$@")
  echo "$out" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
  echo "$out" | awk -v t=$(($(cpu_ticks) - before)) -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {printf "  server CPU: %.1f µs a request\n", t / hz * 1e6 / $1}'
}
run "/healthz" "http://127.0.0.1:$port/healthz"
run "GET /api/cases/{id}" -s "$dir/case.lua" "http://127.0.0.1:$port"

echo "== opening 1,000 SSE clients"
python3 - "$port" "$cookie" <<'PY' &
import socket, sys, time
port, cookie = int(sys.argv[1]), sys.argv[2]
socks = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /api/events HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n".encode())
    socks.append(s)
time.sleep(60)
PY
sse=$!
sleep 5
run "GET /api/cases/{id} with 1,000 SSE clients open" -s "$dir/case.lua" "http://127.0.0.1:$port"
echo "server RSS: $(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024)) MB"
