#!/usr/bin/env bash
# Two built-in workers on one generated tiny GGUF, each answering a client that sends 24-token
# completions one after another, while every core also runs a busy loop (the rest of a busy
# machine: the server, another endpoint, a build). The same round with 1, then with as many
# threads per worker as the machine has cores; the figure is the ratio of the two round times.
# Usage: bench/cpu-share.sh [requests per client, default 20] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20}
rounds=${2:-3}
./hangar version >/dev/null # builds first when the sources changed
java="$(./hangar java-home)/bin/java"
cores=$(nproc)
work=$(mktemp -d "${TMPDIR:-/tmp}/hangar-bench-cpu.XXXXXX")
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. bench/common.sh

./hangar models make-tiny --size 1M "$work/tiny.gguf" >/dev/null

# round THREADS: prints the milliseconds until both clients got all their answers
round() {
  local workers=() ports=()
  for i in 1 2; do
    "$java" -jar worker/target/hangar-worker.jar --model "$work/tiny.gguf" --port 0 --ctx-size 512 \
      --threads "$1" >"$work/worker-$1-$i.log" 2>&1 &
    workers+=($!)
    pids+=($!)
  done
  for i in 1 2; do
    ports+=("$(await_line "$work/worker-$1-$i.log" 'listening on http://[0-9.]+:[0-9]+' "${workers[$((i - 1))]}" \
      | grep -Eo '[0-9]+$')")
    until curl -sf "http://127.0.0.1:${ports[$((i - 1))]}/health" >/dev/null; do sleep 0.05; done
  done
  local busy=()
  for _ in $(seq "$cores"); do
    (while :; do :; done) &
    busy+=($!)
    pids+=($!)
  done
  local started clients=()
  started=$(now_ms)
  for port in "${ports[@]}"; do
    (for _ in $(seq "$requests"); do
      curl -fsS -m 120 "http://127.0.0.1:$port/v1/completions" -H 'Content-Type: application/json' \
        -d '{"model":"tiny","prompt":"Tell me","max_tokens":24,"temperature":0}' >/dev/null
    done) &
    clients+=($!)
  done
  wait "${clients[@]}"
  echo $(( $(now_ms) - started ))
  kill "${busy[@]}" "${workers[@]}" 2>/dev/null || true
  wait "${busy[@]}" "${workers[@]}" 2>/dev/null || true
}

echo "two workers, $requests completions of 24 tokens each, $cores cores each running a busy loop"
for r in $(seq "$rounds"); do
  one=$(round 1)
  all=$(round "$cores")
  echo "round $r: 1 thread per worker ${one} ms, $cores threads per worker ${all} ms: $(ratio "$all" "$one")x slower"
done
