#!/usr/bin/env bash
# The worker on llama.cpp's C API: against the worker on java-llama.cpp as of git commit c8aeab1, same model, threads
# and requests, one run (bench/worker/UpgradeBench.java), then against its own binding in-process and with a reused
# prompt prefix (bench/worker/ServingBench.java). Usage: bench/worker.sh [runs] [tokens]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
tokens="${2:-128}"
. bench/common.sh
build_worker
old_jar="$(worker_jar_of "${HANGAR_BENCH_OLD_COMMIT:-c8aeab1}")"
"$java" -cp formats/target/classes bench/worker/UpgradeBench.java "$old_jar" worker/target/hangar-worker.jar "$runs" "$tokens"
"$java" --enable-native-access=ALL-UNNAMED -cp worker/target/hangar-worker.jar:formats/target/classes \
  bench/worker/ServingBench.java worker/target/hangar-worker.jar "$runs" "$tokens"
