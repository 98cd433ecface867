#!/usr/bin/env bash
# The built-in worker's HTTP server (the JDK's com.sun.net.httpserver on virtual threads, configured as
# WorkerHttpServer) against Netty, both answering the same fixed OpenAI shapes without a model
# (bench/src/main/java/dev/hangar/bench/http): what the HTTP layer alone costs per request.
#   1. latency of a 1-token completion (JSON, Content-Length) at 4 connections: p50, p99
#   2. requests/s of the same at 32 connections
#   3. requests/s of a 16-chunk event stream (each chunk flushed, as the worker streams tokens) at 4 connections
# Each server is warmed up for 10 s first; the two alternate, `rounds` times each.
# Usage: bench/http-servers.sh [seconds per measure, default 10] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-2}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
java="$(./hangar java-home)/bin/java"
[ -f bench/target/hangar-bench.jar ] || ./mvnw -B -ntp -q -pl formats,bench -am -DskipTests package
work=$(mktemp -d "${TMPDIR:-/tmp}/hangar-bench-http.XXXXXX")
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. bench/common.sh

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wrk prints 412.00us, 1.20ms or 2.00s; this prints milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.3f", n }'; }
# wrk URL THREADS CONNECTIONS: prints "requests/s p50_ms p99_ms"
load() {
  out=$(wrk -t"$2" -c"$3" -d"${seconds}s" --timeout 10s --latency -s bench/gateway/chat.lua "$1")
  grep -q 'Non-2xx\|Socket errors' <<<"$out" && { echo "errors under load at $1:" >&2; echo "$out" >&2; exit 1; }
  echo "$(awk '/^Requests\/sec/ {print $2}' <<<"$out") $(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")") $(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
}

measure() { # NAME MAIN-CLASS
  port=$(free_port)
  "$java" -cp bench/target/hangar-bench.jar "$2" "$port" >"$work/$1.log" 2>&1 &
  server_pid=$!
  await_line "$work/$1.log" 'listening' "$server_pid" >/dev/null
  base="http://127.0.0.1:$port/v1"
  seconds_saved=$seconds; seconds=10
  load "$base/completions" 2 32 >/dev/null
  load "$base/chat/completions" 1 4 >/dev/null
  seconds=$seconds_saved
  read -r _ p50 p99 < <(load "$base/completions" 1 4)
  read -r rps _ _ < <(load "$base/completions" 2 32)
  read -r streams _ _ < <(load "$base/chat/completions" 1 4)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  echo "$1: 1-token completion p50 $p50 ms p99 $p99 ms at 4 connections; $rps req/s at 32; $streams streams/s of 16 chunks at 4"
  echo "$1 $p50 $p99 $rps $streams" >>"$work/figures"
}

for round in $(seq 1 "$rounds"); do
  measure jdk dev.hangar.bench.http.JdkServerStandIn
  measure netty dev.hangar.bench.http.NettyServerStandIn
done
echo "medians of $rounds round(s):"
for k in 2 3 4 5; do
  jdk=$(awk -v k="$k" '$1 == "jdk" {print $k * 1000}' "$work/figures" | median)
  netty=$(awk -v k="$k" '$1 == "netty" {print $k * 1000}' "$work/figures" | median)
  name=$(echo "p50_ms p99_ms completions_per_s streams_per_s" | cut -d' ' -f$((k - 1)))
  echo "  $name: jdk $(ratio "$jdk" 1000) netty $(ratio "$netty" 1000), jdk/netty $(ratio "$jdk" "$netty")"
done
