#!/usr/bin/env bash
# Mutation testing (PIT) of the rules: blast radius and share rounding (Disruptions), percentages,
# durations, the load's noun, the halt condition, the serving verdict, ledger parsing, RPO (DataLoss),
# backup freshness and retention, spread and labels. Only the unit tests run against the mutants.
# Prints the score per class and in total; the HTML report is in target/pit-reports/index.html.
# Usage: bench/mutation.sh   (the first run fetches PIT from Maven Central)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage -DskipITs >/dev/null
csv=target/pit-reports/mutations.csv
# Columns: file, class, mutator, method, line, status, killing test.
awk -F, '
  { split($2, parts, "."); cls = parts[length(parts)]; sub(/\$.*/, "", cls)
    total[cls]++; all++
    if ($6 == "KILLED" || $6 == "TIMED_OUT" || $6 == "MEMORY_ERROR") { killed[cls]++; dead++ }
    if ($6 == "NO_COVERAGE") { uncovered[cls]++ } }
  END {
    for (c in total) printf "%-18s %4d mutants, %4d killed (%5.1f%%), %3d not covered\n", c, total[c], killed[c], 100 * killed[c] / total[c], uncovered[c]
    printf "%-18s %4d mutants, %4d killed (%5.1f%%)\n", "total", all, dead, 100 * dead / all
  }' "$csv" | sort
echo "survivors: grep SURVIVED $csv; report: target/pit-reports/index.html"
