#!/usr/bin/env bash
# The embedded fault proxy's cost without toxics: added round-trip latency (p50, p99) for 64-byte
# request/response pairs, and bulk throughput for 1 GB, each against a direct loopback connection.
# Usage: bench/proxy.sh   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/shakedown --version >/dev/null
exec java -cp target/shakedown.jar bench/ProxyBench.java
