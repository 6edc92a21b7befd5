#!/usr/bin/env bash
# Reader benchmark: the timeline page, filtered pages and searches, first on a database holding only the seeded
# 29-event timeline, then on the same database after the generate command has added a 10,000-event timeline (30,000
# excerpts, 500 sources, seed 42), from the output cache and (rows marked uncached) rendered afresh. Publishes the app in Release into a temporary folder, serves it in Production on a
# loopback port, warms every URL up, then times repeated requests with `hey` and prints a Markdown table: p50 and p95
# latency and the uncompressed HTML size. Needs the .NET 10 SDK and curl; installs Debian's `hey` when it is missing.
# usage: bench/reader/run.sh [PORT]      environment: REQUESTS (default 300), CONCURRENCY (default 1), WARMUP (default 30),
# DATABASE sqlite (default) or postgres (a throwaway PostgreSQL server of the script's own, see bench/lib/database.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5400}"
requests="${REQUESTS:-300}"
concurrency="${CONCURRENCY:-1}"
warmup="${WARMUP:-30}"
base="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/timeline-reader-bench.XXXXXX)"

stop_app() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  app_pid=""
}
# shellcheck source=../lib/database.sh
. "$repo/bench/lib/database.sh"
trap 'stop_app; stop_database; rm -rf "$work"' EXIT

start_app() {
  (cd "$work/app" && exec dotnet Timeline.Web.dll --urls "$base") > "$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 60); do
    curl -fs "$base/healthz" > /dev/null && return 0
    sleep 1
  done
  cat "$work/app.log"
  exit 1
}

# measure NAME PATH: warms the URL up, then prints one table row.
measure() {
  local name="$1" path="$2" status bytes report p50 p95
  hey -n "$warmup" -c 1 "$base$path" > /dev/null
  status="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
  bytes="$(curl -s -o /dev/null -w '%{size_download}' "$base$path")"
  report="$(hey -n "$requests" -c "$concurrency" "$base$path")"
  p50="$(awk '/ 50% in / { printf "%.1f", $3 * 1000 }' <<< "$report")"
  p95="$(awk '/ 95% in / { printf "%.1f", $3 * 1000 }' <<< "$report")"
  [ "$status" = "200" ] || name="$name (HTTP $status)"
  printf '| %s | `%s` | %s | %s | %s |\n' "$name" "$path" "$p50" "$p95" "$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1024 }')"
}

# measure_misses NAME PATH KEY START: the page rendered afresh for every request (no output-cache hit): each request
# adds its own value of KEY, a different cache key that selects the same events: for "page", START written with more
# and more leading zeros (page=1, page=01, page=001: the same page); for a date key, START plus the request's number
# of days. Times come from curl's own clock (time_total), one request at a time.
measure_misses() {
  local name="$1" path="$2" key="$3" start="$4" times="$work/times.txt" bytes value sep
  : > "$times"
  case "$path" in *\?*) sep="&" ;; *) sep="?" ;; esac
  # The first tenth warms the render path up (and computes the timeline's digest) and is not counted.
  local skip=$((requests / 10))
  for i in $(seq 1 "$((requests + skip))"); do
    if [ "$key" = page ]; then value="$(printf "%0$((i + ${#start}))d" "$start")"; else value="$(date -u -d "$start + $i days" +%Y-%m-%d)"; fi
    if [ "$i" -gt "$skip" ]; then
      curl -s -o /dev/null -w '%{time_total}\n' "$base$path$sep$key=$value" >> "$times"
    else
      curl -s -o /dev/null "$base$path$sep$key=$value"
    fi
  done
  bytes="$(curl -s -o /dev/null -w '%{size_download}' "$base$path$sep$key=$value")"
  sort -n "$times" | awk -v name="$name" -v path="$path$sep$key=…" -v b="$bytes" '
    { t[NR] = $1 * 1000 }
    END { printf "| %s | `%s` | %.1f | %.1f | %.0f |\n", name, path, t[int(NR * 0.5)], t[int(NR * 0.95)], b / 1024 }'
}

if ! command -v hey > /dev/null; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q hey > /dev/null
fi

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
# Uncached renders are what this script measures: the per-address read limit (RateLimits:ReadsPerMinute) is lifted.
use_database "$work" "$((port + 1))"
export ASPNETCORE_ENVIRONMENT=Production RateLimits__ReadsPerMinute=100000000

echo
echo "$(date -u +%Y-%m-%d) · $engine · $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)) · .NET SDK $(dotnet --version) · load average $(cut -d' ' -f1-3 /proc/loadavg) · $requests requests per URL at concurrency $concurrency after $warmup warm-up requests"
echo
echo "| What | URL | p50 ms | p95 ms | HTML KB |"
echo "| --- | --- | ---: | ---: | ---: |"

# The seeded timeline alone: the first start migrates and seeds.
start_app
seeded="/t/north-korean-workers-in-russia"
measure "29 events: timeline" "$seeded"
measure_misses "29 events: timeline, uncached" "$seeded" page 1
measure "29 events: filtered by tag" "$seeded?tag=sanctions"
measure "29 events: search, common word" "/search?q=workers"
measure "29 events: search, two words" "/search?q=student+visas"
stop_app

generated="$(cd "$work/app" && dotnet Timeline.Web.dll generate --events 10000 --excerpts 30000 --sources 500 --slug synthetic-10k --seed 42 | tail -1)"
start_app
big="/t/synthetic-10k"
big_event="$(curl -fs "$base$big" | grep -o "href=\"$big/e/[^\"#]*\"" | head -1 | cut -d'"' -f2)"
big_source="$(curl -fs "$base$big" | grep -o 'href="/sources/[0-9]*' | head -1 | cut -d'"' -f2)"
measure "10,000 events: timeline, first page" "$big"
measure_misses "10,000 events: timeline, uncached" "$big" page 1
measure_misses "10,000 events: from a date before it begins, uncached" "$big" from 1800-01-01
measure_misses "10,000 events: last page, uncached" "$big" page 250
measure_misses "10,000 events: zoomed to the 1970s, uncached" "$big?to=1979" from 1970-01-01
measure "10,000 events: timeline, page 20" "$big?page=20"
measure "10,000 events: filtered by tag" "$big?tag=sanctions"
measure "10,000 events: filtered by tag and dates" "$big?tag=labour&from=1990&to=1999"
measure "10,000 events: event page" "$big_event"
measure "10,000 events: source page" "$big_source"
measure "10,000 events: search, common word" "/search?q=workers"
measure "10,000 events: search, two words" "/search?q=student+visas"
measure "10,000 events: search, phrase in one timeline" "/search?q=%22harbour+commission%22&t=synthetic-10k"
measure "10,000 events: search, prefix" "/search?q=varnh"
measure "10,000 events: search, page 10" "/search?q=sanctions&page=10"
measure "10,000 events: search, no match" "/search?q=zzzyxquux"
echo
echo "$generated"
