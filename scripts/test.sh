#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (as root, via apt), builds once,
# runs each test project, and ends with one line: "N passed, N failed, N skipped". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/dataset-fashion-mnist ] || [ -n "$(ls /usr/share/*/fashion-mnist* 2>/dev/null)" ] || need+=(dataset-fashion-mnist)
/usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1 || need+=(python3-torch python3-torchvision)
[ ${#need[@]} -gt 0 ] && scripts/apt-install.sh "tests that need them will fail" "${need[@]}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Lewel.sln -c Release -nologo -v:q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo -v:q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1  # a project that crashed before writing results
echo "$passed passed, $failed failed, $((total - passed - ${failed})) skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
