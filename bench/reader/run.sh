#!/usr/bin/env bash
# Reader benchmark: the timeline page, a filtered page and searches, on the seeded 29-event timeline and on a generated
# 10,000-event one (30,000 excerpts, 500 sources, seed 42). Publishes the app in Release into a temporary folder, writes
# both timelines into a temporary SQLite database, serves it in Production on a loopback port, warms every URL up, then
# times repeated requests with `hey` and prints a Markdown table: p50 and p95 latency and the uncompressed HTML size.
# Needs the .NET 10 SDK and curl; installs Debian's `hey` when it is missing.
# usage: bench/reader/run.sh [PORT]      environment: REQUESTS (default 300), CONCURRENCY (default 1), WARMUP (default 30)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5400}"
requests="${REQUESTS:-300}"
concurrency="${CONCURRENCY:-1}"
warmup="${WARMUP:-30}"
base="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/timeline-reader-bench.XXXXXX)"

cleanup() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v hey > /dev/null; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q hey > /dev/null
fi

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db"

# The first start migrates and seeds; the generate command then adds the large timeline and prints how long it took.
(cd "$work/app" && dotnet Timeline.Web.dll generate --events 10000 --excerpts 30000 --sources 500 --slug synthetic-10k --seed 42)

(cd "$work/app" && exec dotnet Timeline.Web.dll --urls "$base") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do
  curl -fs "$base/healthz" > /dev/null && break
  sleep 1
done
curl -fs "$base/healthz" > /dev/null || { cat "$work/app.log"; exit 1; }

# A real event and a real source of the generated timeline, for the page-size budget.
big_event="$(curl -fs "$base/t/synthetic-10k" | grep -o 'href="/t/synthetic-10k/e/[^"#]*"' | head -1 | cut -d'"' -f2)"
big_source="$(curl -fs "$base/t/synthetic-10k" | grep -o 'href="/sources/[0-9]*' | sed -n 1p | cut -d'"' -f2)"

urls=(
  "seeded timeline|/t/north-korean-workers-in-russia"
  "seeded filtered by tag|/t/north-korean-workers-in-russia?tag=sanctions"
  "seeded search, one word|/search?q=workers"
  "seeded search, two words|/search?q=student+visas"
  "10k timeline, first page|/t/synthetic-10k"
  "10k timeline, page 20|/t/synthetic-10k?page=20"
  "10k filtered by tag|/t/synthetic-10k?tag=sanctions"
  "10k filtered by tag and dates|/t/synthetic-10k?tag=labour&from=1990&to=1999"
  "10k event page|$big_event"
  "10k source page|$big_source"
  "10k search, common word|/search?q=workers"
  "10k search, two words|/search?q=student+visas"
  "10k search, phrase, one timeline|/search?q=%22harbour+commission%22&t=synthetic-10k"
  "10k search, prefix|/search?q=varnh"
  "10k search, page 10|/search?q=sanctions&page=10"
  "10k search, no match|/search?q=zzzyxquux"
)

echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)) · $(dotnet --version) · $requests requests per URL at concurrency $concurrency after $warmup warm-up requests"
echo
echo "| What | URL | p50 ms | p95 ms | HTML KB |"
echo "| --- | --- | ---: | ---: | ---: |"
for entry in "${urls[@]}"; do
  name="${entry%%|*}"
  path="${entry#*|}"
  hey -n "$warmup" -c 1 "$base$path" > /dev/null
  status="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
  bytes="$(curl -s -o /dev/null -w '%{size_download}' "$base$path")"
  report="$(hey -n "$requests" -c "$concurrency" "$base$path")"
  p50="$(awk '/ 50% in / { printf "%.1f", $3 * 1000 }' <<< "$report")"
  p95="$(awk '/ 95% in / { printf "%.1f", $3 * 1000 }' <<< "$report")"
  [ "$status" = "200" ] || name="$name (HTTP $status)"
  printf '| %s | `%s` | %s | %s | %.0f |\n' "$name" "$path" "$p50" "$p95" "$(awk -v b="$bytes" 'BEGIN { print b / 1024 }')"
done
