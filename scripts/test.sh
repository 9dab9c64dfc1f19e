#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (as root, via apt), builds once,
# runs each test project, and ends with one line: "N passed, N failed, N skipped" (CI parses it), preceded by
# "N never ran". Exits non-zero on any failure; a test that was discovered but never ran counts as failed.
#
# No run can hang it: a test that makes no progress for LEWEL_TEST_HANG_TIMEOUT (default 5m) stops its test host
# (dotnet test --blame-hang-timeout), and each project as a whole is stopped after LEWEL_TEST_PROJECT_TIMEOUT
# (default 30m) as a last resort. Either way the project fails, named, and its unrun tests are reported.
#
# Extra arguments go to every `dotnet test` (e.g. --filter ...). LEWEL_TEST_PROJECTS (space-separated .csproj paths)
# runs only those projects and builds only them instead of the solution.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/dataset-fashion-mnist ] || [ -n "$(ls /usr/share/*/fashion-mnist* 2>/dev/null)" ] || need+=(dataset-fashion-mnist)
/usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1 || need+=(python3-torch python3-torchvision)
# The store tests also run on a throwaway PostgreSQL cluster (tests/Shared/PostgresCluster.cs); Debian puts initdb
# under /usr/lib/postgresql/*/bin, not on PATH.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -gt 0 ] && scripts/apt-install.sh "tests that need them will fail" "${need[@]}"

hang_timeout=${LEWEL_TEST_HANG_TIMEOUT:-5m}
project_timeout=${LEWEL_TEST_PROJECT_TIMEOUT:-30m}
# No dump of a hung test host by default: the blame collector still names the test that hung (on the console and in
# Sequence_*.xml), and dumps are large (≈20 MB for an empty test host, far more with libtorch loaded). `mini` works on
# these machines without extra tools such as dotnet-dump (the runtime's own createdump writes it):
# LEWEL_TEST_HANG_DUMP=mini.
hang_dump=${LEWEL_TEST_HANG_DUMP:-none}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Test hosts run torch in-process: give them the GC settings a run's process gets (FinalizerSafePoint.ChildEnvironment),
# under which TorchSharp's temporary Scalars are rarely collected in the middle of a native call.
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x10000000} DOTNET_GCLOHThreshold=${DOTNET_GCLOHThreshold:-0x8000000}
if [ -n "${LEWEL_TEST_PROJECTS:-}" ]; then
  read -r -a projects <<<"$LEWEL_TEST_PROJECTS"
  build_targets=("${projects[@]}")
else
  projects=(tests/*/*.csproj)
  build_targets=(Lewel.sln)
fi
for target in "${build_targets[@]}"; do
  dotnet build "$target" -c Release -nologo -v:q || { echo "0 never ran"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
done

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

# Test names in a TRX file, one a line, XML entities decoded.
trx_names() {
  grep -o '<UnitTestResult [^>]*' "$1" | sed -n 's/.* testName="\([^"]*\)".*/\1/p' \
    | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}
# Listed tests that have no result. A theory whose data cannot be listed one row at a time is listed under its
# method name and reports results as "Method(args)": a result for any of its rows counts for it.
unrun_names() { # listed-file ran-file
  awk 'FILENAME == ARGV[1] { ran[$0] = 1; p = index($0, "("); if (p > 1) ran[substr($0, 1, p - 1)] = 1; next }
       !($0 in ran)' "$2" "$1"
}
counter() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }

passed=0; failed=0; skipped=0; never=0; status=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  listed="$results/$name.listed.txt"; ran="$results/$name.ran.txt"; log="$results/$name.log"
  # What the run should cover: the tests discovered under the same arguments (a --filter narrows both).
  timeout -k 30s 10m dotnet test "$project" -c Release --no-build -nologo -v:q --list-tests "$@" >"$log" 2>&1
  list_rc=$?
  sed -n '/^The following Tests are available:/,$ { /^    /s/^    //p }' "$log" | sort -u >"$listed"
  if [ "$list_rc" -ne 0 ]; then
    echo "$name: listing its tests failed (exit $list_rc):"; tail -20 "$log"
    failed=$((failed + 1)); status=1; continue
  fi

  # -v:m, not -v:q: quiet output drops the blame collector's hang message.
  timeout -k 30s "$project_timeout" dotnet test "$project" -c Release --no-build -nologo -v:m \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type "$hang_dump" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -ne 0 ] && status=1
  running=$(awk '/running when the crash occurred:/ { on = 1; next } on && NF == 0 { exit } on { print "  " $0 }' "$log")
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "$name: FAILED: still running after $project_timeout (LEWEL_TEST_PROJECT_TIMEOUT); stopped"
  elif grep -q "inactivity time of" "$log"; then
    echo "$name: FAILED: a test made no progress for $hang_timeout (LEWEL_TEST_HANG_TIMEOUT); its test host was stopped." \
      "Running then:"; echo "$running"
  elif grep -q "test run was aborted" "$log"; then
    echo "$name: FAILED: its test host crashed. Running then:"; echo "$running"
  elif [ "$rc" -ne 0 ]; then
    echo "$name: FAILED (dotnet test exit $rc)"
  fi

  trx="$results/$name.trx"
  p=0; f=0; s=0
  if [ -f "$trx" ] && grep -q '</TestRun>' "$trx"; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    t=$(counter total "$counters"); p=$(counter passed "$counters"); f=$(counter failed "$counters")
    t=${t:-0}; p=${p:-0}; f=${f:-0}; s=$((t - p - f))
    trx_names "$trx" | sort -u >"$ran"
  else
    echo "$name: no complete test results ($name.trx missing or cut short): none of its tests counts as run"
    : >"$ran"
  fi
  unrun=$(unrun_names "$listed" "$ran" | wc -l)
  if [ "$unrun" -gt 0 ]; then
    echo "$name: $unrun of $(wc -l <"$listed") discovered tests have no result (never ran, or a stopped test host lost it):"
    unrun_names "$listed" "$ran" | head -20 | sed 's/^/  /'
    [ "$unrun" -gt 20 ] && echo "  ... ($((unrun - 20)) more)"
  fi
  # A project that failed without a failed or unrun test (e.g. its test host crashed while shutting down).
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$unrun" -eq 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); never=$((never + unrun))
done

echo "$never never ran"
echo "$passed passed, $((failed + never)) failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$never" -eq 0 ]
