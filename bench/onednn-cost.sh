#!/usr/bin/env bash
# ./bench/onednn-cost.sh [REPS]
# What turning oneDNN off on the CPU costs (CpuLayoutRule): the same engine step with LEWEL_ONEDNN=on (oneDNN kept on,
# NCHW) and without (the default: oneDNN off), for BYOL and LEWEL_B at the benchmark's two configurations, in fresh
# processes, interleaved on/off/off/on. Writes bench/results/onednn-cost.json. Needs: dotnet build bench/Lewel.Bench -c Release.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-2}
bench=bench/Lewel.Bench/bin/Release/net10.0/linux-x64/Lewel.Bench.dll
out=bench/results/onednn-cost.json
lines=$(mktemp)
step() { # on|off method name width batch
  local env=(); [ "$1" = on ] && env=(LEWEL_ONEDNN=on)
  echo "{\"onednn\":\"$1\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"measurement\":$(env "${env[@]}" dotnet "$bench" engine-step --method "$2" --name "$3" \
    --backbone resnet18 --width "$4" --stem small --image-size 32 --batch "$5" --warmup 1 --steps 3 --threads 2 | tail -1)}" >>"$lines"
}
for rep in $(seq 1 "$reps"); do
  for cfg in "a 0.25 128" "b 1 64"; do
    set -- $cfg
    for method in byol lewel-b; do
      for mode in on off off on; do step "$mode" "$method" "$1" "$2" "$3"; done
    done
  done
done
python3 - "$lines" "$out" <<'PY'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
def ms(r):
    return r["measurement"]["medianStepSeconds"] * 1000
summary = []
for name in sorted({r["measurement"]["config"] for r in rows}):
    for method in sorted({r["measurement"]["method"] for r in rows}):
        on = [ms(r) for r in rows if r["measurement"]["config"] == name and r["measurement"]["method"] == method and r["onednn"] == "on"]
        off = [ms(r) for r in rows if r["measurement"]["config"] == name and r["measurement"]["method"] == method and r["onednn"] == "off"]
        if on and off:
            summary.append({"config": name, "method": method, "onednnOnMs": statistics.median(on), "onednnOffMs": statistics.median(off),
                            "offOverOn": round(statistics.median(off) / statistics.median(on), 3)})
json.dump({"command": "./bench/onednn-cost.sh", "summary": summary, "runs": rows},
          open(sys.argv[2], "w"), indent=2)
print(json.dumps(summary, indent=2))
PY
