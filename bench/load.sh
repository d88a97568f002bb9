#!/usr/bin/env bash
# The load generator's ceiling on this machine: the highest rate it sustains with the achieved rate
# within 1% of the target and a send lag p99 under 5 ms, with the generator's CPU and peak heap; the
# generator's JVM is capped at 256 MB of heap. Then hey's and wrk's closed-loop maxima (64
# connections) on the same endpoint, where they are installed, and all three side by side. A closed
# loop sends the next request only when one answered, so its figure is what the endpoint can do with
# that many connections, not a schedule kept; it is the yardstick, not a like-for-like rival.
#
# The endpoint: nginx with a generated config (one worker, `return 200`, loopback, in a temporary
# directory, stopped on exit) where nginx is installed (Debian: nginx-light, hey, wrk), else a Netty
# server with one I/O thread in its own JVM (bench/LoadBench.java server). It says which it used.
#
# The generator's JVM runs with bin/shakedown's flags (serial GC), then SHAKEDOWN_JAVA_OPTS as
# bin/shakedown adds them: what a run gets. SHAKEDOWN_JAVA_OPTS=-XX:TieredStopAtLevel=1 measures it
# with C1 alone.
#
# Usage: bench/load.sh [seconds per step, default 10]   (builds the jar first if needed)
# On a shared machine run it under the lock the other benchmarks take: flock /tmp/cpu.lock bench/load.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-10}"
port=18990
bin/shakedown --version >/dev/null
work="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
  [[ -n "$server" ]] && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; then
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  # keepalive_requests: nginx closes a connection after 1,000 requests by default; every client here
  # keeps its 64 connections open instead, so none of them measures reconnecting.
  cat >"$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / { return 200 "ok"; }
  }
}
EOF
  "$nginx_bin" -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
  server=$!
  endpoint="nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), one worker, return 200"
else
  java -XX:+UseSerialGC -Xmx64m -cp target/shakedown.jar bench/LoadBench.java server "$port" 1 >/dev/null &
  server=$!
  endpoint="Netty server, one I/O thread (nginx is not installed: apt-get install nginx-light)"
fi
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port/"
curl -sf "$url" >/dev/null || { echo "the endpoint $url does not answer" >&2; exit 1; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "endpoint: $url ($endpoint)"
echo
# As bin/shakedown starts the JVM; keep the two in step.
flags="-XX:+UseSerialGC ${SHAKEDOWN_JAVA_OPTS:-}"
echo "shakedown's generator (open model, 64 connections, ${seconds} s per step, -Xmx256m $flags):"
# shellcheck disable=SC2086 # flags are words
java -Xmx256m $flags -cp target/shakedown.jar bench/LoadBench.java client "$url" "$seconds" | tee "$work/ours.txt"
ours=$(sed -nE 's/^sustained: ([0-9,]+) requests.*/\1/p' "$work/ours.txt" | tr -d ,)

hey_rate=""
echo
if command -v hey >/dev/null; then
  echo "hey, closed loop, 64 connections, ${seconds} s (its maximum, for comparison):"
  hey -z "${seconds}s" -c 64 "$url" >"$work/hey.txt"
  grep -E "Requests/sec|Average|Status code|\[200\]|Error" "$work/hey.txt" | sed 's/^ */  /'
  hey_rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/hey.txt")
else
  echo "hey is not installed (apt-get install hey): no comparison"
fi

wrk_rate=""
echo
if command -v wrk >/dev/null; then
  echo "wrk, closed loop, 1 thread, 64 connections, ${seconds} s (its maximum, for comparison):"
  wrk -t1 -c64 -d"${seconds}s" "$url" >"$work/wrk.txt"
  grep -E "Requests/sec|Latency|requests in|Non-2xx|Socket errors" "$work/wrk.txt"
  wrk_rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt")
else
  echo "wrk is not installed (apt-get install wrk): no comparison"
fi

echo
echo "on $url ($endpoint):"
printf '  shakedown (open model)   %8s requests/s\n' "${ours:-?}"
ratio() { [[ -n "$ours" && -n "$1" && "$1" != 0 ]] && awk -v a="$ours" -v b="$1" 'BEGIN {printf "  (shakedown = %.2fx)", a / b}'; }
[[ -n "$hey_rate" ]] && printf '  hey (closed loop, c64)   %8s requests/s%s\n' "$hey_rate" "$(ratio "$hey_rate")"
[[ -n "$wrk_rate" ]] && printf '  wrk (closed loop, c64)   %8s requests/s%s\n' "$wrk_rate" "$(ratio "$wrk_rate")"
exit 0
