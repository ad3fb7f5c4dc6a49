#!/usr/bin/env bash
# bench.sh: the load benchmark behind `make bench`. It builds Batori, seeds a synthetic
# newspaper (ARTICLES, 100,000 by default), and loads it over loopback with wrk, printing
# requests/s, p50, p99 and the peak resident memory of the server for each row:
#
#   - an article from the page cache, identity and gzip, beside nginx (gzip_static) and a
#     bare net/http server (scripts/benchserve) serving that article's exact bytes, once with
#     its own four headers and once with the headers Batori sent (Batori answers cached pages
#     through fasthttp, internal/front, so it may well outrun the bare net/http server);
#   - fresh renders (article, home, a section page deep in pagination, search and a feed when
#     the build has them) from a second Batori started with --page-cache-mb 0, which renders
#     every request: query strings no longer bypass the cache, so this is how a miss is timed.
#
# Needs Go, curl, wrk and nginx (Debian: apt-get install wrk nginx-light).
# Environment: ARTICLES (100000), DURATION (10s per row), THREADS (2), CONNECTIONS (50), TIMEOUT (10s),
# BENCH_DIR (a folder to keep the build and the seeded data in between runs; a fresh
# temporary folder otherwise).
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
GO=${GO:-go}
PORT_BATORI=${PORT_BATORI:-18080}
PORT_FRESH=${PORT_FRESH:-18081}
PORT_NGINX=${PORT_NGINX:-18082}
PORT_GO=${PORT_GO:-18083}
PORT_METRICS=${PORT_METRICS:-18084}

for tool in curl wrk nginx "$GO"; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (Debian: apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
NGINX=$(command -v nginx)

cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-$(mktemp -d /tmp/batori-bench.XXXXXX)}
mkdir -p "$WORK"
chmod 755 "$WORK"
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

echo "bench: building into $WORK" >&2
"$GO" build -o "$WORK/batori" ./cmd/batori
"$GO" build -o "$WORK/benchserve" ./scripts/benchserve

DATA="$WORK/data"
if [[ -f "$DATA/seeded-$ARTICLES" ]]; then
	echo "bench: reusing the $ARTICLES seeded stories in $DATA" >&2
else
	rm -rf "$DATA"
	echo "bench: seeding $ARTICLES stories" >&2
	SEED_OUT=$("$WORK/batori" seed --migrate --data "$DATA" --articles "$ARTICLES" 2>>"$WORK/seed.log")
	echo "bench: $SEED_OUT" >&2
	echo "$SEED_OUT" >"$DATA/seeded-$ARTICLES"
fi

now_ms() { date +%s%3N; }

# start_batori PORT [flags...]: starts Batori, waits for /healthz, sets STARTED_PID and
# STARTUP_MS.
start_batori() {
	local port=$1
	shift
	local t0
	t0=$(now_ms)
	"$WORK/batori" serve --data "$DATA" --addr "127.0.0.1:$port" "$@" >>"$WORK/batori-$port.log" 2>&1 &
	STARTED_PID=$!
	PIDS+=("$STARTED_PID")
	for _ in $(seq 1 500); do
		if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
			STARTUP_MS=$(($(now_ms) - t0))
			return 0
		fi
		sleep 0.01
	done
	echo "bench: Batori on port $port did not start; see $WORK/batori-$port.log" >&2
	exit 1
}

stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# wait_for URL: waits up to four seconds for URL to answer.
wait_for() {
	for _ in $(seq 1 200); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.02
	done
}

# start_benchserve [flags...]: starts the bare net/http server on the cached article's bytes,
# sets GOSRV.
start_benchserve() {
	"$WORK/benchserve" -addr "127.0.0.1:$PORT_GO" -file "$WWW/article.html" "$@" 2>>"$WORK/benchserve.log" &
	GOSRV=$!
	PIDS+=("$GOSRV")
	wait_for "http://127.0.0.1:$PORT_GO/"
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

ROWS=()
# load NAME URL PID [wrk args...]: runs wrk against URL while sampling PID's resident memory
# (for nginx, the sum over its workers), and records one row.
load() {
	local name=$1 url=$2 pid=$3
	shift 3
	local out="$WORK/wrk.out" peak=0 rss
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "${TIMEOUT:-10s}" --latency "$@" "$url" >"$out" 2>&1 &
	local wrk_pid=$!
	while kill -0 "$wrk_pid" 2>/dev/null; do
		if [[ $pid == nginx ]]; then
			rss=0
			for p in $(pgrep -f "nginx: .*$WORK" || true); do rss=$((rss + $(rss_kb "$p"))); done
		else
			rss=$(rss_kb "$pid")
		fi
		((rss > peak)) && peak=$rss
		sleep 0.2
	done
	wait "$wrk_pid" || { cat "$out" >&2; exit 1; }
	local rps p50 p99 non2xx
	rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
	p50=$(awk '$1 == "50%" {print $2}' "$out")
	p99=$(awk '$1 == "99%" {print $2}' "$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
	if [[ -n $non2xx ]]; then
		name="$name (non-2xx: $non2xx)"
	fi
	ROWS+=("$name|$rps|$p50|$p99|$((peak / 1024)) MB")
	RPS[$name]=$rps
	echo "bench: $name: $rps requests/s, p50 $p50, p99 $p99" >&2
}
declare -A RPS
NOTES=()

GZIP=(-H "Accept-Encoding: gzip")

# The seed leaves the search index to the server's background backfill (a few minutes for
# 100,000 stories): wait for it once per seed, so that no row is measured while it runs.
if [[ ! -f "$DATA/indexed" ]]; then
	echo "bench: indexing the seeded stories for search (once per seed)" >&2
	: >"$WORK/batori-$PORT_BATORI.log"
	start_batori "$PORT_BATORI"
	for _ in $(seq 1 1800); do
		grep -q "indexed stories for search" "$WORK/batori-$PORT_BATORI.log" && break
		sleep 1
	done
	stop "$STARTED_PID"
	grep -q "indexed stories for search" "$WORK/batori-$PORT_BATORI.log" || { echo "bench: the search index was not filled in 30 minutes; see $WORK/batori-$PORT_BATORI.log" >&2; exit 1; }
	touch "$DATA/indexed"
fi

# The cached article, through Batori, then its exact bytes from nginx and bare Go.
start_batori "$PORT_BATORI" --metrics-addr "127.0.0.1:$PORT_METRICS"
BATORI=$STARTED_PID
STARTUP_CACHED=$STARTUP_MS
BASE="http://127.0.0.1:$PORT_BATORI"
curl -fsS -o "$WORK/home.html" "$BASE/"
ARTICLE=$(grep -o 'href="/news/[0-9]*/[^"#?]*"' "$WORK/home.html" | awk 'NR == 1' | sed 's/^href="//; s/"$//')
if [[ -z $ARTICLE ]]; then
	echo "bench: no article link on the home page" >&2
	exit 1
fi
WWW="$WORK/www"
mkdir -p "$WWW"
chmod 755 "$WWW"
curl -fsS -o "$WWW/article.html" "$BASE$ARTICLE"
curl -fsS -H "Accept-Encoding: gzip" -o "$WWW/article.html.gz" "$BASE$ARTICLE"
chmod 644 "$WWW"/article.html*
# The headers of a hit, for the bare server that sends the same ones.
curl -fsS -D "$WORK/article.headers" -o /dev/null "$BASE$ARTICLE"
echo "bench: article $ARTICLE: $(stat -c %s "$WWW/article.html") bytes, gzip $(stat -c %s "$WWW/article.html.gz")" >&2

load "Batori, cached article" "$BASE$ARTICLE" "$BATORI"
load "Batori, cached article, gzip" "$BASE$ARTICLE" "$BATORI" "${GZIP[@]}"
load "Batori, a random query string per request" "$BASE$ARTICLE" "$BATORI" -s scripts/bench-random-query.lua
CACHE_PAGES=$(curl -fsS "http://127.0.0.1:$PORT_METRICS/metrics" | awk '$1 == "batori_page_cache_pages" {print $2}')
NOTES+=("after the random query strings the page cache held ${CACHE_PAGES:-?} page(s): the home page and the article")
CACHED_HWM=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$BATORI/status")
stop "$BATORI"

NGX="$WORK/nginx"
mkdir -p "$NGX"
cat >"$NGX/nginx.conf" <<EOF
worker_processes auto;
pid $NGX/nginx.pid;
error_log $NGX/error.log;
events { worker_connections 4096; }
http {
    access_log $NGX/access.log combined buffer=64k flush=1s;
    client_body_temp_path $NGX/body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { text/html html; }
    server {
        listen 127.0.0.1:$PORT_NGINX;
        root $WWW;
        gzip_static on;
        gzip_vary on;
    }
}
EOF
"$NGINX" -p "$NGX" -c "$NGX/nginx.conf" -g "daemon off;" 2>>"$NGX/error.log" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_for "http://127.0.0.1:$PORT_NGINX/article.html"
load "nginx, same bytes" "http://127.0.0.1:$PORT_NGINX/article.html" nginx
load "nginx, same bytes, gzip_static" "http://127.0.0.1:$PORT_NGINX/article.html" nginx "${GZIP[@]}"
# The same script against nginx, which ignores query strings: what wrk's script costs itself.
load "nginx, same bytes, a random query string per request" "http://127.0.0.1:$PORT_NGINX/article.html" nginx -s scripts/bench-random-query.lua
stop "$NGINX_PID"

start_benchserve
load "bare net/http, same bytes" "http://127.0.0.1:$PORT_GO/" "$GOSRV"
load "bare net/http, same bytes, gzip" "http://127.0.0.1:$PORT_GO/" "$GOSRV" "${GZIP[@]}"
stop "$GOSRV"

# The same bare server sending Batori's headers too: what writing those headers costs in
# net/http, apart from the middleware and cache that chose them.
start_benchserve -headers "$WORK/article.headers"
load "bare net/http, same bytes and headers" "http://127.0.0.1:$PORT_GO/" "$GOSRV"
load "bare net/http, same bytes and headers, gzip" "http://127.0.0.1:$PORT_GO/" "$GOSRV" "${GZIP[@]}"
stop "$GOSRV"

# Fresh renders: a Batori with no page cache renders every request.
start_batori "$PORT_FRESH" --page-cache-mb 0
FRESH=$STARTED_PID
STARTUP_FRESH=$STARTUP_MS
FBASE="http://127.0.0.1:$PORT_FRESH"
load "Batori, article rendered fresh" "$FBASE$ARTICLE" "$FRESH"
load "Batori, home rendered fresh" "$FBASE/" "$FRESH"
SECTION=$(grep -o 'href="/section/[^"#?]*"' "$WORK/home.html" | awk 'NR == 1' | sed 's/^href="//; s/"$//')
# Deep in pagination: page 500 of twelve stories is the 6,000th newest in the section.
DEEP=${DEEP_PAGE:-500}
if curl -fsS -o /dev/null "$FBASE$SECTION?page=$DEEP"; then
	load "Batori, $SECTION?page=$DEEP rendered fresh" "$FBASE$SECTION?page=$DEEP" "$FRESH"
else
	NOTES+=("$SECTION?page=$DEEP did not answer 200; deep section row skipped")
fi
if [[ $(curl -s -o /dev/null -w '%{http_code}' "$FBASE/search?q=guwahati") == 200 ]]; then
	load "Batori, search rendered fresh" "$FBASE/search?q=guwahati" "$FRESH"
else
	NOTES+=("/search is not in this build; search row skipped")
fi
FEED=""
for path in /feed.xml /rss.xml /atom.xml /feed /rss /feeds/en.xml; do
	if [[ $(curl -s -o /dev/null -w '%{http_code}' "$FBASE$path") == 200 ]]; then
		FEED=$path
		break
	fi
done
if [[ -n $FEED ]]; then
	load "Batori, feed $FEED rendered fresh" "$FBASE$FEED" "$FRESH"
else
	NOTES+=("no feed in this build; feed row skipped")
fi
FRESH_HWM=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$FRESH/status")
stop "$FRESH"

ratio() { awk -v a="${RPS[$1]:-0}" -v b="${RPS[$2]:-0}" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }

echo
echo "Batori benchmark: $ARTICLES stories, wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| what | requests/s | p50 | p99 | peak RSS |"
echo "|---|---|---|---|---|"
for row in "${ROWS[@]}"; do
	IFS='|' read -r name rps p50 p99 rss <<<"$row"
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$rss"
done
echo
echo "| ratio | identity | gzip |"
echo "|---|---|---|"
echo "| Batori cached / nginx | $(ratio "Batori, cached article" "nginx, same bytes") | $(ratio "Batori, cached article, gzip" "nginx, same bytes, gzip_static") |"
echo "| Batori cached / bare net/http | $(ratio "Batori, cached article" "bare net/http, same bytes") | $(ratio "Batori, cached article, gzip" "bare net/http, same bytes, gzip") |"
echo "| Batori cached / bare net/http with Batori's headers | $(ratio "Batori, cached article" "bare net/http, same bytes and headers") | $(ratio "Batori, cached article, gzip" "bare net/http, same bytes and headers, gzip") |"
echo "| bare net/http / nginx | $(ratio "bare net/http, same bytes" "nginx, same bytes") | $(ratio "bare net/http, same bytes, gzip" "nginx, same bytes, gzip_static") |"
echo
echo "A random query string per request, against the same page without one: Batori $(ratio "Batori, a random query string per request" "Batori, cached article"), nginx $(ratio "nginx, same bytes, a random query string per request" "nginx, same bytes") (nginx ignores the query: its ratio is what wrk's script costs)."
echo "Start-up to the first /healthz: ${STARTUP_CACHED} ms (cached), ${STARTUP_FRESH} ms (no cache). Peak RSS over the whole run: ${CACHED_HWM} MB (cached), ${FRESH_HWM} MB (no cache)."
for note in "${NOTES[@]}"; do
	echo "Note: $note."
done
