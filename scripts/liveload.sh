#!/usr/bin/env bash
# liveload.sh: the live-blog load figure (issue 13). Builds Batori, seeds a small newspaper
# (ARTICLES, 1,000 by default) into a fresh data folder, starts `batori serve` on SQLite and
# runs scripts/liveload against it: a live blog of ENTRIES updates, READERS readers polling
# its updates endpoint as live.js does, an editor adding an update every EVERY for DURATION.
# It prints how long readers took to see each update, the server's resident memory and the
# home page's latency alone and under the load. Figures, not a test: run it on an idle box.
#
# Environment: READERS (2000), ENTRIES (500), EVERY (10s), DURATION (2m), POLL (3s, as
# live.js), ARTICLES (1000), PORT (18090), GO (go), BENCH_DIR (keep the build and data).
set -euo pipefail

READERS=${READERS:-2000}
ENTRIES=${ENTRIES:-500}
EVERY=${EVERY:-10s}
DURATION=${DURATION:-2m}
POLL=${POLL:-3s}
ARTICLES=${ARTICLES:-1000}
PORT=${PORT:-18090}
GO=${GO:-go}

cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-$(mktemp -d /tmp/batori-liveload.XXXXXX)}
mkdir -p "$WORK"
DATA="$WORK/data-$$"
SERVER=""
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

"$GO" build -o "$WORK/batori" ./cmd/batori
"$GO" build -o "$WORK/liveload" ./scripts/liveload
"$WORK/batori" seed --migrate --data "$DATA" --articles "$ARTICLES" >"$WORK/seed.log" 2>&1
PASSWORD="tea-garden-$(date +%s)-counting"
echo "$PASSWORD" | "$WORK/batori" user create --data "$DATA" --email editor@load.test --name "Load Editor" --role editor --password-stdin >/dev/null
# Many readers keep a connection each: allow the descriptors.
ulimit -n "$(( READERS * 2 + 1024 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
"$WORK/batori" serve --data "$DATA" --addr "127.0.0.1:$PORT" --base-url "http://127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do
	curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done
LIVELOAD_PASSWORD="$PASSWORD" "$WORK/liveload" -base "http://127.0.0.1:$PORT" -email editor@load.test -pid "$SERVER" \
	-readers "$READERS" -entries "$ENTRIES" -every "$EVERY" -poll "$POLL" -duration "$DURATION"
