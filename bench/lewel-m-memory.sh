#!/usr/bin/env bash
# ./bench/lewel-m-memory.sh [BEFORE_CLI_DIR]
# Peak resident memory (VmHWM, from /usr/bin/time -v) of a short CPU pretraining run, MoCo v2 against LEWEL_M at one
# configuration where LEWEL_M's aligned logits dominate: ResNet-18 x0.0625, small stem, 32 px, batch 128, K = 128,
# M = 4 (N = 32, so B·N = 4096 aligned rows a view), global queue 16384, aligned queue 8 steps (32768 keys) and
# 128 steps (524288 keys, as many steps as the global queue holds). BEFORE_CLI_DIR, when given, is a build of the
# lewel CLI from before the chunked aligned InfoNCE; its runs are labelled "before" (the 128-step queue is left out
# there: its unchunked logits alone are 8.6 GB a direction). Writes bench/results/lewel-m-memory.json.
# Needs: dotnet build src/Lewel.Cli -c Release.
set -euo pipefail
cd "$(dirname "$0")/.."
after=src/Lewel.Cli/bin/Release/net10.0/linux-x64/lewel.dll
before=${1:+$1/lewel.dll}
out=bench/results/lewel-m-memory.json
work=$(mktemp -d)
lines="$work/lines.jsonl"
trap 'rm -rf "$work"' EXIT
run() { # label cli method alignedQueueSize
  local dir="$work/$1-$3-$4" log="$work/time.txt"
  /usr/bin/time -v -o "$log" timeout 1200 dotnet "$2" pretrain --method "$3" --dataset shapes:size=32,n=512,seed=1,test=64 \
    --width 0.0625 --image-size 32 --batch-size 128 --steps 2 --device cpu --seed 1 --threads 2 \
    --set heads.projectorHidden=512 --set heads.dim=128 --set moco.queueSize=16384 --set "moco.alignedQueueSize=$4" \
    --set monitor.knnEveryEpochs=0 --set monitor.snapshotEverySteps=0 --set monitor.checkpointEverySteps=0 \
    --out "$dir" >"$work/out.txt" 2>&1 || { cat "$work/out.txt"; exit 1; }
  local kb wall
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  echo "{\"code\":\"$1\",\"method\":\"$3\",\"alignedQueueKeys\":$4,\"peakRssMiB\":$((kb / 1024)),\"wall\":\"$wall\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\"}" | tee -a "$lines"
}
if [ -n "$before" ]; then
  run before "$before" mocov2 32768
  run before "$before" lewel-m 32768
fi
run after "$after" mocov2plus 32768   # the symmetric variant, named mocov2 before the official one was added
run after "$after" lewel-m 32768
run after "$after" lewel-m 524288
python3 - "$lines" "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def peak(code, method, keys):
    return next((r["peakRssMiB"] for r in rows if r["code"] == code and r["method"] == method and r["alignedQueueKeys"] == keys), None)
summary = {}
for code in ("before", "after"):
    moco = peak(code, "mocov2", 32768) if code == "before" else peak(code, "mocov2plus", 32768)
    for keys in (32768, 524288):
        lewel = peak(code, "lewel-m", keys)
        if moco and lewel:
            summary[f"{code}: lewel-m ({keys} aligned keys) / mocov2"] = round(lewel / moco, 3)
json.dump({"command": "./bench/lewel-m-memory.sh " + (sys.argv[3] if len(sys.argv) > 3 else "[BEFORE_CLI_DIR]"),
           "config": "resnet18 x0.0625, small stem, 32 px, batch 128, heads 512/128, M 4 (N 32), queue 16384, 2 steps, 2 threads, cpu",
           "ratios": summary, "runs": rows}, open(sys.argv[2], "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
