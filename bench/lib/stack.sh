# The mailfleet stack for benchmarks: ./mailfleet up in a private copy of the work tree, on free
# ports, stopped with everything it started. Sourced by the bench scripts, which define say, fail,
# PROJECT, WORK and START_TIMEOUT first; MF_ENV may hold extra VAR=value settings for the stack, and
# MF_UP_ARGS extra arguments of ./mailfleet up (--scale SERVICE=N).
# start_mailfleet sets the ports the scripts use: MF_MX, MF_HTTP, MF_DELIVERY_HTTP, MF_ADMIN,
# MF_POP3, MF_POP3S and MF_POP3_HTTP (pop3-gateway's listeners, when the stack runs it), and MF_CQL
# (Cassandra's native transport).

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

# program_pid ROOT PROGRAM: the pid of the JVM under ROOT that runs PROGRAM, as bench/lib/cpu.py names
# programs (cassandra, kafka, s3proxy, smtp-ingress, delivery-worker...).
program_pid() {
  python3 - "$1" "$2" "$PROJECT/bench/lib" <<'EOF'
import os, sys

sys.path.insert(0, sys.argv[3])
import cpu

for pid in cpu.tree(int(sys.argv[1])):
    try:
        java = os.path.basename(os.readlink(f"/proc/{pid}/exe")) == "java"
    except OSError:
        continue
    if java and cpu.program(pid) == sys.argv[2]:
        print(pid)
        sys.exit(0)
sys.exit(1)
EOF
}

# free_ports N: N ports for servers on 127.0.0.1, each free now together with the ports further
# instances of a scaled service take (./mailfleet up --scale: each port + 100 per instance, up to 9
# instances), and none of them handed out before, to this run or to another benchmark running on this
# machine: a port is bound only minutes after it is chosen (./mailfleet up builds first), so that it
# is free when chosen is not enough. What each run was handed is kept in BENCH_PORTS_DIR, a file per
# run named by the script's pid, changed under a lock; the files of runs that are gone are removed.
# The ports are chosen below the kernel's ephemeral range, from which outgoing connections and
# other programs' binds of port 0 take theirs meanwhile.
BENCH_PORTS_DIR=${TMPDIR:-/tmp}/mailfleet-bench-ports

free_ports() {
  mkdir -p "$BENCH_PORTS_DIR"
  python3 - "$1" "$BENCH_PORTS_DIR" "$$" <<'EOF'
import fcntl, os, random, socket, sys

count, folder, run = int(sys.argv[1]), sys.argv[2], sys.argv[3]
STEP, INSTANCES = 100, 9  # deploy/local's LocalService.INSTANCE_PORT_STEP and MAX_INSTANCES
LOWEST = 10000

def instances(port):
    return [port + STEP * i for i in range(INSTANCES)]

def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True

def free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True

with open(os.path.join(folder, "lock"), "w") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    taken = set()
    for name in os.listdir(folder):
        if not name.isdigit():
            continue
        path = os.path.join(folder, name)
        if name != run and not alive(int(name)):
            os.remove(path)
            continue
        with open(path) as held:
            for port in held.read().split():
                taken.update(instances(int(port)))
    with open("/proc/sys/net/ipv4/ip_local_port_range") as ephemeral:
        highest = int(ephemeral.read().split()[0]) - 1 - STEP * (INSTANCES - 1)
    chosen = []
    for _ in range(10000):
        if len(chosen) == count:
            break
        port = random.randint(LOWEST, highest)
        wanted = instances(port)
        if taken.isdisjoint(wanted) and all(free(each) for each in wanted):
            chosen.append(port)
            taken.update(wanted)
    if len(chosen) < count:
        sys.exit("bench: no %d free ports between %d and %d" % (count, LOWEST, highest))
    with open(os.path.join(folder, run), "a") as held:
        held.write(" ".join(map(str, chosen)) + "\n")
    print(" ".join(map(str, chosen)))
EOF
}

# threads_report BEFORE AFTER COUNT LABEL [UNIT [TOP]]: every JVM of the stack by thread pool between two
# snapshots of bench/lib/threads.py, per UNIT (message by default) of the COUNT done between them, its TOP
# busiest pools (6 by default) each, then its JIT compiler threads' share under LABEL.
threads_report() {
  python3 "$PROJECT/bench/lib/threads.py" report "$1" "$2" --messages "$3" --unit "${5:-message}" --top "${6:-6}"
  python3 "$PROJECT/bench/lib/threads.py" jit "$1" "$2" --messages "$3" --unit "${5:-message}" \
    --label "$4 (warm when these are a few per cent)"
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
  MF_CQL=$cql
  export MF_ADMIN MF_MX MF_HTTP MF_DELIVERY_HTTP MF_POP3 MF_POP3S MF_POP3_HTTP MF_CQL
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
