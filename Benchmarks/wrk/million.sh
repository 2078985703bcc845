#!/usr/bin/env bash
# RSS of `switchboard serve` after 1,000,000 conversations stored through the webhook (one new
# number per request, signatures on). Usage: Benchmarks/wrk/million.sh (after a release build).
set -euo pipefail
bin=.build/release/switchboard
port=8096
token=bench-token
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.yaml"
python3 Benchmarks/wrk/make_requests.py "$work/requests.tsv" --count 1000000 --numbers 1000000 --token "$token" --url "https://sms.example.com/webhooks/twilio"
TWILIO_AUTH_TOKEN=$token "$bin" serve --port $port --db "$work/db.sqlite" --public-url https://sms.example.com \
  --config "$work/empty.yaml" --log-level warning > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "\[switchboard\] listening" "$work/server.log" && break; sleep 0.2; done
echo "rss_mb_at_start=$(( $(grep VmRSS /proc/$server/status | awk '{print $2}') / 1024 ))"
# Each webhook is sent once (ONCE): afterwards wrk only asks /healthz until the time is up.
ONCE=1 REQUESTS="$work/requests.tsv" wrk -t1 -c40 -d${DURATION:-240s} --timeout 10s -s Benchmarks/wrk/webhook.lua "http://127.0.0.1:$port" | grep RESULT
conversations=$(sqlite3 "$work/db.sqlite" 'SELECT COUNT(*) FROM conversations')
echo "conversations=$conversations rss_mb=$(( $(grep VmRSS /proc/$server/status | awk '{print $2}') / 1024 )) peak_rss_mb=$(( $(grep VmHWM /proc/$server/status | awk '{print $2}') / 1024 ))"
echo "db_mb=$(( $(stat -c %s "$work/db.sqlite") / 1048576 )) wal_mb=$(( $(stat -c %s "$work/db.sqlite-wal" 2>/dev/null || echo 0) / 1048576 ))"
kill -TERM $server; wait $server || true
