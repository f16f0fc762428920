#!/usr/bin/env python3
"""IMAP load for bench/imap.sh (a benchmark, not a test), Python's standard library only.

  load.py users --users N
      prints USER PASSWORD lines (imapbench001@example.test ... with "bench-<n>-secret")
  load.py maildir --root DIR (--user USER | --users-file F) --messages M --size BYTES [--owner USER]
      writes M messages into each user's Maildir INBOX (DIR/USER/Maildir/new), as a delivery agent would
  load.py send --port P [--lmtp] (--users N | --user U) --messages M --size BYTES [--connections C]
      sends the same messages over SMTP (or LMTP) to 127.0.0.1:P, one connection per user, or C
      connections at once that share one user's messages (to fill a large mailbox sooner)
  load.py wait --port P (--users N | --user U --password W) --messages M --timeout S
      polls STATUS INBOX (MESSAGES) of every user until each holds at least M messages
  load.py mixed --port P --users-file F --clients C --seconds S --warmup W --out RESULT.json
      C client processes; each repeats a session on the next account of its own share of the users:
      LOGIN, LIST, STATUS, SELECT, FETCH of every message's FLAGS, of 10 ENVELOPEs, of one body,
      STORE, APPEND, then STORE \\Deleted and EXPUNGE of the appended message (the mailbox keeps its
      size), LOGOUT. Counts commands that end in the measured window: ops/s, p50/p99 per command.
  load.py big --port P --user U --password W --out RESULT.json
      on a large mailbox: SELECT and UID FETCH 1:* (FLAGS), twice each (first and second session)
  load.py search --port P --user U --password W [--rounds R] --out RESULT.json
      on a mailbox of the bench's messages: R rounds of UID SEARCH BODY, each for a string in one message's
      body only (bench<n>-) and for one in none, which every message must be looked at for: p50, p99
  load.py push --port P [--also-port P2...] --deliver-port D [--lmtp] --users-file F --sessions K --rate R --count N --out RESULT.json
      K sessions in IDLE on K users' INBOX, spread round-robin over the servers on P and each P2 (other
      instances of the same service); N messages sent at R msg/s round-robin to those users over SMTP
      (or LMTP) to D; latency from each 250 to the untagged EXISTS at the client: p50, p99
  load.py idle-rss --port P --users-file F --sessions N --server-pid PID --out RESULT.json
      N sessions over TLS (implicit), each LOGIN, SELECT INBOX, IDLE; the server's memory (PID and its
      descendants, by PSS) before and with all of them open: bytes per session
  load.py scrape --url URL --out FILE
      saves a Prometheus scrape of a service (its /q/metrics) to FILE
  load.py push-stages BEFORE AFTER
      from scrapes of delivery-worker and the gateways (each file the concatenation of all three), the
      stages of the IDLE pushes in between, as the services time them: count, mean, p50 and p99 per stage
  load.py command-seconds BEFORE AFTER
      from two scrapes of imap-gateway, the commands it carried out in between: per command the count,
      the mean and the p50/p99 of its own histogram (mailfleet_imap_command_duration_seconds, the
      store work per command, without the network), each percentile as its bucket's upper bound
  load.py report RESULT.json...
      prints the results side by side and the ratios mailfleet/Dovecot
  load.py jfr-top RECORDING.jfr [--top N]
      the methods most often on top of the stack in a JFR recording's execution samples (with the
      JDK's jfr tool), and the project's own frames (io.mailfleet) that were nearest the top
"""
import argparse
import asyncio
import collections
import imaplib
import json
import multiprocessing
import os
import re
import signal
import smtplib
import socket
import ssl
import sys
import threading
import time

DOMAIN = "example.test"
SENDER = "bench@example.org"
LINE = 76
EXISTS = re.compile(rb"^\* (\d+) EXISTS\r?$")
COMMANDS = ["LOGIN", "LIST", "STATUS", "SELECT", "FETCH FLAGS", "FETCH ENVELOPE", "FETCH BODY", "STORE",
            "APPEND", "EXPUNGE", "LOGOUT"]


def users(count):
    return [("imapbench%03d@%s" % (n, DOMAIN), "bench-%03d-secret" % n) for n in range(1, count + 1)]


def read_users(path):
    with open(path, encoding="utf-8") as lines:
        return [tuple(line.split()) for line in lines if line.strip()]


def message(user, number, size):
    """Message NUMBER of USER: exactly SIZE bytes with CRLF line ends."""
    headers = [
        "From: IMAP bench <%s>" % SENDER,
        "To: <%s>" % user,
        "Subject: imap bench message %d" % number,
        "Date: Mon, 01 Jan 2024 00:00:00 +0000",
        "Message-ID: <imapbench.%d.%s>" % (number, user),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
    ]
    used = sum(len(h) + 2 for h in headers)
    body, remaining = [], size - used
    if remaining < 3:
        raise SystemExit("a message needs at least %d bytes" % (used + 3))
    while remaining > 0:
        length = LINE if remaining >= LINE + 5 else (remaining - 2 if remaining <= LINE + 2 else remaining - 5)
        body.append(("bench%d-" % number * 20)[:length].ljust(length, "x"))
        remaining -= length + 2
    data = ("\r\n".join(headers + body) + "\r\n").encode("ascii")
    assert len(data) == size, (len(data), size)
    return data


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def server_memory(pid):
    """Memory of PID and all its descendants, in bytes: the sum of their proportional set sizes (PSS,
    from /proc/PID/smaps_rollup), so that pages a multi-process server's processes share (libraries,
    shared mappings) count once, not once per process as their RSS would; VmRSS where PSS is missing."""
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except OSError:
                pass
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, []))
        total += process_memory(current)
    return total


def process_memory(pid):
    for path, field in (("/proc/%d/smaps_rollup" % pid, "Pss:"), ("/proc/%d/status" % pid, "VmRSS:")):
        try:
            with open(path) as lines:
                for line in lines:
                    if line.startswith(field):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    return 0


# ------------------------------------------------------------------------------------------ setup

def write_maildir(args):
    uid = gid = None
    if args.owner:
        import pwd
        entry = pwd.getpwnam(args.owner)
        uid, gid = entry.pw_uid, entry.pw_gid
    names = [args.user] if args.user else [user for user, _ in read_users(args.users_file)]
    stamp = int(time.time())
    for user in names:
        base = os.path.join(args.root, user, "Maildir")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        for number in range(1, args.messages + 1):
            crlf = message(user, number, args.size)
            stored = crlf.replace(b"\r\n", b"\n")
            # S= and W= (sizes with LF and CRLF) spare Dovecot reading a file to know them.
            name = "%d.M%dP%d.imapbench,S=%d,W=%d" % (stamp, number, os.getpid(), len(stored), len(crlf))
            with open(os.path.join(base, "new", name), "wb") as out:
                out.write(stored)
            if uid is not None:
                os.chown(os.path.join(base, "new", name), uid, gid)
        if uid is not None:
            for directory in (os.path.join(args.root, user), base) + tuple(os.path.join(base, sub) for sub in ("new", "cur", "tmp")):
                os.chown(directory, uid, gid)


def connect_sender(port, lmtp):
    if lmtp:
        client = smtplib.LMTP("127.0.0.1", port, timeout=60)
        client.ehlo("bench.localhost")
        return client
    return smtplib.SMTP("127.0.0.1", port, local_hostname="bench.localhost", timeout=60)


def send_numbers(port, lmtp, user, numbers, size):
    with connect_sender(port, lmtp) as sender:
        for number in numbers:
            refused = sender.sendmail(SENDER, [user], message(user, number, size))
            if refused:
                raise SystemExit("%s refused: %s" % (user, refused))


def send(args):
    for user in [args.user] if args.user else [user for user, _ in users(args.users)]:
        numbers = range(1, args.messages + 1)
        if args.connections == 1:
            send_numbers(args.port, args.lmtp, user, numbers, args.size)
            continue
        senders = [multiprocessing.Process(target=send_numbers, args=(
            args.port, args.lmtp, user, numbers[i::args.connections], args.size)) for i in range(args.connections)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        if any(sender.exitcode != 0 for sender in senders):
            raise SystemExit("sending to %s failed in %d of %d connections" % (
                user, sum(1 for sender in senders if sender.exitcode != 0), args.connections))


def wait(args):
    deadline = time.monotonic() + args.timeout
    pending = {args.user: args.password} if args.user else dict(users(args.users))
    while pending:
        for user, password in list(pending.items()):
            try:
                client = imaplib.IMAP4("127.0.0.1", args.port, timeout=30)
                client.login(user, password)
                _, data = client.status("INBOX", "(MESSAGES)")
                client.logout()
                if int(re.search(rb"MESSAGES (\d+)", data[0]).group(1)) >= args.messages:
                    del pending[user]
            except (imaplib.IMAP4.error, OSError):
                pass
        if pending and time.monotonic() > deadline:
            raise SystemExit("after %d s, %d INBOXes hold fewer than %d messages" % (args.timeout, len(pending), args.messages))
        if pending:
            time.sleep(1)


# ------------------------------------------------------------------------------------------ mixed load

def session(port, user, password, timings, size):
    def timed(name, call):
        start = time.perf_counter()
        typ, data = call()
        timings.append((name, time.perf_counter() - start, time.monotonic()))
        # imaplib's logout() returns the server's untagged BYE.
        if typ not in ("OK", "BYE"):
            raise imaplib.IMAP4.error("%s: %s" % (name, data))
        return data

    client = imaplib.IMAP4("127.0.0.1", port, timeout=60)
    try:
        timed("LOGIN", lambda: client.login(user, password))
        timed("LIST", lambda: client.list())
        timed("STATUS", lambda: client.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)"))
        exists = int(timed("SELECT", lambda: client.select("INBOX"))[0])
        timed("FETCH FLAGS", lambda: client.fetch("1:*", "(FLAGS)"))
        timed("FETCH ENVELOPE", lambda: client.fetch("1:%d" % min(10, exists), "(ENVELOPE)"))
        timed("FETCH BODY", lambda: client.fetch(str(1 + int(time.monotonic() * 1000) % exists), "(BODY.PEEK[])"))
        timed("STORE", lambda: client.store(str(exists), "+FLAGS", "(\\Flagged)"))
        appended = timed("APPEND", lambda: client.append("INBOX", None, None, message(user, 0, size)))
        uid = re.search(rb"APPENDUID \d+ (\d+)", appended[0])
        if uid:
            client.uid("STORE", uid.group(1).decode(), "+FLAGS", "(\\Deleted)")
        else:
            client.store(str(exists + 1), "+FLAGS", "(\\Deleted)")
        timed("EXPUNGE", lambda: client.expunge())
        timed("LOGOUT", lambda: client.logout())
    except BaseException:
        try:
            client.shutdown()
        except OSError:
            pass
        raise


def mixed_worker(port, accounts, size, start_at, measure_at, end_at, results):
    while time.monotonic() < start_at:
        time.sleep(0.001)
    timings, errors, index = [], collections.Counter(), 0
    while time.monotonic() < end_at:
        user, password = accounts[index % len(accounts)]
        index += 1
        try:
            session(port, user, password, timings, size)
        except (imaplib.IMAP4.error, OSError) as error:
            if time.monotonic() >= measure_at:
                errors["%s %s" % (type(error).__name__, str(error)[:80])] += 1
    counted = [(name, seconds) for name, seconds, at in timings if measure_at <= at < end_at]
    results.put({"timings": counted, "errors": dict(errors)})


def mixed(args):
    accounts = read_users(args.users_file)
    clients = min(args.clients, len(accounts))
    start_at = time.monotonic() + 1
    measure_at = start_at + args.warmup
    end_at = measure_at + args.seconds
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=mixed_worker, args=(
        args.port, accounts[i::clients], args.size, start_at, measure_at, end_at, results)) for i in range(clients)]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=args.warmup + args.seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    by_command = collections.defaultdict(list)
    errors = collections.Counter()
    for result in collected:
        for name, seconds in result["timings"]:
            by_command[name].append(seconds)
        errors.update(result["errors"])
    total = sum(len(v) for v in by_command.values())
    out = {"label": args.label, "kind": "mixed", "clients": clients, "seconds": args.seconds,
           "ops_per_second": total / args.seconds,
           "sessions_per_second": len(by_command["LOGOUT"]) / args.seconds,
           "commands": {name: {"count": len(by_command[name]),
                               "p50_ms": 1000 * percentile(by_command[name], 0.50),
                               "p99_ms": 1000 * percentile(by_command[name], 0.99)}
                        for name in COMMANDS if by_command[name]},
           "errors": dict(errors)}
    write(args.out, out)


# ------------------------------------------------------------------------------------------ big mailbox

def big(args):
    out = {"label": args.label, "kind": "big", "runs": []}
    for _ in range(2):
        client = imaplib.IMAP4("127.0.0.1", args.port, timeout=600)
        client.login(args.user, args.password)
        start = time.perf_counter()
        typ, data = client.select("INBOX")
        selected = time.perf_counter() - start
        if typ != "OK":
            raise SystemExit("SELECT failed: %s" % data)
        exists = int(data[0])
        start = time.perf_counter()
        typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
        fetched = time.perf_counter() - start
        client.logout()
        out["runs"].append({"exists": exists, "fetched": sum(1 for item in data if item and b"FLAGS" in item),
                            "select_ms": 1000 * selected, "fetch_flags_ms": 1000 * fetched})
    write(args.out, out)


# ------------------------------------------------------------------------------------------ BODY search

def search(args):
    client = imaplib.IMAP4("127.0.0.1", args.port, timeout=600)
    client.login(args.user, args.password)
    typ, data = client.select("INBOX", readonly=True)
    if typ != "OK":
        raise SystemExit("SELECT failed: %s" % data)
    exists = int(data[0])
    times, found = [], []
    for round_number in range(args.rounds):
        # Message n's body repeats "bench<n>-": a string in that message alone, at spread-out places.
        for needle in ("bench%d-" % (1 + (round_number * 7919) % exists), "absent%d" % round_number):
            start = time.perf_counter()
            typ, data = client.uid("SEARCH", "BODY", needle)
            times.append(1000 * (time.perf_counter() - start))
            if typ != "OK":
                raise SystemExit("SEARCH BODY %s failed: %s" % (needle, data))
            found.append(len(data[0].split()))
    client.logout()
    write(args.out, {"label": args.label, "kind": "search", "exists": exists, "searches": len(times),
                     "found": found, "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99)})


# ------------------------------------------------------------------------------------------ IDLE push latency

class IdleSession(threading.Thread):
    """One session in IDLE on a user's INBOX; records when each untagged EXISTS arrives."""

    def __init__(self, port, user, password):
        super().__init__(daemon=True)
        self.user = user
        self.arrivals = []
        self.initial = 0
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.reader = self.sock.makefile("rb")
        self.reader.readline()
        self.command(b"a1 LOGIN %s %s\r\n" % (user.encode(), password.encode()), b"a1 ")
        self.initial = self.command(b"a2 SELECT INBOX\r\n", b"a2 ")
        self.sock.sendall(b"a3 IDLE\r\n")
        if not self.reader.readline().startswith(b"+"):
            raise SystemExit("IDLE refused for %s" % user)
        self.sock.settimeout(None)

    def command(self, line, tag):
        """Sends LINE; returns the last untagged EXISTS count before the tagged OK (0 if none)."""
        self.sock.sendall(line)
        exists = 0
        while True:
            reply = self.reader.readline()
            if not reply:
                raise SystemExit("connection closed during %r" % line[:20])
            found = EXISTS.match(reply)
            if found:
                exists = int(found.group(1))
            if reply.startswith(tag):
                if b" OK" not in reply[:len(tag) + 3]:
                    raise SystemExit("%r failed: %r" % (line[:20], reply))
                return exists

    def run(self):
        for line in self.reader:
            found = EXISTS.match(line)
            if found:
                self.arrivals.append((time.monotonic(), int(found.group(1))))

    def close(self):
        try:
            self.sock.sendall(b"DONE\r\na4 LOGOUT\r\n")
        except OSError:
            pass
        self.sock.close()


def push(args):
    accounts = read_users(args.users_file)[:args.sessions]
    ports = [args.port] + args.also_port
    sessions = [IdleSession(ports[i % len(ports)], user, password) for i, (user, password) in enumerate(accounts)]
    for s in sessions:
        s.start()
    time.sleep(1)
    sent = collections.defaultdict(list)
    sender = connect_sender(args.deliver_port, args.lmtp)
    interval = 1.0 / args.rate
    next_at = began = time.monotonic()
    for number in range(args.count):
        s = sessions[number % len(sessions)]
        next_at += interval
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        sender.sendmail(SENDER, [s.user], message(s.user, 100000 + number, args.size))
        sent[s.user].append(time.monotonic())
    # A delivery slower than the interval lowers the rate: the rate reached is reported beside the one asked.
    achieved = args.count / (time.monotonic() - began)
    sender.quit()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(
            not s.arrivals or s.arrivals[-1][1] < s.initial + len(sent[s.user]) for s in sessions):
        time.sleep(0.1)
    latencies, missing = [], 0
    for s in sessions:
        # The k-th message sent to a session is announced by the first EXISTS that counts it, which
        # may announce the next ones with it.
        for k, at in enumerate(sent[s.user], start=1):
            announced = [when for when, count in s.arrivals if count >= s.initial + k]
            if announced:
                latencies.append(announced[0] - at)
            else:
                missing += 1
        s.close()
    write(args.out, {"label": args.label, "kind": "push", "instances": len(ports), "rate": args.rate, "achieved_rate": achieved,
                     "sent": args.count, "missing": missing,
                     "p50_ms": 1000 * (percentile(latencies, 0.5) or 0), "p99_ms": 1000 * (percentile(latencies, 0.99) or 0)})


# ------------------------------------------------------------------------------------------ many IDLE sessions

async def open_idle(port, user, password, context):
    """Connects over TLS, logs in, selects INBOX and enters IDLE; returns the open writer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
    await reader.readline()

    async def command(tag, line):
        writer.write(line)
        while True:
            reply = await reader.readline()
            if not reply:
                raise ConnectionError("closed during %r" % line[:12])
            if reply.startswith(tag):
                if not reply[len(tag):].startswith(b"OK"):
                    raise ConnectionError("%r: %r" % (line[:12], reply))
                return

    await command(b"a ", b"a LOGIN %s %s\r\n" % (user.encode(), password.encode()))
    await command(b"b ", b"b SELECT INBOX\r\n")
    writer.write(b"c IDLE\r\n")
    if not (await reader.readline()).startswith(b"+"):
        raise ConnectionError("IDLE refused")
    return writer


async def many_idle(args):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    accounts = read_users(args.users_file)
    before = server_memory(args.server_pid)
    opened, hold, failures = [], asyncio.Event(), collections.Counter()
    # At most PARALLEL sessions are being opened at once (logins cost the server a hash each).
    limit = asyncio.Semaphore(args.parallel)
    started = time.monotonic()

    async def one(i):
        user, password = accounts[i % len(accounts)]
        async with limit:
            try:
                writer = await asyncio.wait_for(open_idle(args.port, user, password, context), 120)
            except (OSError, ConnectionError, asyncio.TimeoutError) as error:
                failures[type(error).__name__ + " " + str(error)[:60]] += 1
                return
        opened.append(writer)
        await hold.wait()
        writer.close()

    tasks = [asyncio.ensure_future(one(i)) for i in range(args.sessions)]
    while len(opened) + sum(failures.values()) < args.sessions and time.monotonic() - started < args.timeout:
        await asyncio.sleep(0.5)
    open_seconds = time.monotonic() - started
    await asyncio.sleep(args.settle)
    during = server_memory(args.server_pid)
    count = len(opened)
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    write(args.out, {"label": args.label, "kind": "idle-rss", "sessions": count, "failed": dict(failures),
                     "open_seconds": open_seconds, "memory_before": before, "memory_during": during,
                     "bytes_per_session": (during - before) / count if count else None})


# ------------------------------------------------------------------------------------------ report

def write(path, result):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1)


def report(paths):
    results = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    baselines = {r["kind"]: r for r in results if r["label"].startswith("dovecot")}
    for r in results:
        print("== %s: %s" % (r["kind"], r["label"]))
        if r["kind"] == "mixed":
            print("  %.1f ops/s, %.1f sessions/s, %d clients; errors: %s" % (
                r["ops_per_second"], r["sessions_per_second"], r["clients"], r["errors"] or "none"))
            for name, c in r["commands"].items():
                print("  %-15s %7d  p50 %8.2f ms  p99 %8.2f ms" % (name, c["count"], c["p50_ms"], c["p99_ms"]))
        elif r["kind"] == "big":
            for i, run in enumerate(r["runs"]):
                print("  session %d: %d messages; SELECT %.1f ms, UID FETCH 1:* (FLAGS) %.1f ms (%d flags)" % (
                    i + 1, run["exists"], run["select_ms"], run["fetch_flags_ms"], run["fetched"]))
        elif r["kind"] == "search":
            print("  UID SEARCH BODY over %d messages, %d searches (half found in one message: %s): p50 %.1f ms, p99 %.1f ms" % (
                r["exists"], r["searches"], "yes" if all(n == 1 for n in r["found"][0::2]) and not any(r["found"][1::2])
                else "NO, found " + str(r["found"]), r["p50_ms"], r["p99_ms"]))
        elif r["kind"] == "push":
            print("  %d sent at %d msg/s (%.1f reached) to sessions on %d server instance(s), %d never announced; "
                  "250 -> EXISTS p50 %.1f ms, p99 %.1f ms" % (r["sent"], r["rate"], r.get("achieved_rate", r["rate"]),
                                                            r.get("instances", 1), r["missing"], r["p50_ms"], r["p99_ms"]))
        elif r["kind"] == "idle-rss":
            print("  %d sessions open in %.0f s (failed: %s); server memory (PSS) %.0f MB -> %.0f MB: %.1f KB per session" % (
                r["sessions"], r["open_seconds"], r["failed"] or "none", r["memory_before"] / 2**20, r["memory_during"] / 2**20,
                (r["bytes_per_session"] or 0) / 1024))
        base = baselines.get(r["kind"])
        if base is not None and base is not r:
            print("  ratio to %s: %s" % (base["label"], ratio(r, base)))


def ratio(r, base):
    if r["kind"] == "mixed":
        return "%.2fx ops/s" % (r["ops_per_second"] / base["ops_per_second"])
    if r["kind"] == "big":
        return "%.2fx SELECT time, %.2fx FETCH time (second session)" % (
            r["runs"][-1]["select_ms"] / base["runs"][-1]["select_ms"], r["runs"][-1]["fetch_flags_ms"] / base["runs"][-1]["fetch_flags_ms"])
    if r["kind"] == "search":
        return "%.2fx p50, %.2fx p99" % (r["p50_ms"] / base["p50_ms"], r["p99_ms"] / base["p99_ms"])
    if r["kind"] == "push":
        return "%.2fx p99" % (r["p99_ms"] / base["p99_ms"]) if base["p99_ms"] else "n/a"
    if r["kind"] == "idle-rss":
        return "%.2fx bytes per session" % (r["bytes_per_session"] / base["bytes_per_session"]) if base["bytes_per_session"] else "n/a"
    return "n/a"


# ------------------------------------------------------------------------------------------ profile

def jfr_top(recording, top):
    import subprocess
    printed = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", recording],
                             check=True, capture_output=True).stdout
    events = json.loads(printed)["recording"]["events"]
    on_top, nearest_own = collections.Counter(), collections.Counter()
    for event in events:
        stack = event["values"].get("stackTrace") or {}
        frames = ["%s.%s" % (f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in stack.get("frames", [])]
        if not frames:
            continue
        on_top[frames[0]] += 1
        own = next((f for f in frames if f.startswith("io.mailfleet.")), None)
        if own:
            nearest_own[own] += 1
    total = len(events) or 1
    print("%d execution samples in %s" % (total, recording))
    print("on top of the stack:")
    for name, count in on_top.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * count / total, name))
    print("the project's frame nearest the top:")
    for name, count in nearest_own.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * count / total, name))
    jfr_waits(recording, top)


def seconds(iso):
    """A JFR duration as jfr print --json writes it (ISO 8601, e.g. PT0.0125S or PT1M2.5S) in seconds."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso or "")
    if not match:
        return 0.0
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs or 0)


def jfr_waits(recording, top):
    """Where the gateway's threads waited (parked on a future or a lock, or read a socket, 10 ms or more
    each, as the profile settings record them), summed by the project's four frames nearest the wait:
    which store call a command spent its wall time in, when its threads were not running."""
    import subprocess
    printed = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadPark,jdk.SocketRead,jdk.JavaMonitorEnter",
                              recording], check=True, capture_output=True).stdout
    waited, counted = collections.Counter(), collections.Counter()
    for event in json.loads(printed)["recording"]["events"]:
        stack = event["values"].get("stackTrace") or {}
        frames = ["%s.%s" % (f["method"]["type"]["name"].replace("/", ".").rsplit(".", 1)[-1], f["method"]["name"])
                  for f in stack.get("frames", []) if f["method"]["type"]["name"].startswith("io/mailfleet/")
                  and not f["method"]["name"].startswith("lambda$")]
        if not frames:
            continue
        where = " < ".join(frames[:4])
        waited[where] += seconds(event["values"].get("duration"))
        counted[where] += 1
    print("waits of 10 ms or more, by the project's frames nearest them (total s, count, mean ms):")
    for where, total in waited.most_common(top):
        print("  %8.1f s %7d %7.1f ms  %s" % (total, counted[where], 1000.0 * total / counted[where], where))


def scrape(url, out):
    import urllib.request
    with urllib.request.urlopen(url, timeout=30) as response, open(out, "wb") as f:
        f.write(response.read())


HISTOGRAM = "mailfleet_imap_command_duration_seconds"
SAMPLE = re.compile(r'^(\w+)(?:\{([^}]*)\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="([^"]*)"')


def command_histograms(path, histogram=HISTOGRAM, by="command"):
    """value of label `by` (or "all" without one) -> {"count", "sum", "buckets": {le: cumulative count}}, summed over
    any other labels (and over the services whose scrapes the file holds)."""
    histograms = collections.defaultdict(lambda: {"count": 0.0, "sum": 0.0, "buckets": collections.Counter()})
    with open(path) as f:
        for line in f:
            match = SAMPLE.match(line)
            if not match or not match.group(1).startswith(histogram):
                continue
            labels = dict(LABEL.findall(match.group(2) or ""))
            each = histograms[labels.get(by, "?") if by else "all"]
            value = float(match.group(3))
            if match.group(1) == histogram + "_bucket":
                each["buckets"][float(labels["le"])] += value
            elif match.group(1) == histogram + "_count":
                each["count"] += value
            elif match.group(1) == histogram + "_sum":
                each["sum"] += value
    return histograms


def histogram_line(name, then, now):
    """name, count, mean, p50 and p99 (as the bucket bounds that hold them) of what was recorded between two scrapes."""
    then = then or {"count": 0.0, "sum": 0.0, "buckets": collections.Counter()}
    count = now["count"] - then["count"]
    if count <= 0:
        return None
    total = now["sum"] - then["sum"]
    bounds = sorted(now["buckets"])

    def bound(fraction):
        for le in bounds:
            if now["buckets"][le] - then["buckets"][le] >= fraction * count:
                return le * 1000
        return float("inf")

    return "%-10s %8d %9.1f %9.1f %9.1f" % (name, count, total / count * 1000, bound(0.5), bound(0.99))


def command_seconds(before_path, after_path):
    before, after = command_histograms(before_path), command_histograms(after_path)
    print("%-10s %8s %9s %9s %9s" % ("command", "count", "mean ms", "p50 ms", "p99 ms"))
    for command in sorted(after):
        line = histogram_line(command, before.get(command), after[command])
        if line:
            print(line)


# The stages of an IDLE push, as the services time them, in the order a message goes through them.
PUSH_STAGES = [
    ("delivery", "mailfleet_delivery_latency_seconds", "route", "local",
     "delivery-worker: the message's acceptance (before the 250) to its INBOX written"),
    ("broadcast", "mailfleet_imap_push_delay_seconds", None, None,
     "the worker's MessageAdded sent to its account's sessions woken, on the gateways"),
    ("resync", "mailfleet_imap_idle_resync_seconds", None, None,
     "a woken IDLE session's read of the store to its EXISTS written"),
]


def push_stages(before_path, after_path):
    print("%-10s %8s %9s %9s %9s" % ("stage", "count", "mean ms", "p50 ms", "p99 ms"))
    for stage, histogram, by, value, what in PUSH_STAGES:
        before = command_histograms(before_path, histogram, by)
        after = command_histograms(after_path, histogram, by)
        key = value or "all"
        line = histogram_line(stage, before.get(key), after[key]) if key in after else None
        print((line or "%-10s %8d" % (stage, 0)) + "   " + what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("users"); p.add_argument("--users", type=int, required=True)
    p = sub.add_parser("maildir")
    p.add_argument("--root", required=True); p.add_argument("--user"); p.add_argument("--users-file")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--size", type=int, required=True)
    p.add_argument("--owner")
    p = sub.add_parser("send")
    p.add_argument("--port", type=int, required=True); p.add_argument("--lmtp", action="store_true")
    p.add_argument("--users", type=int, default=0); p.add_argument("--user", help="one user instead of --users")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--size", type=int, required=True)
    p.add_argument("--connections", type=int, default=1)
    p = sub.add_parser("wait")
    p.add_argument("--port", type=int, required=True); p.add_argument("--users", type=int, default=0)
    p.add_argument("--user", help="one user instead of --users"); p.add_argument("--password")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--timeout", type=int, default=300)
    for name in ("mixed", "big", "search", "push", "idle-rss"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, required=True); p.add_argument("--label", required=True)
        p.add_argument("--out", required=True); p.add_argument("--size", type=int, default=4096)
        if name not in ("big", "search"):
            p.add_argument("--users-file", required=True)
    p = sub.choices["mixed"]
    p.add_argument("--clients", type=int, default=10); p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--warmup", type=int, default=10)
    p = sub.choices["big"]
    p.add_argument("--user", required=True); p.add_argument("--password", required=True)
    p = sub.choices["search"]
    p.add_argument("--user", required=True); p.add_argument("--password", required=True)
    p.add_argument("--rounds", type=int, default=20)
    p = sub.choices["push"]
    p.add_argument("--deliver-port", type=int, required=True); p.add_argument("--lmtp", action="store_true")
    p.add_argument("--also-port", type=int, action="append", default=[])
    p.add_argument("--sessions", type=int, default=10); p.add_argument("--rate", type=float, default=50)
    p.add_argument("--count", type=int, default=500)
    p = sub.choices["idle-rss"]
    p.add_argument("--sessions", type=int, default=10000); p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--parallel", type=int, default=50); p.add_argument("--settle", type=float, default=10)
    p.add_argument("--timeout", type=float, default=600)
    p = sub.add_parser("scrape"); p.add_argument("--url", required=True); p.add_argument("--out", required=True)
    p = sub.add_parser("command-seconds"); p.add_argument("before"); p.add_argument("after")
    p = sub.add_parser("push-stages"); p.add_argument("before"); p.add_argument("after")
    p = sub.add_parser("report"); p.add_argument("results", nargs="+")
    p = sub.add_parser("jfr-top"); p.add_argument("recording"); p.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if args.command == "users":
        for user, password in users(args.users):
            print(user, password)
    elif args.command == "maildir":
        write_maildir(args)
    elif args.command == "send":
        send(args)
    elif args.command == "wait":
        wait(args)
    elif args.command == "mixed":
        mixed(args)
    elif args.command == "big":
        big(args)
    elif args.command == "search":
        search(args)
    elif args.command == "push":
        push(args)
    elif args.command == "idle-rss":
        asyncio.run(many_idle(args))
    elif args.command == "scrape":
        scrape(args.url, args.out)
    elif args.command == "command-seconds":
        command_seconds(args.before, args.after)
    elif args.command == "push-stages":
        push_stages(args.before, args.after)
    elif args.command == "jfr-top":
        jfr_top(args.recording, args.top)
    else:
        report(args.results)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    main()
