#!/usr/bin/env bash
# Milliseconds from `POST /api/v1/models` to `ready` for a ~1 GB GGUF registered in place, against
# the baseline of the alternative design: a full SHA-256 of the file before `ready` (sha256sum, file
# in the page cache). Each run waits until the previous run's background checksum is done.
# Usage: bench/import.sh [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=18766
java_home=$(./hangar java-home)
./hangar build >/dev/null
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
model="$work/model-500M-f16.gguf"
"$java_home/bin/java" -jar server/target/hangar-server.jar models make-tiny "$model" --size 500M --type F16
HANGAR_HOME="$work/home" HANGAR_MODEL_ROOTS="$work" "$java_home/bin/java" -jar server/target/hangar-server.jar serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; do sleep 0.2; done
key=$(cat "$work/home/admin-api-key")
. bench/common.sh

for i in $(seq 1 "$runs"); do
  start=$(now_ms); sha256sum "$model" >/dev/null; read_ms=$(( $(now_ms) - start ))
  start=$(now_ms)
  id=$(curl -fs -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\",\"source\":{\"type\":\"local\",\"path\":\"$model\"}}" \
    "http://127.0.0.1:$port/api/v1/models" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  until curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/models/$id" | grep -q '"status":"ready"'; do
    sleep 0.01
  done
  ready_ms=$(( $(now_ms) - start ))
  echo "run $i: $(stat -c %s "$model") bytes; ready after $ready_ms ms; sha256sum of the file $read_ms ms; ratio $(awk "BEGIN {printf \"%.3f\", $ready_ms/$read_ms}")"
  until curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/models/$id" | grep -q '"sha256"'; do
    sleep 0.2
  done
done
