#!/usr/bin/env bash
# API throughput on PostgreSQL: one node against two nodes on the same database, with a
# read-heavy mix, in one run.
#
#   bench/pg_api_bench.sh BUILD_DIR [CASES] [SECONDS]
#
# Starts a throwaway PostgreSQL 15 cluster (scripts/pg-cluster), fills it with CASES cases
# through the engine (engine_bench --pg … --pg-only), starts two `zhengban serve` nodes on it and
# runs wrk with the mix below: first against node 1 alone (-c64), then against both nodes at once
# (two wrk processes, -c32 each: what nginx's upstream would spread). Prints requests/s of each
# run, the ratio, and the CPU seconds each process used, since everything shares this machine.
#
# The mix (per request): 75 % GET /api/cases/{id} (random id), 15 % GET /api/cases?limit=20
# (first page, newest first), 5 % GET /api/cases?keyword=… (Chinese search), 5 % POST /api/cases.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-build}" && pwd)
cases=${2:-200000}
secs=${3:-15}
zb="$build/src/app/zhengban"
common=(--config "$root/config" --data "$root/data")
work=$(mktemp -d /tmp/zb-pg-api-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/zb-pg-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$root/scripts/pg-cluster" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

server=$("$root/scripts/pg-cluster" start "$pg_dir")
echo "== PostgreSQL: $server; building $cases cases through the engine"
"$build/bench/engine_bench" --source "$root" --pg "$server" --pg-cases "$cases" --pg-only |
  grep -E "pg engine bulk|pg raw"
db=${server%/*}/zb_bench_engine
echo "bench-password" | "$zb" --db "$db" "${common[@]}" \
  user add bencher --role office_leader --unit office --password-stdin >/dev/null
mayor=$(psql -X -A -t "$db" -c "SELECT id FROM users WHERE username='mayor'")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ports=()
for n in 1 2; do
  port=$(free_port)
  "$zb" --db "$db" "${common[@]}" serve --listen "127.0.0.1:$port" >"$work/node$n.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done

# One session per node (sessions live in the database: either would do).
session() {  # session PORT: prints "COOKIE CSRF"
  local out
  out=$(curl -s -i -H 'Content-Type: application/json' \
    -d '{"username":"bencher","password":"bench-password"}' "127.0.0.1:$1/api/session")
  echo "$(sed -n 's/^[Ss]et-[Cc]ookie: \(zb_session=[^;]*\).*/\1/p' <<<"$out" | tr -d '\r')" \
    "$(grep -o '"csrf_token":"[^"]*"' <<<"$out" | cut -d'"' -f4)"
}

mix() {  # mix PORT FILE: writes the wrk script for a session on that node
  read -r cookie csrf < <(session "$1")
  cat >"$2" <<LUA
local n = 0
local words = {"电梯", "积水", "停车", "加装电梯", "方案"}
request = function()
  n = n + 1
  local r = math.random(100)
  local h = {["Cookie"] = "$cookie"}
  if r <= 75 then
    return wrk.format("GET", "/api/cases/" .. math.random(1, $cases), h)
  elseif r <= 90 then
    return wrk.format("GET", "/api/cases?limit=20", h)
  elseif r <= 95 then
    return wrk.format("GET", "/api/cases?limit=20&keyword=" .. words[math.random(#words)], h)
  end
  h["Content-Type"] = "application/json"
  h["X-CSRF-Token"] = "$csrf"
  return wrk.format("POST", "/api/cases", h,
    '{"kind":"assignment","title":"压测新增事项 ' .. n .. '","fields":{"leader_id":$mayor,"content":"压测"}}')
end
LUA
}
mix "${ports[0]}" "$work/mix1.lua"
mix "${ports[1]}" "$work/mix2.lua"

# CPU seconds (user + system) used so far by the processes matching a pattern.
cpu() {
  local total=0 p
  for p in $(pgrep -f "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
tick=$(getconf CLK_TCK)
cpu_report() {  # cpu_report BEFORE_PG BEFORE_NODES
  local pg nodes
  pg=$(cpu "postgres: .*zb_bench_engine")
  nodes=$(cpu "zb_bench_engine.*serve")
  printf "   CPU s: postgres backends %.1f, zhengban nodes %.1f (of %d s x %d cores)\n" \
    "$(echo "($pg - $1) / $tick" | bc -l)" "$(echo "($nodes - $2) / $tick" | bc -l)" "$secs" "$(nproc)"
}
rate() { grep -E "Requests/sec" "$1" | awk '{print $2}'; }

echo "== warm-up"
wrk -t2 -c32 -d3s -s "$work/mix1.lua" "http://127.0.0.1:${ports[0]}" >/dev/null
wrk -t2 -c32 -d3s -s "$work/mix2.lua" "http://127.0.0.1:${ports[1]}" >/dev/null

echo "== one node (wrk -t2 -c64 -d${secs}s)"
pg0=$(cpu "postgres: .*zb_bench_engine")
n0=$(cpu "zb_bench_engine.*serve")
wrk -t2 -c64 -d"${secs}s" --latency -s "$work/mix1.lua" "http://127.0.0.1:${ports[0]}" >"$work/one.txt"
grep -E "Requests/sec|^ +(50|99)%|Non-2xx" "$work/one.txt"
cpu_report "$pg0" "$n0"

echo "== two nodes (two wrk -t1 -c32 -d${secs}s at once, one per node)"
pg0=$(cpu "postgres: .*zb_bench_engine")
n0=$(cpu "zb_bench_engine.*serve")
wrk -t1 -c32 -d"${secs}s" --latency -s "$work/mix1.lua" "http://127.0.0.1:${ports[0]}" >"$work/two1.txt" &
w1=$!
wrk -t1 -c32 -d"${secs}s" --latency -s "$work/mix2.lua" "http://127.0.0.1:${ports[1]}" >"$work/two2.txt"
wait "$w1"
grep -E "Requests/sec|^ +(50|99)%|Non-2xx" "$work/two1.txt" "$work/two2.txt"
cpu_report "$pg0" "$n0"

one=$(rate "$work/one.txt")
two=$(echo "$(rate "$work/two1.txt") + $(rate "$work/two2.txt")" | bc -l)
printf "one node: %.0f req/s; two nodes: %.0f req/s; ratio %.2f (bar: >= 1.6)\n" \
  "$one" "$two" "$(echo "$two / $one" | bc -l)"
