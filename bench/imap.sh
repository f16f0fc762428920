#!/usr/bin/env bash
# IMAP load, mailfleet's imap-gateway against Dovecot, on this machine (a benchmark, not a test):
#   bench/imap.sh                    both, Dovecot first, then mailfleet
#   bench/imap.sh --dovecot-only     Dovecot alone: no build, no mailfleet stack
#   bench/imap.sh --mailfleet-only   mailfleet alone
#   IMAP_BENCH_SECONDS=10 IMAP_BENCH_BIG=10000 IMAP_BENCH_IDLE_SESSIONS=1000 bench/imap.sh --dovecot-only
#
# One bounded run, loopback (127.0.0.1) only. For each side, with the same accounts and messages:
#   1. mixed load: CLIENTS parallel clients (bench/imap/load.py, Python's imaplib) over USERS accounts
#      of MESSAGES messages of SIZE bytes, each session LOGIN, LIST, STATUS, SELECT, FETCH of all
#      FLAGS, of 10 ENVELOPEs and of one body, STORE, APPEND, STORE \Deleted + EXPUNGE of what it
#      appended, LOGOUT; WARMUP seconds not counted, then SECONDS counted: operations/s, p50/p99 per
#      command (targets for mailfleet: >= 1.0x Dovecot, p99 <= 50 ms for all but LOGIN). mailfleet's
#      stack starts fresh and its JVMs compile for minutes, so before that its warm-up goes on in rounds
#      of WARM_ROUND seconds of the same load (bench/lib/warmup.sh), each followed by the JIT compiler
#      threads' CPU per operation in every JVM, until a round's compilers, all JVMs together, spent less
#      than WARM_JIT_MS per operation (a few per cent of the stack's ~5 ms) or WARM_SECONDS have passed;
#      with the default WARMUP alone, two thirds of Cassandra's CPU per operation was its compilers.
#      Dovecot keeps the fixed WARMUP: it is C, nothing to compile. For mailfleet
#      also the first gateway's own store time per command over the load, warm-up included, from its
#      histogram (mailfleet_imap_command_duration_seconds), with the load average;
#   2. a mailbox of BIG messages: SELECT and UID FETCH 1:* (FLAGS), in a first and a second session
#      (targets <= 100 ms and <= 1 s). Both sides' big mailboxes are written straight into their stores,
#      not sent: Dovecot's Maildir as files (load.py maildir; Dovecot indexes them at the first SELECT),
#      mailfleet's by bench/store's MailboxFiller (the default, IMAP_BENCH_BIG_FILL=store) on the stack's
#      Cassandra and S3, with the same messages (load.py messages). Each message gets what a delivery
#      writes: its blob (pinned), its content parsed by the indexer smtp-ingress uses, its row, flag
#      block, UID map entry and counters through the store's batch append, 50 messages per change, so
#      imap-gateway cannot tell the mailbox from a delivered one. It differs from a delivery in what no
#      IMAP read looks at: no MessageAdded events, no delivery receipts, no pass through smtp-ingress,
#      Kafka and delivery-worker; and message n has UID n (SMTP over 4 connections interleaves them).
#      IMAP_BENCH_BIG_FILL=smtp sends it through the MX instead, as the other mailboxes are (~50 msg/s
#      here: over half an hour for 100,000). Each side's fill time is printed;
#   3. BODY search: a mailbox of SEARCH_MESSAGES messages, UID SEARCH BODY for a string in one message's
#      body and for one in none, 20 rounds: p50/p99 (target for mailfleet: p99 <= 200 ms over 10,000).
#      mailfleet answers from the search texts kept in Cassandra, never reading a body from S3; Dovecot
#      runs without an fts plugin, as it is packaged, and reads every message's file (or its cache);
#   4. SORT: UID SORT (DATE) UTF-8 ALL and UID SORT (REVERSE ARRIVAL) UTF-8 ALL on the SEARCH_MESSAGES
#      mailbox, 20 rounds each: p50/p99 (target for mailfleet: DATE p99 <= 200 ms over 10,000). The
#      messages' Date fields are distinct minutes in shuffled order; each answer is checked against the
#      dates and internal dates the mailbox itself reports (fetched once), and a wrong one is reported,
#      not timed;
#   5. QRESYNC: a client that holds the BIG mailbox's UIDVALIDITY, HIGHESTMODSEQ and UIDs reconnects
#      after another session made 100 changes (\Flagged set on 70 messages, 30 expunged), ENABLE QRESYNC,
#      then SELECT INBOX (QRESYNC (uidvalidity modseq known-uids)): time from the SELECT to its tagged
#      OK, p50/p99 over 10 rounds of new changes (target for mailfleet <= 100 ms). The answer must
#      carry exactly those changes: VANISHED (EARLIER) of the expunged UIDs, a FETCH (FLAGS, MODSEQ) of
#      each flagged message and nothing of the others; a wrong answer is reported, not timed;
#   6. COMPRESS=DEFLATE (RFC 4978): the mixed load of 1. again, each session sending COMPRESS DEFLATE
#      after LOGIN: ops/s and octets on the wire each way per operation (the socket's, compressed),
#      beside those of the uncompressed load (which counts them too; the bench's bodies repeat one short
#      string, so they compress far better than real mail does). Dovecot gets it from its zlib and
#      imap_zlib plugins (loaded for all of its sections; without the plugin in its package, the
#      script says so and compresses for mailfleet alone);
#   7. IDLE push: PUSH_SESSIONS sessions in IDLE, PUSH_COUNT messages delivered at PUSH_RATE msg/s
#      round-robin to them; latency from the delivery's 250 to the untagged EXISTS, p50/p99 (target
#      p99 <= 100 ms). Dovecot is delivered to by its LMTP server (it has no SMTP of its own),
#      mailfleet by smtp-ingress's MX listener, so mailfleet's figure includes Kafka and the worker;
#      mailfleet runs two imap-gateway instances (./mailfleet up --scale imap-gateway=2) and the IDLE
#      sessions alternate between them, so the push crosses instances as mailbox.events broadcasts it;
#      for mailfleet also the push's stages from the services' histograms (delivery with its sub-stages,
#      broadcast, resync), the stack's CPU and Cassandra's requests per message pushed, and the slowest
#      pushes with their places in the order sent;
#   8. IDLE_SESSIONS sessions over implicit TLS, each logged in and in IDLE: how much the server's
#      memory grows per session (target <= 50 KB; the sum of the proportional set sizes of the
#      server's processes, so that what Dovecot's processes share counts once). Dovecot runs as one
#      would run it for many idle clients: login processes that serve many connections each, and IDLE
#      sessions hibernated after 5 s into one imap-hibernate process (otherwise it runs an imap
#      process of a few MB per session). Hibernation needs inotify: where the kernel's per-user limit
#      of inotify instances (fs.inotify.max_user_instances, often 128) is reached, Dovecot logs so,
#      polls instead, and keeps the sessions' processes.
# Then it prints every figure and the ratios mailfleet/Dovecot. For mailfleet's uncompressed mixed load it
# also prints the CPU per operation of each process of the stack over the measured seconds
# (bench/lib/cpu.py), that of every JVM of the stack by thread pool with its context switches
# (bench/lib/threads.py: Cassandra's native transport, read and mutation stages, commit log, compaction,
# memtable flushes, GC and JIT compilers) and Cassandra's requests per operation (bench/lib/cql_counts.py),
# then, with the load over, the requests per command of 10 sessions run one at a time (load.py requests).
#
# The mixed load's accounts and the SEARCH/SORT mailbox are filled through SMTP on mailfleet's side
# (smtp-ingress -> Kafka -> delivery-worker; 10,000 messages take minutes): the mixed load and the push
# measure that path anyway, and what delivery writes for SEARCH and SORT is being changed, so those
# figures stay on the real path rather than on the filler's copy of it.
#
# Passwords are Argon2id on both sides, with mailfleet's parameters (19 MiB, 2 passes; the argon2
# tool of Debian's package argon2 makes Dovecot's hashes). Dovecot keeps its default of no
# authentication cache, so each of its logins checks a hash. The mailfleet side needs imap-gateway
# in ./mailfleet up; until it exists there, this script says so and measures Dovecot alone.
# Everything it started is stopped and its temporary folder deleted when it exits, however it exits.
#
# Settings (environment): IMAP_BENCH_USERS (100), IMAP_BENCH_MESSAGES (20 per user), IMAP_BENCH_SIZE
# (4096 bytes), IMAP_BENCH_CLIENTS (10), IMAP_BENCH_SECONDS (20), IMAP_BENCH_WARMUP (10),
# IMAP_BENCH_WARM_ROUND (20 s per round of mailfleet's warm-up), IMAP_BENCH_WARM_JIT_MS (0.2 ms of the
# compilers' CPU per operation, all JVMs together, under which a round ends it), IMAP_BENCH_WARM_SECONDS
# (480 s: its longest; at 240 s a machine loaded by other work left the compilers at 0.35 ms per operation
# and still falling; 0 measures the stack as cold as the fixed WARMUP leaves it),
# IMAP_BENCH_BIG (100000 messages), IMAP_BENCH_SEARCH_MESSAGES (10000), IMAP_BENCH_PUSH_SESSIONS (10), IMAP_BENCH_PUSH_RATE (50 msg/s),
# IMAP_BENCH_PUSH_COUNT (500), IMAP_BENCH_IDLE_SESSIONS (10000), IMAP_BENCH_START_TIMEOUT (480 s for
# ./mailfleet up), IMAP_BENCH_FILL_TIMEOUT (1800 s to deliver mailfleet's messages, the big mailbox's
# included), IMAP_BENCH_BIG_FILL (store, or smtp: how mailfleet's big mailbox is filled, see 2.),
# IMAP_BENCH_MIXED_ONLY=1 runs section 1 alone (no big or search mailbox filled, no other section),
# IMAP_BENCH_PUSH_ONLY=1 runs section 7 alone (the accounts filled as for 1., nothing else),
# IMAP_BENCH_SEARCH_ONLY=1 runs sections 3 and 4 alone, in a gateway that served nothing before (no mixed
# load, no big mailbox; the accounts of the mixed load get no messages),
# IMAP_BENCH_MAILFLEET_ENV (extra VAR=value settings for the stack), IMAP_BENCH_KEEP=1
# keeps the temporary folder and prints where it is, IMAP_BENCH_JFR=FILE records the first gateway
# instance with Java Flight Recorder (jcmd) during mailfleet's mixed load into FILE and prints the
# methods its execution samples found on top of the stack and the store calls its threads waited in
# (parks, lock waits and socket reads of 10 ms or more, summed); IMAP_BENCH_JFR_PROCESS records another
# JVM of the stack instead, named as bench/lib/cpu.py names it (cassandra, kafka, s3proxy,
# delivery-worker...; the recording costs that JVM some CPU, so compare profiles with profiles; and
# its start redefines the JDK classes its I/O events instrument, one safepoint of tens of ms, after which
# the JVM compiles again whatever inlined them: in one run the gateway compiled 9,300 methods in the
# recording's first 37 s, against 18,000 in its 12 minutes before, its compilers then 59% of its CPU,
# so the mixed load's latencies and JIT figures of a recorded run are not those of an unrecorded one),
# IMAP_BENCH_SEARCH_JFR=FILE the same
# during the BODY searches of 3. alone (the first of them included), IMAP_BENCH_PUSH_JFR=FILE the same
# during the IDLE push of 7. alone, IMAP_BENCH_TREE=DIR runs ./mailfleet up in
# DIR, a copy of the sources built before (by an earlier ./mailfleet up there), instead of copying and
# building the work tree (a build takes minutes on a loaded machine); the filler is built there if missing.
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$PWD
HERE=$PROJECT/bench/imap
export PATH=$PATH:/usr/sbin:/sbin

usage() {
  sed -n '2,6s/^# \{0,1\}//p' "$0"
  echo "settings: see the comment at the top of bench/imap.sh"
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

USERS=${IMAP_BENCH_USERS:-100}
MESSAGES=${IMAP_BENCH_MESSAGES:-20}
SIZE=${IMAP_BENCH_SIZE:-4096}
CLIENTS=${IMAP_BENCH_CLIENTS:-10}
DURATION=${IMAP_BENCH_SECONDS:-20}
WARMUP=${IMAP_BENCH_WARMUP:-10}
WARM_JIT_MS=${IMAP_BENCH_WARM_JIT_MS:-0.2}
WARM_SECONDS=${IMAP_BENCH_WARM_SECONDS:-480}
WARM_ROUND=${IMAP_BENCH_WARM_ROUND:-20}
BIG=${IMAP_BENCH_BIG:-100000}
SEARCH_MESSAGES=${IMAP_BENCH_SEARCH_MESSAGES:-10000}
PUSH_SESSIONS=${IMAP_BENCH_PUSH_SESSIONS:-10}
PUSH_RATE=${IMAP_BENCH_PUSH_RATE:-50}
PUSH_COUNT=${IMAP_BENCH_PUSH_COUNT:-500}
IDLE_SESSIONS=${IMAP_BENCH_IDLE_SESSIONS:-10000}
START_TIMEOUT=${IMAP_BENCH_START_TIMEOUT:-480}
FILL_TIMEOUT=${IMAP_BENCH_FILL_TIMEOUT:-1800}
BIG_FILL=${IMAP_BENCH_BIG_FILL:-store}
KEEP=${IMAP_BENCH_KEEP:-0}
MIXED_ONLY=${IMAP_BENCH_MIXED_ONLY:-0}
PUSH_ONLY=${IMAP_BENCH_PUSH_ONLY:-0}
SEARCH_ONLY=${IMAP_BENCH_SEARCH_ONLY:-0}
JFR=${IMAP_BENCH_JFR:-}
JFR_PROCESS=${IMAP_BENCH_JFR_PROCESS:-imap-gateway}
SEARCH_JFR=${IMAP_BENCH_SEARCH_JFR:-}
PUSH_JFR=${IMAP_BENCH_PUSH_JFR:-}
BIG_USER=imapbig@example.test
BIG_PASSWORD=bench-big-secret
SEARCH_USER=imapsearch@example.test
SEARCH_PASSWORD=bench-search-secret
# load.py search's default: 20 rounds of two searches each.
SEARCH_ROUNDS=40
# Argon2id as mailfleet hashes passwords (shared/mail-auth, Argon2Parameters.DEFAULT).
ARGON2_MEMORY_KIB=19456
ARGON2_PASSES=2
ARGON2_LANES=1
ARGON2_HASH_BYTES=32

say() { printf '[imap-bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[imap-bench %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

for setting in USERS MESSAGES SIZE CLIENTS DURATION WARMUP WARM_ROUND BIG SEARCH_MESSAGES PUSH_SESSIONS PUSH_RATE PUSH_COUNT IDLE_SESSIONS START_TIMEOUT FILL_TIMEOUT; do
  [[ ${!setting} =~ ^[1-9][0-9]*$ ]] || fail "$setting must be a positive number, not '${!setting}'"
done
[ "$USERS" -le 999 ] || fail "IMAP_BENCH_USERS is at most 999"
[[ $WARM_SECONDS =~ ^[0-9]+$ ]] || fail "IMAP_BENCH_WARM_SECONDS must be a number of seconds, not '$WARM_SECONDS'"
[[ $WARM_JIT_MS =~ ^[0-9]+(\.[0-9]+)?$ ]] || fail "IMAP_BENCH_WARM_JIT_MS must be a number of ms, not '$WARM_JIT_MS'"
[ "$PUSH_SESSIONS" -le "$USERS" ] || fail "IMAP_BENCH_PUSH_SESSIONS must not exceed IMAP_BENCH_USERS"
# The QRESYNC section changes 100 messages of the big mailbox in each of its 10 rounds, none twice.
[ "$BIG" -ge 1000 ] || fail "IMAP_BENCH_BIG is at least 1000"
case "$BIG_FILL" in store|smtp) ;; *) fail "IMAP_BENCH_BIG_FILL is store or smtp, not '$BIG_FILL'" ;; esac
case "$MIXED_ONLY" in 0|1) ;; *) fail "IMAP_BENCH_MIXED_ONLY is 0 or 1, not '$MIXED_ONLY'" ;; esac
case "$PUSH_ONLY" in 0|1) ;; *) fail "IMAP_BENCH_PUSH_ONLY is 0 or 1, not '$PUSH_ONLY'" ;; esac
case "$SEARCH_ONLY" in 0|1) ;; *) fail "IMAP_BENCH_SEARCH_ONLY is 0 or 1, not '$SEARCH_ONLY'" ;; esac
case "$MIXED_ONLY$PUSH_ONLY$SEARCH_ONLY" in 000|100|010|001) ;;
  *) fail "IMAP_BENCH_MIXED_ONLY, IMAP_BENCH_PUSH_ONLY and IMAP_BENCH_SEARCH_ONLY each run some sections: set one" ;; esac
# The big mailbox is filled only for a run of every section, the search mailbox for the search sections too.
FILL_ALL=true
[ "$MIXED_ONLY$PUSH_ONLY$SEARCH_ONLY" = 000 ] || FILL_ALL=false
FILL_SEARCH=$FILL_ALL
[ "$SEARCH_ONLY" = 0 ] || FILL_SEARCH=true

WORK=
DV=
DV_PID=
MF_PID=
MF_DATA=
TREE=${IMAP_BENCH_TREE:-}
POLICY_RC_D=
RUNS=0

# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
# shellcheck source=bench/lib/warmup.sh
. "$PROJECT/bench/lib/warmup.sh"

stop_dovecot() {
  [ -n "$DV_PID" ] || return 0
  stop_process_tree "$DV_PID" "Dovecot master" 20
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
  stop_dovecot
  stop_mailfleet
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    case "$status" in
      0) ;;
      130|143) echo "imap-bench: interrupted; everything it started is stopped" >&2 ;;
      *) show_logs ;;
    esac
    if [ "$KEEP" = 1 ]; then echo "imap-bench: kept $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dovecot_installed() {
  command -v dovecot >/dev/null && command -v doveadm >/dev/null && [ -x /usr/lib/dovecot/imap ] \
    && [ -x /usr/lib/dovecot/imap-hibernate ] && [ -x /usr/lib/dovecot/lmtp ]
}

# Installs what is missing from Debian packages, without letting Dovecot's package start (or leave
# enabled) a system Dovecot on 143/993.
install_packages() {
  local missing=() new_dovecot=false
  dovecot_installed || { missing+=(dovecot-core dovecot-imapd dovecot-lmtpd); new_dovecot=true; }
  command -v python3 >/dev/null || missing+=(python3)
  command -v argon2 >/dev/null || missing+=(argon2)
  command -v openssl >/dev/null || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "needs ${missing[*]} (Debian packages) and is not root: apt-get install ${missing[*]}"
  say "installing ${missing[*]} (Debian packages)"
  if $new_dovecot && [ ! -e /usr/sbin/policy-rc.d ]; then
    POLICY_RC_D=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC_D"
    chmod 755 "$POLICY_RC_D"
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >"$WORK/apt.log" 2>&1; then
    apt-get update >>"$WORK/apt.log" 2>&1 || fail "apt-get update failed (see $WORK/apt.log)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
      || fail "apt-get install ${missing[*]} failed"
  fi
  if [ -n "$POLICY_RC_D" ]; then rm -f "$POLICY_RC_D"; POLICY_RC_D=; fi
  if $new_dovecot; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
    else
      update-rc.d dovecot disable >/dev/null 2>&1 || true
    fi
  fi
  dovecot_installed || fail "Dovecot's IMAP or LMTP server is still missing after the install"
}

greets() {
  python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2)
s.settimeout(5)
line = s.makefile("rb").readline()
sys.exit(0 if line.startswith(sys.argv[2].encode()) else 1)' "$1" "$2" 2>/dev/null
}

argon2id() {
  printf '%s' "$1" | argon2 "$(head -c 12 /dev/urandom | base64)" -id -e \
    -t "$ARGON2_PASSES" -k "$ARGON2_MEMORY_KIB" -p "$ARGON2_LANES" -l "$ARGON2_HASH_BYTES"
}

start_dovecot() {
  local imap=$1 imaps=$2 lmtp=$3 owner group uid user password zlib= imap_zlib=
  # COMPRESS=DEFLATE is imap_zlib's, which needs the zlib plugin loaded for mail too.
  if $DV_DEFLATE; then
    zlib='mail_plugins = $mail_plugins zlib'
    imap_zlib='  mail_plugins = $mail_plugins imap_zlib'
  fi
  DV=$WORK/dovecot
  mkdir -p "$DV/run" "$DV/state" "$DV/mail"
  if id vmail >/dev/null 2>&1; then owner=vmail; else owner=nobody; fi
  group=$(id -gn "$owner")
  uid=$(id -u "$owner")
  say "Dovecot: $USERS Maildirs of $MESSAGES messages and one of $BIG, $SIZE bytes each (owner $owner)"
  python3 "$HERE/load.py" maildir --root "$DV/mail" --users-file "$WORK/users.txt" --messages "$MESSAGES" --size "$SIZE" --owner "$owner"
  if $FILL_ALL; then
    local filling=$SECONDS
    python3 "$HERE/load.py" maildir --root "$DV/mail" --user "$BIG_USER" --messages "$BIG" --size "$SIZE" --owner "$owner"
    say "Dovecot: the $BIG-message Maildir written in $((SECONDS - filling)) s"
  fi
  if $FILL_SEARCH; then
    python3 "$HERE/load.py" maildir --root "$DV/mail" --user "$SEARCH_USER" --messages "$SEARCH_MESSAGES" --size "$SIZE" --owner "$owner"
  fi
  chown "$owner:$group" "$DV/mail"
  say "Dovecot: Argon2id hashes for $((USERS + 2)) users"
  : >"$DV/users"
  while read -r user password; do
    printf '%s:{ARGON2ID}%s\n' "$user" "$(argon2id "$password")" >>"$DV/users"
  done < <(cat "$WORK/users.txt"; echo "$BIG_USER $BIG_PASSWORD"; echo "$SEARCH_USER $SEARCH_PASSWORD")
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$DV/key.pem" \
    -out "$DV/cert.pem" -days 2 -subj /CN=localhost >/dev/null 2>&1 || fail "openssl could not make a certificate"
  cat >"$DV/dovecot.conf" <<CONF
# bench/imap.sh: IMAP on 127.0.0.1:$imap (STARTTLS) and :$imaps (TLS), LMTP on :$lmtp; all under $DV.
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $DV/run
state_dir = $DV/state
log_path = $DV/dovecot.log
ssl = yes
ssl_cert = <$DV/cert.pem
ssl_key = <$DV/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DV/mail/%u/Maildir
$zlib
mail_uid = $owner
mail_gid = $group
first_valid_uid = $uid
default_client_limit = 30000
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=ARGON2ID $DV/users
}
userdb {
  driver = static
  args = home=$DV/mail/%u
}
protocol imap {
$imap_zlib
  mail_max_userip_connections = 20000
  imap_hibernate_timeout = 5s
}
service imap-login {
  inet_listener imap {
    port = $imap
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
  service_count = 0
  client_limit = 30000
  process_min_avail = 2
  vsz_limit = 2G
}
service imap {
  process_limit = 4096
  unix_listener imap-master {
    user = \$default_internal_user
  }
}
service imap-hibernate {
  client_limit = 30000
  unix_listener imap-hibernate {
    mode = 0666
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
CONF
  doveconf -c "$DV/dovecot.conf" -n >"$DV/doveconf.txt" 2>"$WORK/doveconf.err" || fail "doveconf: $(head -n 3 "$WORK/doveconf.err")"
  dovecot -F -c "$DV/dovecot.conf" >"$DV/stdout.log" 2>&1 </dev/null &
  DV_PID=$!
  for _ in $(seq 1 100); do
    greets "$imap" "* OK" && return 0
    kill -0 "$DV_PID" 2>/dev/null || fail "Dovecot exited at start: $(tail -n 3 "$DV/stdout.log" "$DV/dovecot.log" 2>/dev/null)"
    sleep 0.1
  done
  fail "Dovecot does not greet on 127.0.0.1:$imap"
}

# The filler of mailfleet's big mailbox (bench/store), built in the tree the stack runs from unless it is there.
build_filler() {
  [ ! -f "$TREE/bench/store/target/classpath.txt" ] || return 0
  say "mailfleet: building bench/store's MailboxFiller"
  (cd "$TREE" && ./mvnw -q -B -DskipTests -pl bench/store -am package) >"$WORK/filler-build.log" 2>&1 \
    || fail "building bench/store failed: $(tail -n 5 "$WORK/filler-build.log")"
}

# Fills mailfleet's big mailbox as IMAP_BENCH_BIG_FILL says, and prints how long it took.
fill_big_mailbox() {
  local filling=$SECONDS
  if [ "$BIG_FILL" = smtp ]; then
    say "mailfleet: sending the $BIG-message mailbox over 4 connections"
    timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" send --port "$MF_MX" --user "$BIG_USER" \
      --messages "$BIG" --size "$SIZE" --connections 4 2>>"$WORK/send.err" || fail "sending the big mailbox failed: $(tail -n 3 "$WORK/send.err")"
    say "mailfleet: the $BIG-message mailbox sent in $((SECONDS - filling)) s (delivery may still be under way)"
    return 0
  fi
  say "mailfleet: the $BIG-message mailbox straight into the store (MailboxFiller)"
  python3 "$HERE/load.py" messages --user "$BIG_USER" --messages "$BIG" --size "$SIZE" \
    | timeout --foreground "$FILL_TIMEOUT" "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m \
        -cp "$TREE/bench/store/target/classes:$(cat "$TREE/bench/store/target/classpath.txt")" \
        io.mailfleet.bench.MailboxFiller "$MF_DATA/run/endpoints.env" "$BIG_USER" >"$WORK/filler.log" 2>"$WORK/filler.err" \
    || fail "filling the big mailbox failed: $(tail -n 3 "$WORK/filler.err")"
  say "mailfleet: $(tail -n 1 "$WORK/filler.log"); $((SECONDS - filling)) s with the JVM's start, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# run KIND LABEL ARGS...: one load.py measurement, its result in WORK/result-NNN.json (numbered in the
# order of the runs, with leading zeros so that the report's glob lists them in that order).
run() {
  local kind=$1 label=$2 status=0
  shift 2
  RUNS=$((RUNS + 1))
  timeout --foreground 1800 python3 "$HERE/load.py" "$kind" --label "$label" --out "$WORK/result-$(printf %03d "$RUNS").json" "$@" \
    2>"$WORK/load-$RUNS.err" || status=$?
  case "$status" in 130|143) exit "$status" ;; esac
  [ "$status" -eq 0 ] || fail "$label $kind failed (status $status): $(tail -n 3 "$WORK/load-$RUNS.err")"
}

# push_metrics FILE: the scrapes of delivery-worker and of both gateways, one after the other, into FILE.
push_metrics() {
  local port
  : >"$1"
  for port in "$MF_DELIVERY_HTTP" "$MF_IMAP_HTTP" "$((MF_IMAP_HTTP + 100))"; do
    python3 "$HERE/load.py" scrape --url "http://127.0.0.1:$port/q/metrics" --out "$1.part" \
      || fail "cannot read the metrics on port $port"
    cat "$1.part" >>"$1"
  done
  rm -f "$1.part"
}

# snapshot_costs PREFIX: the CPU of the stack's processes and Cassandra's counters now, in PREFIX.cpu.json
# and PREFIX.cql.json.
snapshot_costs() {
  python3 "$PROJECT/bench/lib/cpu.py" snapshot "$MF_PID" "$1.cpu.json" \
    && python3 "$PROJECT/bench/lib/cql_counts.py" snapshot "$MF_CQL" mailfleet "$1.cql.json"
}

# snapshot_mixed_costs PREFIX: snapshot_costs and the threads of every JVM of the stack, in PREFIX.threads.json.
snapshot_mixed_costs() {
  snapshot_costs "$1" && python3 "$PROJECT/bench/lib/threads.py" snapshot "$MF_PID" "$1.threads.json"
}

# report_costs BEFORE AFTER RESULT: the CPU (by program, then by thread pool) and Cassandra's requests between
# the two snapshots of snapshot_mixed_costs, per operation the mixed load's RESULT counted.
report_costs() {
  local operations
  operations=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(round(r["ops_per_second"] * r["seconds"]))' "$3")
  [ "$operations" -gt 0 ] || fail "the mixed load counted no operation"
  python3 "$PROJECT/bench/lib/cpu.py" report "$1.cpu.json" "$2.cpu.json" --messages "$operations" \
    --label "mailfleet's mixed load" --unit operation
  threads_report "$1.threads.json" "$2.threads.json" "$operations" "mixed load's measured seconds" operation 10
  python3 "$PROJECT/bench/lib/cql_counts.py" report "$1.cql.json" "$2.cql.json" --messages "$operations" --unit operation
}

# warm_up_mixed_round N: round N of mailfleet's warm-up before its mixed load (bench/lib/warmup.sh), the
# mixed load itself for WARM_ROUND seconds, counted whole, into a result the report leaves out.
warm_up_mixed_round() {
  local status=0
  timeout --foreground $((WARM_ROUND + 600)) python3 "$HERE/load.py" mixed --label "mailfleet warm-up $1" \
    --out "$WORK/warm-up-$1.json" --port "$MF_IMAP" --users-file "$WORK/users.txt" --clients "$CLIENTS" \
    --seconds "$WARM_ROUND" --warmup 0 --size "$SIZE" 2>"$WORK/warm-up-$1.err" || status=$?
  case "$status" in 130|143) exit "$status" ;; esac
  [ "$status" -eq 0 ] || fail "warm-up round $1 failed (status $status): $(tail -n 3 "$WORK/warm-up-$1.err")"
  ROUND_DONE=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(round(r["ops_per_second"] * r["seconds"]))' \
    "$WORK/warm-up-$1.json")
}

# recorded_pid GATEWAY_PID: the JVM IMAP_BENCH_JFR records during the mixed load: the first gateway, or the
# program IMAP_BENCH_JFR_PROCESS names.
recorded_pid() {
  if [ "$JFR_PROCESS" = imap-gateway ]; then
    echo "$1"
  else
    program_pid "$MF_PID" "$JFR_PROCESS" || fail "no $JFR_PROCESS process under ./mailfleet up (pid $MF_PID)"
  fi
}

# measure_push LABEL IMAP_PORT DELIVER_PORT DELIVER_KIND SERVER_PID [OTHER_INSTANCE_IMAP_PORT]: section 7,
# for mailfleet with the push's stages as the services time them (and a recording when PUSH_JFR asks).
measure_push() {
  local label=$1 imap=$2 deliver=$3 kind=$4 server=$5 lmtp=() others=() profile=
  [ "$kind" = lmtp ] && lmtp=(--lmtp)
  [ -z "${6:-}" ] || others=(--also-port "$6")
  [ "$label" = mailfleet ] && profile=$PUSH_JFR
  say "$label: IDLE push, $PUSH_COUNT messages at $PUSH_RATE msg/s to $PUSH_SESSIONS sessions on $((1 + ${#others[@]} / 2)) instance(s)"
  if [ "$label" = mailfleet ]; then
    push_metrics "$WORK/push-before.txt"
    snapshot_costs "$WORK/push-costs-before" || fail "cannot take the stack's CPU or Cassandra's counts before the push"
  fi
  [ -z "$profile" ] || jcmd "$server" JFR.start name=imap-push settings=profile "filename=$profile" >"$WORK/push-jfr.log" 2>&1 \
    || fail "jcmd could not start a recording in pid $server: $(tail -n 2 "$WORK/push-jfr.log")"
  run push "$label" --port "$imap" "${others[@]}" --deliver-port "$deliver" "${lmtp[@]}" --users-file "$WORK/users.txt" \
    --sessions "$PUSH_SESSIONS" --rate "$PUSH_RATE" --count "$PUSH_COUNT" --size "$SIZE"
  if [ "$label" = mailfleet ]; then
    snapshot_costs "$WORK/push-costs-after" || fail "cannot take the stack's CPU or Cassandra's counts after the push"
    push_metrics "$WORK/push-after.txt"
    say "$label: the push's stages as the services time them, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    python3 "$HERE/load.py" push-stages "$WORK/push-before.txt" "$WORK/push-after.txt"
    # Per message pushed, SMTP to EXISTS: counts that do not depend on the machine's load, unlike the times.
    python3 "$PROJECT/bench/lib/cpu.py" report "$WORK/push-costs-before.cpu.json" "$WORK/push-costs-after.cpu.json" \
      --messages "$PUSH_COUNT" --label "mailfleet's IDLE push" --unit "message pushed"
    python3 "$PROJECT/bench/lib/cql_counts.py" report "$WORK/push-costs-before.cql.json" "$WORK/push-costs-after.cql.json" \
      --messages "$PUSH_COUNT" --unit "message pushed (SMTP to EXISTS, the sessions' logins and SELECTs included)"
  fi
  if [ -n "$profile" ]; then
    jcmd "$server" JFR.stop name=imap-push >>"$WORK/push-jfr.log" 2>&1 || fail "jcmd could not stop the recording"
    say "$label: profile of the IDLE push, kept in $profile"
    python3 "$HERE/load.py" jfr-top "$profile" || fail "cannot read the recording $profile"
  fi
}

# measure_search LABEL IMAP_PORT SERVER_PID: sections 3 and 4, BODY search and SORT on the search mailbox
measure_search() {
  local label=$1 imap=$2 server=$3
  say "$label: BODY search over $SEARCH_MESSAGES messages"
  [ "$label" != mailfleet ] || [ -z "$SEARCH_JFR" ] || jcmd "$server" JFR.start name=imap-search settings=profile \
    "filename=$SEARCH_JFR" >"$WORK/search-jfr.log" 2>&1 || fail "jcmd could not start a recording in pid $server"
  [ "$label" != mailfleet ] || snapshot_costs "$WORK/search-before" || fail "cannot take the stack's CPU or Cassandra's counts"
  run search "$label" --port "$imap" --user "$SEARCH_USER" --password "$SEARCH_PASSWORD"
  if [ "$label" = mailfleet ]; then
    snapshot_costs "$WORK/search-after" || fail "cannot take the stack's CPU or Cassandra's counts after the searches"
    say "$label: what the BODY searches cost the stack, per search (the first included)"
    python3 "$PROJECT/bench/lib/cpu.py" report "$WORK/search-before.cpu.json" "$WORK/search-after.cpu.json" \
      --messages "$SEARCH_ROUNDS" --label "mailfleet's BODY searches" --unit search
    python3 "$PROJECT/bench/lib/cql_counts.py" report "$WORK/search-before.cql.json" "$WORK/search-after.cql.json" \
      --messages "$SEARCH_ROUNDS" --unit search
  fi
  if [ "$label" = mailfleet ] && [ -n "$SEARCH_JFR" ]; then
    jcmd "$server" JFR.stop name=imap-search >>"$WORK/search-jfr.log" 2>&1 || fail "jcmd could not stop the recording"
    say "$label: profile of the BODY searches, kept in $SEARCH_JFR"
    python3 "$HERE/load.py" jfr-top "$SEARCH_JFR" || fail "cannot read the recording $SEARCH_JFR"
  fi
  say "$label: SORT by date and by reverse arrival over $SEARCH_MESSAGES messages"
  run sort "$label" --port "$imap" --user "$SEARCH_USER" --password "$SEARCH_PASSWORD"
}

# measure LABEL IMAP_PORT IMAPS_PORT DELIVER_PORT DELIVER_KIND SERVER_PID DEFLATE [OTHER_INSTANCE_IMAP_PORT]
# (DEFLATE: true when the server offers COMPRESS=DEFLATE)
measure() {
  local label=$1 imap=$2 imaps=$3 deliver=$4 kind=$5 server=$6 deflate=$7 profile= recorded=
  if [ "$PUSH_ONLY" = 1 ]; then
    measure_push "$label" "$imap" "$deliver" "$kind" "$server" "${8:-}"
    return 0
  fi
  [ "$label" = mailfleet ] && profile=$JFR
  if [ "$SEARCH_ONLY" = 1 ]; then
    measure_search "$label" "$imap" "$server"
    return 0
  fi
  [ "$label" != mailfleet ] || warm_up_in_rounds operation 0 "$WARM_JIT_MS" "$WARM_SECONDS" warm_up_mixed_round
  say "$label: mixed load, $CLIENTS clients, ${WARMUP} s warm-up + ${DURATION} s"
  if [ -n "$profile" ]; then
    recorded=$(recorded_pid "$server")
    jcmd "$recorded" JFR.start name=imap-bench settings=profile "filename=$profile" >"$WORK/jfr.log" 2>&1 \
      || fail "jcmd could not start a recording in $JFR_PROCESS (pid $recorded): $(tail -n 2 "$WORK/jfr.log")"
  fi
  [ "$label" != mailfleet ] || python3 "$HERE/load.py" scrape --url "http://127.0.0.1:$MF_IMAP_HTTP/q/metrics" \
    --out "$WORK/metrics-before.txt" || fail "cannot read the gateway's metrics"
  # The stack's CPU and Cassandra's requests from the end of the warm-up (load.py starts it a second after its own start).
  local costs=
  if [ "$label" = mailfleet ]; then
    { sleep $((1 + WARMUP)); snapshot_mixed_costs "$WORK/mixed-before"; } &
    costs=$!
  fi
  run mixed "$label" --port "$imap" --users-file "$WORK/users.txt" --clients "$CLIENTS" --seconds "$DURATION" \
    --warmup "$WARMUP" --size "$SIZE"
  if [ "$label" = mailfleet ]; then
    wait "$costs" || fail "cannot take the stack's CPU or Cassandra's counts at the end of the warm-up"
    snapshot_mixed_costs "$WORK/mixed-after" || fail "cannot take the stack's CPU or Cassandra's counts after the load"
    python3 "$HERE/load.py" scrape --url "http://127.0.0.1:$MF_IMAP_HTTP/q/metrics" --out "$WORK/metrics-after.txt" \
      || fail "cannot read the gateway's metrics"
    say "$label: the first gateway's own per-command store time over the mixed load (warm-up included), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    python3 "$HERE/load.py" command-seconds "$WORK/metrics-before.txt" "$WORK/metrics-after.txt"
    report_costs "$WORK/mixed-before" "$WORK/mixed-after" "$WORK/result-$(printf %03d "$RUNS").json"
  fi
  if [ -n "$profile" ]; then
    jcmd "$recorded" JFR.stop name=imap-bench >>"$WORK/jfr.log" 2>&1 || fail "jcmd could not stop the recording"
    python3 "$HERE/load.py" jfr-top "$profile" >"$WORK/profile.txt" || fail "cannot read the recording $profile"
    say "$label: profile of $JFR_PROCESS under the mixed load, kept in $profile"
    cat "$WORK/profile.txt"
  fi
  if [ "$label" = mailfleet ]; then
    say "$label: Cassandra's requests per command, one session at a time"
    python3 "$HERE/load.py" requests --port "$imap" --users-file "$WORK/users.txt" --cql-port "$MF_CQL" \
      --keyspace mailfleet --size "$SIZE" || fail "cannot count Cassandra's requests per command"
  fi
  [ "$MIXED_ONLY" = 0 ] || return 0
  if $deflate; then
    say "$label: the mixed load again with COMPRESS=DEFLATE, ${WARMUP} s warm-up + ${DURATION} s"
    run mixed "$label" --compress --port "$imap" --users-file "$WORK/users.txt" --clients "$CLIENTS" --seconds "$DURATION" \
      --warmup "$WARMUP" --size "$SIZE"
  fi
  say "$label: the $BIG-message mailbox"
  run big "$label" --port "$imap" --user "$BIG_USER" --password "$BIG_PASSWORD"
  measure_search "$label" "$imap" "$server"
  say "$label: QRESYNC resync of the $BIG-message mailbox after 100 changes, 10 rounds"
  run qresync "$label" --port "$imap" --user "$BIG_USER" --password "$BIG_PASSWORD"
  measure_push "$label" "$imap" "$deliver" "$kind" "$server" "${8:-}"
  say "$label: $IDLE_SESSIONS IDLE sessions over TLS"
  run idle-rss "$label" --port "$imaps" --users-file "$WORK/users.txt" --sessions "$IDLE_SESSIONS" --server-pid "$server"
}

WORK=$(mktemp -d /tmp/mailfleet-imap-bench.XXXXXX)
chmod 755 "$WORK"
# Ten thousand TLS sessions need as many descriptors in the clients and in the servers.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
say "work folder $WORK; $TARGETS; $USERS users x $MESSAGES messages of $SIZE bytes; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/load.py" users --users "$USERS" >"$WORK/users.txt"

if [ "$TARGETS" != mailfleet ]; then
  install_packages
  DV_DEFLATE=true
  if [ ! -f /usr/lib/dovecot/modules/lib30_imap_zlib_plugin.so ]; then
    DV_DEFLATE=false
    say "Dovecot: its package ships no imap_zlib plugin (lib30_imap_zlib_plugin.so): no COMPRESS=DEFLATE, so the compressed load is measured for mailfleet alone"
  fi
  read -r DV_IMAP DV_IMAPS DV_LMTP <<<"$(free_ports 3)"
  start_dovecot "$DV_IMAP" "$DV_IMAPS" "$DV_LMTP"
  DV_VERSION=$(dovecot --version 2>/dev/null | cut -d' ' -f1)
  say "Dovecot $DV_VERSION: IMAP 127.0.0.1:$DV_IMAP, IMAPS :$DV_IMAPS, LMTP :$DV_LMTP"
  measure "dovecot $DV_VERSION" "$DV_IMAP" "$DV_IMAPS" "$DV_LMTP" lmtp "$DV_PID" "$DV_DEFLATE"
  stop_dovecot
  say "Dovecot: stopped"
fi

if [ "$TARGETS" != dovecot ]; then
  if [ ! -f "$PROJECT/services/imap-gateway/pom.xml" ]; then
    say "mailfleet: SKIPPED: ./mailfleet up does not run imap-gateway in this tree yet; Dovecot's figures alone"
  else
    read -r MF_IMAP MF_IMAPS MF_IMAP_HTTP <<<"$(free_ports 3)"
    # Two gateway instances, the second on each port + 100 (the launcher's step), which free_ports chose
    # free too and keeps from other runs: the push crosses them.
    MF_IMAP2=$((MF_IMAP + 100))
    MF_UP_ARGS="--scale imap-gateway=2"
    # The gateway's settings (mailfleet.imap.*): every client of the bench comes from 127.0.0.1, and the
    # IDLE sessions alone are IDLE_SESSIONS connections, so the per-address and total limits are lifted.
    MF_ENV="MAILFLEET_IMAP_PORT=$MF_IMAP MAILFLEET_IMAP_TLS_PORT=$MF_IMAPS MAILFLEET_IMAP_HTTP_PORT=$MF_IMAP_HTTP"
    MF_ENV+=" MAILFLEET_IMAP_ALLOW_PLAINTEXT_AUTH=true"
    MF_ENV+=" MAILFLEET_SMTP_MAX_CONNECTION_RATE_PER_IP=1000000 MAILFLEET_IMAP_MAX_CONNECTION_RATE_PER_IP=1000000"
    MF_ENV+=" MAILFLEET_IMAP_MAX_CONNECTIONS=$((IDLE_SESSIONS + 1000)) MAILFLEET_IMAP_MAX_CONNECTIONS_PER_IP=$((IDLE_SESSIONS + 1000))"
    MF_ENV+=" MAILFLEET_IMAP_MAX_CONNECTIONS_PER_ACCOUNT=100000 ${IMAP_BENCH_MAILFLEET_ENV:-}"
    if [ -n "$TREE" ]; then
      [ -x "$TREE/mailfleet" ] || fail "IMAP_BENCH_TREE=$TREE holds no ./mailfleet"
      say "mailfleet: ./mailfleet up in $TREE (built before)"
    else
      snapshot_tree
      say "mailfleet: ./mailfleet up in a copy of the work tree's sources (it builds them first)"
    fi
    [ "$BIG_FILL" = smtp ] || ! $FILL_ALL || build_filler
    start_mailfleet
    for _ in $(seq 1 300); do greets "$MF_IMAP" "* OK" && break; sleep 0.2; done
    greets "$MF_IMAP" "* OK" || fail "imap-gateway does not greet on 127.0.0.1:$MF_IMAP (MAILFLEET_IMAP_PORT)"
    greets "$MF_IMAP2" "* OK" || fail "the second imap-gateway does not greet on 127.0.0.1:$MF_IMAP2"
    say "mailfleet: adding $((USERS + 2)) users, sending their messages to its MX"
    FILL=$SECONDS
    while read -r user password; do
      mailfleet_cli user add "$user" --password "$password" >>"$WORK/users-add.log" 2>&1 \
        || fail "./mailfleet user add $user: $(tail -n 2 "$WORK/users-add.log")"
    done < <(if [ "$SEARCH_ONLY" = 0 ]; then cat "$WORK/users.txt"; echo "$BIG_USER $BIG_PASSWORD"; fi; echo "$SEARCH_USER $SEARCH_PASSWORD")
    [ "$SEARCH_ONLY" = 1 ] || timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" send --port "$MF_MX" --users "$USERS" \
      --messages "$MESSAGES" --size "$SIZE" 2>"$WORK/send.err" || fail "sending failed: $(tail -n 3 "$WORK/send.err")"
    if $FILL_ALL; then
      fill_big_mailbox
    fi
    if $FILL_SEARCH; then
      say "mailfleet: sending the $SEARCH_MESSAGES-message mailbox over 4 connections"
      timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" send --port "$MF_MX" --user "$SEARCH_USER" \
        --messages "$SEARCH_MESSAGES" --size "$SIZE" --connections 4 2>>"$WORK/send.err" || fail "sending the search mailbox failed: $(tail -n 3 "$WORK/send.err")"
    fi
    [ "$SEARCH_ONLY" = 1 ] || timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" wait --port "$MF_IMAP" --users "$USERS" \
      --messages "$MESSAGES" --timeout "$FILL_TIMEOUT" 2>"$WORK/wait.err" || fail "the INBOXes did not fill: $(tail -n 3 "$WORK/wait.err")"
    ! $FILL_ALL || timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" wait --port "$MF_IMAP" --user "$BIG_USER" --password "$BIG_PASSWORD" \
      --messages "$BIG" --timeout "$FILL_TIMEOUT" 2>>"$WORK/wait.err" || fail "the big mailbox did not fill: $(tail -n 3 "$WORK/wait.err")"
    ! $FILL_SEARCH || timeout --foreground "$FILL_TIMEOUT" python3 "$HERE/load.py" wait --port "$MF_IMAP" --user "$SEARCH_USER" --password "$SEARCH_PASSWORD" \
      --messages "$SEARCH_MESSAGES" --timeout "$FILL_TIMEOUT" 2>>"$WORK/wait.err" || fail "the search mailbox did not fill: $(tail -n 3 "$WORK/wait.err")"
    say "mailfleet: every mailbox filled ($((SECONDS - FILL)) s)"
    # The first instance, the one on MF_IMAP: the mixed load, the big mailbox and the IDLE sessions use it.
    GATEWAY_PID=$(for pid in $(descendants "$MF_PID"); do
      grep -qa -- "-Dmailfleet.imap.port=$MF_IMAP" "/proc/$pid/cmdline" 2>/dev/null && [ "$(ps -o comm= -p "$pid")" = java ] && echo "$pid"
    done | head -n 1) || true  # the loop's last grep may fail; the check below says what is missing
    [ -n "$GATEWAY_PID" ] || fail "cannot find imap-gateway's process under ./mailfleet up"
    measure mailfleet "$MF_IMAP" "$MF_IMAPS" "$MF_MX" smtp "$GATEWAY_PID" true "$MF_IMAP2"
    stop_mailfleet
    say "mailfleet: stopped"
  fi
fi

say "results (this machine: $(nproc) cores shared with whatever else runs; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$HERE/load.py" report "$WORK"/result-*.json
