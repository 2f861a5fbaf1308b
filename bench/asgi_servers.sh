#!/usr/bin/env bash
# Masthead ASGI server benchmark: uvicorn vs granian, same app, same settings.
#
# What it measures: throughput (requests/s) and latency (p50, p99) of the
# production-configured Django app (config.settings.production, DEBUG off,
# SQLite, local-memory cache) served by each ASGI server with 2 worker
# processes on 127.0.0.1, loaded by wrk with 2 threads and 16 keep-alive
# connections for 10 s per run. Two pages are measured, each twice per server:
#   - the demo story with its long threaded discussion (the heaviest page), and
#   - the front page (/).
# After each server's load it also prints the resident memory (RSS) of every
# process in that server's process group.
#
# The machine running this also runs wrk, so client and server share the CPU:
# compare servers within one run, and repeat the whole script to see the drift.
#
# Nothing in the repository is written: the database, demo accounts and
# collected static files live in $BENCH_DIR (default /tmp/masthead-bench-asgi).
# The demo content is loaded once (load_demo --if-empty); delete $BENCH_DIR to
# rebuild it after the demo loader changes. If granian is not installed in
# .venv, it is installed into a scratch venv in $BENCH_DIR, never into .venv or
# the requirements.
#
# Reproduce:  bash bench/asgi_servers.sh
# Knobs:      BENCH_DIR, BENCH_DURATION (10s), BENCH_ROUNDS (2), BENCH_WARMUP (2s),
#             BENCH_SERVERS ("uvicorn granian"; "granian uvicorn" runs granian first),
#             BENCH_GRANIAN_SCRATCH=1 (take granian from the scratch venv regardless)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

BENCH_DIR=${BENCH_DIR:-/tmp/masthead-bench-asgi}
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-2}
WARMUP=${BENCH_WARMUP:-2s}
# Servers run one after the other; swap the order to check for drift favouring the first.
SERVERS=${BENCH_SERVERS:-uvicorn granian}
WORKERS=2
HOST=127.0.0.1
STORY_PATH=/story/sony-record-10-million-xperia-quarter/
FRONT_PATH=/
PY="$REPO_ROOT/.venv/bin/python"

mkdir -p "$BENCH_DIR"
RESULTS="$BENCH_DIR/results.tsv"
RSS_REPORT="$BENCH_DIR/rss.txt"
: >"$RESULTS"
: >"$RSS_REPORT"

# --- Environment: production settings, everything stateful in the scratch dir ---
export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY=bench-only
export MASTHEAD_VAR_DIR="$BENCH_DIR/var"
export STATIC_ROOT="$BENCH_DIR/staticfiles"
export ALLOWED_HOSTS=127.0.0.1,localhost
# Plain HTTP on loopback: without these every request would be a 301 to https://,
# which wrk counts as a success.
export SECURE_SSL_REDIRECT=0
export SECURE_COOKIES=0
# SQLite in $MASTHEAD_VAR_DIR and the local-memory cache, whatever the caller's shell has.
unset DATABASE_URL REDIS_URL BEHIND_TLS_PROXY
export PYTHONDONTWRITEBYTECODE=1

log() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

[[ -x "$PY" ]] || die "no project venv at $REPO_ROOT/.venv (run: make run or make test once)"

# --- Cleanup: stop whatever server this script started, even on error or Ctrl+C ---
SERVER_PGID=""
stop_server() {
	[[ -n "$SERVER_PGID" ]] || return 0
	local pgid=$SERVER_PGID
	SERVER_PGID=""
	kill -TERM -- "-$pgid" 2>/dev/null || return 0
	local i
	for ((i = 0; i < 50; i++)); do # up to 10 s for a graceful shutdown
		kill -0 -- "-$pgid" 2>/dev/null || return 0
		sleep 0.2
	done
	log "process group $pgid ignored SIGTERM; sending SIGKILL"
	kill -KILL -- "-$pgid" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tools ---
if ! command -v wrk >/dev/null 2>&1; then
	log "installing wrk"
	SUDO=""
	[[ $EUID -eq 0 ]] || SUDO=sudo
	$SUDO apt-get install -y wrk || { $SUDO apt-get update && $SUDO apt-get install -y wrk; }
fi
command -v curl >/dev/null 2>&1 || die "curl is needed to check the pages before loading them"

# BENCH_GRANIAN_SCRATCH=1 uses the scratch venv even when .venv has granian.
if [[ ${BENCH_GRANIAN_SCRATCH:-0} != 1 ]] && [[ -x "$REPO_ROOT/.venv/bin/granian" ]] &&
	"$PY" -c 'import granian' 2>/dev/null; then
	GRANIAN="$REPO_ROOT/.venv/bin/granian"
	GRANIAN_PY="$PY"
else
	GRANIAN_VENV="$BENCH_DIR/granian-venv"
	if [[ ! -x "$GRANIAN_VENV/bin/granian" ]]; then
		log "granian is not in .venv; installing it into $GRANIAN_VENV"
		python3 -m venv "$GRANIAN_VENV"
		"$GRANIAN_VENV/bin/python" -m pip install -q --disable-pip-version-check \
			-r requirements.lock granian
	fi
	GRANIAN="$GRANIAN_VENV/bin/granian"
	GRANIAN_PY="$GRANIAN_VENV/bin/python"
fi

pkg_version() { "$1" -c "import importlib.metadata as m; print(m.version('$2'))"; }
UVICORN_VERSION=$(pkg_version "$PY" uvicorn)
GRANIAN_VERSION=$(pkg_version "$GRANIAN_PY" granian)
DJANGO_VERSION=$(pkg_version "$PY" django)

# --- Database, static files, demo content (idempotent) ---
log "preparing $BENCH_DIR (migrate, collectstatic, load_demo)"
mkdir -p "$MASTHEAD_VAR_DIR"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py load_demo --if-empty --password bench >/dev/null

# --- Helpers ---
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$1" || true; }

# wrk prints latencies as 812.00us / 12.34ms / 1.20s: normalise to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
		else { printf "?" }
	}'
}

start_server() { # name port logfile
	local name=$1 port=$2 logfile=$3
	local -a cmd
	case $name in
	uvicorn)
		cmd=("$REPO_ROOT/.venv/bin/uvicorn" config.asgi:application
			--host "$HOST" --port "$port" --workers "$WORKERS"
			--loop uvloop --http httptools --lifespan off --no-access-log --log-level warning)
		;;
	granian)
		# asginl = ASGI without the lifespan protocol, the equivalent of uvicorn's
		# --lifespan off (Django does not implement lifespan; plain asgi logs a warning).
		cmd=("$GRANIAN" --interface asginl config.asgi:application
			--host "$HOST" --port "$port" --workers "$WORKERS"
			--loop uvloop --no-ws --log-level warning --no-access-log)
		;;
	*) die "unknown server $name" ;;
	esac
	log "starting $name on $HOST:$port: ${cmd[*]##*/}"
	# setsid: the server gets its own process group, so one kill stops it and its workers.
	setsid "${cmd[@]}" >"$logfile" 2>&1 </dev/null &
	SERVER_PGID=$!
	local i status=""
	for ((i = 0; i < 120; i++)); do # up to 60 s to come up
		kill -0 "$SERVER_PGID" 2>/dev/null || {
			cat "$logfile" >&2
			die "$name exited during startup"
		}
		status=$(http_status "http://$HOST:$port$FRONT_PATH")
		[[ $status == 200 ]] && return 0
		sleep 0.5
	done
	cat "$logfile" >&2
	die "$name did not answer 200 on $FRONT_PATH within 60 s (last status: ${status:-none})"
}

record_rss() { # name
	local name=$1 leader=$SERVER_PGID
	{
		printf '%s (process group %s): role pid ppid rss command\n' "$name" "$leader"
		ps -eo pid=,ppid=,pgid=,rss=,args= | awk -v g="$leader" -v l="$leader" '
			$3 == g {
				if ($1 == l) role = "main"
				else if ($0 ~ /resource_tracker/) role = "tracker"
				else { role = "worker"; workers += $4; nw++ }
				total += $4
				cmd = ""
				for (i = 5; i <= NF && i < 9; i++) cmd = cmd " " $i
				printf "  %-7s %7s %7s %8s KiB %s\n", role, $1, $2, $4, cmd
			}
			END {
				printf "  workers: %d, %.1f MiB together (%.1f MiB each on average); whole group %.1f MiB\n",
					nw, workers / 1024, (nw ? workers / nw : 0) / 1024, total / 1024
			}'
	} >>"$RSS_REPORT"
}

run_wrk() { # server url_label url round
	local server=$1 label=$2 url=$3 round=$4 out
	out="$BENCH_DIR/wrk-$server-$label-$round.txt"
	wrk -t2 -c16 -d"$DURATION" --timeout 30s --latency "$url" >"$out"
	local rps p50 p99 non2xx sockerr
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	non2xx=$(awk -F: '/Non-2xx or 3xx responses/ { gsub(/ /, "", $2); print $2 }' "$out")
	sockerr=$(awk '/Socket errors/ {
		n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n }' "$out")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$label" "$round" "${rps:-0}" \
		"$p50" "$p99" "${non2xx:-0}" "${sockerr:-0}" >>"$RESULTS"
	log "$server $label round $round: ${rps:-?} req/s, p50 ${p50} ms, p99 ${p99} ms"
}

# --- Benchmark ---
for server in $SERVERS; do
	port=$(free_port)
	start_server "$server" "$port" "$BENCH_DIR/$server.log"
	base="http://$HOST:$port"
	# The pages must be real 200s (a 301/302 would be counted by wrk as a success).
	for path in "$STORY_PATH" "$FRONT_PATH"; do
		status=$(http_status "$base$path")
		[[ $status == 200 ]] || die "$server: GET $path answered $status, expected 200"
	done
	log "$server: warming up ($WARMUP per page)"
	wrk -t2 -c16 -d"$WARMUP" "$base$STORY_PATH" >/dev/null
	wrk -t2 -c16 -d"$WARMUP" "$base$FRONT_PATH" >/dev/null
	for ((round = 1; round <= ROUNDS; round++)); do
		run_wrk "$server" story "$base$STORY_PATH" "$round"
		run_wrk "$server" front "$base$FRONT_PATH" "$round"
	done
	record_rss "$server"
	stop_server
	sleep 1
done

# --- Report ---
echo
echo "Masthead ASGI servers: $WORKERS workers each, wrk -t2 -c16 -d$DURATION --latency, 127.0.0.1"
echo "uvicorn $UVICORN_VERSION (uvloop, httptools) | granian $GRANIAN_VERSION (uvloop) | Django $DJANGO_VERSION | $(nproc) CPUs"
echo "story = $STORY_PATH   front = $FRONT_PATH   code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' + uncommitted changes')"
echo
{
	printf 'server\tURL\tround\treq/s\tp50 ms\tp99 ms\tnon-2xx\tsocket errors\n'
	cat "$RESULTS"
} | column -t -s $'\t'
echo
awk -F'\t' '
	{ sum[$2 "|" $1] += $4; n[$2 "|" $1]++; pages[$2] = 1 }
	END {
		for (p in pages) {
			if (!n[p "|uvicorn"] || !n[p "|granian"]) continue
			u = sum[p "|uvicorn"] / n[p "|uvicorn"]; g = sum[p "|granian"] / n[p "|granian"]
			w = (g > u) ? "granian" : "uvicorn"
			r = (g > u) ? g / u : u / g
			printf "mean %-5s: uvicorn %8.1f req/s, granian %8.1f req/s -> %s faster by %.1f%%\n", p, u, g, w, (r - 1) * 100
		}
	}' "$RESULTS" | sort
echo
echo "Worker memory after load:"
cat "$RSS_REPORT"
echo
echo "Raw wrk output and server logs: $BENCH_DIR"
echo "Reproduce: bash bench/asgi_servers.sh"

errors=$(awk -F'\t' '{ e += $7 + $8 } END { print e + 0 }' "$RESULTS")
if ((errors > 0)); then
	echo "WARNING: $errors non-2xx responses or socket errors; see $BENCH_DIR/wrk-*.txt" >&2
	exit 1
fi
