#!/usr/bin/env bash
# The worker on llama.cpp's C API against the worker on java-llama.cpp as of git commit c8aeab1, same model,
# threads and requests, one run (bench/worker/UpgradeBench.java). Usage: bench/worker.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
old_commit="${HANGAR_BENCH_OLD_COMMIT:-c8aeab1}"
old_dir="${TMPDIR:-/tmp}/hangar-bench-worker-$old_commit"
cd "$here"
./mvnw -B -q -ntp -pl formats,worker -am -DskipTests package
if [[ ! -f "$old_dir/worker/target/hangar-worker.jar" ]]; then
  rm -rf "$old_dir" && mkdir -p "$old_dir"
  git archive "$old_commit" | tar -x -C "$old_dir"
  (cd "$old_dir" && ./mvnw -B -q -ntp -pl formats,worker -am -DskipTests package)
fi
java -cp formats/target/classes bench/worker/UpgradeBench.java \
  "$old_dir/worker/target/hangar-worker.jar" worker/target/hangar-worker.jar "$runs"
