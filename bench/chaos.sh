#!/usr/bin/env bash
# The chaos run's long form (a benchmark, not a test; the build runs the short form as ChaosIT):
#   bench/chaos.sh                                  10,000 messages, every fault, a seed of its own
#   bench/chaos.sh --messages 10000 --seed 42       the same faults again: the seed decides them
#   bench/chaos.sh --messages 2000 --faults short   the build's shorter fault list
# Other options: --senders N (SMTP clients, 8), --accounts N (20), --settle-seconds N (180).
#
# Builds the services and the run in a private copy of the work tree, then starts Kafka, Cassandra
# and S3Proxy of its own, two instances of every stateless service and one admin-api on free
# loopback ports, sends the messages while POP3 and IMAP clients read, delete, flag and move, and
# a seeded scheduler kills and restarts service instances, restarts each server once (one of them
# by SIGKILL) and freezes each for 10 s. Then it checks the store and the protocols and prints
# "N acknowledged, L lost, D duplicated (seed S)"; the exit status is 0 only when nothing was lost
# or duplicated and no other check failed. Everything it started is stopped at the end.
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$PWD
KEEP=${CHAOS_KEEP:-0}

say() { printf '[chaos %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[chaos %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

WORK=$(mktemp -d /tmp/mailfleet-chaos.XXXXXX)
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ] && [ -s "$WORK/build.log" ] && [ ! -s "$TREE/tests/chaos/target/classpath.txt" ]; then
    tail -n 30 "$WORK/build.log" >&2
  fi
  if [ "$KEEP" = 1 ]; then echo "chaos: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A private copy, as the other benchmarks take (bench/lib/stack.sh says why): a build in the work
# tree by someone else would rewrite the jars the running services load.
# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
snapshot_tree
say "building the services and the run in a copy of the work tree"
(cd "$TREE" && ./mvnw -B -ntp -q -DskipTests -Dfuzz.skip=true package \
  -pl shared/server-runtimes/kafka,shared/server-runtimes/cassandra,shared/server-runtimes/s3proxy,tests/chaos -am \
  >"$WORK/build.log" 2>&1) || fail "build failed"
say "load on this machine before the run: $(uptime)"
ARGS=("$@")
[[ " ${ARGS[*]:-} " == *" --messages "* ]] || ARGS+=(--messages 10000)
[[ " ${ARGS[*]:-} " == *" --faults "* ]] || ARGS+=(--faults full)
status=0
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dmailfleet.home="$TREE" \
  -cp "$TREE/tests/chaos/target/classes:$(cat "$TREE/tests/chaos/target/classpath.txt")" \
  io.mailfleet.chaos.ChaosRun "${ARGS[@]}" || status=$?
say "load on this machine after the run: $(uptime)"
exit "$status"
