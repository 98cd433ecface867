#!/usr/bin/env bash
# `hangar deploy` to Running against the same built-in worker started by hand to its first 200 on
# /health (the baseline), alternating runs on one generated 85M GGUF; then an endpoint scaled from
# 2 to 4 replicas, timed from the scale request to 4 ready. Runs its own server on a free port with
# a temporary HANGAR_HOME and leaves nothing behind (endpoints deleted, server and workers stopped).
# Usage: bench/deploy.sh [runs per variant, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./hangar version >/dev/null # builds first when the sources changed
java="$(./hangar java-home)/bin/java"
work=$(mktemp -d "${TMPDIR:-/tmp}/hangar-bench-deploy.XXXXXX")
export HANGAR_HOME="$work/home"
model="$work/models/bench-85M.gguf"
server_pid=""
worker_pid=""
HANGAR_URL=""

cleanup() {
  if [ -n "$worker_pid" ]; then kill "$worker_pid" 2>/dev/null || true; wait "$worker_pid" 2>/dev/null || true; fi
  if [ -n "$HANGAR_URL" ]; then
    for endpoint in $(api GET /api/v1/endpoints | grep -o '"name":"bench-[^"]*"' | cut -d'"' -f4); do
      api DELETE "/api/v1/endpoints/$endpoint" >/dev/null || true
    done
  fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  left=$(pgrep -f "hangar-worker.*$work" || true)
  if [ -n "$left" ]; then
    echo "workers left behind: $left (now killed)" >&2
    kill $left 2>/dev/null || true
  else
    echo "cleaned up: endpoints deleted, server stopped, no worker left"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. bench/common.sh

mkdir -p "$work/models"
./hangar models make-tiny --size 85M --type F16 "$model"
HANGAR_MODEL_ROOTS="$work/models" ./hangar serve --port 0 --stop-replicas-on-exit >"$work/server.log" 2>&1 &
server_pid=$!
ready=$(await_line "$work/server.log" 'ready at http://localhost:[0-9]+' "$server_pid")
export HANGAR_URL=${ready#ready at }
./hangar models import bench-85m "$model" >/dev/null

# Each measure below sets $ms, in milliseconds.

# Starting the worker by hand, with the arguments the server gives it, to the first 200 from /health.
by_hand() {
  start=$(now_ms)
  "$java" -jar worker/target/hangar-worker.jar --model "$model" --host 127.0.0.1 --port 0 \
    --served-model-name bench >"$work/worker.log" 2>&1 &
  worker_pid=$!
  address=$(await_line "$work/worker.log" 'http://127\.0\.0\.1:[0-9]+' "$worker_pid")
  until curl -fs -o /dev/null "$address/health"; do
    kill -0 "$worker_pid" 2>/dev/null || { cat "$work/worker.log" >&2; exit 1; }
    sleep 0.01
  done
  ms=$(( $(now_ms) - start ))
  kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true
  worker_pid=""
}

# `hangar deploy` of one replica: CLI start, create, the six steps (smoke request included), Running.
# Also sets $steps_ms (the six steps as the server timed them) and $start_ms (its "Start server" step).
deployed() {
  start=$(now_ms)
  ./hangar deploy bench-85m --name "bench-$1" >"$work/deploy-$1.log"
  ms=$(( $(now_ms) - start ))
  events=$(api GET "/api/v1/endpoints/bench-$1/events")
  steps_ms=$(grep -Eo '\(([0-9]+) ms\)"' <<<"$events" | tr -dc '0-9\n' | awk '{s += $1} END {print s}')
  start_ms=$(grep -Eo 'Start server: [^"]*\(([0-9]+) ms\)"' <<<"$events" | grep -Eo '[0-9]+ ms' | tr -dc '0-9')
  ./hangar endpoints rm "bench-$1" >/dev/null
}

# A CLI command that asks the server once: the fixed cost of starting the CLI inside every `hangar deploy`.
cli_call() {
  start=$(now_ms)
  ./hangar endpoints list >/dev/null
  ms=$(( $(now_ms) - start ))
}

hand=(); deploy=(); steps=(); started=(); cli=()
for i in $(seq 1 "$runs"); do
  by_hand; hand+=("$ms")
  deployed "$i"; deploy+=("$ms"); steps+=("$steps_ms"); started+=("$start_ms")
  cli_call; cli+=("$ms")
  echo "run $i: by hand ${hand[-1]} ms, hangar deploy ${deploy[-1]} ms (the six steps ${steps[-1]} ms," \
    "of which Start server ${started[-1]} ms; a CLI call alone ${cli[-1]} ms)"
done
h=$(printf '%s\n' "${hand[@]}" | median)
d=$(printf '%s\n' "${deploy[@]}" | median)
s=$(printf '%s\n' "${steps[@]}" | median)
w=$(printf '%s\n' "${started[@]}" | median)
c=$(printf '%s\n' "${cli[@]}" | median)
echo "medians: by hand $h ms; hangar deploy $d ms (six steps $s ms, Start server $w ms; a CLI call alone $c ms)"
echo "ratio to by hand: hangar deploy $(ratio "$d" "$h"), its six steps $(ratio "$s" "$h")," \
  "its Start server step $(ratio "$w" "$h")"

# Scale 2 → 4: from the scale request to readyReplicas = 4.
./hangar deploy bench-85m --name bench-scale --replicas 2 >"$work/deploy-scale.log"
api PATCH /api/v1/endpoints/bench-scale '{"maxReplicas":4}' >/dev/null
start=$(now_ms)
api POST /api/v1/endpoints/bench-scale/scale '{"replicas":4}' >/dev/null
deadline=$(( start + 300000 ))
until [[ $(api GET /api/v1/endpoints/bench-scale) == *'"readyReplicas":4'* ]]; do
  [ "$(now_ms)" -lt "$deadline" ] || { echo "not 4 ready replicas after 5 minutes" >&2; exit 1; }
  sleep 0.05
done
echo "scale 2 -> 4 replicas: $(( $(now_ms) - start )) ms to 4 ready"
./hangar endpoints rm bench-scale >/dev/null
