# The mailfleet stack for benchmarks: ./mailfleet up in a private copy of the work tree, on free
# ports, stopped with everything it started. Sourced by the bench scripts, which define say, fail,
# PROJECT, WORK and START_TIMEOUT first; MF_ENV may hold extra VAR=value settings for the stack, and
# MF_UP_ARGS extra arguments of ./mailfleet up (--scale SERVICE=N).
# start_mailfleet sets the ports the scripts use: MF_MX, MF_HTTP, MF_DELIVERY_HTTP, MF_ADMIN,
# MF_POP3, MF_POP3S and MF_POP3_HTTP (pop3-gateway's listeners, when the stack runs it).

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# service_pid SERVICE: the pid of the JVM that runs services/SERVICE in the stack start_mailfleet started.
service_pid() {
  local pid
  for pid in $(descendants "$MF_PID"); do
    # The launcher runs each JVM under a small shell that names the same jar: only the java process counts.
    [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" = java ] || continue
    if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q "services/$1/target/quarkus-app"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

free_ports() {
  python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# A private copy of the work tree's sources (without .git, .mailfleet and every module's target/),
# which ./mailfleet up then builds (about half a minute here) and runs. Others building or testing in
# the work tree at the same time rewrite the jars and classes under target/ that a running stack
# loads from, and a copy of target/ taken mid-build holds torn class files (both seen here:
# NoClassDefFoundError at start, dropped SMTP connections mid-run, "Unknown tag" from Jandex); a
# build of its own from the sources is immune to both.
snapshot_tree() {
  TREE=$WORK/tree
  mkdir -p "$TREE"
  tar -C "$PROJECT" --exclude=./.git --exclude=./.mailfleet --exclude=target \
    --warning=no-file-changed --warning=no-file-removed --ignore-failed-read -cf - . | tar -C "$TREE" -xf - \
    || [ -x "$TREE/mailfleet" ] || fail "cannot copy the work tree to $TREE"
}

start_mailfleet() {
  local kafka controller cql storage s3 admin mx submission submissions http delivery pop3 pop3s pop3http deadline
  read -r kafka controller cql storage s3 admin mx submission submissions http delivery pop3 pop3s pop3http \
    <<<"$(free_ports 14)"
  MF_DATA=$WORK/mailfleet
  MF_ADMIN=$admin
  MF_MX=$mx
  MF_HTTP=$http
  MF_DELIVERY_HTTP=$delivery
  MF_POP3=$pop3
  MF_POP3S=$pop3s
  MF_POP3_HTTP=$pop3http
  export MF_ADMIN MF_MX MF_HTTP MF_DELIVERY_HTTP MF_POP3 MF_POP3S MF_POP3_HTTP
  mkdir -p "$MF_DATA"
  [ -n "${TREE:-}" ] || snapshot_tree
  : >"$WORK/mailfleet-up.log"
  MAILFLEET_DATA=$MF_DATA MAILFLEET_KAFKA_PORT=$kafka MAILFLEET_KAFKA_CONTROLLER_PORT=$controller \
    MAILFLEET_CASSANDRA_PORT=$cql MAILFLEET_CASSANDRA_STORAGE_PORT=$storage MAILFLEET_S3_PORT=$s3 \
    MAILFLEET_ADMIN_PORT=$admin MAILFLEET_SMTP_MX_PORT=$mx MAILFLEET_SMTP_SUBMISSION_PORT=$submission \
    MAILFLEET_SMTP_SUBMISSIONS_PORT=$submissions MAILFLEET_SMTP_HTTP_PORT=$http MAILFLEET_DELIVERY_HTTP_PORT=$delivery \
    MAILFLEET_POP3_PORT=$pop3 MAILFLEET_POP3S_PORT=$pop3s MAILFLEET_POP3_HTTP_PORT=$pop3http \
    env ${MF_ENV:-} "$TREE/mailfleet" up ${MF_UP_ARGS:-} </dev/null >"$WORK/mailfleet-up.log" 2>&1 &
  MF_PID=$!
  deadline=$((SECONDS + START_TIMEOUT))
  until grep -q '^mailfleet is up' "$WORK/mailfleet-up.log"; do
    kill -0 "$MF_PID" 2>/dev/null || fail "./mailfleet up exited before it was up: $(tail -n 5 "$WORK/mailfleet-up.log")"
    [ "$SECONDS" -lt "$deadline" ] || fail "./mailfleet up was not up after $START_TIMEOUT s"
    sleep 0.5
  done
}

# ./mailfleet ARGS... (domain, user, alias) against the stack start_mailfleet started.
mailfleet_cli() {
  MAILFLEET_DATA=$MF_DATA MAILFLEET_ADMIN_PORT=$MF_ADMIN "$TREE/mailfleet" "$@"
}

# stop_process_tree PID WHAT SECONDS: SIGTERM to PID, SIGKILL if it is still there after SECONDS; then
# whatever of its descendants outlived it (given 2 s to follow their parent) is killed too.
stop_process_tree() {
  local pid=$1 what=$2 seconds=$3 others child
  kill -0 "$pid" 2>/dev/null || return 0
  others=$(descendants "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "bench: $what (pid $pid) still running after $seconds s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  for child in $others; do
    if kill -0 "$child" 2>/dev/null; then
      sleep 2
      kill -0 "$child" 2>/dev/null && { echo "bench: killing leftover pid $child" >&2; kill -KILL "$child" 2>/dev/null || true; }
    fi
  done
}

# The launcher's servers stop with it (each under a watchdog).
stop_mailfleet() {
  [ -n "$MF_PID" ] || return 0
  stop_process_tree "$MF_PID" mailfleet 120
  wait "$MF_PID" 2>/dev/null || true
  MF_PID=
}
