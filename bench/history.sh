#!/usr/bin/env bash
# The history's cost as it grows: N run summaries (default 500) of a 20-scenario gate written to a
# folder, listed, and a compliance report made with a trend of the last 20 and the last 100 runs.
# Usage: bench/history.sh [runs]   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/shakedown --version >/dev/null
exec java -cp target/shakedown.jar bench/HistoryBench.java "${1:-500}"
