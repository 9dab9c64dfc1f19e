#!/usr/bin/env bash
# ./bench/chaos/run.sh [KILLS] [STEPS]
# Kills the studio with kill -9 KILLS times (default 10) at random steps of one STEPS-step run (default 200),
# restarting it on the same data directory each time, and checks that the run ends with steps 1..STEPS exactly once,
# a loss sequence equal to the same run made without interruption, and no orphaned child process after any kill.
# Writes bench/results/chaos.json. Needs a Release build of the solution (dotnet build Lewel.sln -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
kills=${1:-10}; steps=${2:-200}
app=src/Lewel.Web/bin/Release/net10.0/linux-x64/Lewel.Web.dll
[ -f "$app" ] || { echo "build first: dotnet build Lewel.sln -c Release" >&2; exit 2; }
data=$(mktemp -d /tmp/lewel-chaos-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
pid=""
log="$data/app.log"

start_app() {
  Lewel__DataDir="$data" Lewel__Device=cpu Lewel__Workers__Gpu=0 Lewel__QueuePollIntervalMs=100 \
  Lewel__Jobs__StaleAfterSeconds=5 Lewel__Jobs__SweepIntervalSeconds=1 Lewel__Jobs__FlushIntervalMs=200 \
  Lewel__Jobs__MaxAttempts=$((kills + 5)) ASPNETCORE_URLS="$url" \
    setsid dotnet "$app" >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "$url/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the app did not start; see $log" >&2; exit 1
}
stop_app() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; }
trap stop_app EXIT

field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
launch() {
  curl -sf "$url/api/runs" -H 'content-type: application/json' -d "{\"name\":\"$1\",\"method\":\"lewel-b\",
    \"dataset\":\"shapes:size=32,n=256,seed=3\",\"width\":0.25,\"imageSize\":32,\"steps\":$steps,\"batchSize\":32,\"seed\":11,
    \"threads\":1,\"optimizer\":{\"name\":\"sgd\",\"baseLr\":0.5},
    \"heads\":{\"projectorHidden\":32,\"dim\":16,\"predictorHidden\":32},\"lewel\":{\"numHeads\":2},
    \"monitor\":{\"knnEveryEpochs\":0,\"snapshotEverySteps\":0,\"checkpointEverySteps\":10,\"healthEverySteps\":10}}" | field "['run']['id']"
}
status() { curl -sf "$url/api/runs/$1" | field "['run']['status']"; }
wait_done() {
  for _ in $(seq 1 36000); do
    s=$(status "$1" 2>/dev/null || echo unknown)
    case "$s" in succeeded) return 0;; failed|cancelled) echo "run $1 ended $s" >&2; return 1;; esac
    sleep 0.1
  done; return 1
}
losses() { curl -sf "$url/api/runs/$1/metrics?names=loss" | python3 -c "
import json,sys; d=json.load(sys.stdin); pts=d['series'][0]['points']; print(json.dumps([[p['step'],p['value']] for p in pts]))"; }

start_app
t0=$(date +%s.%N)
reference=$(launch reference); wait_done "$reference"
t1=$(date +%s.%N)
run=$(launch chaos)
orphans=0; killed_at=()
# KILLS distinct random steps of the run, in order; each kill comes at a random moment once the run has passed its step
targets=$(python3 -c "import random; print(' '.join(map(str, sorted(random.sample(range(2, $steps - 1), $kills)))))")
i=0
for target in $targets; do
  i=$((i + 1))
  until [ "$(curl -sf "$url/api/runs/$run" | field "['run']['step']" 2>/dev/null || echo 0)" -ge "$target" ]; do
    case "$(status "$run" 2>/dev/null || echo unknown)" in failed|cancelled) echo "run $run ended $(status "$run") before step $target" >&2; exit 1;; esac
    sleep 0.05
  done
  sleep "$(python3 -c 'import random; print(round(random.uniform(0, 0.5), 3))')"
  [ "$(status "$run")" = succeeded ] && break
  step=$(curl -sf "$url/api/runs/$run" | field "['run']['step']")
  children=$(pgrep -f "$data/runs/$run/job.json" || true)
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  killed_at+=("$step")
  sleep 3
  for c in $children; do
    if [ -e "/proc/$c" ] && ! grep -q '^State:.*Z' "/proc/$c/status" 2>/dev/null; then orphans=$((orphans + 1)); echo "orphan $c after kill $i" >&2; fi
  done
  echo "kill $i at step $step (target $target; children: ${children:-none}); restarting" >&2
  start_app
done
wait_done "$run"
t2=$(date +%s.%N)

python3 - "$(losses "$reference")" "$(losses "$run")" "$steps" "$orphans" "${killed_at[*]}" "$t0" "$t1" "$t2" "$kills" <<'PY' | tee bench/results/chaos.json
import json, sys
ref, got = json.loads(sys.argv[1]), json.loads(sys.argv[2])
steps, orphans = int(sys.argv[3]), int(sys.argv[4])
kills = [int(s) for s in sys.argv[5].split()] if sys.argv[5] else []
t0, t1, t2 = map(float, sys.argv[6:9])
got_steps = [s for s, _ in got]
result = {
    "command": "./bench/chaos/run.sh " + sys.argv[9] + " " + sys.argv[3],
    "steps": steps, "kills": len(kills), "killedAtStep (as the API reported it; a run just restarted shows its stale step)": kills,
    "orphanedChildren": orphans,
    "stepsExactlyOnce": got_steps == list(range(1, steps + 1)),
    "lossesEqualUninterrupted": [v for _, v in got] == [v for _, v in ref],
    "maxAbsLossDifference": max((abs(a[1] - b[1]) for a, b in zip(ref, got)), default=None),
    "uninterruptedSeconds": round(t1 - t0, 1), "interruptedSeconds": round(t2 - t1, 1),
}
print(json.dumps(result, indent=2))
sys.exit(0 if result["stepsExactlyOnce"] and result["lossesEqualUninterrupted"] and orphans == 0 and len(kills) > 0 else 1)
PY
