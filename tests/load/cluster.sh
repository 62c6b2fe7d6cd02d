#!/bin/sh
# Two app nodes on one PostgreSQL (issue 15): ORGS organizations with a meeting in session each,
# EDITORS editors per organization autosaving their own paragraph every INTERVAL seconds through
# either node, BOARD_RATE requests a second on the public boards of both nodes, for DURATION seconds; a
# probe times a change made through node A until node B's live page is told. Prints the figures
# and each node's peak memory.
#
#     cargo build --release -p justera --bin justera --example cluster_load
#     sh tests/load/cluster.sh            # ORGS=200 EDITORS=5 INTERVAL=2 BOARD_RATE=500 DURATION=60
#
# Uses a fresh schema of the PostgreSQL of PGURL (default postgres://postgres@127.0.0.1:5432/test),
# dropped afterwards.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
justera=${JUSTERA:-$root/target/release/justera}
load=${CLUSTER_LOAD:-$root/target/release/examples/cluster_load}
pgurl=${PGURL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
orgs=${ORGS:-200}
editors=${EDITORS:-5}
interval=${INTERVAL:-2}
board_rate=${BOARD_RATE:-500}
seconds=${DURATION:-60}
schema=cluster_$$
work=$(mktemp -d)
psql -q "$pgurl" -c "CREATE SCHEMA $schema"
case $pgurl in *\?*) sep="&" ;; *) sep="?" ;; esac
export DATABASE_URL="$pgurl${sep}options=-c%20search_path%3D$schema"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    python3 -c 'import socket,sys,time
for _ in range(400):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit("noden på port %s startade inte" % sys.argv[1])' "$1"
}
pa=$(free_port); pb=$(free_port)
cleanup() {
    kill "${a:-}" "${b:-}" 2>/dev/null || true
    wait 2>/dev/null || true
    psql -q "$pgurl" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE"
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
"$justera" migrate >/dev/null
"$justera" serve --port "$pa" >node-a.log 2>&1 & a=$!
wait_port "$pa"
"$load" setup --orgs "$orgs" --editors "$editors" --node "http://127.0.0.1:$pa"
"$justera" serve --port "$pb" >node-b.log 2>&1 & b=$!
wait_port "$pb"
"$load" run --orgs "$orgs" --editors "$editors" --interval "$interval" --board-rate "$board_rate" \
    --seconds "$seconds" --node "http://127.0.0.1:$pa" --node "http://127.0.0.1:$pb"
for n in a b; do
    pid=$(eval echo \$$n)
    printf '  nod %s: högsta minnesanvändning %s\n' "$(echo $n | tr ab AB)" "$(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MB"}')"
done
grep -h "5[0-9][0-9] " node-a.log node-b.log | head -3 || true
