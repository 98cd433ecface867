#!/usr/bin/env bash
# Start-to-ready of `hangar serve`: the launcher's fast start against the plain jar (the baseline),
# alternating runs on the same machine, each on a fresh HANGAR_HOME. Prints each run and the ratio.
# Usage: bench/startup.sh [runs per variant, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
port=18765
java_home=$(./hangar java-home)
./hangar build >/dev/null
fast_dir=server/target/fast-start
cache=$(ls "$fast_dir"/hangar-jdk*.* 2>/dev/null | grep -E '\.(aot|jsa)$' | head -n 1 || true)
cache_opt=""
case "$cache" in
  *.aot) cache_opt="-XX:AOTCache=$cache" ;;
  *.jsa) cache_opt="-XX:SharedArchiveFile=$cache" ;;
esac

# Prints milliseconds from process start to the first 200 from /ready.
measure() {
  home=$(mktemp -d)
  start=$(date +%s%N)
  HANGAR_HOME="$home" "$java_home/bin/java" "$@" serve --port "$port" >"$home/out.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do
    kill -0 "$pid" 2>/dev/null || { cat "$home/out.log" >&2; exit 1; }
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}

. bench/common.sh

fast=(); plain=()
for i in $(seq 1 "$runs"); do
  plain+=("$(measure -jar server/target/hangar-server.jar)")
  # shellcheck disable=SC2206
  fast+=("$(measure $cache_opt -Dspring.aot.enabled=true -jar "$fast_dir/hangar-server.jar")")
  echo "run $i: plain jar ${plain[-1]} ms, fast start ${fast[-1]} ms"
done
p=$(printf '%s\n' "${plain[@]}" | median)
f=$(printf '%s\n' "${fast[@]}" | median)
echo "median start-to-ready: plain jar $p ms, fast start $f ms, ratio fast/plain $(ratio "$f" "$p")"
