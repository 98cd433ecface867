#!/usr/bin/env bash
# The gateway against the same fixed-answer upstream reached directly and through nginx, in one run.
# The upstream is nginx answering OpenAI's shapes with fixed bodies (gateway/upstream.conf), started
# by Hangar itself as the replica of a `llama-server` endpoint (gateway/llama-server is put first on
# HANGAR_RUNTIME_PATH). Load: wrk from Debian, installed with nginx when missing.
#   1. overhead: p50 and p99 through the gateway minus direct, at a moderate paced load (4 connections,
#      4 ms between each one's requests), then at 4 connections without pauses
#   2. throughput: requests/s through the gateway / through nginx as a reverse proxy, same concurrency
#   1 and 2 also for a router endpoint (bench-router) whose provider is the same upstream: the admin
#      setting HANGAR_ROUTER_ALLOWED_HOSTS lets it reach the loopback address
#   3. streaming: time to first token of the built-in worker (an 85M GGUF), direct and through the
#      gateway, alternating request by request (bench/gateway/Ttft.java), with the worker on one
#      compute thread and then on its default; and the gateway's own part of it at the wire, from a
#      capture of the loopback packets (tcpdump, bench/gateway/wire.py)
# The gateway is warmed up first (30 s of load: the JIT needs it), and its streaming path before the
# third measure (20 s of streamed answers from a stand-in endpoint named bench-events), and each TTFT
# measure counts only after 300 pairs of streams to the worker (the measuring client's own HTTP code
# and the gateway's path for the worker's answers are still being compiled before). Usage:
# bench/gateway.sh [seconds per measure, default 10] [connections for throughput, default 32] [streams, default 3000]
#   [rounds of the paced and throughput measures, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
streams=${3:-3000}
warm_up_streams=300
rounds=${4:-3}
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null || ! command -v tcpdump >/dev/null; then
  apt-get install -y nginx-light wrk tcpdump >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y nginx-light wrk tcpdump >/dev/null; }
fi
./hangar version >/dev/null # builds first when the sources changed
work=$(mktemp -d "${TMPDIR:-/tmp}/hangar-bench-gateway.XXXXXX")
export HANGAR_HOME="$work/home" TMPDIR="$work"
server_pid=""; proxy_pid=""; capture_pid=""; HANGAR_URL=""

cleanup() {
  [ -n "$capture_pid" ] && { kill "$capture_pid" 2>/dev/null || true; }
  [ -n "$proxy_pid" ] && { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; }
  [ -n "$HANGAR_URL" ] && { api DELETE /api/v1/endpoints/bench >/dev/null 2>&1 || true; }
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  left=$(pgrep -f "nginx.*$work" || true)
  [ -n "$left" ] && { echo "nginx left behind: $left (now killed)" >&2; kill $left 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. bench/common.sh
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk URL THREADS CONNECTIONS: prints "requests/s p50_ms p99_ms"
load() {
  out=$(wrk -t"$2" -c"$3" -d"${seconds}s" --timeout 10s --latency -s bench/gateway/chat.lua "$1")
  grep -q 'Non-2xx\|Socket errors' <<<"$out" && { echo "errors under load at $1:" >&2; echo "$out" >&2; exit 1; }
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $(ms "$p50") $(ms "$p99")"
}
# wrk prints 412.00us, 1.20ms or 2.00s; this prints milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.3f", n }'; }

mkdir -p "$work/models"
./hangar models make-tiny --size 1M "$work/models/bench.gguf" >/dev/null
HANGAR_MODEL_ROOTS="$work/models" HANGAR_RUNTIME_PATH="$PWD/bench/gateway" HANGAR_ROUTER_ALLOWED_HOSTS=127.0.0.1 \
  ./hangar serve --port 0 --stop-replicas-on-exit >"$work/server.log" 2>&1 &
server_pid=$!
ready=$(await_line "$work/server.log" 'ready at http://localhost:[0-9]+' "$server_pid")
export HANGAR_URL=${ready#ready at }
./hangar models import bench "$work/models/bench.gguf" >/dev/null
./hangar deploy bench --name bench --runtime llama-server >/dev/null
upstream=$(api GET /api/v1/endpoints/bench/replicas | grep -Eo '"address":"http://[^"]+"' | head -1 | cut -d'"' -f4)
api POST /api/v1/endpoints "{\"name\":\"bench-router\",\"runtime\":\"openai-compatible\",\"upstream\":{\"baseUrl\":\"$upstream/v1\",\"model\":\"bench\",\"apiKey\":\"bench-provider-key\"}}" >/dev/null
until api GET /api/v1/endpoints/bench-router | grep -q '"state":"Running"'; do sleep 0.2; done
gateway="$HANGAR_URL/v1/chat/completions"
proxy_port=$(free_port)
mkdir -p "$work/proxy"
sed -e "s/@LISTEN@/127.0.0.1:$proxy_port/" -e "s#@UPSTREAM@#${upstream#http://}#" bench/gateway/proxy.conf >"$work/proxy/nginx.conf"
nginx -p "$work/proxy" -c "$work/proxy/nginx.conf" -e stderr -g 'daemon off;' &
proxy_pid=$!
sleep 0.5
export BENCH_API_KEY=$(cat "$HANGAR_HOME/admin-api-key")
echo "upstream $upstream, gateway $gateway, nginx proxy http://127.0.0.1:$proxy_port; $seconds s per measure"

# 30 s of load warm the gateway's JIT and connection pool; errors here do not count.
wrk -t2 -c"$connections" -d30s -s bench/gateway/chat.lua "$gateway" >/dev/null
BENCH_MODEL=bench-router wrk -t2 -c"$connections" -d10s -s bench/gateway/chat.lua "$gateway" >/dev/null
# 1. moderate load: 4 connections, each pausing 4 ms between requests (at most 1,000 requests/s, a
#    small share of what the gateway serves here); then the same 4 connections without pauses, which
#    on a 2-core machine keeps the gateway's core busy, for what latency looks like at its capacity.
added() { awk "BEGIN {printf \"%.3f\", $1 - $2}"; }
# Each of the paced and throughput measures runs in rounds, the three targets taking turns, and the
# medians over the rounds are the result: the host's speed and its pauses drift within a minute.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
gadd50=(); gadd99=(); nadd50=(); nadd99=(); radd50=(); radd99=()
# The four go first in turn: whichever measure came right after the direct one was the slower at the
# tail (12 rounds of 12 on one held server, bench/NOTES.md), so no target may always hold that place.
for round in $(seq "$rounds"); do
  for turn in 0 1 2 3; do
    case $(((round + turn) % 4)) in
      0) read -r _ d50 d99 < <(BENCH_DELAY_MS=4 load "$upstream/v1/chat/completions" 1 4) ;;
      1) read -r grate g50 g99 < <(BENCH_DELAY_MS=4 load "$gateway" 1 4) ;;
      2) read -r _ n50 n99 < <(BENCH_DELAY_MS=4 load "http://127.0.0.1:$proxy_port/v1/chat/completions" 1 4) ;;
      3) read -r _ r50 r99 < <(BENCH_MODEL=bench-router BENCH_DELAY_MS=4 load "$gateway" 1 4) ;;
    esac
  done
  gadd50+=("$(added "$g50" "$d50")"); gadd99+=("$(added "$g99" "$d99")")
  nadd50+=("$(added "$n50" "$d50")"); nadd99+=("$(added "$n99" "$d99")")
  radd50+=("$(added "$r50" "$d50")"); radd99+=("$(added "$r99" "$d99")")
  echo "   round $round ($grate req/s): direct p50 $d50 ms p99 $d99 ms; gateway p50 $g50 ms p99 $g99 ms;" \
    "router endpoint p50 $r50 ms p99 $r99 ms; nginx p50 $n50 ms p99 $n99 ms"
done
echo "1. overhead at moderate load, medians of $rounds rounds: gateway added p50 $(median "${gadd50[@]}") ms," \
  "p99 $(median "${gadd99[@]}") ms; router endpoint added p50 $(median "${radd50[@]}") ms," \
  "p99 $(median "${radd99[@]}") ms; nginx proxying the same upstream added p50 $(median "${nadd50[@]}") ms," \
  "p99 $(median "${nadd99[@]}") ms"
read -r _ d50 d99 < <(load "$upstream/v1/chat/completions" 1 4)
read -r grate g50 g99 < <(load "$gateway" 1 4)
echo "   at 4 busy connections ($grate req/s): direct p50 $d50 ms p99 $d99 ms; gateway p50 $g50 ms p99 $g99 ms;" \
  "added p50 $(added "$g50" "$d50") ms, p99 $(added "$g99" "$d99") ms"
ratios=(); router_ratios=()
for round in $(seq "$rounds"); do
  for turn in 0 1 2; do
    case $(((round + turn) % 3)) in
      0) read -r grps _ _ < <(load "$gateway" 2 "$connections") ;;
      1) read -r nrps _ _ < <(load "http://127.0.0.1:$proxy_port/v1/chat/completions" 2 "$connections") ;;
      2) read -r rrps _ _ < <(BENCH_MODEL=bench-router load "$gateway" 2 "$connections") ;;
    esac
  done
  ratios+=("$(ratio "$grps" "$nrps")"); router_ratios+=("$(ratio "$rrps" "$nrps")")
  echo "   round $round: gateway $grps req/s, router endpoint $rrps req/s, nginx proxy $nrps req/s," \
    "ratios ${ratios[-1]} and ${router_ratios[-1]}"
done
echo "2. throughput at $connections connections, / nginx proxy, medians of $rounds rounds: gateway" \
  "$(median "${ratios[@]}"), router endpoint $(median "${router_ratios[@]}")"

./hangar deploy bench --name bench-events --runtime llama-server >/dev/null
BENCH_MODEL=bench-events BENCH_STREAM=1 wrk -t2 -c"$connections" -d20s -s bench/gateway/chat.lua "$gateway" >/dev/null
api DELETE /api/v1/endpoints/bench-events >/dev/null
./hangar models make-tiny --size 85M --type F16 "$work/models/stream.gguf" >/dev/null
./hangar models import stream "$work/models/stream.gguf" >/dev/null
# The worker first on one compute thread, leaving a core to the client and the gateway, then on as many
# as the machine gives it (both cores here: llama.cpp's spinning threads then share them with the
# client's and the gateway's wake-ups, so the second measure shows three processes on two cores too).
for threads in 1 0; do
  if [ "$threads" = 1 ]; then args=(--arg threads=1); label="worker on 1 thread"; else args=(); label="worker on its default threads"; fi
  endpoint=stream-$threads
  ./hangar deploy stream --name "$endpoint" --arg ctx-size=512 "${args[@]}" >/dev/null
  replica=$(api GET "/api/v1/endpoints/$endpoint/replicas")
  worker=$(grep -Eo '"address":"http://[^"]+"' <<<"$replica" | head -1 | cut -d'"' -f4)
  # the replica answers only callers with its token, which its process holds (readable by the same user)
  worker_pid=$(grep -Eo '"pid":[0-9]+' <<<"$replica" | head -1 | cut -d: -f2)
  worker_token=$(tr '\0' '\n' <"/proc/$worker_pid/environ" | sed -n 's/^HANGAR_REPLICA_TOKEN=//p')
  gateway_port=${HANGAR_URL##*:} worker_port=${worker##*:}
  tcpdump -i lo -nn -s 0 -w "$work/ttft.pcap" "tcp port $gateway_port or tcp port $worker_port" 2>/dev/null &
  capture_pid=$!
  sleep 1
  ttft=$("$(./hangar java-home)/bin/java" bench/gateway/Ttft.java "$worker/v1/chat/completions" "$worker_token" \
    "$HANGAR_URL/v1/chat/completions" "$BENCH_API_KEY" "$endpoint" "$streams" "$warm_up_streams")
  grep -v '^measured from' <<<"$ttft" | sed "s/^/3. time to first token, built-in $label: /"
  sleep 1
  kill "$capture_pid" 2>/dev/null || true
  if wait "$capture_pid" 2>/dev/null || [ -s "$work/ttft.pcap" ]; then
    tcpdump -r "$work/ttft.pcap" -nn -tt -A 2>/dev/null >"$work/ttft.txt"
    python3 bench/gateway/wire.py "$work/ttft.txt" "$gateway_port" "$worker_port" \
      "$(awk '/^measured from/ {print $3}' <<<"$ttft")" | sed 's/^/   /'
  else
    echo "   (no capture of the loopback: tcpdump needs root; the gateway's part at the wire is not measured)"
  fi
  capture_pid=""
  api DELETE "/api/v1/endpoints/$endpoint" >/dev/null
done
