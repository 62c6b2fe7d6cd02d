#!/usr/bin/env bash
# Load on the public notice board (issue 5's target: with 10,000 archived and 30 current
# notices, GET /anslagstavla ≥ 10,000 requests/s with 64 connections, p99 ≤ 10 ms, server
# RSS ≤ 100 MB). Loopback, wrk from Debian (apt-get install wrk).
#
#   tests/load/board.sh [BINARY]          # default target/release/justera
#   DATABASE_URL=postgres://… tests/load/board.sh   # the same on PostgreSQL (an empty database)
set -euo pipefail
BIN=${1:-target/release/justera}
DURATION=${DURATION:-20s}
DIR=$(mktemp -d)
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$DIR"' EXIT
export DATABASE_URL=${DATABASE_URL:-sqlite://$DIR/justera.db}
"$BIN" load-data --archived 10000 --current 30
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --port "$PORT" > "$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/anslagstavla" -o /dev/null && break; sleep 0.1; done
CURRENT=$(curl -fs "http://127.0.0.1:$PORT/api/anslagstavla" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["notices"]))')
ARCHIVED=$(curl -fs "http://127.0.0.1:$PORT/api/anslagstavla/arkiv" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "Anslagstavlan: $CURRENT aktuella, $ARCHIVED i arkivet ($DATABASE_URL)"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT/anslagstavla"
echo "Serverns minne: $(grep -E 'VmRSS|VmHWM' /proc/$PID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
