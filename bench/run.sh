#!/usr/bin/env bash
# ./bench/run.sh [--quick]
# Builds the benchmark harness, runs every benchmark (results in bench/results/*.json) and rewrites the generated tables
# of BENCHMARKS.md from those files. The full run fits in 20 minutes on 2 cores; --quick (smaller batches, fewer steps,
# for checking that everything runs) in 3. Needs the .NET 10 SDK and Debian's PyTorch (apt-get install python3-torch)
# or another python with torch in $LEWEL_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEWEL_BENCH_COMMAND="./bench/run.sh${*:+ $*}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Lewel.Bench -c Release -v:q -nologo
exec dotnet bench/Lewel.Bench/bin/Release/net10.0/linux-x64/Lewel.Bench.dll all "$@"
