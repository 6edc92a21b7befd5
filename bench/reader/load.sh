#!/usr/bin/env bash
# 200 concurrent readers on the timeline, search and embed pages for DURATION seconds while an editor saves.
# Publishes the app in Release into a temporary folder and serves it in Production on a loopback port with a fresh
# seeded database, told that loopback is its reverse proxy (ForwardedHeaders:KnownProxies), so that each reader's
# X-Forwarded-For address (one of 200) is what the per-address rate limits count, as behind nginx. wrk (load.lua) runs
# the readers and counts answers by status; saver.mjs signs an editor in with Chromium and saves a published event
# again and again, checking after each save that readers see it. Samples the app's resident memory. Prints Markdown.
# usage: bench/reader/load.sh [PORT]    environment: DURATION (default 60), CONNECTIONS (default 200), ONE_ADDRESS=1
# (every reader on the one loopback address, so the per-address limits answer 429: counted apart from errors)
# Needs the .NET 10 SDK, Node 20+, curl and Debian's chromium; installs wrk with apt-get when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5420}"
duration="${DURATION:-60}"
connections="${CONNECTIONS:-200}"
base="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/timeline-load.XXXXXX)"

cleanup() {
  [ -n "${saver_pid:-}" ] && { kill "$saver_pid" 2>/dev/null || true; }
  [ -n "${app_pid:-}" ] && { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk > /dev/null; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q wrk > /dev/null
fi

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  ForwardedHeaders__KnownProxies__0=127.0.0.1
(cd "$work/app" && exec dotnet Timeline.Web.dll --urls "$base") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "$base/healthz" > /dev/null && break; sleep 1; done
curl -fs "$base/healthz" > /dev/null || { cat "$work/app.log"; exit 1; }
echo "load-bench-password-1" | (cd "$work/app" && dotnet Timeline.Web.dll users add load@example.org --role editor) > /dev/null

cp "$here/saver.mjs" "$work/"
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund playwright-core@1.64.1 > /dev/null)

sample_rss() {
  while kill -0 "$app_pid" 2>/dev/null; do
    awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status" 2>/dev/null >> "$work/rss.txt" || true
    sleep 1
  done
}

# Warm-up without the editor: fills the output cache and lets tiered JIT settle.
wrk -t2 -c64 -d10s --timeout 5s -s "$here/load.lua" "$base" > /dev/null
rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status")
sample_rss & sampler=$!
# The editor signs in and starts saving first; the readers' load covers its whole run.
node "$work/saver.mjs" "$base" load@example.org load-bench-password-1 "$duration" > "$work/saver.txt" 2>&1 &
saver_pid=$!
wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$here/load.lua" "$base" > "$work/wrk.txt"
wait "$saver_pid" || { echo "the editor's saves failed:"; cat "$work/saver.txt"; exit 1; }
saver_pid=""
kill "$sampler" 2>/dev/null || true
rss_peak=$(sort -n "$work/rss.txt" | tail -1)
rss_after=$(awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status")

result=$(sed -n 's/^RESULT //p' "$work/wrk.txt")
saver=$(sed -n 's/^SAVER //p' "$work/saver.txt")
[ -n "$result" ] && [ -n "$saver" ] || { cat "$work/wrk.txt" "$work/saver.txt"; exit 1; }
node - "$result" "$saver" "$connections" "$duration" "$((rss_before / 1024))" "$((rss_peak / 1024))" "$((rss_after / 1024))" \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'JS'
const [r, s] = [JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const [connections, duration, before, peak, after, cores, load] = process.argv.slice(4);
const status = r.status, ok = Object.entries(status).filter(([k]) => k.startsWith('2') || k === '304').reduce((a, [, n]) => a + n, 0);
const limited = status['429'] ?? 0;
const other = Object.entries(status).filter(([k]) => !k.startsWith('2') && k !== '304' && k !== '429').reduce((a, [, n]) => a + n, 0);
const errors = r.connect + r.read + r.write;
console.log(`${new Date().toISOString().slice(0, 10)} · ${cores} cores · load average ${load} · wrk 2 threads · ${connections} readers for ${duration} s`);
console.log();
console.log('| Requests/s | p50 | p99 | 2xx | 429 | Other non-2xx | Errors | Timeouts | Editor saves | Save p50 / p99 | Saves not visible at once (checks answered 429) | Memory before / peak / after |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(`| ${r.rps} | ${r.p50_ms} ms | ${r.p99_ms} ms | ${ok} | ${limited} | ${other} | ${errors} | ${r.timeout} | ${s.saves} | ${s.p50_ms} / ${s.p99_ms} ms | ${s.notVisibleAtOnce} (${s.checksLimited}) | ${before} / ${peak} / ${after} MB |`);
JS
