#!/usr/bin/env bash
# Quote anchoring benchmark (BenchmarkDotNet): re-anchoring quotes in a ~100 KB English-like source after edits that
# leave none of them verbatim, with the product's Myers bit-parallel search against the Sellers DP it replaced
# (kept in this project as the baseline). Builds and runs in Release; results go to
# bench/Anchoring/BenchmarkDotNet.Artifacts (ignored by git). Needs the .NET 10 SDK.
# usage: bench/Anchoring/run.sh [BenchmarkDotNet arguments]
#   bench/Anchoring/run.sh                    # every benchmark, default job
#   bench/Anchoring/run.sh --job short        # fewer iterations, as in BENCHMARKS.md
#   bench/Anchoring/run.sh --filter '*Thirty*'
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$here"

# Every benchmark unless the arguments choose some.
filter=(--filter '*')
for arg in "$@"; do
  case "$arg" in
    --filter|-f|--list|--info|--help|-h|--version) filter=() ;;
  esac
done

exec dotnet run -c Release --project "$here/Timeline.Bench.Anchoring.csproj" -- "${filter[@]}" "$@"
