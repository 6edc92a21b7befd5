#!/usr/bin/env bash
# One instance with Redis:Configuration (the output cache in Redis, the instance's copies in memory in front of it) on
# SQLite, published in Release, and a Redis of the script's own. Two measurements, printed as Markdown rows:
# 1. What one cached read of the timeline page costs Redis: 1,000 reads after two warm-up reads, without and with
#    Accept-Encoding: br, and Redis's own counters (INFO stats: total_net_output_bytes, total_commands_processed).
# 2. Reads while Redis is down: Redis stopped, the page read five times, the API and /healthz once, Redis started again
#    on the same port, the page and /healthz read again; each read's status and curl's total time.
# To compare with another commit, run a copy of this script in a worktree of it
# (git worktree add /tmp/before COMMIT && cp bench/scale/redis.sh /tmp/before/bench/scale/ && bash /tmp/before/bench/scale/redis.sh).
# Needs the .NET 10 SDK, curl, redis-server and redis-cli.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/timeline-redis.XXXXXX)"
redis_port=5459 app_port=5458
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=($redis_pid)
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && return; sleep 0.1; done
}
start_redis
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  Redis__Configuration="127.0.0.1:$redis_port" exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$app_port") > "$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/healthz" > /dev/null && break; sleep 1; done
commit=$(git -C "$repo" rev-parse --short HEAD)
page=/t/north-korean-workers-in-russia

stat() { redis-cli -p "$redis_port" info stats | awk -F: -v k="$1" '$1 == k { print $2 + 0 }'; }
echo "| Commit | Accept-Encoding | Redis output per read | Redis commands per read |"
echo "| --- | --- | ---: | ---: |"
for coding in identity br; do
  get() { curl -s -o /dev/null -H "Accept-Encoding: $coding" "http://127.0.0.1:$app_port$page"; }
  get; get
  bytes0=$(stat total_net_output_bytes) commands0=$(stat total_commands_processed)
  for _ in $(seq 1 1000); do get; done
  bytes1=$(stat total_net_output_bytes) commands1=$(stat total_commands_processed)
  echo "| $commit | $coding | $(( (bytes1 - bytes0) / 1000 )) B | $(( (commands1 - commands0) / 1000 )) |"
done

echo
echo "| Commit | When | Path | Status | Time | Body starts |"
echo "| --- | --- | --- | ---: | ---: | --- |"
read_one() {
  curl -s -o "$work/body" -w "%{http_code} %{time_total}\n" "http://127.0.0.1:$app_port$2" \
    | { read -r code seconds; echo "| $commit | $1 | $2 | $code | ${seconds} s | $(head -c 30 "$work/body" | tr -d '\n|<') |"; }
}
read_one "Redis up" "$page"
kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; sleep 1
for i in 1 2 3 4 5; do read_one "Redis down, read $i" "$page"; done
read_one "Redis down" /api/timelines
read_one "Redis down" /healthz
start_redis; sleep 2
read_one "Redis back" "$page"
read_one "Redis back" /healthz
