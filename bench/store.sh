#!/usr/bin/env bash
# Measures the storage core on real Cassandra and S3Proxy started for the run (not a test):
#   bench/store.sh                      full run: blobs, appends, IMAP figures at 10k and 100k messages, and a
#                                       mailbox that received 200k messages and expunged 150k of them
#   bench/store.sh -Dbench.list.sizes=1000,10000 -Dbench.appends=500 -Dbench.tombstones=0   a quicker one
#   bench/store.sh -Dbench.mailboxes-only=true -Dbench.list.sizes=100000 -Dbench.tombstones=0   the 100,000 figures alone
#   bench/store.sh -Dbench.search-only=true -Dbench.search.sizes=10000   the stages of a BODY search, SORT's reads and
#                                       QRESYNC's after 100 changes alone
#   bench/store.sh -Dbench.conditional-writes-only=true   what a conditional write costs under each commit log sync
#                                       mode (-Dbench.commitlog.modes=group:10ms,group:2ms,batch,periodic; -Dbench.commitlog.rounds=2 runs them twice)
#   bench/store.sh -XX:StartFlightRecording=filename=store.jfr,settings=profile   the same, profiled
# Arguments are options of the benchmark's JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests -pl bench/store,shared/server-runtimes/cassandra,shared/server-runtimes/kafka,shared/server-runtimes/s3proxy -am package
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -Dmailfleet.home="$PWD" "$@" \
  -cp "bench/store/target/classes:$(cat bench/store/target/classpath.txt)" io.mailfleet.bench.StoreBenchmark
