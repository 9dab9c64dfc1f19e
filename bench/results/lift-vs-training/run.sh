#!/usr/bin/env bash
# Usage: LEWEL=path/to/lewel ./run.sh NAME [pretrain args] (from this directory): a LEWEL_B quick trial with the given
# overrides, then the localisation score (with its ceiling) and kNN of every checkpoint it wrote, one line each in
# NAME.curve.txt; see RESULTS.md, "How far the maps are from the best a 4×4 map can do".
set -e
L=${LEWEL:-lewel}; N=$1; shift
/usr/bin/time -f "pretrain wall %e s" $L pretrain --method lewel-b --preset quick --threads 2 "$@" --out "$N" > "$N.console.txt" 2>&1 || { tail -5 "$N.console.txt"; exit 1; }
tail -1 "$N.console.txt"
for c in "$N"/checkpoints/step*.ckpt; do
  step=$(basename "$c" .ckpt); step=$((10#${step#step}))
  loc=$($L eval localization --checkpoint "$c" 2>/dev/null | awk '$1=="massLiftOverUniform"||$1=="ceilingLiftOverUniform"||$1=="peakOnObject"||$1=="uniformBaseline"{printf "%s %s  ", $1, $2}')
  knn=$($L eval knn --checkpoint "$c" 2>/dev/null | awk '$1=="top1"{print "knnTop1 " $2}')
  echo "step $step  $loc$knn" | tee -a "$N.curve.txt"
done
