#!/usr/bin/env bash
# ./bench/run.sh [--quick]
# Builds the benchmark harness, runs every benchmark (results in bench/results/*.json) and rewrites the generated tables
# of BENCHMARKS.md from those files. The full run takes about 25 minutes on 2 cores; --quick (smaller batches, fewer steps,
# for checking that everything runs) in 3. Needs the .NET 10 SDK and Debian's PyTorch (apt-get install python3-torch)
# or another python with torch in $LEWEL_PYTHON. Debian's torch multiplies matrices with whatever libblas.so.3 the
# system points at, which is netlib's unoptimised reference BLAS unless OpenBLAS is installed: as root this installs
# libopenblas0-pthread first, so that the reference is not handicapped (each result records the BLAS it loaded).
set -euo pipefail
cd "$(dirname "$0")/.."
ls /usr/lib/*-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1 \
  || scripts/apt-install.sh "the reference will use the system's libblas.so.3" libopenblas0-pthread
export LEWEL_BENCH_COMMAND="./bench/run.sh${*:+ $*}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Lewel.Bench -c Release -v:q -nologo
exec dotnet bench/Lewel.Bench/bin/Release/net10.0/linux-x64/Lewel.Bench.dll all "$@"
