#!/usr/bin/env bash
# Usage: LEWEL=path/to/lewel ./run.sh METHOD OUT [extra pretrain args] (from this directory): the quick preset as shipped,
# then its kNN evaluation and, for a LEWEL method, its localisation score; see RESULTS.md, "The quick trial".
set -e
L=${LEWEL:-lewel}; M=$1; O=$2; shift 2
/usr/bin/time -f "pretrain wall %e s" $L pretrain --method "$M" --preset quick --threads 2 "$@" --out "$O" > "$O.console.txt" 2>&1 || { tail -5 "$O.console.txt"; exit 1; }
tail -1 "$O.console.txt"
$L eval knn --checkpoint "$O" | tail -3
case "$M" in lewel-*) $L eval localization --checkpoint "$O" | tail -3 ;; esac   # the baselines have no maps
