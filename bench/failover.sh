#!/usr/bin/env bash
# Failover timings of the embedded default, median of N runs (default 5): demo startup, kill-to-detected
# (the router stops routing to a SIGKILLed instance), kill-to-replaced (the cloud serves with two again).
# Usage: bench/failover.sh [runs]   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/shakedown --version >/dev/null
exec java -cp target/shakedown.jar bench/FailoverBench.java "${1:-5}"
