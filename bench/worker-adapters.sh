#!/usr/bin/env bash
# Two LoRA adapters alternating at 4 streams ÷ the base alone at 4 streams, one worker, one run
# (bench/worker/AdapterBench.java). Usage: bench/worker-adapters.sh [runs] [model size, default 85M]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
build_worker
"$java" -cp formats/target/classes bench/worker/AdapterBench.java worker/target/hangar-worker.jar "${1:-5}" "${2:-85M}"
