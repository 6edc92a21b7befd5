#!/usr/bin/env bash
# Several instances behind nginx, measured and checked on this machine: the app published in Release, a real Redis,
# two instances on one database — a SQLite file (WAL), or with DATABASE=postgres a throwaway PostgreSQL server of
# the script's own — and nginx from Debian with deploy/nginx.conf. Measures the timeline page with wrk: one instance
# alone without Redis (the zero-setup default: its output cache in memory); one instance with its output cache in
# Redis; nginx in front of one and of two instances without its cache; and with it. Then the scripted check: a burst
# of reads through the cache is counted by X-Cache-Status, and an editor signs in and saves through nginx
# (edit-through.mjs) and sees the edit within the stated lifetime (90 s through the cache, at once on the other
# instance). Prints Markdown.
# Two instances on 2 cores show correctness and the cache's effect, not scaling: they share the same two cores.
# usage: bench/scale/run.sh     environment: DATABASE sqlite (default) or postgres, DURATION per measurement
# (default 20), CONNECTIONS (default 64)
# Needs the .NET 10 SDK, Node 20+, curl, Debian's chromium; installs nginx, redis-server, wrk and (for postgres)
# postgresql with apt-get if missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
duration="${DURATION:-20}"
connections="${CONNECTIONS:-64}"
# shellcheck source=../lib/database.sh
. "$repo/bench/lib/database.sh"
slug=north-korean-workers-in-russia
work="$(mktemp -d /tmp/timeline-scale.XXXXXX)"
# nginx's workers (an unprivileged user) read and write its cache under here.
chmod 755 "$work"
ports=(5441 5442 5443)
nginx_port=5440 redis_port=5449 pg_port=5448
pids=()

cleanup() {
  [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_database
  rm -rf "$work"
}
trap cleanup EXIT

missing=()
command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server > /dev/null || missing+=(redis-server)
command -v wrk > /dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}" > /dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
use_database "$work" "$pg_port"
export ASPNETCORE_ENVIRONMENT=Production ForwardedHeaders__KnownProxies__0=127.0.0.1
# start_instance PORT [REDIS]: with REDIS "redis" its output cache is the shared one in Redis.
start_instance() {
  local redis=""
  [ "${2:-}" = redis ] && redis="127.0.0.1:$redis_port"
  (cd "$work/app" && Redis__Configuration="$redis" exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$1") > "$work/app-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$1/healthz" > /dev/null && return; sleep 1; done
  cat "$work/app-$1.log"; exit 1
}
# The first seeds the database; the others open it.
start_instance "${ports[0]}" redis
start_instance "${ports[1]}" redis
start_instance "${ports[2]}"
echo "scale-bench-password-1" | (cd "$work/app" && dotnet Timeline.Web.dll users add scale@example.org --role editor) > /dev/null

# nginx with the reference config: UPSTREAMS two addresses (the same one twice for "one instance"), CACHE on or off.
nginx_with() {
  local first=$1 second=$2 cache=$3
  sed -e "s|__UPSTREAM_1__|$first|g" -e "s|__UPSTREAM_2__|$second|g" -e "s|__LISTEN__|127.0.0.1:$nginx_port|" \
      -e "s|__CACHE__|$work/nginx-cache|" "$repo/deploy/nginx.conf" > "$work/nginx.conf"
  [ "$cache" = on ] || sed -i 's|proxy_cache timeline;|proxy_cache off;|' "$work/nginx.conf"
  [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")"; while [ -f "$work/nginx.pid" ]; do sleep 0.2; done; }
  rm -rf "$work/nginx-cache"
  "$nginx_bin" -p "$work" -c "$work/nginx.conf" -g "pid $work/nginx.pid; error_log $work/nginx-error.log;"
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$nginx_port/healthz" > /dev/null && return; sleep 0.2; done
  cat "$work/nginx-error.log"; exit 1
}

measure() {
  local url=$1
  wrk -t2 -c"$connections" -d5s --timeout 5s "$url" > /dev/null
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s --latency "$url" > "$work/wrk.txt"
  local rps p50 errors non2xx
  rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
  non2xx=$(awk '/Non-2xx/ { print $5 }' "$work/wrk.txt"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/wrk.txt"); errors=${errors:-0}
  echo "| $rps | $p50 | $non2xx | $errors |"
}

one="127.0.0.1:${ports[0]}" two="127.0.0.1:${ports[1]}" alone="127.0.0.1:${ports[2]}"
page="/t/$slug"
echo "$(date -u +%F) · $engine · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg) · wrk 2 threads · $connections connections · ${duration} s each · the timeline page"
echo
echo "| Setup | Requests/s | p50 | Non-2xx | Socket errors |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| One instance alone, no Redis ($engine, its output cache in memory) $(measure "http://$alone$page")"
echo "| One instance, its output cache in Redis ($engine) $(measure "http://$one$page")"
nginx_with "$one" "$one" off
echo "| nginx → one instance, nginx cache off $(measure "http://127.0.0.1:$nginx_port$page")"
nginx_with "$one" "$two" off
echo "| nginx → two instances, nginx cache off $(measure "http://127.0.0.1:$nginx_port$page")"
nginx_with "$one" "$two" on
echo "| nginx → two instances, nginx cache on $(measure "http://127.0.0.1:$nginx_port$page")"

# The check, on a cold nginx cache: a burst of 500 reads, then an edit through nginx.
nginx_with "$one" "$two" on
hits=0
for _ in $(seq 1 500); do
  status=$(curl -s -o /dev/null -D - "http://127.0.0.1:$nginx_port$page" | awk 'tolower($1) == "x-cache-status:" { print $2 }' | tr -d '\r')
  [ "$status" = HIT ] && hits=$((hits + 1))
done
cp "$here/edit-through.mjs" "$work/"
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
check=$(node "$work/edit-through.mjs" "http://127.0.0.1:$nginx_port" "http://$two" scale@example.org scale-bench-password-1 | sed -n 's/^CHECK //p')
echo
echo "Burst of 500 reads through nginx's cache (cold): $hits answered from the cache (HIT)."
echo "An edit saved through nginx: $check"
[ "$hits" -ge 450 ] || { echo "fewer than 90% of the burst came from the cache"; exit 1; }
