#!/usr/bin/env bash
# Builds the benchmarks in Release and runs the end-to-end comparisons, writing
# bench/results/<name>.md and .json, and bench/results/e2e-run.md with how long each took.
# usage: bench/run-e2e.sh [ingest] [query] [peers] [-- --reps N --rounds N --data DIR --work DIR]
# With no sub-command it runs all three. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

commands=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do commands+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#commands[@]} -eq 0 ] && commands=(ingest query peers)

dotnet build bench/Hunyu.Benchmarks/Hunyu.Benchmarks.csproj -c Release --nologo -v quiet

mkdir -p bench/results
timing=bench/results/e2e-run.md
{
  echo "# End-to-end run"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; options: ${*:-(defaults)}"
  echo
  echo "| sub-command | seconds |"
  echo "| --- | ---: |"
} > "$timing"

total_start=$(date +%s)
for command in "${commands[@]}"; do
  start=$(date +%s)
  dotnet run -c Release --no-build --project bench/Hunyu.Benchmarks -- "$command" "$@"
  echo "| $command | $(( $(date +%s) - start )) |" >> "$timing"
done
echo "| **total (after the build)** | **$(( $(date +%s) - total_start ))** |" >> "$timing"
cat "$timing"
