#!/usr/bin/env bash
# RSS of `switchboard serve` after 1,000,000 conversations stored through the webhook (one new
# number per request, signatures on). Usage: Benchmarks/wrk/million.sh (after a release build).
set -euo pipefail
bin=${BIN:-.build/release/switchboard}
port=8096
token=bench-token
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.yaml"
python3 Benchmarks/wrk/make_requests.py "$work/requests.tsv" --count ${COUNT:-1000000} --numbers ${COUNT:-1000000} --token "$token" --url "https://sms.example.com/webhooks/twilio"
TWILIO_AUTH_TOKEN=$token "$bin" serve --port $port --db "$work/db.sqlite" --public-url https://sms.example.com \
  --config "$work/empty.yaml" --log-level warning > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "\[switchboard\] listening" "$work/server.log" && break; sleep 0.2; done
echo "rss_mb_at_start=$(( $(grep VmRSS /proc/$server/status | awk '{print $2}') / 1024 ))"
# Each webhook is sent once (ONCE).
started=$(date +%s.%N)
ONCE=1 REQUESTS="$work/requests.tsv" wrk -t1 -c40 -d${DURATION:-900s} --timeout 10s -s Benchmarks/wrk/webhook.lua "http://127.0.0.1:$port" > "$work/wrk.out" &
client=$!
# The last conversation's id (an index lookup, cheap at any size) tells when all are stored;
# then wrk is interrupted, which makes it print its figures (latencies are the webhooks').
until [ "$(sqlite3 "$work/db.sqlite" 'SELECT COALESCE(MAX(id), 0) FROM conversations' 2>/dev/null || echo 0)" -ge $(( ${COUNT:-1000000} - 1 )) ]; do
  kill -0 $client 2>/dev/null || break
  sleep 0.5
done
finished=$(date +%s.%N)
kill -INT $client 2>/dev/null || true; wait $client || true
grep RESULT "$work/wrk.out"
echo "webhooks_per_s=$(python3 -c "print(round(${COUNT:-1000000} / ($finished - $started)))")"
conversations=$(sqlite3 "$work/db.sqlite" 'SELECT COUNT(*) FROM conversations')
echo "conversations=$conversations rss_mb=$(( $(grep VmRSS /proc/$server/status | awk '{print $2}') / 1024 )) peak_rss_mb=$(( $(grep VmHWM /proc/$server/status | awk '{print $2}') / 1024 ))"
echo "db_mb=$(( $(stat -c %s "$work/db.sqlite") / 1048576 )) wal_mb=$(( $(stat -c %s "$work/db.sqlite-wal" 2>/dev/null || echo 0) / 1048576 ))"
kill -TERM $server; wait $server || true
