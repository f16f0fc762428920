#!/usr/bin/env bash
# Delivery on this machine (a benchmark, not a test):
#   bench/delivery.sh
#   DELIVERY_BENCH_RATE=50 DELIVERY_BENCH_SECONDS=30 DELIVERY_BENCH_BACKLOG=3000 bench/delivery.sh
#
# One bounded run on loopback, up to about twenty minutes (its two warm-ups at most 5 each by
# default): starts the whole stack
# (./mailfleet up in a private copy of the work tree, on free ports), then
#   1. warms the stack up (below), then sends 4 KB messages over SMTP at a fixed rate and reads the
#      delivery worker's latency histogram (from acceptance by smtp-ingress to the message in the
#      INBOX): p50 and p99, at the rate issue 16 names (50 msg/s), and the worker's stage histograms:
#      how long messages waited before their batch began, and how long batches took to route, store
#      and have Kafka acknowledge; with the CPU each program of the stack spent per message meanwhile
#      (bench/lib/cpu.py) and that of every JVM by thread pool with its JIT compiler and GC threads'
#      share (bench/lib/threads.py);
#   2. warms the stack up again with backlogs (below), then publishes a backlog of accepted messages
#      straight to Kafka (bodies stored first, as smtp-ingress does) and times the worker until all
#      are in their INBOXes: the highest sustained delivery rate of one worker instance on this
#      machine, sharing it with Kafka, Cassandra and S3Proxy; with the CPU each program of the stack
#      spent per delivery meanwhile, that of every JVM by thread pool with its compilers' and GC's
#      share, and the Cassandra requests, reads and writes per delivery.
# Each message has one recipient: a message is a delivery. The stack starts fresh and its JVMs
# (worker, Cassandra, Kafka, S3Proxy, smtp-ingress) compile for minutes under load; measured cold,
# half of the worker's CPU was its JIT compilers. So each section is preceded by a warm-up in rounds
# (bench/lib/warmup.sh), each round followed by the compiler threads' CPU per message in every JVM,
# until a round's compilers, all JVMs together, spent less than WARM_JIT_MS per message or
# WARM_SECONDS have passed: before 1., rounds of WARM_ROUND seconds of the same SMTP load, at least
# 10 s of it (RATE x 10 messages); before 2., rounds that each drain a backlog of WARM_BACKLOG
# messages the same way (staged and published as in 2., not counted).
#
# Settings (environment): DELIVERY_BENCH_RATE (50 msg/s), DELIVERY_BENCH_SECONDS (30 s measured at
# that rate), DELIVERY_BENCH_BACKLOG (3000 messages), DELIVERY_BENCH_WARM_JIT_MS (0.5 ms of the
# compilers' CPU per message, all JVMs together, under which a round ends a warm-up),
# DELIVERY_BENCH_WARM_SECONDS (300 s: the longest of each warm-up; 0 measures the stack cold, as
# before: 10 s at the rate before 1., nothing before 2.), DELIVERY_BENCH_WARM_ROUND (10 s per round
# before 1.), DELIVERY_BENCH_WARM_BACKLOG (1000 messages per round before 2.),
# DELIVERY_BENCH_START_TIMEOUT (480 s for ./mailfleet up), DELIVERY_BENCH_KEEP=1 keeps the temporary
# folder. DELIVERY_BENCH_JFR=FILE records the worker with JFR (settings=profile) while the backlog
# drains into FILE and prints the methods most often on top of its stacks (bench/imap/load.py
# jfr-top); DELIVERY_BENCH_JFR_PROCESS records another JVM of the stack instead, named as
# bench/lib/cpu.py names it (cassandra, kafka, s3proxy, smtp-ingress; the recording costs that JVM
# some CPU, so compare profiles with profiles).
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
JFR_PROCESS=${DELIVERY_BENCH_JFR_PROCESS:-delivery-worker}
WARM_JIT_MS=${DELIVERY_BENCH_WARM_JIT_MS:-0.5}
WARM_SECONDS=${DELIVERY_BENCH_WARM_SECONDS:-300}
WARM_ROUND=${DELIVERY_BENCH_WARM_ROUND:-10}
WARM_BACKLOG=${DELIVERY_BENCH_WARM_BACKLOG:-1000}

say() { printf '[delivery-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[delivery-bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

for setting in RATE DURATION BACKLOG WARM_ROUND WARM_BACKLOG START_TIMEOUT; do
  [[ ${!setting} =~ ^[1-9][0-9]*$ ]] || fail "$setting must be a positive number, not '${!setting}'"
done
[[ $WARM_SECONDS =~ ^[0-9]+$ ]] || fail "DELIVERY_BENCH_WARM_SECONDS must be a number of seconds, not '$WARM_SECONDS'"
[[ $WARM_JIT_MS =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "DELIVERY_BENCH_WARM_JIT_MS must be a number of ms, not '$WARM_JIT_MS'"

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
# shellcheck source=bench/lib/warmup.sh
. "$PROJECT/bench/lib/warmup.sh"
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
# bench STEP [AMOUNT]: one step of the load program (DeliveryBenchmark's comment says which); the number of
# messages it had delivered is then in $WORK/delivered.
bench() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dbench.smtp="127.0.0.1:$MF_MX" -Dbench.worker="http://127.0.0.1:$MF_DELIVERY_HTTP" -Dbench.rate="$RATE" \
    -Dbench.result="$WORK/delivered" -Dbench.backlog.before="${BACKLOG_BEFORE:-}" -Dbench.backlog.after="${BACKLOG_AFTER:-}" \
    -cp "$TREE/bench/delivery/target/classes:$(cat "$TREE/bench/delivery/target/classpath.txt")" \
    io.mailfleet.bench.DeliveryBenchmark "$@"
}

# Warm-up rounds (bench/lib/warmup.sh): WARM_ROUND seconds of the SMTP load, or a backlog of WARM_BACKLOG.
warm_up_sending_round() {
  bench send "$WARM_ROUND"
  ROUND_DONE=$(cat "$WORK/delivered")
}

warm_up_backlog_round() {
  bench backlog-round "$WARM_BACKLOG"
  ROUND_DONE=$(cat "$WORK/delivered")
}

# snapshot_command NAME: a command that takes the CPU of every program of the stack and the threads of its
# JVMs now, into WORK/NAME.*.json; a string, because the load program runs it too (bench.backlog.*).
snapshot_command() {
  echo "python3 '$PROJECT/bench/lib/cpu.py' snapshot $MF_PID '$WORK/$1.cpu.json'" \
    "&& python3 '$PROJECT/bench/lib/threads.py' snapshot $MF_PID '$WORK/$1.threads.json'"
}

# report BEFORE AFTER COUNT LABEL: the stack's CPU per message by program, then by thread pool.
report() {
  python3 "$PROJECT/bench/lib/cpu.py" report "$WORK/$1.cpu.json" "$WORK/$2.cpu.json" --messages "$3" --label "$4"
  threads_report "$WORK/$1.threads.json" "$WORK/$2.threads.json" "$3" "$4"
}

bench accounts
say "warm-up before 1.: $RATE msg/s over SMTP in rounds of $WARM_ROUND s, not measured"
warm_up_in_rounds message $((RATE * 10)) "$WARM_JIT_MS" "$WARM_SECONDS" warm_up_sending_round
eval "$(snapshot_command latency-before)"
bench latency "$DURATION"
eval "$(snapshot_command latency-after)"
report latency-before latency-after "$(cat "$WORK/delivered")" "while sending at $RATE msg/s"

say "warm-up before 2.: backlogs of $WARM_BACKLOG messages, not measured"
warm_up_in_rounds message 0 "$WARM_JIT_MS" "$WARM_SECONDS" warm_up_backlog_round
# Around the backlog's drain: CPU of every program of the stack, and a recording if asked for.
BACKLOG_BEFORE=$(snapshot_command backlog-before)
BACKLOG_AFTER=$(snapshot_command backlog-after)
if [ -n "$JFR" ]; then
  JFR_PID=$(program_pid "$MF_PID" "$JFR_PROCESS") || fail "no $JFR_PROCESS process under ./mailfleet up (pid $MF_PID)"
  BACKLOG_BEFORE="$BACKLOG_BEFORE && jcmd $JFR_PID JFR.start name=delivery-bench settings=profile 'filename=$JFR' >'$WORK/jfr.log'"
  BACKLOG_AFTER="$BACKLOG_AFTER && jcmd $JFR_PID JFR.stop name=delivery-bench >>'$WORK/jfr.log'"
fi
bench backlog "$BACKLOG"
report backlog-before backlog-after "$BACKLOG" "while the backlog drained"
if [ -n "$JFR" ]; then
  echo "$JFR_PROCESS while the backlog drained (JFR, kept in $JFR):"
  python3 "$PROJECT/bench/imap/load.py" jfr-top "$JFR" || fail "cannot read the recording $JFR"
fi
echo "load while it ran (uptime): $(uptime)"
say "done; stopping the stack"
