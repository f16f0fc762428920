#!/usr/bin/env python3
"""POP3 load for bench/pop3.sh (a benchmark, not a test), Python's standard library only.

  load.py run --port P --label NAME --users-file F --clients 10 --seconds 20 --warmup 20
              --expect-messages M --out RESULT.json [--server-pid PID [--threads-before F --threads-after G]]
      CLIENTS client processes, client i logged in as user i of USERS-FILE ("USER PASSWORD" lines;
      never two clients on one maildrop: POP3 locks it). Each repeats a session until the time is
      up: connect, USER/PASS, LIST, RETR of every message, QUIT (no DELE, so every session finds
      the same maildrop). The first WARMUP seconds are not counted; the next SECONDS are: a
      session counts when it ends inside them. Writes sessions/s, RETR/s, octets/s, session
      latency percentiles, errors by kind, and the CPU the clients, the server (process PID and
      its descendants, by process) and the whole machine used in the measured window; with
      --threads-before and --threads-after, also the threads of every JVM of the server at the start
      and at the end of that window, for bench/lib/threads.py report and jit.
  load.py report RESULT.json... [--baseline-prefix dovecot]
      prints the results side by side, and each result's ratio to every baseline (Dovecot) result.
"""
import argparse
import collections
import json
import multiprocessing
import os
import poplib
import re
import queue
import signal
import sys
import time

IN_USE = b"[IN-USE]"


def read_users(path):
    users = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                user, password = line.split()
                users.append((user, password))
    return users


def session(port, user, password, timeout):
    """One POP3 session; returns (messages listed, RETRs, octets, RETRs whose size differs from LIST)."""
    client = poplib.POP3("127.0.0.1", port, timeout=timeout)
    try:
        client.user(user)
        client.pass_(password)
        _, listing, _ = client.list()
        retrieved = octets = size_mismatches = 0
        for entry in listing:
            number, size = entry.split()
            _, _, got = client.retr(int(number))
            retrieved += 1
            octets += got
            if got != int(size):
                size_mismatches += 1
        client.quit()
        return len(listing), retrieved, octets, size_mismatches
    except BaseException:
        client.close()
        raise


def response(error):
    """The server's reply in a poplib error (bytes), or poplib's own words (a str) as bytes."""
    text = error.args[0] if error.args else b""
    return text if isinstance(text, bytes) else str(text).encode("utf-8", "replace")


def error_kind(error):
    if isinstance(error, poplib.error_proto):
        return "POP3 " + response(error).decode("ascii", "replace")[:60]
    return "%s %s" % (type(error).__name__, (str(error) or "")[:60])


def worker(port, user, password, expect, warm_at, measure_at, end_at, timeout, results):
    while time.monotonic() < warm_at:
        time.sleep(0.001)
    stats = {"sessions": 0, "retr": 0, "octets": 0, "latencies": [], "warmup_sessions": 0,
             "errors": collections.Counter(), "warmup_errors": collections.Counter(),
             "in_use": 0, "count_mismatches": 0, "size_mismatches": 0, "cpu": 0.0}
    cpu_at_start = None
    while True:
        now = time.monotonic()
        if now >= end_at:
            break
        if cpu_at_start is None and now >= measure_at:
            times = os.times()
            cpu_at_start = times.user + times.system
        began = time.monotonic()
        try:
            listed, retrieved, octets, size_mismatches = session(port, user, password, timeout)
        except Exception as error:  # counted by kind, never the end of a client
            ended = time.monotonic()
            counted = measure_at <= ended < end_at
            if isinstance(error, poplib.error_proto) and IN_USE in response(error):
                # The maildrop of the previous session is not free yet: a lock released late.
                stats["in_use"] += counted
            else:
                stats["errors" if counted else "warmup_errors"][error_kind(error)] += 1
            time.sleep(0.01)
            continue
        ended = time.monotonic()
        if measure_at <= ended < end_at:
            stats["sessions"] += 1
            stats["retr"] += retrieved
            stats["octets"] += octets
            stats["latencies"].append(ended - began)
            stats["count_mismatches"] += listed != expect
            stats["size_mismatches"] += size_mismatches
        elif ended < measure_at:
            stats["warmup_sessions"] += 1
    if cpu_at_start is not None:
        times = os.times()
        stats["cpu"] = times.user + times.system - cpu_at_start
    stats["errors"] = dict(stats["errors"])
    stats["warmup_errors"] = dict(stats["warmup_errors"])
    results.put(stats)


def machine_cpu():
    """CPU-seconds so far, from /proc/stat: (busy on this machine, stolen by the host for others)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]] + [0] * 8
    ticks = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq) / ticks, steal / ticks


def process_label(pid):
    """What a process is: the mailfleet service or server runtime its command line names, else the
    main class or jar of a JVM, else its command name."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            args = [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
        with open("/proc/%d/comm" % pid, "rb") as f:
            comm = f.read().decode("utf-8", "replace").strip()
    except OSError:
        return "?"
    line = " ".join(args)
    for pattern, label in ((r"services/([\w-]+)/", None), (r"server-runtimes/([\w-]+)/", None), (r"deploy/local/", "launcher")):
        match = re.search(pattern, line)
        if match:
            return label or match.group(1)
    if comm == "java":
        for before, arg in zip(args, args[1:]):
            if before == "-jar":
                return os.path.basename(arg)
            if re.fullmatch(r"[a-z]\w*(\.\w+)*\.[A-Z][\w$]*", arg) and before not in ("-cp", "-classpath", "--class-path"):
                # The main class: org.apache.cassandra.service.CassandraDaemon, kafka.Kafka, org.gaul.s3proxy.Main
                parts = arg.split(".")
                return parts[-2] if parts[-1] == "Main" else parts[-1]
    return comm


def tree_cpu(root):
    """CPU-seconds used so far by process ROOT and its descendants, by label. A process's own time
    plus that of its children it has reaped (cutime, cstime), so nothing is lost when one ends."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, seconds = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rindex(b")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        seconds[int(entry)] = sum(int(v) for v in fields[11:15]) / ticks
    children = collections.defaultdict(list)
    for pid, parent in parents.items():
        children[parent].append(pid)
    used = collections.Counter()
    pending = [root]
    while pending:
        pid = pending.pop()
        if pid in seconds:
            used[process_label(pid)] += seconds[pid]
            pending.extend(children[pid])
    return used


def snapshot_threads(root, path):
    """The threads of every JVM under ROOT into PATH (bench/lib/threads.py snapshot), when PATH is given."""
    if not path:
        return
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import threads
    with open(path, "w", encoding="utf-8") as out:
        json.dump(threads.snapshot(root), out)


def sleep_until(moment):
    while True:
        left = moment - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.5))


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(args):
    users = read_users(args.users_file)
    if args.clients > len(users):
        raise SystemExit("%d clients need %d users (POP3 locks a maildrop), the file has %d"
                         % (args.clients, args.clients, len(users)))
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = time.monotonic() + 1.0
    measure_at = start + args.warmup
    end_at = measure_at + args.seconds
    processes = [context.Process(target=worker, daemon=True, args=(
        args.port, users[i][0], users[i][1], args.expect_messages, start, measure_at, end_at, args.timeout, results))
        for i in range(args.clients)]
    for process in processes:
        process.start()
    sleep_until(measure_at)
    busy_before, steal_before = machine_cpu()
    server_before = tree_cpu(args.server_pid) if args.server_pid else collections.Counter()
    snapshot_threads(args.server_pid, args.threads_before)
    sleep_until(end_at)
    busy_after, steal_after = machine_cpu()
    server_after = tree_cpu(args.server_pid) if args.server_pid else collections.Counter()
    snapshot_threads(args.server_pid, args.threads_after)
    server = {label: server_after[label] - server_before.get(label, 0.0) for label in server_after}
    collected = []
    deadline = end_at + args.timeout + 30
    while len(collected) < len(processes) and time.monotonic() < deadline:
        try:
            collected.append(results.get(timeout=1))
        except queue.Empty:
            if not any(process.is_alive() for process in processes):
                break
    for process in processes:
        process.join(timeout=1)
        if process.is_alive():
            process.terminate()
    if len(collected) < len(processes):
        raise SystemExit("%d of %d clients died or did not finish within %d s of the end"
                         % (len(processes) - len(collected), len(processes), args.timeout + 30))

    total = collections.Counter()
    errors = collections.Counter()
    warmup_errors = collections.Counter()
    latencies = []
    for stats in collected:
        for key in ("sessions", "retr", "octets", "warmup_sessions", "in_use", "count_mismatches", "size_mismatches", "cpu"):
            total[key] += stats[key]
        errors.update(stats["errors"])
        warmup_errors.update(stats["warmup_errors"])
        latencies.extend(stats["latencies"])
    seconds = args.seconds
    result = {
        "label": args.label,
        "port": args.port,
        "clients": args.clients,
        "seconds": seconds,
        "warmup": args.warmup,
        "expect_messages": args.expect_messages,
        "sessions": total["sessions"],
        "retr": total["retr"],
        "octets": total["octets"],
        "sessions_per_s": total["sessions"] / seconds,
        "retr_per_s": total["retr"] / seconds,
        "octets_per_s": total["octets"] / seconds,
        "octets_per_retr": total["octets"] / total["retr"] if total["retr"] else None,
        "latency_p50": percentile(latencies, 0.50),
        "latency_p99": percentile(latencies, 0.99),
        "warmup_sessions": total["warmup_sessions"],
        "errors": dict(errors),
        "warmup_errors": dict(warmup_errors),
        "in_use": total["in_use"],
        "count_mismatches": total["count_mismatches"],
        "size_mismatches": total["size_mismatches"],
        "client_cpu": total["cpu"],
        "machine_cpu": busy_after - busy_before,
        "steal": steal_after - steal_before,
        "server_cpu": sum(server.values()) if args.server_pid else None,
        "server_cpu_by_process": dict(sorted(server.items(), key=lambda kv: -kv[1])),
        "cores": os.cpu_count(),
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2)
    print(line(result))
    if total["sessions"] == 0:
        raise SystemExit("%s: no session completed in the measured %d s; errors: %s" % (args.label, seconds, dict(errors)))


def line(r):
    return ("%s: %.1f sessions/s, %.0f RETR/s, %.2f MB/s (%d sessions, %d RETR in %d s; session p50 %s, p99 %s; "
            "%d errors, %d IN-USE)" % (
                r["label"], r["sessions_per_s"], r["retr_per_s"], r["octets_per_s"] / 1e6, r["sessions"], r["retr"],
                r["seconds"], ms(r["latency_p50"]), ms(r["latency_p99"]), sum(r["errors"].values()), r["in_use"]))


def ms(seconds):
    return "-" if seconds is None else "%.0f ms" % (seconds * 1000)


def report(args):
    results = []
    for path in args.results:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    first = results[0]
    width = max(len(r["label"]) for r in results)
    print()
    print("POP3, %d parallel clients, each session: USER/PASS, LIST, RETR of all %d messages, QUIT; "
          "%d s measured after %d s of warm-up; %d cores shared by server, clients and anything else running"
          % (first["clients"], first["expect_messages"], first["seconds"], first["warmup"], first["cores"]))
    print()
    print("%-*s  %10s  %7s  %6s  %6s  %7s  %7s  %10s  %10s  %10s  %9s  %s" % (
        width, "", "sessions/s", "RETR/s", "MB/s", "B/RETR", "p50", "p99", "server CPU", "ms/session",
        "client CPU", "other CPU", "errors, notes"))
    for r in results:
        server = r.get("server_cpu")
        # Never below 0: a server process reaped inside the window brings all its CPU with it.
        other = max(0.0, r["machine_cpu"] - r["client_cpu"] - (server or 0.0))
        print("%-*s  %10.1f  %7.0f  %6.2f  %6.0f  %7s  %7s  %10s  %10s  %9.1fs  %8.1fs  %s" % (
            width, r["label"], r["sessions_per_s"], r["retr_per_s"], r["octets_per_s"] / 1e6,
            r["octets_per_retr"] or 0, ms(r["latency_p50"]), ms(r["latency_p99"]),
            "-" if server is None else "%.1fs" % server,
            "-" if server is None or not r["sessions"] else "%.1f" % (server * 1000 / r["sessions"]),
            r["client_cpu"], other, notes(r)))
    print()
    print("server CPU: CPU-seconds the server's processes used in the measured window (ms/session: per session);")
    print("client CPU: the load clients (Python); other CPU: the rest of the machine's busy CPU-seconds (anything")
    print("else running here); out of %d CPU-seconds the machine had." % (first["seconds"] * first["cores"]))
    for r in results:
        parts = [(label, cpu) for label, cpu in r.get("server_cpu_by_process", {}).items() if cpu >= 0.05]
        if len(parts) > 1:
            print("%s, server CPU by process: %s" % (r["label"], ", ".join("%s %.1fs" % part for part in parts)))
    baselines = [r for r in results if r["label"].startswith(args.baseline_prefix)]
    others = [r for r in results if not r["label"].startswith(args.baseline_prefix)]
    for r in others:
        for b in baselines:
            line = "ratio %s / %s: sessions/s %s, RETR/s %s, octets/s %s" % (
                r["label"], b["label"], ratio(r["sessions_per_s"], b["sessions_per_s"]),
                ratio(r["retr_per_s"], b["retr_per_s"]), ratio(r["octets_per_s"], b["octets_per_s"]))
            if r.get("server_cpu") and b.get("server_cpu") and r["sessions"] and b["sessions"]:
                line += ", server CPU per session %s" % ratio(r["server_cpu"] / r["sessions"], b["server_cpu"] / b["sessions"])
            print(line)


def notes(r):
    problems = []
    if r["errors"]:
        problems.append("%d errors (%s)" % (sum(r["errors"].values()),
                                            "; ".join("%s: %d" % kv for kv in sorted(r["errors"].items()))))
    if r["in_use"]:
        problems.append("%d IN-USE refusals" % r["in_use"])
    if r["count_mismatches"]:
        problems.append("%d sessions did not list %d messages" % (r["count_mismatches"], r["expect_messages"]))
    if r["size_mismatches"]:
        problems.append("%d RETRs differ from their LIST size" % r["size_mismatches"])
    if r.get("steal", 0) >= 0.5:
        problems.append("%.1f CPU-s stolen by the host for others" % r["steal"])
    return ", ".join(problems) or "none"


def ratio(a, b):
    return "%.2f" % (a / b) if b else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--port", type=int, required=True)
    run_parser.add_argument("--label", required=True)
    run_parser.add_argument("--users-file", required=True)
    run_parser.add_argument("--clients", type=int, default=10)
    run_parser.add_argument("--seconds", type=int, default=20)
    run_parser.add_argument("--warmup", type=int, default=20)
    run_parser.add_argument("--expect-messages", type=int, required=True)
    run_parser.add_argument("--timeout", type=int, default=30, help="socket timeout of a client, seconds")
    run_parser.add_argument("--out", required=True)
    run_parser.add_argument("--server-pid", type=int, help="the server's root process: its tree's CPU is measured")
    run_parser.add_argument("--threads-before", help="where the server's JVMs' threads at the window's start go")
    run_parser.add_argument("--threads-after", help="where the server's JVMs' threads at the window's end go")
    report_parser = commands.add_parser("report")
    report_parser.add_argument("results", nargs="+")
    report_parser.add_argument("--baseline-prefix", default="dovecot")
    args = parser.parse_args()
    if args.command == "run" and (args.threads_before or args.threads_after) and not (
            args.server_pid and args.threads_before and args.threads_after):
        parser.error("--threads-before and --threads-after go together, with --server-pid")
    if args.command == "run":
        run(args)
    else:
        report(args)


if __name__ == "__main__":
    # Ctrl-C ends the run at once, as a death by SIGINT that the calling script sees as such.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    main()
