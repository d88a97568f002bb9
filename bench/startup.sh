#!/usr/bin/env bash
# Startup of a one-scenario run, median of N runs (default 5), in two set-ups:
#   embedded default  config/clouds/local.yaml: the run also starts the demo's four instance JVMs
#   endpoint only     a cloud that is only probed (the deployment already runs): the harness alone
# For each:
#   to first step  process start -> the scenario's first step starts (JVM, config, step check, clouds up)
#   total          process start -> process exit (including the 2 s steady-state sample and the reports)
# Usage: bench/startup.sh [runs]   (builds the jar first if needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
bin/shakedown --version >/dev/null # build once, outside the measurement
work="$(mktemp -d)"
demo_pid=""
cleanup() {
  [[ -n "$demo_pid" ]] && kill "$demo_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label, config file
  local first=() total=()
  for _ in $(seq "$runs"); do
    local start end sec nanos step
    start=$(date +%s%N)
    bin/shakedown run features/smoke --clouds "$2" --reports "$work/reports" >"$work/out.txt" 2>&1 \
      || { cat "$work/out.txt"; exit 1; }
    end=$(date +%s%N)
    # Cucumber's messages stamp when the scenario's first step (its first hook) started.
    read -r sec nanos < <(grep -m1 -o '"testStepStarted":{[^}]*"timestamp":{"seconds":[0-9]*,"nanos":[0-9]*' \
      "$work/reports/latest/cucumber.ndjson" | sed -E 's/.*"seconds":([0-9]+),"nanos":([0-9]+)/\1 \2/')
    step=$((sec * 1000000000 + 10#$nanos))
    first+=($(((step - start) / 1000000)))
    total+=($(((end - start) / 1000000)))
  done
  printf '%-17s to first step: median %5d ms (each: %s)\n' "$1" "$(median "${first[@]}")" "${first[*]}"
  printf '%-17s total:         median %5d ms (each: %s)\n' "" "$(median "${total[@]}")" "${total[*]}"
}

echo "runs: $runs each, on $(nproc) cores, $(java -version 2>&1 | head -1)"
measure "embedded default" config/clouds/local.yaml

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -XX:TieredStopAtLevel=1 -cp target/shakedown.jar dev.shakedown.demo.DonationsService --port "$port" --cloud bench >/dev/null &
demo_pid=$!
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.05; done
printf 'clouds:\n  bench:\n    provider: local\n    endpoint: http://127.0.0.1:%s\n' "$port" >"$work/endpoint.yaml"
measure "endpoint only" "$work/endpoint.yaml"
