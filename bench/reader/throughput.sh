#!/usr/bin/env bash
# Throughput of a cached reader page against nginx serving the same bytes, then a burst of 200 concurrent readers.
# Publishes the app in Release into a temporary folder and serves it in Production on a loopback port; saves the
# seeded timeline page exactly as the app sends it (Brotli body and its headers) and has Debian's nginx serve that file
# on another loopback port; runs wrk against both in the same run (64 connections), then 200 connections against the
# app for DURATION seconds, sampling the app's resident memory. Prints a Markdown table. Loopback only, bounded in time.
# usage: bench/reader/throughput.sh [PORT]    environment: SECONDS_EACH (default 10), DURATION (default 60)
# Needs the .NET 10 SDK and curl; installs Debian's wrk and nginx-light when they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port="${1:-5410}"
nginx_port=$((port + 1))
each="${SECONDS_EACH:-10}"
duration="${DURATION:-60}"
base="http://127.0.0.1:$port"
page="/t/north-korean-workers-in-russia"
work="$(mktemp -d /tmp/timeline-throughput.XXXXXX)"

cleanup() {
  [ -n "${app_pid:-}" ] && { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}" > /dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

dotnet publish "$repo/src/Timeline.Web" -c Release -o "$work/app" --nologo -v quiet
(cd "$work/app" && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Timeline="Data Source=$work/timeline.db" \
  dotnet Timeline.Web.dll --urls "$base") > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 60); do curl -fs "$base/healthz" > /dev/null && break; sleep 1; done
curl -fs "$base/healthz" > /dev/null || { cat "$work/app.log"; exit 1; }

# The same bytes for nginx: the page's Brotli body, served with the app's content type and encoding.
mkdir -p "$work/www/t"
curl -fs -H 'Accept-Encoding: br' -o "$work/www/t/north-korean-workers-in-russia" "$base$page"
bytes=$(stat -c %s "$work/www/t/north-korean-workers-in-russia")
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location / { default_type "text/html; charset=utf-8"; add_header Content-Encoding br; add_header Cache-Control "public, max-age=60"; }
  }
}
CONF
mkdir -p "$work/tmp"
# nginx's workers run as an unprivileged user: let them read the page.
chmod 755 "$work" "$work/www" "$work/www/t" && chmod 644 "$work/www/t/north-korean-workers-in-russia"
"$nginx_bin" -c "$work/nginx.conf"
for _ in $(seq 1 20); do curl -fs -o /dev/null "http://127.0.0.1:$nginx_port$page" && break; sleep 0.2; done
curl -fs -o /dev/null "http://127.0.0.1:$nginx_port$page" || { echo "nginx does not serve the page:"; cat "$work/nginx-error.log"; exit 1; }

# rps URL CONNECTIONS SECONDS: requests per second and the error/timeout counts reported by wrk.
run_wrk() {
  wrk -t2 -c"$2" -d"$3s" --timeout 5s -H 'Accept-Encoding: br' "$1" > "$work/wrk.txt"
  local rps errors timeouts non2xx
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk.txt")
  timeouts=$(awk '/Socket errors/ { for (i = 1; i <= NF; i++) if ($i == "timeout") { gsub(",", "", $(i - 1)); print $(i - 1) } }' "$work/wrk.txt")
  errors=$(awk '/Socket errors/ { n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(connect|read|write)$/) { gsub(",", "", $(i + 1)); n += $(i + 1) } print n }' "$work/wrk.txt")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.txt")
  p50=$(awk '/Latency/ { print $2 }' "$work/wrk.txt")
  echo "${rps:-0} ${errors:-0} ${timeouts:-0} ${non2xx:-0} ${p50:-?}"
}

rss_peak=0
sample_rss() {
  while kill -0 "$app_pid" 2>/dev/null; do
    local rss
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status" 2>/dev/null || echo 0)
    echo "$rss" >> "$work/rss.txt"
    sleep 1
  done
}

run_wrk "$base$page" 64 10 > /dev/null   # warm-up: fills the output cache and lets tiered JIT settle
rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status")
read -r app_rps app_err app_to app_non2xx app_p50 <<< "$(run_wrk "$base$page" 64 "$each")"
read -r ngx_rps ngx_err ngx_to ngx_non2xx ngx_p50 <<< "$(run_wrk "http://127.0.0.1:$nginx_port$page" 64 "$each")"
sample_rss & sampler=$!
read -r burst_rps burst_err burst_to burst_non2xx burst_p50 <<< "$(run_wrk "$base$page" 200 "$duration")"
kill "$sampler" 2>/dev/null || true
rss_peak=$(sort -n "$work/rss.txt" | tail -1)
rss_after=$(awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status")

echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg) · page body $bytes B (Brotli) · wrk 2 threads"
echo
echo "| Server | Connections | Seconds | Requests/s | p50 | Errors | Timeouts | Non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "| nginx, same bytes | 64 | $each | $ngx_rps | $ngx_p50 | $ngx_err | $ngx_to | $ngx_non2xx |"
echo "| Timeline, cached page | 64 | $each | $app_rps | $app_p50 | $app_err | $app_to | $app_non2xx |"
echo "| Timeline, 200 readers | 200 | $duration | $burst_rps | $burst_p50 | $burst_err | $burst_to | $burst_non2xx |"
echo
awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "Timeline at %.0f%% of nginx. ", 100 * a / n }'
echo "App resident memory: $((rss_before / 1024)) MB before, peak $((rss_peak / 1024)) MB during the 200-reader run, $((rss_after / 1024)) MB after."
