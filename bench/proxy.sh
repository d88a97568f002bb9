#!/usr/bin/env bash
# The fault proxy's cost without toxics, as shipped: `bin/shakedown proxy` runs in its own process
# with the flags bin/shakedown gives it, and bench/ProxyBench.java measures through it, against a
# direct loopback connection: added round-trip latency (p50, p99, p99.9) for 32-byte
# request/response pairs, and bulk throughput for 1 GB. Where toxiproxy-server is on PATH, a
# Toxiproxy is measured the same way, side by side.
# Usage: bench/proxy.sh   (builds the jar first if needed; SHAKEDOWN_JAVA_OPTS reaches the proxy's
# JVM as it does any shakedown command)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/shakedown --version >/dev/null # build once, outside the measurement
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

await() { # file, pattern: what a server prints once it listens
  for _ in $(seq 1 200); do
    grep -q "$2" "$1" && return 0
    sleep 0.05
  done
  echo "proxy.sh: no '$2' in $1:" >&2
  cat "$1" >&2
  exit 1
}

bin/shakedown proxy --port 0 >"$work/shakedown.out" 2>&1 &
pids+=($!)
await "$work/shakedown.out" "listening on"
targets=("shakedown=$(grep -o 'http://[^;]*' "$work/shakedown.out")")

if command -v toxiproxy-server >/dev/null; then
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  LOG_LEVEL=warn toxiproxy-server -host 127.0.0.1 -port "$port" >"$work/toxiproxy.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
  targets+=("toxiproxy-$(toxiproxy-server -version | awk '{print $NF}')=http://127.0.0.1:$port")
fi

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "shakedown proxy: $(ps -o args= -p "${pids[0]}" | sed 's/ -jar .*//')"
java -cp target/shakedown.jar bench/ProxyBench.java "${targets[@]}"
if ! command -v toxiproxy-server >/dev/null; then
  echo "toxiproxy-server is not on PATH: no side-by-side (Debian has no package for it)"
fi
