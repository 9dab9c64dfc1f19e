#!/usr/bin/env bash
# probeq.sh NAME METHOD STEPS: the quick preset shortened as PretrainingBeatsRandomInitTests does, and its random init
export DOTNET_GCgen0size=0x10000000 DOTNET_GCLOHThreshold=0x8000000
name=$1 method=$2 steps=$3; shift 3
common="--method $method --preset quick --dataset shapes:size=32,n=512,seed=1,test=500,scene=stencil --batch-size 32 --threads 2 --seed 1
  --set moco.queueSize=128 --set monitor.knnEveryEpochs=0 --set monitor.snapshotEverySteps=0 --set monitor.checkpointEverySteps=0 --set monitor.healthEverySteps=0"
L=${LEWEL:-lewel}
$L pretrain $common --steps 1 --set optimizer.baseLr=1e-9 --set schedule.warmupEpochs=0 --out $name-R0 > $name-R0.log 2>&1
start=$(date +%s)
$L pretrain $common --steps $steps "$@" --out $name > $name.log 2>&1
end=$(date +%s)
echo "$name $method steps=$steps $*: $((end-start)) s, random $($L eval knn --checkpoint $name-R0 2>/dev/null | grep ' top1 ' | tr -s ' '), trained $($L eval knn --checkpoint $name 2>/dev/null | grep ' top1 ' | tr -s ' ')"
