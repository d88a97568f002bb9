#!/usr/bin/env bash
# The load generator's ceiling on this machine: the highest rate it sustains with the achieved rate
# within 1% of the target and a send lag p99 under 5 ms, against a minimal HTTP endpoint (a Netty
# server with one I/O thread, in its own JVM), with the generator's CPU and peak heap; the
# generator's JVM is capped at 256 MB of heap. Where wrk is installed, wrk's closed-loop maximum on
# the same endpoint follows for comparison (wrk measures what the server can do, not a schedule).
# Usage: bench/load.sh [seconds per step, default 10]   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-10}"
port=18990
bin/shakedown --version >/dev/null
java -XX:+UseSerialGC -Xmx64m -cp target/shakedown.jar bench/LoadBench.java server "$port" 1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "shakedown's generator (open model, 64 connections, ${seconds} s per step, -Xmx256m):"
java -Xmx256m -cp target/shakedown.jar bench/LoadBench.java client "http://127.0.0.1:$port/" "$seconds"
if command -v wrk >/dev/null; then
  echo
  echo "wrk, closed loop, 1 thread, 64 connections, ${seconds} s (its maximum, for comparison):"
  wrk -t1 -c64 -d"${seconds}s" "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency|requests in"
else
  echo
  echo "wrk is not installed (apt-get install wrk): no comparison"
fi
