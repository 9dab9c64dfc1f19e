#!/usr/bin/env bash
# The quick trial as a study: a pair (PAIR = mocov2plus for MoCo V2+ + LEWEL_M, the default, or byol for BYOL + LEWEL_B)
# with the quick preset as it stands (stencil shapes, 640 steps), 3 seeds,
# one run at a time on 2 threads, each evaluated with kNN, a 10-epoch linear probe and (LEWEL) the localisation score,
# plus the random-init backbone of each seed.
# Usage: LEWEL=path/to/lewel [PAIR=byol] bench/study/run-quick-trial-study.sh (from the directory the study should go in); see RESULTS.md.
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
L=${LEWEL:-lewel}
PAIR=${PAIR:-mocov2plus}
time $L study --pair "$PAIR" --preset quick --seeds 3 --threads 2 --evals knn,linear,localization --linear-epochs 10 \
  --out "$PAIR-quick-stencil"
