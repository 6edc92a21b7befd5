#!/usr/bin/env bash
# Publishes the app in Release, serves it in Production on a loopback port with a fresh seeded database, and measures
# the seeded timeline's embed (see measure.mjs). Needs the .NET 10 SDK, Node 20+ and Debian's chromium.
# usage: bench/embed/run.sh [PORT] [--runs N] [--out FILE.json]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5311}"
shift || true
work="$(mktemp -d /tmp/timeline-embed-bench.XXXXXX)"

cleanup() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)
dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet

# Started from its own folder, the app's content root, where the published web root is.
(cd "$work/app" && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  dotnet Timeline.Web.dll --urls "http://127.0.0.1:$port") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/healthz" > /dev/null || { cat "$work/app.log"; exit 1; }

node "$here/measure.mjs" "http://127.0.0.1:$port" "$@"
