#!/usr/bin/env bash
# What one cached read of the timeline page costs Redis: one instance with Redis:Configuration (the output cache in
# Redis, each instance's copies in memory in front of it), 1,000 reads after two warm-up reads, and Redis's own
# counters (INFO stats: total_net_output_bytes, total_commands_processed) before and after. Run it in a worktree of
# another commit to compare (git worktree add /tmp/before COMMIT && bash /tmp/before/bench/scale/redis-traffic.sh
# needs the script there too: copy it). Needs the .NET 10 SDK, curl, redis-server and redis-cli.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/timeline-redis-traffic.XXXXXX)"
redis_port=5459 app_port=5458
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  Redis__Configuration="127.0.0.1:$redis_port" exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$app_port") > "$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/healthz" > /dev/null && break; sleep 1; done

stat() { redis-cli -p "$redis_port" info stats | awk -F: -v k="$1" '$1 == k { print $2 + 0 }'; }
page="http://127.0.0.1:$app_port/t/north-korean-workers-in-russia"
for coding in identity br; do
  curl -s -o /dev/null -H "Accept-Encoding: $coding" "$page"; curl -s -o /dev/null -H "Accept-Encoding: $coding" "$page"
  bytes0=$(stat total_net_output_bytes) commands0=$(stat total_commands_processed)
  for _ in $(seq 1 1000); do curl -s -o /dev/null -H "Accept-Encoding: $coding" "$page"; done
  bytes1=$(stat total_net_output_bytes) commands1=$(stat total_commands_processed)
  echo "| $(git -C "$repo" rev-parse --short HEAD) | $coding | $(( (bytes1 - bytes0) / 1000 )) B | $(( (commands1 - commands0) / 1000 )) |"
done
