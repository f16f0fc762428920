#!/usr/bin/env bash
# Delivery on this machine (a benchmark, not a test):
#   bench/delivery.sh
#   DELIVERY_BENCH_RATE=50 DELIVERY_BENCH_SECONDS=30 DELIVERY_BENCH_BACKLOG=3000 bench/delivery.sh
#
# One bounded run on loopback, a few minutes: starts the whole stack (./mailfleet up in a private
# copy of the work tree, on free ports), then
#   1. sends 4 KB messages over SMTP at a fixed rate and reads the delivery worker's latency histogram
#      (from acceptance by smtp-ingress to the message in the INBOX): p50 and p99, at the rate issue 16
#      names (50 msg/s), and the worker's stage histograms: how long messages waited before their
#      batch began, and how long batches took to route, store and have Kafka acknowledge;
#   2. publishes a backlog of accepted messages straight to Kafka (bodies stored first, as
#      smtp-ingress does) and times the worker until all are in their INBOXes: the highest
#      sustained delivery rate of one worker instance on this machine, sharing it with Kafka,
#      Cassandra and S3Proxy; with the CPU each program of the stack spent per delivery meanwhile
#      (bench/lib/cpu.py), that of every JVM of the stack by thread pool with its JIT compiler and GC
#      threads' share (bench/lib/threads.py), and the Cassandra requests, reads and writes per delivery.
# DELIVERY_BENCH_JFR=FILE records the worker with JFR (settings=profile) while the backlog drains into
# FILE and prints the methods most often on top of its stacks (bench/imap/load.py jfr-top).
# Everything it started is stopped at the end, also on failure or Ctrl-C.
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$PWD
RATE=${DELIVERY_BENCH_RATE:-50}
DURATION=${DELIVERY_BENCH_SECONDS:-30}
BACKLOG=${DELIVERY_BENCH_BACKLOG:-3000}
START_TIMEOUT=${DELIVERY_BENCH_START_TIMEOUT:-480}
KEEP=${DELIVERY_BENCH_KEEP:-0}
JFR=${DELIVERY_BENCH_JFR:-}

say() { printf '[delivery-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[delivery-bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

WORK=
MF_PID=
MF_DATA=
TREE=

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  stop_mailfleet
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$status" -ne 0 ] && [ "$status" -ne 130 ] && [ "$status" -ne 143 ]; then
      for file in "$WORK/mailfleet-up.log" "$WORK/build.log" "$MF_DATA"/logs/*.log; do
        [ -s "$file" ] && { echo "----- last lines of $file" >&2; tail -n 12 "$file" >&2; }
      done
    fi
    if [ "$KEEP" = 1 ]; then echo "delivery-bench: kept $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
# The load comes from one address, faster than the per-address limit allows a stranger.
MF_ENV="MAILFLEET_SMTP_MAX_CONNECTION_RATE_PER_IP=1000000"

WORK=$(mktemp -d /tmp/mailfleet-delivery-bench.XXXXXX)
chmod 755 "$WORK"
snapshot_tree
say "building the load program in a copy of the work tree"
(cd "$TREE" && ./mvnw -q -DskipTests -pl bench/delivery -am package >"$WORK/build.log" 2>&1) || fail "build failed"
say "starting the stack (./mailfleet up builds the services first)"
start_mailfleet
say "up: MX on 127.0.0.1:$MF_MX, delivery-worker metrics on :$MF_DELIVERY_HTTP; $(nproc) cores shared by everything"
set -a
# shellcheck disable=SC1091
. "$MF_DATA/run/endpoints.env"
set +a
# Around the backlog's drain: CPU of every program of the stack, and the worker's recording if asked for.
BEFORE="python3 '$PROJECT/bench/lib/cpu.py' snapshot $MF_PID '$WORK/backlog-before.cpu.json'"
BEFORE="$BEFORE && python3 '$PROJECT/bench/lib/threads.py' snapshot $MF_PID '$WORK/backlog-before.threads.json'"
AFTER="python3 '$PROJECT/bench/lib/cpu.py' snapshot $MF_PID '$WORK/backlog-after.cpu.json'"
AFTER="$AFTER && python3 '$PROJECT/bench/lib/threads.py' snapshot $MF_PID '$WORK/backlog-after.threads.json'"
if [ -n "$JFR" ]; then
  WORKER_PID=$(service_pid delivery-worker) || fail "no delivery-worker process under ./mailfleet up (pid $MF_PID)"
  BEFORE="$BEFORE && jcmd $WORKER_PID JFR.start name=delivery-bench settings=profile 'filename=$JFR' >'$WORK/jfr.log'"
  AFTER="$AFTER && jcmd $WORKER_PID JFR.stop name=delivery-bench >>'$WORK/jfr.log'"
fi
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.smtp="127.0.0.1:$MF_MX" -Dbench.worker="http://127.0.0.1:$MF_DELIVERY_HTTP" \
  -Dbench.rate="$RATE" -Dbench.seconds="$DURATION" -Dbench.backlog="$BACKLOG" \
  -Dbench.backlog.before="$BEFORE" -Dbench.backlog.after="$AFTER" \
  -cp "$TREE/bench/delivery/target/classes:$(cat "$TREE/bench/delivery/target/classpath.txt")" \
  io.mailfleet.bench.DeliveryBenchmark
python3 "$PROJECT/bench/lib/cpu.py" report "$WORK/backlog-before.cpu.json" "$WORK/backlog-after.cpu.json" \
  --messages "$BACKLOG" --label "while the backlog drained"
threads_report "$WORK/backlog-before.threads.json" "$WORK/backlog-after.threads.json" "$BACKLOG" \
  "while the backlog drained"
if [ -n "$JFR" ]; then
  echo "delivery-worker while the backlog drained (JFR, kept in $JFR):"
  python3 "$PROJECT/bench/imap/load.py" jfr-top "$JFR" || fail "cannot read the recording $JFR"
fi
echo "load while it ran (uptime): $(uptime)"
say "done; stopping the stack"
