#!/usr/bin/env bash
# The one GPU check: environment, the PyTorch reference's GPU anchor, and one attempt to run TorchSharp on the machine's
# own PyTorch libtorch. Writes everything under $OUT (at most 8 files): env.txt, reference.jsonl, reference.log,
# torchprobe.txt, check.log.
#   PROBE_DIR  the self-contained `dotnet publish` of bench/TorchProbe (default: ../../artifacts/gpucheck/torchprobe
#              relative to this script's repository root, then artifacts/gpucheck/torchprobe)
#   PYTHON     python with torch (default python3);  DEVICE cuda (default) or cpu;  QUICK=1 tiny sizes (a dry run)
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:?set OUT to the folder that receives the results}"
PYTHON="${PYTHON:-python3}"
DEVICE="${DEVICE:-cuda}"
QUICK="${QUICK:-0}"
PROBE_DIR="${PROBE_DIR:-$here/../../artifacts/gpucheck/torchprobe}"
mkdir -p "$OUT"
exec > >(tee -a "$OUT/check.log") 2>&1
started=$(date +%s)
say() { echo "[$(( $(date +%s) - started ))s] $*"; }

say "environment -> env.txt"
{
  echo "== date"; date -u
  echo "== nvidia-smi"; nvidia-smi 2>&1 || echo "nvidia-smi unavailable"
  echo "== nvidia-smi -q (clocks, power)"; nvidia-smi -q -d CLOCK,POWER 2>&1 | head -60
  echo "== os"; cat /etc/os-release 2>&1 | head -4; uname -a; nproc
  echo "== libstdc++ GLIBCXX versions (newest 3)"
  strings "$(ldconfig -p | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}')" 2>/dev/null | grep -E '^GLIBCXX_[0-9.]+$' | sort -V | tail -3
  echo "== glibc"; ldd --version 2>&1 | head -1
  echo "== python / torch"
  "$PYTHON" - <<'PY' 2>&1
import os, sys, torch
print("python", sys.version.split()[0], sys.executable)
print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())
print("torch lib", os.path.join(os.path.dirname(torch.__file__), "lib"))
print("cxx11 abi", torch._C._GLIBCXX_USE_CXX11_ABI)
print("tf32 matmul", torch.backends.cuda.matmul.allow_tf32, "tf32 cudnn", torch.backends.cudnn.allow_tf32)
if torch.cuda.is_available():
    p = torch.cuda.get_device_properties(0)
    print("gpu", p.name, f"{p.total_memory / 2**30:.1f} GiB", p.multi_processor_count, "SMs", "capability", f"{p.major}.{p.minor}")
else:
    print("cuda not available")
PY
} > "$OUT/env.txt" 2>&1
grep -E '^(torch|gpu|cuda)' "$OUT/env.txt"

say "TorchSharp probe -> torchprobe.txt"
torch_lib="$("$PYTHON" -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))' 2>/dev/null)"
[ -d "$PROBE_DIR" ] || PROBE_DIR="artifacts/gpucheck/torchprobe"
{
  echo "== probe folder $PROBE_DIR"; ls -la "$PROBE_DIR" 2>&1 | head -5; du -sh "$PROBE_DIR" 2>&1
  echo "== torch lib folder $torch_lib"; ls "$torch_lib" 2>&1
  echo "== GLIBCXX_3.4.32 flag in the shim (WEAK = patched)"
  readelf -V "$PROBE_DIR/libLibTorchSharp.so" 2>&1 | grep 'GLIBCXX_3.4.32' || echo "(readelf unavailable or no such entry)"
  echo "== ldd -r libLibTorchSharp.so with LD_LIBRARY_PATH=$torch_lib (undefined symbols = ABI mismatch)"
  LD_LIBRARY_PATH="$torch_lib" ldd -r "$PROBE_DIR/libLibTorchSharp.so" > "$OUT/.ldd" 2>&1
  grep -v 'undefined symbol' "$OUT/.ldd"
  echo "undefined symbols: $(grep -c 'undefined symbol' "$OUT/.ldd")"
  grep 'undefined symbol' "$OUT/.ldd" | head -40
  grep 'undefined symbol' "$OUT/.ldd" | sed -E 's/.*undefined symbol: ([^ \t]+).*/\1/' | head -40 | c++filt 2>/dev/null
  rm -f "$OUT/.ldd"
  echo "== TorchProbe (LD_LIBRARY_PATH=$torch_lib)"
  chmod +x "$PROBE_DIR/TorchProbe" 2>/dev/null
  LD_LIBRARY_PATH="$torch_lib" timeout 60 "$PROBE_DIR/TorchProbe"
  echo "exit code $?"
} > "$OUT/torchprobe.txt" 2>&1
grep -E '^\[(ok|fail)\]|^RESULT|^exit code|^undefined symbols' "$OUT/torchprobe.txt" | cut -c1-300

BUDGET="${BUDGET:-390}"  # seconds for the whole script; a step is skipped or shortened to fit
reference() {  # label, timeout seconds, bench_step.py arguments...
  local label=$1 limit=$2; shift 2
  local left=$(( BUDGET - ($(date +%s) - started) ))
  if [ "$left" -lt 20 ]; then say "skip $label: ${left}s left"; return; fi
  [ "$limit" -le "$left" ] || limit=$left
  say "reference $label (limit ${limit}s)"
  PYTHONUNBUFFERED=1 timeout "$limit" "$PYTHON" "$here/bench_step.py" --device "$DEVICE" --label "$label" "$@" \
    >> "$OUT/reference.jsonl" 2>> "$OUT/reference.log"
  local rc=$?
  [ $rc -eq 0 ] || echo "{\"label\": \"$label\", \"error\": \"exit code $rc (124 = timed out)\"}" >> "$OUT/reference.jsonl"
  "$PYTHON" "$here/summarize.py" "$OUT/reference.jsonl" "$label"
}

if [ "$QUICK" = 1 ]; then
  reference anchor-r50 120 --method lewel-b,byol --arch resnet50 --width 0.125 --image-size 64 --batch 4 --warmup 1 --steps 2 \
    --proj-hidden 256 --pred-hidden 256
  reference anchor-r18 120 --method lewel-b,byol --arch resnet18 --width 0.125 --image-size 32 --batch 8 --warmup 1 --steps 2
else
  # (b) the anchor: fp32 (TF32 convolutions are PyTorch's default), both methods, two configurations
  reference anchor-r50 130 --method lewel-b,byol --arch resnet50 --width 1 --image-size 224 --batch 64 --warmup 5 --steps 30
  reference anchor-r18 60 --method lewel-b,byol --arch resnet18 --width 1 --image-size 32 --batch 256 --warmup 5 --steps 50
  # extras while time is left: the CPU comparison configurations on the GPU, then bf16 autocast + channels-last
  reference cpu-config-a 35 --method lewel-b,byol --arch resnet18 --width 0.25 --image-size 32 --batch 128 --warmup 5 --steps 30
  reference cpu-config-b 35 --method lewel-b,byol --arch resnet18 --width 1 --image-size 32 --batch 64 --warmup 5 --steps 30
  reference amp-r50 60 --method lewel-b,byol --arch resnet50 --width 1 --image-size 224 --batch 64 --warmup 5 --steps 30 \
    --amp bf16 --channels-last
fi
say "done"
sleep 1  # let tee flush check.log
