#!/usr/bin/env bash
# The editor's journey figures (BENCHMARKS.md, "The editor's one flow"): publishes the app in Release, serves it in
# Production on loopback with a fresh seeded database and an editor account of its own, and walks the one flow
# (journey.mjs) RUNS times in Debian's Chromium with playwright-core. Prints one JSON line per run.
# Needs the .NET 10 SDK, Node 20+ and chromium.   usage: bench/editor/run.sh [PORT]   environment: RUNS (default 3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5414}"
work="$(mktemp -d /tmp/timeline-journey.XXXXXX)"
cleanup() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db"
(cd "$work/app" && exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$port") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 1; done
echo "journey-bench-password-1" | (cd "$work/app" && dotnet Timeline.Web.dll users add journey@example.org --role editor) > /dev/null

cp "$here/journey.mjs" "$work/"
(cd "$work" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund playwright-core@1.64.1 > /dev/null)
# The seeded timeline is the first one.
node "$work/journey.mjs" "http://127.0.0.1:$port" journey@example.org journey-bench-password-1 1 "${RUNS:-3}"
