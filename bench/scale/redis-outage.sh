#!/usr/bin/env bash
# Reads while Redis is down: one instance with Redis:Configuration on SQLite, the timeline page read once with Redis up,
# then Redis stopped and the page, the API and /healthz read five times each, then Redis started again on the same port
# and the page read again. Prints each read's status and curl's total time, as Markdown rows. Run it in a worktree of
# another commit to compare. Needs the .NET 10 SDK, curl and redis-server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/timeline-redis-outage.XXXXXX)"
redis_port=5457 app_port=5456
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
start_redis() { redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 & redis_pid=$!; pids+=($redis_pid); sleep 1; }
start_redis
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  Redis__Configuration="127.0.0.1:$redis_port" exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$app_port") > "$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/healthz" > /dev/null && break; sleep 1; done

commit=$(git -C "$repo" rev-parse --short HEAD)
read_one() { curl -s -o "$work/body" -w "%{http_code} %{time_total}\n" "http://127.0.0.1:$app_port$2" | { read -r code seconds; echo "| $commit | $1 | $2 | $code | ${seconds} s | $(head -c 40 "$work/body" | tr -d '\n|<') |"; }; }
read_one "Redis up" /t/north-korean-workers-in-russia
read_one "Redis up" /t/north-korean-workers-in-russia
kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; sleep 1
for i in 1 2 3 4 5; do read_one "Redis down, read $i" /t/north-korean-workers-in-russia; done
read_one "Redis down" /api/timelines
read_one "Redis down" /healthz
start_redis; sleep 2
read_one "Redis back" /t/north-korean-workers-in-russia
read_one "Redis back" /healthz
