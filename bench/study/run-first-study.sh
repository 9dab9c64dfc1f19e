#!/usr/bin/env bash
# The first study (64 warm-up steps on both data sets): BYOL + LEWEL_B, 3 seeds, on the silhouette shapes and on Fashion-MNIST (28 -> 32 px), run side by side.
# Usage: LEWEL=path/to/lewel bench/study/run-first-study.sh (from the directory the studies should go in); see RESULTS.md.
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
L=${LEWEL:-lewel}
common=(--pair byol --preset small --width 0.125 --batch-size 64 --steps 320 --seeds 3 --threads 1
  --set heads.projectorHidden=512 --set heads.dim=128 --set heads.predictorHidden=512
  --set target.baseMomentum=0.96
  --set augmentation.view1.cropScaleMin=0.3 --set augmentation.view2.cropScaleMin=0.3
  --set monitor.knnEveryEpochs=1000 --set monitor.snapshotEverySteps=100000 --set monitor.checkpointEverySteps=160
  --evals knn,linear,localization --linear-epochs 10)
( time timeout 6000 $L study "${common[@]}" --dataset "shapes:size=32,n=2048,seed=1,test=1000,scene=silhouette" --set schedule.warmupEpochs=2 --out byol-shapes-silhouette ) > shapes.out 2>&1 &
( time timeout 6000 $L study "${common[@]}" --dataset "idx:/usr/share/datasets/fashion-mnist" --image-size 32 --set schedule.warmupEpochs=0.07 --out byol-fashion-mnist ) > fmnist.out 2>&1 &
wait
