#!/usr/bin/env bash
# Load on the public routes (issues 5 and 15): with 10,000 archived and 30 current notices,
# every public route under `wrk -t1 -c64`, each against nginx serving the same bytes from a
# file in the same run (the physical anchor), printing requests/s, p99, the ratio to nginx and
# the server's peak RSS. Targets: the board ≥ 10,000 req/s; notice page, protocol page, PDF
# and archive search ≥ 0.5 of nginx with p99 ≤ 10 ms; RSS ≤ 100 MB. Loopback; wrk and nginx
# from Debian (apt-get install wrk nginx).
#
#   tests/load/board.sh [BINARY]          # default target/release/justera
#   DATABASE_URL=postgres://… tests/load/board.sh   # the same on PostgreSQL (an empty database)
#   DURATION=20s tests/load/board.sh
set -euo pipefail
BIN=${1:-target/release/justera}
DURATION=${DURATION:-10s}
DIR=$(mktemp -d)
trap 'kill "${PID:-0}" 2>/dev/null || true; [ -f "$DIR/nginx.pid" ] && kill "$(cat "$DIR/nginx.pid")" 2>/dev/null; rm -rf "$DIR"' EXIT
export DATABASE_URL=${DATABASE_URL:-sqlite://$DIR/justera.db}
"$BIN" load-data --archived 10000 --current 30
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
"$BIN" serve --port "$PORT" > "$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/anslagstavla" -o /dev/null && break; sleep 0.1; done
CURRENT=$(curl -fs "http://127.0.0.1:$PORT/api/anslagstavla" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["notices"]))')
ARCHIVED=$(curl -fs "http://127.0.0.1:$PORT/api/anslagstavla/arkiv" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
NOTICE=$(curl -fs "http://127.0.0.1:$PORT/api/anslagstavla" | python3 -c 'import json,sys; print(json.load(sys.stdin)["notices"][0]["id"])')
echo "Anslagstavlan: $CURRENT aktuella, $ARCHIVED i arkivet ($DATABASE_URL)"

# The same bytes as files for nginx.
mkdir -p "$DIR/www"
ROUTES=(
  "anslagstavlan|/anslagstavla"
  "anslaget|/anslagstavla/anslag/$NOTICE"
  "protokollsidan|/anslagstavla/anslag/$NOTICE/protokoll"
  "protokollet-pdf|/anslagstavla/anslag/$NOTICE/protokoll.pdf"
  "arkivsokning|/anslagstavla/arkiv?ord=taxa"
)
for r in "${ROUTES[@]}"; do
  name=${r%%|*}; path=${r#*|}
  curl -fs "http://127.0.0.1:$PORT$path" -o "$DIR/www/$name"
done
NGINX_PORT=$(free_port)
cat > "$DIR/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$NGINX_PORT; root $DIR/www; location / { default_type text/html; } }
}
CONF
nginx -c "$DIR/nginx.conf"

run() { wrk -t1 -c64 -d"$DURATION" --latency "$1" | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}'; }
printf '%-16s %12s %10s %12s %10s %6s\n' väg "justera/s" p99 "nginx/s" p99 kvot
for r in "${ROUTES[@]}"; do
  name=${r%%|*}; path=${r#*|}
  read -r j jp <<<"$(run "http://127.0.0.1:$PORT$path")"
  read -r n np <<<"$(run "http://127.0.0.1:$NGINX_PORT/$name")"
  ratio=$(python3 -c "print(f'{float(\"$j\")/float(\"$n\"):.2f}')")
  printf '%-16s %12s %10s %12s %10s %6s\n' "$name" "$j" "$jp" "$n" "$np" "$ratio"
done
echo "Serverns minne: $(grep -E 'VmRSS|VmHWM' /proc/$PID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
