#!/usr/bin/env bash
# SMTP throughput, mailfleet's smtp-ingress against Postfix, on this machine (a benchmark, not a test):
#   bench/smtp.sh
#   SMTP_BENCH_MESSAGES=500 SMTP_BENCH_WARMUP=100 SMTP_BENCH_WARMUP_SECONDS=0 bench/smtp.sh
#                                                                     a quicker one, not warm
#   bench/smtp.sh --mailfleet-only                                    mailfleet's side alone (step 3), no Postfix:
#                                                                     for profiling smtp-ingress and comparing it with itself
#
# One bounded run, loopback (127.0.0.1) only, a few minutes:
#   1. installs postfix (it ships smtp-source) from Debian packages if missing, preseeded to
#      "No configuration" so that no system Postfix starts on port 25;
#   2. starts Postfix from a temporary folder on a free port, delivering example.test with its own
#      virtual(8) agent to a Maildir in that folder, and measures it: the clock stops when the queue
#      is empty and the Maildir holds every message; then stops it;
#   3. starts mailfleet (./mailfleet up, in a private copy of the work tree's sources that it builds
#      first, so that other builds in the work tree cannot pull jars from under the running stack)
#      with a temporary data folder and free ports, and measures its MX listener: a 250 there means
#      "accepted durably (S3 + Kafka ack)"; the clock of "accepted and delivered" stops when the
#      delivery worker has counted every message delivered into the INBOX; its per-address limit of
#      new connections per minute is lifted for the run (see MF_RATE_LIMIT below); accept latency
#      p50/p99 come from the histogram on its /q/metrics, scraped before and after the measured run;
#      then stops it.
# Each side gets a warm-up first and runs alone, so neither competes with the other for the CPU.
# mailfleet's warm-up is at least 3000 messages, in rounds of 500, and goes on until the JIT compiler
# threads of all its JVMs together spent less than 1 ms per message in two rounds in a row (at most 540 s;
# one such round after rounds of 1.2-3.1 ms ended it, and the measured run's compilers spent 2.4 ms): its JVMs
# start with the run and production's run for weeks. A fixed 3000 left the compilers 30-50% of each
# JVM's CPU in the measured run. A stack under steady load for 11 minutes (load average 25, JFR's
# jdk.Compilation and jdk.Deoptimization events, HotSpot's sun.ci counters each minute) showed why:
# no method compiled again and again (no invalidations; 72 deoptimizations in 8 minutes in smtp-ingress,
# none in mailfleet's code, 10 in delivery-worker's), no code cache pressure (30 of 240 MB) and no classes defined per message; the
# compilers were working through the queue of methods that had turned hot, as fast as the loaded
# machine let them run, and smtp-ingress's compilations per minute fell from 5000 to 100 and their
# share of its CPU from 45% to 3% after 10 minutes. Each round prints the compilers' CPU per message.
# The CPU time each program of a side used during its measured run (every Postfix process; Kafka,
# Cassandra, S3Proxy and each mailfleet service) is printed per message (bench/lib/cpu.py), and that
# of every JVM of the stack by thread pool (its busiest pools, its JIT compiler and GC threads), with
# the threads' context switches per message (bench/lib/threads.py).
# Everything it started is stopped and its temporary folder deleted when it exits, however it exits.
#
# Settings (environment): SMTP_BENCH_SESSIONS (10), SMTP_BENCH_MESSAGES (2000), SMTP_BENCH_SIZE
# (4096 bytes of body), SMTP_BENCH_WARMUP (3000 messages at least), SMTP_BENCH_WARMUP_ROUND (500 messages
# per warm-up round), SMTP_BENCH_WARM_JIT_MS (1.0 ms: the compilers' CPU per message, all JVMs together,
# under which a round counts as settled), SMTP_BENCH_WARM_ROUNDS (2: settled rounds in a row that end the
# warm-up), SMTP_BENCH_WARMUP_SECONDS (540 s: the longest warm-up, which
# keeps a run within the benchmark lock's quarter of an hour), SMTP_BENCH_START_TIMEOUT (480 s for ./mailfleet up,
# a build included), SMTP_BENCH_RUN_TIMEOUT (180 s per load run), SMTP_BENCH_MAILFLEET_RATE_LIMIT
# (1000000 new connections per minute from one address), SMTP_BENCH_KEEP=1 keeps the
# temporary folder (logs, Maildir, mailfleet's data) and prints where it is, SMTP_BENCH_JFR=FILE
# records one JVM of the stack with JFR (settings=profile) during mailfleet's measured run into FILE
# and prints the methods most often on top of its stacks (bench/imap/load.py jfr-top): smtp-ingress,
# or the program SMTP_BENCH_JFR_PROCESS names as bench/lib/cpu.py does (cassandra, kafka, s3proxy,
# delivery-worker...); the recording costs some throughput, so compare profiles with profiles and
# figures with figures.
set -euo pipefail

MAILFLEET_ONLY=0
case "${1:-}" in
  --mailfleet-only) MAILFLEET_ONLY=1 ;;
  "") ;;
  *) echo "usage: bench/smtp.sh [--mailfleet-only]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
PROJECT=$PWD
HERE=$PROJECT/bench/smtp
export PATH=$PATH:/usr/sbin:/sbin

SESSIONS=${SMTP_BENCH_SESSIONS:-10}
MESSAGES=${SMTP_BENCH_MESSAGES:-2000}
SIZE=${SMTP_BENCH_SIZE:-4096}
WARMUP=${SMTP_BENCH_WARMUP:-3000}
WARMUP_ROUND=${SMTP_BENCH_WARMUP_ROUND:-500}
WARM_JIT_MS=${SMTP_BENCH_WARM_JIT_MS:-1.0}
WARMUP_SETTLED_ROUNDS=${SMTP_BENCH_WARM_ROUNDS:-2}
WARMUP_SECONDS=${SMTP_BENCH_WARMUP_SECONDS:-540}
START_TIMEOUT=${SMTP_BENCH_START_TIMEOUT:-480}
RUN_TIMEOUT=${SMTP_BENCH_RUN_TIMEOUT:-180}
KEEP=${SMTP_BENCH_KEEP:-0}
JFR=${SMTP_BENCH_JFR:-}
JFR_PROCESS=${SMTP_BENCH_JFR_PROCESS:-smtp-ingress}
SENDER=bench@example.org
RECIPIENT=demo@example.test
DOMAIN=example.test
HELO=bench.localhost
# smtp-source opens one connection per message, all from 127.0.0.1: mailfleet's per-address limit of
# new connections per minute (mailfleet.smtp.max-connection-rate-per-ip, 120 by default) would refuse
# all but the first 120 with 421. Postfix has no such limit by default (smtpd_client_connection_rate_limit
# = 0), so the run lifts mailfleet's; smtp-ingress inherits the variable from ./mailfleet up.
MF_RATE_LIMIT=${SMTP_BENCH_MAILFLEET_RATE_LIMIT:-1000000}

say() { printf '[smtp-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[smtp-bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

WORK=
PF=
PF_MASTER_PID=
MF_PID=
MF_DATA=
TREE=

# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
# shellcheck source=bench/lib/warmup.sh
. "$PROJECT/bench/lib/warmup.sh"

# ---------------------------------------------------------------------------------------- cleanup

# The master's children (smtpd, cleanup, qmgr, virtual) leave with it.
stop_postfix() {
  [ -n "$PF" ] && [ -f "$PF/conf/main.cf" ] || return 0
  [ -z "$PF_MASTER_PID" ] || stop_process_tree "$PF_MASTER_PID" "Postfix master" 20
  PF_MASTER_PID=
}

show_logs() {
  local file
  for file in "$WORK/apt.log" "$WORK/mailfleet-up.log" "$PF/postfix.log" "$WORK"/*.err "$MF_DATA"/logs/*.log; do
    [ -s "$file" ] || continue
    echo "----- last lines of $file" >&2
    tail -n 12 "$file" >&2
  done
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  stop_postfix
  stop_mailfleet
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    case "$status" in
      0) ;;
      130|143) echo "smtp-bench: interrupted; everything it started is stopped" >&2 ;;
      *) show_logs ;;
    esac
    if [ "$KEEP" = 1 ]; then
      echo "smtp-bench: kept $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------- steps

install_packages() {
  local missing=()
  command -v smtp-source >/dev/null && command -v postfix >/dev/null && command -v postqueue >/dev/null || missing+=(postfix)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "needs ${missing[*]} (Debian packages) and is not root: apt-get install ${missing[*]}"
  say "installing ${missing[*]} (Debian packages)"
  # "No configuration": the package then neither writes a main.cf nor starts a Postfix on port 25.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >"$WORK/apt.log" 2>&1; then
    say "install failed; apt-get update, then again"
    apt-get update >>"$WORK/apt.log" 2>&1 || fail "apt-get update failed (see $WORK/apt.log)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
      || fail "apt-get install ${missing[*]} failed"
  fi
  command -v smtp-source >/dev/null || fail "smtp-source is still missing after installing postfix"
}

# load LABEL PORT COUNT: smtp-source with the run's settings; stderr to WORK/LABEL.err.
load() {
  local status=0
  timeout --foreground "$RUN_TIMEOUT" smtp-source -A -s "$SESSIONS" -m "$3" -l "$SIZE" -M "$HELO" -f "$SENDER" -t "$RECIPIENT" \
    "127.0.0.1:$2" 2>"$WORK/$1.err" || status=$?
  [ "$status" -ne 124 ] || fail "$1: smtp-source did not finish within $RUN_TIMEOUT s"
  [ "$status" -eq 0 ] || fail "$1: smtp-source exited with $status: $(head -n 3 "$WORK/$1.err")"
}

maildir_count() {
  find "$PF/mail/$DOMAIN/demo/new" "$PF/mail/$DOMAIN/demo/cur" -type f 2>/dev/null | wc -l
}

# Waits until Postfix's queue is empty and the Maildir holds EXPECTED messages.
wait_delivered() {
  local expected=$1 deadline=$((SECONDS + RUN_TIMEOUT))
  while :; do
    if [ "$(maildir_count)" -ge "$expected" ] && postqueue -c "$PF/conf" -p 2>/dev/null | grep -q 'Mail queue is empty'; then
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || fail "Postfix: $(maildir_count) of $expected messages in the Maildir after $RUN_TIMEOUT s; queue: $(postqueue -c "$PF/conf" -p 2>&1 | tail -n 1)"
    sleep 0.05
  done
}

start_postfix() {
  local port=$1 vmail_uid vmail_gid
  PF=$WORK/postfix
  mkdir -p "$PF/conf" "$PF/queue" "$PF/data" "$PF/mail"
  chmod 755 "$PF"
  chown postfix "$PF/data"
  # The virtual agent writes the Maildir as an unprivileged user: nobody.
  vmail_uid=$(id -u nobody)
  vmail_gid=$(id -g nobody)
  chown "$vmail_uid:$vmail_gid" "$PF/mail"
  cat >"$PF/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
myhostname = $HELO
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relayhost =
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = no
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = texthash:$PF/conf/vmailbox
virtual_uid_maps = static:$vmail_uid
virtual_gid_maps = static:$vmail_gid
virtual_minimum_uid = 1
maillog_file = $PF/postfix.log
maillog_file_prefixes = $PF
EOF
  # A trailing slash: Maildir format.
  echo "$RECIPIENT $DOMAIN/demo/" >"$PF/conf/vmailbox"
  # Debian's master.cf, reduced to what this needs, nothing chrooted.
  cat >"$PF/conf/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  postfix -c "$PF/conf" check >"$WORK/postfix-start.err" 2>&1 || fail "postfix check: $(cat "$WORK/postfix-start.err")"
  postfix -c "$PF/conf" start >>"$WORK/postfix-start.err" 2>&1 || fail "postfix start: $(cat "$WORK/postfix-start.err")"
  for _ in $(seq 1 100); do
    [ -s "$PF/queue/pid/master.pid" ] && PF_MASTER_PID=$(tr -dc '0-9' <"$PF/queue/pid/master.pid") && [ -n "$PF_MASTER_PID" ] && break
    sleep 0.1
  done
  [ -n "$PF_MASTER_PID" ] || fail "Postfix wrote no master.pid"
  for _ in $(seq 1 100); do
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "Postfix does not listen on 127.0.0.1:$port"
}

cpu_snapshot() {
  python3 "$PROJECT/bench/lib/cpu.py" snapshot "$1" "$WORK/$2.cpu.json"
}

# threads_snapshot NAME: the threads of every JVM of mailfleet's stack, for bench/lib/threads.py.
threads_snapshot() {
  python3 "$PROJECT/bench/lib/threads.py" snapshot "$MF_PID" "$WORK/$1.threads.json"
}

# One round of the warm-up (bench/lib/warmup.sh): WARMUP_ROUND messages, fewer when WARMUP is that
# close, each delivered into the INBOX before the round ends.
warm_up_round() {
  local count=$WARMUP_ROUND
  [ "$WARMED" -ge "$WARMUP" ] || count=$((WARMUP - WARMED < count ? WARMUP - WARMED : count))
  load "mailfleet-warmup-$1" "$MF_MX" "$count"
  wait_mailfleet_delivered $((WARMED + count))
  ROUND_DONE=$count
}

cpu_report() {
  python3 "$PROJECT/bench/lib/cpu.py" report "$WORK/$1-before.cpu.json" "$WORK/$1-after.cpu.json" \
    --messages "$MESSAGES" --label "$1"
}

# Local deliveries the delivery worker has counted so far.
delivered_count() {
  curl -fsS --max-time 10 "http://127.0.0.1:$MF_DELIVERY_HTTP/q/metrics" 2>/dev/null \
    | awk '/^mailfleet_delivery_recipients_total\{/ && /outcome="delivered"/ && /route="local"/ { n += $NF } END { printf "%d\n", n }'
}

# Waits until the delivery worker has delivered EXPECTED messages in all.
wait_mailfleet_delivered() {
  local expected=$1 deadline=$((SECONDS + RUN_TIMEOUT))
  until [ "$(delivered_count)" -ge "$expected" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "mailfleet: $(delivered_count) of $expected messages delivered after $RUN_TIMEOUT s"
    sleep 0.05
  done
}

scrape() {
  curl -fsS --max-time 10 "http://127.0.0.1:$MF_HTTP/q/metrics" >"$1" || fail "cannot read mailfleet's metrics on 127.0.0.1:$MF_HTTP/q/metrics"
}

MF_ENV="MAILFLEET_SMTP_MAX_CONNECTION_RATE_PER_IP=$MF_RATE_LIMIT"

# ---------------------------------------------------------------------------------------- the run

WORK=$(mktemp -d /tmp/mailfleet-smtp-bench.XXXXXX)
chmod 755 "$WORK"
say "work folder $WORK; load: $SESSIONS sessions, $MESSAGES messages of $SIZE bytes, warm-up $WARMUP"

install_packages

PF_REPORT=(--mailfleet-only)
if [ "$MAILFLEET_ONLY" -eq 0 ]; then
  read -r PF_PORT <<<"$(free_ports 1)"
  say "Postfix: starting on 127.0.0.1:$PF_PORT (virtual(8) delivery to a Maildir under $WORK/postfix/mail)"
  start_postfix "$PF_PORT"
  PF_VERSION=$(postconf -c "$PF/conf" -h mail_version 2>/dev/null || echo "?")
  say "Postfix $PF_VERSION: warm-up, $WARMUP messages"
  load postfix-warmup "$PF_PORT" "$WARMUP"
  wait_delivered "$WARMUP"
  say "Postfix: measured run, $MESSAGES messages"
  cpu_snapshot "$PF_MASTER_PID" postfix-before
  PF_T0=$(now)
  load postfix "$PF_PORT" "$MESSAGES"
  PF_T1=$(now)
  wait_delivered $((WARMUP + MESSAGES))
  PF_T2=$(now)
  cpu_snapshot "$PF_MASTER_PID" postfix-after
  PF_DELIVERED=$(($(maildir_count) - WARMUP))
  PF_SECONDS=$(elapsed "$PF_T0" "$PF_T2")
  PF_ACCEPT_SECONDS=$(elapsed "$PF_T0" "$PF_T1")
  PF_ERRORS=$(cat "$WORK/postfix.err" | wc -l)
  say "Postfix: $PF_DELIVERED messages accepted and in the Maildir in $PF_SECONDS s (smtp-source done after $PF_ACCEPT_SECONDS s, $PF_ERRORS error lines)"
  stop_postfix
  say "Postfix: stopped"
  PF_REPORT=(--pf-seconds "$PF_SECONDS" --pf-accept-seconds "$PF_ACCEPT_SECONDS" --pf-delivered "$PF_DELIVERED"
    --pf-version "$PF_VERSION" --pf-delivery "smtpd -> cleanup -> qmgr -> virtual(8) delivery agent -> Maildir, no LMTP/Dovecot")
fi

say "mailfleet: ./mailfleet up in a copy of the work tree's sources (it builds them, then starts Kafka, Cassandra, S3Proxy, admin-api, smtp-ingress)"
MF_T=$(now)
start_mailfleet
MF_BUILT=$(grep -m1 '^mailfleet: building' "$WORK/mailfleet-up.log" | sed 's/^mailfleet: building (\(.*\))$/\1/' || true)
say "mailfleet: up after $(elapsed "$MF_T" "$(now)") s${MF_BUILT:+ (a build first: $MF_BUILT)}, MX on 127.0.0.1:$MF_MX, metrics on :$MF_HTTP"
warm_up_in_rounds message "$WARMUP" "$WARM_JIT_MS" "$WARMUP_SECONDS" warm_up_round
scrape "$WORK/metrics-before.txt"
python3 "$HERE/summary.py" check "$WORK/metrics-before.txt" || fail "mailfleet's metrics page has no SMTP metrics"
MF_DELIVERED_BEFORE=$(delivered_count)
say "mailfleet: measured run, $MESSAGES messages"
if [ -n "$JFR" ]; then
  JFR_PID=$(program_pid "$MF_PID" "$JFR_PROCESS") || fail "no $JFR_PROCESS process under ./mailfleet up (pid $MF_PID)"
  jcmd "$JFR_PID" JFR.start name=smtp-bench settings=profile "filename=$JFR" >"$WORK/jfr.log" 2>&1 \
    || fail "jcmd could not start a recording in $JFR_PROCESS (pid $JFR_PID): $(tail -n 2 "$WORK/jfr.log")"
fi
cpu_snapshot "$MF_PID" mailfleet-before
threads_snapshot mailfleet-before
python3 "$PROJECT/bench/lib/cql_counts.py" snapshot "$MF_CQL" mailfleet "$WORK/cql-before.json"
MF_T0=$(now)
load mailfleet "$MF_MX" "$MESSAGES"
MF_T1=$(now)
scrape "$WORK/metrics-after.txt"
wait_mailfleet_delivered $((MF_DELIVERED_BEFORE + MESSAGES))
MF_T2=$(now)
cpu_snapshot "$MF_PID" mailfleet-after
threads_snapshot mailfleet-after
python3 "$PROJECT/bench/lib/cql_counts.py" snapshot "$MF_CQL" mailfleet "$WORK/cql-after.json"
if [ -n "$JFR" ]; then
  jcmd "$JFR_PID" JFR.stop name=smtp-bench >>"$WORK/jfr.log" 2>&1 || fail "jcmd could not stop the recording"
fi
MF_SECONDS=$(elapsed "$MF_T0" "$MF_T1")
MF_DELIVERED_SECONDS=$(elapsed "$MF_T0" "$MF_T2")
MF_ERRORS=$(cat "$WORK/mailfleet.err" | wc -l)
say "mailfleet: smtp-source done after $MF_SECONDS s ($MF_ERRORS error lines); all $MESSAGES delivered into the INBOX after $MF_DELIVERED_SECONDS s"
stop_mailfleet
say "mailfleet: stopped"

python3 "$HERE/summary.py" report \
  --mf-before "$WORK/metrics-before.txt" --mf-after "$WORK/metrics-after.txt" --mf-seconds "$MF_SECONDS" \
  "${PF_REPORT[@]}" \
  --messages "$MESSAGES" --sessions "$SESSIONS" --size "$SIZE" --warmup "$WARMED" \
  --source-errors "$MF_ERRORS" --cores "$(nproc)" --mf-rate-limit "$MF_RATE_LIMIT"
if [ "$MAILFLEET_ONLY" -eq 1 ]; then
  python3 -c 'import sys; print(f"accepted and delivered: mailfleet {int(sys.argv[2]) / float(sys.argv[1]):.1f} msg/s")' \
    "$MF_DELIVERED_SECONDS" "$MESSAGES"
else
  python3 -c 'import sys
mf, pf, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"accepted and delivered: mailfleet {n / mf:.1f} msg/s, Postfix {n / pf:.1f} msg/s, ratio {pf / mf:.2f}x")' \
    "$MF_DELIVERED_SECONDS" "$PF_SECONDS" "$MESSAGES"
fi
[ "$MAILFLEET_ONLY" -eq 1 ] || cpu_report postfix
cpu_report mailfleet
threads_report "$WORK/mailfleet-before.threads.json" "$WORK/mailfleet-after.threads.json" "$MESSAGES" "measured run"
python3 "$PROJECT/bench/lib/cql_counts.py" report "$WORK/cql-before.json" "$WORK/cql-after.json" --messages "$MESSAGES"
if [ -n "$JFR" ]; then
  echo "$JFR_PROCESS during the measured run (JFR, kept in $JFR):"
  python3 "$PROJECT/bench/imap/load.py" jfr-top "$JFR" || fail "cannot read the recording $JFR"
fi
echo "load while it ran (uptime): $(uptime)"
