#!/usr/bin/env bash
# POP3 load, mailfleet's pop3-gateway against Dovecot, on this machine (a benchmark, not a test):
#   bench/pop3.sh                    both, Dovecot first, then mailfleet
#   bench/pop3.sh --dovecot-only     Dovecot alone: no build, no mailfleet stack
#   bench/pop3.sh --mailfleet-only   mailfleet alone
#   POP3_BENCH_SECONDS=10 POP3_BENCH_DOVECOT_SCHEMES="PLAIN ARGON2ID" bench/pop3.sh --dovecot-only
#
# One bounded run, loopback (127.0.0.1) only, about a minute for Dovecot alone, 6 to 12 with mailfleet:
#   1. installs dovecot-core and dovecot-pop3d from Debian packages if missing, without letting the
#      package start (or leave enabled) a system Dovecot on ports 110/143;
#   2. writes USERS Maildirs of MESSAGES messages of SIZE bytes each, starts Dovecot from a temporary
#      folder on a free port (POP3 only, plaintext logins allowed, passwd-file users), and loads it:
#      CLIENTS parallel clients (bench/pop3/load.py, Python's poplib), one user each, each session
#      USER/PASS, LIST, RETR of every message, QUIT (no DELE: every session finds the same maildrop),
#      over and over for WARMUP seconds not counted, then SECONDS counted; then stops Dovecot;
#   3. starts mailfleet (./mailfleet up in a private copy of the work tree's sources, which it builds
#      first, on free ports and a temporary data folder, plaintext POP3 logins allowed on loopback),
#      creates the same users (./mailfleet user add), sends them the same messages through its MX
#      listener, waits until every INBOX holds MESSAGES (POP3 STAT against pop3-gateway), warms it up
#      and loads pop3-gateway the same way; then stops it. The warm-up: the stack starts fresh and its
#      JVMs compile for minutes, so the load runs in rounds of WARM_ROUND seconds (bench/lib/warmup.sh),
#      each followed by the JIT compiler threads' CPU per session in every JVM, until a round's
#      compilers, all JVMs together, spent less than WARM_JIT_MS per session or WARM_SECONDS have passed;
#      then the fixed WARMUP and the measured SECONDS as for Dovecot (C, nothing to compile, which keeps
#      the fixed WARMUP alone). With the fixed warm-up alone Cassandra's CPU a second was nearly the same
#      at 4x the sessions: mostly compilation;
#   4. prints sessions/s, RETR/s and octets/s of both, session latency p50/p99, the CPU the server
#      (its whole process tree: for mailfleet, the stack with Kafka, Cassandra and S3Proxy), the
#      clients and the rest of the machine used, and the ratios mailfleet/Dovecot; and the Cassandra
#      requests, reads and writes per mailfleet session (its system_views, bench/lib/cql_counts.py),
#      and every JVM of mailfleet's stack by thread pool in the measured window, per session, with its
#      JIT compiler threads' share, which tells a warm run from a cold one (bench/lib/threads.py).
# Each side runs alone, so neither competes with the other for the CPU (the clients do share it with
# the server under test). Everything it started is stopped and its temporary folder deleted when it
# exits, however it exits (also on failure or Ctrl-C).
#
# Logins cost differently on the two sides: mailfleet checks an Argon2id hash (19 MiB, 2 passes) at
# every login, Dovecot the scheme of its passwd-file. POP3_BENCH_DOVECOT_SCHEMES lists the schemes to
# run Dovecot with, one measured run each: PLAIN (the default) and ARGON2ID, which stores each
# password as an Argon2id hash with mailfleet's parameters (made with the argon2 tool, Debian
# package argon2, installed when this scheme is asked for). Dovecot otherwise keeps its defaults: a
# login process and a pop3 process for each connection, every login logged to its log file.
#
# Settings (environment): POP3_BENCH_USERS (10), POP3_BENCH_MESSAGES (50 per user), POP3_BENCH_SIZE
# (4096 bytes a message, headers included, as sent), POP3_BENCH_CLIENTS (10, at most USERS: POP3 locks
# a maildrop, so two clients never share a user), POP3_BENCH_SECONDS (20 measured), POP3_BENCH_WARMUP
# (20 s not counted before them, on both sides), POP3_BENCH_WARM_ROUND (20 s per round of mailfleet's
# warm-up), POP3_BENCH_WARM_JIT_MS (0.5 ms of the compilers' CPU per session, all JVMs together, under
# which a round ends it: 3% of the ~15 ms a session costs the stack with the credential cache on; with
# it off a session costs 45-60 ms, so 1.5 is the same share), POP3_BENCH_WARM_SECONDS (240 s: its
# longest; 0 leaves mailfleet the fixed WARMUP alone), POP3_BENCH_DOVECOT_SCHEMES (PLAIN), POP3_BENCH_START_TIMEOUT (480 s for
# ./mailfleet up, a build included), POP3_BENCH_FILL_TIMEOUT (300 s to deliver the messages to
# mailfleet), POP3_BENCH_MAILFLEET_ENV (extra VAR=value settings for the mailfleet stack),
# POP3_BENCH_KEEP=1 keeps the temporary folder (logs, Maildirs, results, mailfleet's data) and
# prints where it is, POP3_BENCH_JFR=FILE records one JVM of the stack with JFR (settings=profile)
# during mailfleet's measured window into FILE and prints the methods most often on top of its stacks
# and where its threads waited (bench/imap/load.py jfr-top): pop3-gateway, or the program
# POP3_BENCH_JFR_PROCESS names as bench/lib/cpu.py does (cassandra, s3proxy...); the recording costs
# some throughput, so compare profiles with profiles and figures with figures.
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$PWD
HERE=$PROJECT/bench/pop3
export PATH=$PATH:/usr/sbin:/sbin

usage() {
  sed -n '2,6s/^# \{0,1\}//p' "$0"
  echo "settings: see the comment at the top of bench/pop3.sh"
}

TARGETS=both
for arg in "$@"; do
  case "$arg" in
    --dovecot-only) TARGETS=dovecot ;;
    --mailfleet-only) TARGETS=mailfleet ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

USERS=${POP3_BENCH_USERS:-10}
MESSAGES=${POP3_BENCH_MESSAGES:-50}
SIZE=${POP3_BENCH_SIZE:-4096}
CLIENTS=${POP3_BENCH_CLIENTS:-10}
DURATION=${POP3_BENCH_SECONDS:-20}
WARMUP=${POP3_BENCH_WARMUP:-20}
WARM_JIT_MS=${POP3_BENCH_WARM_JIT_MS:-0.5}
WARM_SECONDS=${POP3_BENCH_WARM_SECONDS:-240}
WARM_ROUND=${POP3_BENCH_WARM_ROUND:-20}
SCHEMES=${POP3_BENCH_DOVECOT_SCHEMES:-PLAIN}
START_TIMEOUT=${POP3_BENCH_START_TIMEOUT:-480}
FILL_TIMEOUT=${POP3_BENCH_FILL_TIMEOUT:-300}
KEEP=${POP3_BENCH_KEEP:-0}
JFR=${POP3_BENCH_JFR:-}
JFR_PROCESS=${POP3_BENCH_JFR_PROCESS:-pop3-gateway}
# The load logs in from 127.0.0.1 in plaintext, a new connection for every session: plaintext
# logins are allowed (loopback only), and the per-address limit of new connections a minute (120 by
# default on pop3-gateway and smtp-ingress; Dovecot has none) is lifted for the run.
MF_ENV="MAILFLEET_POP3_ALLOW_PLAINTEXT_AUTH=true MAILFLEET_POP3_MAX_CONNECTION_RATE_PER_IP=1000000"
MF_ENV+=" MAILFLEET_SMTP_MAX_CONNECTION_RATE_PER_IP=1000000 ${POP3_BENCH_MAILFLEET_ENV:-}"
# Argon2id as mailfleet hashes passwords (shared/mail-auth, Argon2Parameters.DEFAULT).
ARGON2_MEMORY_KIB=19456
ARGON2_PASSES=2
ARGON2_LANES=1
ARGON2_HASH_BYTES=32

say() { printf '[pop3-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[pop3-bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

for setting in USERS MESSAGES SIZE CLIENTS DURATION WARMUP WARM_ROUND START_TIMEOUT FILL_TIMEOUT; do
  [[ ${!setting} =~ ^[1-9][0-9]*$ ]] || fail "$setting must be a positive number, not '${!setting}'"
done
[[ $WARM_SECONDS =~ ^[0-9]+$ ]] || fail "POP3_BENCH_WARM_SECONDS must be a number of seconds, not '$WARM_SECONDS'"
[[ $WARM_JIT_MS =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "POP3_BENCH_WARM_JIT_MS must be a number of ms, not '$WARM_JIT_MS'"
[ "$CLIENTS" -le "$USERS" ] || fail "POP3_BENCH_CLIENTS ($CLIENTS) must not exceed POP3_BENCH_USERS ($USERS): POP3 locks a maildrop"
[ "$USERS" -le 99 ] || fail "POP3_BENCH_USERS is at most 99"
for scheme in $SCHEMES; do
  case "$scheme" in PLAIN|ARGON2ID) ;; *) fail "POP3_BENCH_DOVECOT_SCHEMES: $scheme is neither PLAIN nor ARGON2ID" ;; esac
done
if [ "$TARGETS" != dovecot ] && [ ! -f "$PROJECT/services/pop3-gateway/pom.xml" ]; then
  fail "./mailfleet up does not start pop3-gateway in this tree; bench/pop3.sh --dovecot-only measures Dovecot alone"
fi

WORK=
DV=
DV_PID=
MF_PID=
MF_DATA=
TREE=
POLICY_RC_D=
RUNS=0
JFR_STARTER=

# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
# shellcheck source=bench/lib/warmup.sh
. "$PROJECT/bench/lib/warmup.sh"

# ---------------------------------------------------------------------------------------- cleanup

# The master's children (login, pop3, auth) leave with it.
stop_dovecot() {
  [ -n "$DV_PID" ] || return 0
  stop_process_tree "$DV_PID" "Dovecot master" 10
  wait "$DV_PID" 2>/dev/null || true
  DV_PID=
}

show_logs() {
  local file
  for file in "$WORK/apt.log" "$DV/dovecot.log" "$DV/stdout.log" "$WORK/mailfleet-up.log" "$WORK"/*.err "$MF_DATA"/logs/*.log; do
    [ -s "$file" ] || continue
    echo "----- last lines of $file" >&2
    tail -n 12 "$file" >&2
  done
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  [ -z "$POLICY_RC_D" ] || rm -f "$POLICY_RC_D"
  [ -z "$JFR_STARTER" ] || kill "$JFR_STARTER" 2>/dev/null
  stop_dovecot
  stop_mailfleet
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    case "$status" in
      0) ;;
      130|143) echo "pop3-bench: interrupted; everything it started is stopped" >&2 ;;
      *) show_logs ;;
    esac
    if [ "$KEEP" = 1 ]; then
      echo "pop3-bench: kept $WORK"
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

dovecot_installed() {
  command -v dovecot >/dev/null && command -v doveconf >/dev/null && [ -x /usr/lib/dovecot/pop3 ] && [ -x /usr/lib/dovecot/pop3-login ]
}

install_packages() {
  local missing=() new_dovecot=false pid
  dovecot_installed || { missing+=(dovecot-core dovecot-pop3d); new_dovecot=true; }
  command -v python3 >/dev/null || missing+=(python3)
  case " $SCHEMES " in *" ARGON2ID "*) command -v argon2 >/dev/null || missing+=(argon2) ;; esac
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "needs ${missing[*]} (Debian packages) and is not root: apt-get install ${missing[*]}"
  say "installing ${missing[*]} (Debian packages)"
  # dovecot-core enables and starts a system Dovecot on 110/143 (and 993/995). policy-rc.d, which
  # invoke-rc.d and deb-systemd-invoke both obey, refuses every start during the install; the
  # service is disabled after it. An existing policy-rc.d is left as it is.
  if $new_dovecot && [ ! -e /usr/sbin/policy-rc.d ]; then
    POLICY_RC_D=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC_D"
    chmod 755 "$POLICY_RC_D"
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >"$WORK/apt.log" 2>&1; then
    say "install failed; apt-get update, then again"
    apt-get update >>"$WORK/apt.log" 2>&1 || fail "apt-get update failed (see $WORK/apt.log)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
      || fail "apt-get install ${missing[*]} failed"
  fi
  if [ -n "$POLICY_RC_D" ]; then
    rm -f "$POLICY_RC_D"
    POLICY_RC_D=
  fi
  if $new_dovecot; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
    else
      update-rc.d dovecot disable >/dev/null 2>&1 || true
    fi
    # Should a system Dovecot have started all the same, it goes: this run installed it.
    if [ -s /run/dovecot/master.pid ] && pid=$(tr -dc '0-9' </run/dovecot/master.pid) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      say "stopping the system Dovecot the package started (pid $pid)"
      doveadm stop >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    fi
  fi
  dovecot_installed || fail "Dovecot's POP3 server is still missing after installing dovecot-core dovecot-pop3d"
}

listening() {
  python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)
s.settimeout(5)
greeting = s.makefile("rb").readline()
s.close()
sys.exit(0 if greeting.startswith(b"+OK") else 1)' "$1" 2>/dev/null
}

start_dovecot() {
  local port=$1 owner group uid
  DV=$WORK/dovecot
  mkdir -p "$DV/run" "$DV/state" "$DV/mail"
  # The mail belongs to an unprivileged user: vmail where there is one, nobody otherwise.
  if id vmail >/dev/null 2>&1; then owner=vmail; else owner=nobody; fi
  group=$(id -gn "$owner")
  uid=$(id -u "$owner")
  say "Dovecot: writing $USERS Maildirs of $MESSAGES messages of $SIZE bytes (owner $owner)"
  python3 "$HERE/mailboxes.py" maildir --root "$DV/mail" --users "$USERS" --messages "$MESSAGES" --size "$SIZE" --owner "$owner"
  cat >"$DV/dovecot.conf" <<EOF
# bench/pop3.sh: POP3 only, on 127.0.0.1:$port, everything under $DV.
protocols = pop3
listen = 127.0.0.1
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DV/mail/%u/Maildir
mail_uid = $owner
mail_gid = $group
first_valid_uid = $uid
passdb {
  driver = passwd-file
  args = scheme=PLAIN $DV/users
}
userdb {
  driver = static
  args = home=$DV/mail/%u
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $port
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
  write_dovecot_users PLAIN
  doveconf -c "$DV/dovecot.conf" -n >"$DV/doveconf.txt" 2>"$WORK/doveconf.err" || fail "doveconf: $(head -n 3 "$WORK/doveconf.err")"
  dovecot -F -c "$DV/dovecot.conf" >"$DV/stdout.log" 2>&1 </dev/null &
  DV_PID=$!
  for _ in $(seq 1 100); do
    listening "$port" && return 0
    kill -0 "$DV_PID" 2>/dev/null || fail "Dovecot exited at start: $(tail -n 3 "$DV/stdout.log" "$DV/dovecot.log" 2>/dev/null)"
    sleep 0.1
  done
  fail "Dovecot does not greet on 127.0.0.1:$port"
}

# The passwd-file of Dovecot's users, their passwords stored in SCHEME.
write_dovecot_users() {
  local scheme=$1 user password hash
  : >"$DV/users.new"
  while read -r user password; do
    case "$scheme" in
      PLAIN) hash="{PLAIN}$password" ;;
      ARGON2ID)
        hash="{ARGON2ID}$(printf '%s' "$password" | argon2 "$(head -c 12 /dev/urandom | base64)" -id -e \
          -t "$ARGON2_PASSES" -k "$ARGON2_MEMORY_KIB" -p "$ARGON2_LANES" -l "$ARGON2_HASH_BYTES")" \
          || fail "argon2 could not hash a password" ;;
    esac
    printf '%s:%s\n' "$user" "$hash" >>"$DV/users.new"
  done < <(python3 "$HERE/mailboxes.py" users --users "$USERS")
  chmod 640 "$DV/users.new"
  chgrp dovecot "$DV/users.new" 2>/dev/null || true
  mv "$DV/users.new" "$DV/users"
}

# load LABEL PORT SERVER_PID [RECORDED_PID [THREADS]]: bench/pop3/load.py against 127.0.0.1:PORT, its result in
# WORK/result-N.json; the CPU of SERVER_PID's process tree is the server's. RECORDED_PID: the JVM JFR records
# in the measured window; THREADS: where the threads of the server's JVMs at that window's start and end go
# (THREADS-before.json, THREADS-after.json).
# (timeout --foreground: the clients stay in this script's process group, so Ctrl-C reaches them.)
load() {
  local label=$1 port=$2 server_pid=$3 status=0 threads=()
  RUNS=$((RUNS + 1))
  [ -z "${4:-}" ] || start_recording "$4"
  [ -z "${5:-}" ] || threads=(--threads-before "$5-before.json" --threads-after "$5-after.json")
  timeout --foreground $((WARMUP + DURATION + 120)) python3 "$HERE/load.py" run --label "$label" --port "$port" \
    --users-file "$WORK/users.txt" --clients "$CLIENTS" --seconds "$DURATION" --warmup "$WARMUP" \
    --expect-messages "$MESSAGES" --out "$WORK/result-$RUNS.json" --server-pid "$server_pid" "${threads[@]}" \
    2>"$WORK/load-$RUNS.err" || status=$?
  [ -z "${4:-}" ] || stop_recording "$4"
  say "$label: load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  stopped_by_signal "$status"
  [ "$status" -ne 124 ] || fail "$label: the load did not finish in time"
  [ "$status" -eq 0 ] || fail "$label: the load failed: $(tail -n 3 "$WORK/load-$RUNS.err")"
}

# warm_up_round N: round N of mailfleet's warm-up (bench/lib/warmup.sh), the load itself for WARM_ROUND
# seconds, counted whole, into a result the report leaves out; its line shows the sessions/s.
warm_up_round() {
  local status=0
  timeout --foreground $((WARM_ROUND + 120)) python3 "$HERE/load.py" run --label "  mailfleet warm-up round $1" \
    --port "$MF_POP3" --users-file "$WORK/users.txt" --clients "$CLIENTS" --seconds "$WARM_ROUND" --warmup 0 \
    --expect-messages "$MESSAGES" --out "$WORK/warm-up-$1.json" 2>"$WORK/warm-up-$1.err" || status=$?
  stopped_by_signal "$status"
  [ "$status" -eq 0 ] || fail "warm-up round $1 failed (status $status): $(tail -n 3 "$WORK/warm-up-$1.err")"
  ROUND_DONE=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sessions"])' "$WORK/warm-up-$1.json")
}

# start_recording PID: JFR in PID from the end of the warm-up (load.py counts from its start) until
# stop_recording; the warm-up's JIT compilation and class loading stay out of the profile.
start_recording() {
  ( sleep "$WARMUP"
    jcmd "$1" JFR.start name=pop3-bench settings=profile "filename=$JFR" >"$WORK/jfr.log" 2>&1 ) &
  JFR_STARTER=$!
}

stop_recording() {
  wait "$JFR_STARTER" || fail "jcmd could not start a recording in $JFR_PROCESS (pid $1): $(tail -n 2 "$WORK/jfr.log")"
  JFR_STARTER=
  jcmd "$1" JFR.stop name=pop3-bench >>"$WORK/jfr.log" 2>&1 || fail "jcmd could not stop the recording: $(tail -n 2 "$WORK/jfr.log")"
}

# show_threads: the stack's JVMs by thread pool in mailfleet's measured window, per session counted in it,
# and their JIT compilers' share, which tells a warm run from a cold one.
show_threads() {
  local sessions
  sessions=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sessions"])' "$WORK/result-$RUNS.json")
  threads_report "$WORK/mailfleet.threads-before.json" "$WORK/mailfleet.threads-after.json" "$sessions" \
    "mailfleet's measured window" session
}

# A step that ended with 130 or 143 was stopped by Ctrl-C or a TERM this script got as well: the
# script ends the same way, as interrupted.
stopped_by_signal() {
  case "$1" in 130|143) exit "$1" ;; esac
}

# ---------------------------------------------------------------------------------------- the run

WORK=$(mktemp -d /tmp/mailfleet-pop3-bench.XXXXXX)
chmod 755 "$WORK"
say "work folder $WORK; $TARGETS; $USERS users x $MESSAGES messages of $SIZE bytes, $CLIENTS clients, ${WARMUP} s warm-up + ${DURATION} s measured"
python3 "$HERE/mailboxes.py" users --users "$USERS" >"$WORK/users.txt"

if [ "$TARGETS" != mailfleet ]; then
  install_packages
  read -r DV_PORT <<<"$(free_ports 1)"
  start_dovecot "$DV_PORT"
  DV_VERSION=$(dovecot --version 2>/dev/null | cut -d' ' -f1)
  say "Dovecot $DV_VERSION: POP3 on 127.0.0.1:$DV_PORT"
  for scheme in $SCHEMES; do
    write_dovecot_users "$scheme"
    say "Dovecot, passwords $scheme: load"
    load "dovecot $DV_VERSION $scheme" "$DV_PORT" "$DV_PID"
  done
  stop_dovecot
  say "Dovecot: stopped"
fi

if [ "$TARGETS" != dovecot ]; then
  command -v python3 >/dev/null || fail "needs python3"
  say "mailfleet: ./mailfleet up in a copy of the work tree's sources (it builds them first)"
  START=$SECONDS
  start_mailfleet
  say "mailfleet: up after $((SECONDS - START)) s; MX on 127.0.0.1:$MF_MX, POP3 on 127.0.0.1:$MF_POP3"
  for _ in $(seq 1 300); do
    listening "$MF_POP3" && break
    sleep 0.2
  done
  listening "$MF_POP3" || fail "pop3-gateway does not greet on 127.0.0.1:$MF_POP3 (MAILFLEET_POP3_PORT) a minute after ./mailfleet up"
  say "mailfleet: adding $USERS users"
  while read -r user password; do
    mailfleet_cli user add "$user" --password "$password" >>"$WORK/users-add.log" 2>&1 \
      || fail "./mailfleet user add $user: $(tail -n 2 "$WORK/users-add.log")"
  done <"$WORK/users.txt"
  say "mailfleet: sending $((USERS * MESSAGES)) messages to its MX, then waiting for every INBOX to hold $MESSAGES"
  FILL=$SECONDS
  status=0
  timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/mailboxes.py" send --port "$MF_MX" --users "$USERS" --messages "$MESSAGES" \
    --size "$SIZE" 2>"$WORK/send.err" || status=$?
  stopped_by_signal "$status"
  [ "$status" -eq 0 ] || fail "sending the messages failed (status $status): $(tail -n 3 "$WORK/send.err")"
  timeout --foreground $((FILL_TIMEOUT + 60)) python3 "$HERE/mailboxes.py" wait --port "$MF_POP3" --users "$USERS" \
    --messages "$MESSAGES" --timeout "$FILL_TIMEOUT" 2>"$WORK/wait.err" || status=$?
  stopped_by_signal "$status"
  [ "$status" -eq 0 ] || fail "the INBOXes did not fill (status $status): $(tail -n 3 "$WORK/wait.err")"
  say "mailfleet: every INBOX holds $MESSAGES messages ($((SECONDS - FILL)) s); load"
  JFR_PID=
  if [ -n "$JFR" ]; then
    JFR_PID=$(program_pid "$MF_PID" "$JFR_PROCESS") || fail "no $JFR_PROCESS process under ./mailfleet up (pid $MF_PID)"
  fi
  warm_up_in_rounds session 0 "$WARM_JIT_MS" "$WARM_SECONDS" warm_up_round
  python3 "$PROJECT/bench/lib/cql_counts.py" snapshot "$MF_CQL" mailfleet "$WORK/cql-before.json"
  load "mailfleet" "$MF_POP3" "$MF_PID" "$JFR_PID" "$WORK/mailfleet.threads"
  python3 "$PROJECT/bench/lib/cql_counts.py" snapshot "$MF_CQL" mailfleet "$WORK/cql-after.json"
  stop_mailfleet
  say "mailfleet: stopped"
fi

python3 "$HERE/load.py" report "$WORK"/result-*.json
if [ "$TARGETS" != dovecot ]; then
  # The snapshots frame the warm-up and the measured window: divide by the sessions of both.
  SESSIONS=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["sessions"] + r["warmup_sessions"])' \
    "$WORK/result-$RUNS.json")
  python3 "$PROJECT/bench/lib/cql_counts.py" report "$WORK/cql-before.json" "$WORK/cql-after.json" \
    --messages "$SESSIONS" --unit "POP3 session, warm-up included"
  show_threads
fi
if [ -n "$JFR" ] && [ "$TARGETS" != dovecot ]; then
  echo "$JFR_PROCESS during mailfleet's measured window (JFR, kept in $JFR):"
  python3 "$PROJECT/bench/imap/load.py" jfr-top "$JFR" || fail "cannot read the recording $JFR"
fi
