#!/usr/bin/env bash
# The reader's timeline page against Knight Lab's TimelineJS on the same events, in the same run: publishes the app in
# Release, serves it in Production on loopback with a fresh seeded database, turns the seeded timeline's API answer
# into a TimelineJS document (to-timelinejs.mjs), serves TimelineJS 3.9.11 (from npm, its own scripts and styles
# served locally, gzip on) with nginx on loopback, and runs the pagecheck tool (Lighthouse, axe, bytes) on both pages,
# alternating, RUNS times each. Prints one Markdown row per run and page.
# Needs the .NET 10 SDK, Node 20+, nginx, Debian's chromium and a copy of the pagecheck tool: PAGECHECK names its
# folder (default ../shared/tools/pagecheck beside the repository); it is copied and set up in a temporary folder.
# usage: bench/reader/compare.sh [APP_PORT] [NGINX_PORT]     environment: RUNS (default 3), PATH_UNDER_TEST
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
app_port="${1:-5412}"
nginx_port="${2:-5413}"
runs="${RUNS:-3}"
slug="north-korean-workers-in-russia"
page_path="${PATH_UNDER_TEST:-/t/$slug}"
pagecheck="${PAGECHECK:-$repo/../shared/tools/pagecheck}"
work="$(mktemp -d /tmp/timeline-compare.XXXXXX)"
# nginx's workers may run as another user: they must be able to read the TimelineJS folder.
chmod 755 "$work"

cleanup() {
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$pagecheck" "$work/pagecheck"
(cd "$work/pagecheck" && npm ci --no-audit --no-fund --silent)
(cd "$work" && npm pack --silent @knight-lab/timelinejs@3.9.11 > /dev/null && tar xzf knight-lab-timelinejs-3.9.11.tgz)

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  exec dotnet Timeline.Web.dll --urls "http://127.0.0.1:$app_port") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$app_port/healthz" > /dev/null && break; sleep 1; done

# TimelineJS's page: its stylesheet and script from this folder (not its CDN), the same events as a JSON document.
site="$work/timelinejs"
mkdir -p "$site"
cp -r "$work/package/dist/css" "$work/package/dist/js" "$site/"
node "$here/to-timelinejs.mjs" "http://127.0.0.1:$app_port/api/timelines/$slug" > "$site/timeline.json"
cat > "$site/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>North Korean workers in Russia · TimelineJS</title>
<meta name="description" content="The same events, drawn by TimelineJS 3.9.11.">
<link rel="stylesheet" href="css/timeline.css">
<style>html, body { height: 100%; margin: 0; } #timeline { height: 100%; }</style>
</head>
<body>
<div id="timeline"></div>
<script src="js/timeline.js"></script>
<script>new TL.Timeline('timeline', 'timeline.json', { script_path: 'js/', font: null });</script>
</body>
</html>
HTML
cat > "$work/nginx.conf" <<NGINX
pid $work/nginx.pid;
error_log $work/nginx-error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  gzip on; gzip_comp_level 6; gzip_types text/css application/javascript application/json;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $site; }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"

echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg) · Lighthouse mobile preset, $runs runs each, alternating"
echo
echo "| Page | Run | Requests | Transferred | Performance | Accessibility | FCP ms | LCP ms | TBT ms | CLS | WebSockets | axe |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for run in $(seq 1 "$runs"); do
  for which in timeline timelinejs; do
    if [ "$which" = timeline ]; then url="http://127.0.0.1:$app_port$page_path"; name="Timeline \`$page_path\`"; else url="http://127.0.0.1:$nginx_port/"; name="TimelineJS 3.9.11, same events"; fi
    node "$work/pagecheck/measure.mjs" "$url" --out "$work/$which-$run.json" > /dev/null
    node -e '
      const r = require(process.argv[1]); const l = r.lighthouse, b = r.browser;
      const n = (v) => typeof v === "number" ? Math.round(v).toLocaleString("en") : "?";
      console.log(`| ${process.argv[2]} | ${process.argv[3]} | ${l.requests} | ${n(l.bytes_total)} B | ${l.scores.performance} | ${l.scores.accessibility} | ${n(l.fcp_ms)} | ${n(l.lcp_ms)} | ${n(l.tbt_ms)} | ${typeof l.cls === "number" ? l.cls.toFixed(2) : l.cls} | ${b.websockets} | ${b.axe_violations} |`);
    ' "$work/$which-$run.json" "$name" "$run"
  done
done
