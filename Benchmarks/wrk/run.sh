#!/usr/bin/env bash
# Webhook benchmark: a release `switchboard serve` with signature checking on, a fresh SQLite
# file, and wrk on 127.0.0.1. Usage: Benchmarks/wrk/run.sh NUMBERS [RUNS] [DURATION] [CONNECTIONS]
# (run from the repository root after `swift build -c release`; BIN=path runs another build). Prints one RESULT line per run
# and the server's RSS after each. SCENARIO=loop (default: Benchmarks/flows, a reply to every
# message) or SCENARIO=shipped (the shipped Flows with the menu texts).
set -euo pipefail
numbers=${1:-1}; runs=${2:-5}; duration=${3:-10s}; connections=${4:-32}
bin=${BIN:-.build/release/switchboard}
port=8099
token=bench-token
url="https://sms.example.com/webhooks/twilio"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.yaml"
if [ "${SCENARIO:-loop}" = shipped ]; then flows=Flows; bodies=menu; else flows=Benchmarks/flows; bodies=orders; fi
python3 Benchmarks/wrk/make_requests.py "$work/requests.tsv" --count 400000 --numbers "$numbers" --token "$token" --url "$url" --bodies $bodies
for run in $(seq 1 "$runs"); do
  rm -f "$work"/db.sqlite*
  TWILIO_AUTH_TOKEN=$token "$bin" serve --port $port --flows $flows --db "$work/db.sqlite" --public-url https://sms.example.com \
    --config "$work/empty.yaml" --log-level "${LOG_LEVEL:-info}" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do grep -q "\[switchboard\] listening" "$work/server.log" && break; sleep 0.2; done
  REQUESTS="$work/requests.tsv" wrk -t1 -c"$connections" -d"$duration" --latency -s Benchmarks/wrk/webhook.lua "http://127.0.0.1:$port" | grep RESULT
  echo "rss_mb=$(( $(grep VmRSS /proc/$server/status | awk '{print $2}') / 1024 )) conversations=$(sqlite3 "$work/db.sqlite" 'SELECT COUNT(*) FROM conversations' 2>/dev/null || echo '?')" \
    "texts_in_out_handoffs=$(sqlite3 "$work/db.sqlite" "SELECT (SELECT COUNT(*) FROM messages WHERE direction = 'in') || '/' || (SELECT COUNT(*) FROM messages WHERE direction = 'out') || '/' || (SELECT COUNT(*) FROM handoffs)" 2>/dev/null || echo '?')"
  kill -TERM $server; wait $server || true
done
