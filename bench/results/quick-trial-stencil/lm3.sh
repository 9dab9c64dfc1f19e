#!/usr/bin/env bash
# Usage: LEWEL=path/to/lewel ./SCRIPT (from the directory the runs should go in); see RESULTS.md, "The quick trial".
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
DS="shapes:size=32,n=2048,seed=1,test=1000,scene=stencil"
common="--dataset $DS --width 0.125 --batch-size 64 --threads 2 --set heads.projectorHidden=512 --set heads.dim=128
  --set moco.queueSize=512 --set moco.alignedQueueSteps=2 --set lewel.scale=0.1 --set augmentation.view1.cropScaleMin=0.3 --set augmentation.view2.cropScaleMin=0.3
  --set augmentation.view1.blurProbability=0 --set augmentation.view2.blurProbability=0 --set monitor.snapshotEverySteps=100000"
L=${LEWEL:-lewel}
time $L pretrain --method lewel-m $common --steps 640 --set optimizer.baseLr=1.2 --set schedule.warmupEpochs=2 --set monitor.knnEveryEpochs=5 --out LM3
$L eval knn --checkpoint LM3
$L eval localization --checkpoint LM3
$L pretrain $common --method lewel-m --steps 1 --set optimizer.baseLr=1e-9 --set schedule.warmupEpochs=0 --set monitor.knnEveryEpochs=1000 --out LM3-R0
$L eval knn --checkpoint LM3-R0
$L eval localization --checkpoint LM3-R0
