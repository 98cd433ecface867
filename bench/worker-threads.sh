#!/usr/bin/env bash
# One thread against two for the worker's decoding, with and without a busy loop on every core, for the worker before
# it chose its threads per decode (git commit fa8e6c0) and this checkout's, one run (bench/worker/ThreadsBench.java).
# Usage: bench/worker-threads.sh [runs] [tokens]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
tokens="${2:-128}"
. bench/common.sh
build_worker
before_jar="$(worker_jar_of "${HANGAR_BENCH_BEFORE_COMMIT:-fa8e6c0}")"
"$java" -cp formats/target/classes bench/worker/ThreadsBench.java "$before_jar" worker/target/hangar-worker.jar "$runs" "$tokens"
